#!/usr/bin/python3
"""The book's network trained in numpy, a matrix per mini-batch, as `./nndl train` trains it.

The same run as `./nndl train` with the same options, for `./nndl bench` to time from start to
exit: the first 50,000 training images; sigmoid neurons; weights from N(0, 1/n_in) and biases
from N(0, 1); float32; mini-batch SGD with the cost of each example averaged over the mini-batch
(quadratic, or cross-entropy with delta = a - y at the output), L2 as w -> (1 - eta*lambda/n) w;
the 10,000 test images evaluated after every epoch. One mini-batch is one matrix, one image per
row (as in nndl), so each layer is one product for the whole mini-batch.

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench/whole_process_numpy.py \\
        --sizes 784,30,10 --batch-size 10 --eta 3.0 --cost quadratic --epochs 10 --threads 1
"""
import sys
import time

import whole_process


def sigmoid(z):
    return np.float32(1) / (np.float32(1) + np.exp(-z))


def main(args):
    loading = time.perf_counter()
    (training_x, training_y), (test_x, test_y) = whole_process.mnist(args.data)
    whole_process.loaded(args, training_y, test_y, time.perf_counter() - loading)
    sizes = args.sizes
    rng = np.random.default_rng(args.seed)
    weights = [(rng.standard_normal((a, b)) / np.sqrt(a)).astype(np.float32) for a, b in zip(sizes[:-1], sizes[1:])]
    biases = [rng.standard_normal(b).astype(np.float32) for b in sizes[1:]]
    desired = np.eye(sizes[-1], dtype=np.float32)
    n, m = len(training_y), args.batch_size
    decay = np.float32(1 - args.eta * args.lmbda / n)
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
        whole_process.epoch(epoch, int((a.argmax(axis=1) == test_y).sum()), len(test_y), seconds)
    return 0


if __name__ == "__main__":
    options = whole_process.arguments(__doc__.splitlines()[0])
    import numpy as np
    sys.exit(main(options))
