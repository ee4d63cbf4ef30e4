#!/usr/bin/env python3
"""The book's network2.py training run, written out again in numpy (float64), to check nndl's figures.

Trains [784, HIDDEN, 10] sigmoid neurons with the cross-entropy cost and L2 regularization by
mini-batch SGD exactly as network2.py's SGD and update_mini_batch do (shuffle every epoch; for each
mini-batch of m: w -> (1 - eta*lmbda/n) w - (eta/m) sum of dC/dw, b -> b - (eta/m) sum of dC/db,
delta = a - y at the output), with one mini-batch as one matrix instead of a loop over its
examples (the same sums). Prints the evaluation accuracy after each epoch, then the best and the
final epoch. Chapter 3's experiment with 100 hidden neurons, lambda 5.0, eta 0.5, 30 epochs:

    python3 tools/network2_sgd.py --seed 1 --init large --eval validation
    ./nndl train --preset ch3-l2-100 --epochs 30 --init large --eval validation --seed 1

Needs numpy; with Debian's reference BLAS an epoch takes a minute, so preload an OpenBLAS
(LD_PRELOAD=.../libopenblas.so.0) for about 1.5 s. Not part of the tests.
"""
import argparse

import numpy as np

from network2_compat import DATA, read_idx, sigmoid


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--init", choices=["default", "large"], default="default",
                   help="N(0, 1/n_in) weights (default_weight_initializer) or N(0, 1) (large_weight_initializer)")
    p.add_argument("--eval", choices=["validation", "test"], default="validation")
    p.add_argument("--epochs", type=int, default=30)
    p.add_argument("--hidden", type=int, default=100)
    p.add_argument("--eta", type=float, default=0.5)
    p.add_argument("--lmbda", type=float, default=5.0)
    p.add_argument("--mini-batch-size", type=int, default=10)
    args = p.parse_args()

    images = read_idx(DATA / "train-images-idx3-ubyte.gz") / 255.0
    labels = read_idx(DATA / "train-labels-idx1-ubyte.gz")
    training_x, training_y = images[:50000], labels[:50000]
    if args.eval == "validation":
        eval_x, eval_y = images[50000:], labels[50000:]
    else:
        eval_x = read_idx(DATA / "t10k-images-idx3-ubyte.gz") / 255.0
        eval_y = read_idx(DATA / "t10k-labels-idx1-ubyte.gz")

    rng = np.random.default_rng(args.seed)
    sizes = [784, args.hidden, 10]
    scale = [np.sqrt(x) if args.init == "default" else 1.0 for x in sizes[:-1]]
    weights = [rng.standard_normal((y, x)) / s for x, y, s in zip(sizes[:-1], sizes[1:], scale)]
    biases = [rng.standard_normal((y, 1)) for y in sizes[1:]]
    eta, lmbda, m, n = args.eta, args.lmbda, args.mini_batch_size, len(training_y)
    desired = np.eye(10)

    history = []
    for epoch in range(args.epochs):
        order = rng.permutation(n)
        for k in range(0, n, m):
            batch = order[k:k + m]
            a0 = training_x[batch].T                       # one column per example
            a1 = sigmoid(weights[0] @ a0 + biases[0])
            a2 = sigmoid(weights[1] @ a1 + biases[1])
            delta2 = a2 - desired[training_y[batch]].T     # BP1, cross-entropy cost
            delta1 = (weights[1].T @ delta2) * a1 * (1 - a1)  # BP2
            decay, step = 1 - eta * lmbda / n, eta / len(batch)
            weights[1] = decay * weights[1] - step * (delta2 @ a1.T)  # BP4
            weights[0] = decay * weights[0] - step * (delta1 @ a0.T)
            biases[1] -= step * delta2.sum(axis=1, keepdims=True)     # BP3
            biases[0] -= step * delta1.sum(axis=1, keepdims=True)
        outputs = sigmoid(weights[1] @ sigmoid(weights[0] @ eval_x.T + biases[0]) + biases[1])
        correct = int((outputs.argmax(axis=0) == eval_y).sum())
        history.append(correct)
        print(f"Epoch {epoch}: {correct} / {len(eval_y)}", flush=True)
    best = int(np.argmax(history))
    print(f"Best: epoch {best}, {history[best]} / {len(eval_y)} ({100.0 * history[best] / len(eval_y):.2f}%); "
          f"final {history[-1]} ({100.0 * history[-1] / len(eval_y):.2f}%)")


if __name__ == "__main__":
    main()
