#!/usr/bin/python3
"""The book's network trained in PyTorch on the CPU, as `./nndl train` trains it.

The same run as `./nndl train` with the same options, for `./nndl bench` to time from start to
exit (Python's start and `import torch` included): the first 50,000 training images; sigmoid
neurons; weights from N(0, 1/n_in) and biases from N(0, 1); float32; plain mini-batch SGD on the
cost of each example averaged over the mini-batch (quadratic, or cross-entropy), L2 as weight
decay lambda/n on the weights only, as network2.py; the 10,000 test images evaluated after every
epoch. Prints what `./nndl train` prints, an `Epoch N: correct / 10000 (seconds of training)` line
per epoch.

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench/whole_process_torch.py \\
        --sizes 784,30,10 --batch-size 10 --eta 3.0 --cost quadratic --epochs 10 --threads 1

Needs Debian's python3-torch (with libopenblas0-pthread, so that its BLAS is OpenBLAS).
"""
import argparse
import gzip
import os
import sys
import time


def arguments():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", default="data/mnist", help="folder with the four MNIST .gz files")
    p.add_argument("--sizes", default="784,30,10", help="layer sizes, input first")
    p.add_argument("--batch-size", type=int, default=10)
    p.add_argument("--eta", type=float, default=3.0)
    p.add_argument("--cost", choices=["quadratic", "cross-entropy"], default="quadratic")
    p.add_argument("--lambda", dest="lmbda", type=float, default=0.0, help="L2 regularization")
    p.add_argument("--epochs", type=int, default=30)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=1, help="torch.set_num_threads, and the BLAS's threads")
    return p.parse_args()


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load(folder, images, labels, count=None):
    x = read_idx(os.path.join(folder, images))[:count]
    y = read_idx(os.path.join(folder, labels))[:count]
    return torch.from_numpy(x.reshape(len(x), -1).astype(np.float32) / np.float32(255)), torch.from_numpy(y.astype(np.int64))


def main(args):
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    loading = time.perf_counter()
    training_x, training_y = load(args.data, "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", 50000)
    test_x, test_y = load(args.data, "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"Training {sizes} on {len(training_y)} images ({args.cost} cost, sigmoid), evaluating on"
          f" {len(test_y)} test images; data loaded in {time.perf_counter() - loading:.2f} s", flush=True)

    layers = [torch.nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:])]
    for layer in layers:
        torch.nn.init.normal_(layer.weight, 0.0, 1.0 / np.sqrt(layer.in_features))
        torch.nn.init.normal_(layer.bias, 0.0, 1.0)
    n, m = len(training_y), args.batch_size
    optimizer = torch.optim.SGD([{"params": [l.weight for l in layers], "weight_decay": args.lmbda / n},
                                 {"params": [l.bias for l in layers], "weight_decay": 0.0}], lr=args.eta)
    desired = torch.eye(sizes[-1])[training_y]

    def feedforward(a):
        for layer in layers[:-1]:
            a = torch.sigmoid(layer(a))
        return layers[-1](a)                                   # z of the output layer

    rng = np.random.default_rng(args.seed)
    best = None
    for epoch in range(args.epochs):
        start = time.perf_counter()
        order = torch.from_numpy(rng.permutation(n))
        for k in range(0, n, m):
            batch = order[k:k + m]
            z = feedforward(training_x[batch])
            y = desired[batch]
            if args.cost == "quadratic":
                cost = 0.5 * ((torch.sigmoid(z) - y) ** 2).sum() / len(batch)
            else:
                cost = torch.nn.functional.binary_cross_entropy_with_logits(z, y, reduction="sum") / len(batch)
            optimizer.zero_grad(set_to_none=True)
            cost.backward()
            optimizer.step()
        seconds = time.perf_counter() - start
        with torch.no_grad():
            correct = int((feedforward(test_x).argmax(dim=1) == test_y).sum())
        best = correct if best is None else max(best, correct)
        print(f"Epoch {epoch}: {correct} / {len(test_y)} ({seconds:.2f} s)", flush=True)
    print(f"Best: {best} / {len(test_y)}")
    return 0


if __name__ == "__main__":
    options = arguments()
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[name] = str(options.threads)    # read by the BLAS and OpenMP when torch loads them
    import numpy as np
    import torch
    sys.exit(main(options))
