#!/usr/bin/python3
"""The book's network trained in PyTorch on the CPU, as `./nndl train` trains it.

The same run as `./nndl train` with the same options, for `./nndl bench` to time from start to
exit (Python's start and `import torch` included): the first 50,000 training images; sigmoid
neurons; weights from N(0, 1/n_in) and biases from N(0, 1); float32; plain mini-batch SGD on the
cost of each example averaged over the mini-batch (quadratic, or cross-entropy), L2 as weight
decay lambda/n on the weights only, as network2.py; the 10,000 test images evaluated after every
epoch.

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench/whole_process_torch.py \\
        --sizes 784,30,10 --batch-size 10 --eta 3.0 --cost quadratic --epochs 10 --threads 1

Needs Debian's python3-torch (with libopenblas0-pthread, so that its BLAS is OpenBLAS).
"""
import sys
import time

import whole_process


def main(args):
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    loading = time.perf_counter()
    (training_x, training_y), (test_x, test_y) = [(torch.from_numpy(x), torch.from_numpy(y))
                                                  for x, y in whole_process.mnist(args.data)]
    whole_process.loaded(args, training_y, test_y, time.perf_counter() - loading)
    sizes = args.sizes
    layers = [torch.nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:])]
    for layer in layers:
        torch.nn.init.normal_(layer.weight, 0.0, 1.0 / layer.in_features ** 0.5)
        torch.nn.init.normal_(layer.bias, 0.0, 1.0)
    n, m = len(training_y), args.batch_size
    optimizer = torch.optim.SGD([{"params": [l.weight for l in layers], "weight_decay": args.lmbda / n},
                                 {"params": [l.bias for l in layers], "weight_decay": 0.0}], lr=args.eta)
    desired = torch.eye(sizes[-1])[training_y]

    def feedforward(a):
        for layer in layers[:-1]:
            a = torch.sigmoid(layer(a))
        return layers[-1](a)                                   # z of the output layer

    generator = torch.Generator().manual_seed(args.seed)
    for epoch in range(args.epochs):
        start = time.perf_counter()
        order = torch.randperm(n, generator=generator)
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
        whole_process.epoch(epoch, correct, len(test_y), seconds)
    return 0


if __name__ == "__main__":
    options = whole_process.arguments(__doc__.splitlines()[0])
    import torch
    sys.exit(main(options))
