#!/usr/bin/python3
"""The book's network trained in numpy, a matrix per mini-batch, as `./nndl train` trains it.

The same run as `./nndl train` with the same options, for `./nndl bench` to time from start to
exit: the first 50,000 training images; sigmoid neurons; weights from N(0, 1/n_in) and biases
from N(0, 1); float32; mini-batch SGD with the cost of each example averaged over the mini-batch
(quadratic, or cross-entropy with delta = a - y at the output), L2 as w -> (1 - eta*lambda/n) w;
the 10,000 test images evaluated after every epoch. One mini-batch is one matrix, one image per
row (as in nndl), so each layer is one product for the whole mini-batch. Prints what
`./nndl train` prints, an `Epoch N: correct / 10000 (seconds of training)` line per epoch.

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench/whole_process_numpy.py \\
        --sizes 784,30,10 --batch-size 10 --eta 3.0 --cost quadratic --epochs 10 --threads 1
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
    p.add_argument("--threads", type=int, default=1, help="BLAS threads")
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
    return x.reshape(len(x), -1).astype(np.float32) / np.float32(255), y.astype(np.int64)


def sigmoid(z):
    return np.float32(1) / (np.float32(1) + np.exp(-z))


def main():
    args = arguments()
    loading = time.perf_counter()
    training_x, training_y = load(args.data, "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", 50000)
    test_x, test_y = load(args.data, "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"Training {sizes} on {len(training_y)} images ({args.cost} cost, sigmoid), evaluating on"
          f" {len(test_y)} test images; data loaded in {time.perf_counter() - loading:.2f} s", flush=True)

    rng = np.random.default_rng(args.seed)
    weights = [(rng.standard_normal((a, b)) / np.sqrt(a)).astype(np.float32) for a, b in zip(sizes[:-1], sizes[1:])]
    biases = [rng.standard_normal(b).astype(np.float32) for b in sizes[1:]]
    desired = np.eye(sizes[-1], dtype=np.float32)
    n, m = len(training_y), args.batch_size
    decay = np.float32(1 - args.eta * args.lmbda / n)
    best = None
    for epoch in range(args.epochs):
        start = time.perf_counter()
        order = rng.permutation(n)
        for k in range(0, n, m):
            batch = order[k:k + m]
            activations = [training_x[batch]]                  # one image per row
            for w, b in zip(weights, biases):
                activations.append(sigmoid(activations[-1] @ w + b))
            a = activations[-1]
            delta = a - desired[training_y[batch]]             # BP1, cross-entropy
            if args.cost == "quadratic":
                delta *= a * (1 - a)                           # BP1, quadratic: (a - y) sigma'(z)
            step = np.float32(args.eta / len(batch))
            for l in range(len(weights) - 1, -1, -1):
                below = activations[l]
                weight_gradient = below.T @ delta              # BP4, summed over the mini-batch
                bias_gradient = delta.sum(axis=0)              # BP3
                if l > 0:
                    delta = (delta @ weights[l].T) * below * (1 - below)  # BP2, with the weights before the step
                if args.lmbda:
                    weights[l] *= decay
                weights[l] -= step * weight_gradient
                biases[l] -= step * bias_gradient
        seconds = time.perf_counter() - start
        a = test_x
        for w, b in zip(weights, biases):
            a = sigmoid(a @ w + b)
        correct = int((a.argmax(axis=1) == test_y).sum())
        best = correct if best is None else max(best, correct)
        print(f"Epoch {epoch}: {correct} / {len(test_y)} ({seconds:.2f} s)", flush=True)
    print(f"Best: {best} / {len(test_y)}")
    return 0


if __name__ == "__main__":
    options = arguments()
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[name] = str(options.threads)    # read by the BLAS when numpy loads it
    import numpy as np
    sys.exit(main())
