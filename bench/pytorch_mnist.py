#!/usr/bin/python3
"""The networks of `./nndl bench`, trained in PyTorch on the CPU, for comparison.

Same data (data/mnist/*.gz, read with gzip + numpy, the book's first 50,000 training images),
same mini-batch sizes, plain SGD, float32, sigmoid neurons, the book's costs and L2 term; only
the training loop is timed (no evaluation). Prints one JSON object per line:
  {"run": NAME, "seconds": [per timed epoch...], "images": N, "threads": T}
and, with --sgemm, the large-square single-precision matrix-multiply speed of numpy:
  {"sgemm_gflops": G, "size": S, "blas": "..."}

Needs torch only for the runs (Debian: apt-get install python3-torch); numpy for everything.
"""
import argparse
import gzip
import json
import os
import sys
import time

import numpy as np

# name: (sizes, mini-batch, cost, eta, lambda); the same table as nndl.cli.BenchCommand.
RUNS = {
    "small": ([784, 30, 10], 10, "quadratic", 3.0, 0.0),
    "medium": ([784, 100, 10], 10, "cross-entropy", 0.5, 5.0),
    "wide": ([784, 1000, 10], 128, "cross-entropy", 0.5, 0.0),
}


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load_training(folder, images):
    x = read_idx(os.path.join(folder, "train-images-idx3-ubyte.gz"))[:images]
    y = read_idx(os.path.join(folder, "train-labels-idx1-ubyte.gz"))[:images]
    x = x.reshape(len(x), 784).astype(np.float32) / 255.0
    onehot = np.zeros((len(y), 10), dtype=np.float32)
    onehot[np.arange(len(y)), y] = 1.0
    return x, onehot


def time_run(name, x_np, y_np, epochs, warmup, threads, seed):
    import torch
    import torch.nn.functional as F

    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    sizes, m, cost, eta, lmbda = RUNS[name]
    n = len(x_np)
    x = torch.from_numpy(x_np)
    y = torch.from_numpy(y_np)
    layers = [torch.nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:])]
    for layer in layers:  # the book's default initialization: N(0, 1/n_in) weights, N(0, 1) biases
        torch.nn.init.normal_(layer.weight, 0.0, 1.0 / np.sqrt(layer.in_features))
        torch.nn.init.normal_(layer.bias, 0.0, 1.0)
    weights = [l.weight for l in layers]
    biases = [l.bias for l in layers]
    # L2 as in network2.py: w -> (1 - eta*lambda/n) w, biases not decayed.
    opt = torch.optim.SGD([{"params": weights, "weight_decay": lmbda / n},
                           {"params": biases, "weight_decay": 0.0}], lr=eta)
    rng = np.random.default_rng(seed)
    seconds = []
    for epoch in range(warmup + epochs):
        order = torch.from_numpy(rng.permutation(n))
        start = time.perf_counter()
        for b in range(0, n, m):
            idx = order[b:b + m]
            xb = x[idx]
            yb = y[idx]
            a = xb
            for layer in layers[:-1]:
                a = torch.sigmoid(layer(a))
            z = layers[-1](a)
            if cost == "quadratic":
                loss = 0.5 * ((torch.sigmoid(z) - yb) ** 2).sum() / len(idx)
            else:
                loss = F.binary_cross_entropy_with_logits(z, yb, reduction="sum") / len(idx)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
        if epoch >= warmup:
            seconds.append(time.perf_counter() - start)
    return seconds


def sgemm(size, repeats=5):
    a = np.random.default_rng(1).random((size, size), dtype=np.float32)
    b = np.random.default_rng(2).random((size, size), dtype=np.float32)
    a @ b
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        a @ b
        best = min(best, time.perf_counter() - start)
    return 2.0 * size ** 3 / best / 1e9


def blas_name():
    try:
        from numpy.__config__ import get_info  # numpy < 2
        for key in ("openblas_info", "blas_mkl_info", "blis_info", "blas_opt_info"):
            info = get_info(key)
            if info:
                return key.replace("_info", "") + ":" + ",".join(info.get("libraries", []))
    except Exception:  # numpy 2 has no get_info; the name is only informative
        pass
    return "unknown"


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", default="data/mnist", help="folder with the MNIST .gz files")
    p.add_argument("--runs", default="small,medium,wide", help="comma-separated: small, medium, wide")
    p.add_argument("--epochs", type=int, default=2, help="timed epochs per run")
    p.add_argument("--warmup", type=int, default=1, help="untimed epochs before them")
    p.add_argument("--images", type=int, default=50000, help="training images per epoch")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--sgemm", type=int, default=0, metavar="SIZE",
                   help="only measure numpy's SIZExSIZE float32 matrix multiply")
    args = p.parse_args()
    if args.sgemm:
        print(json.dumps({"sgemm_gflops": sgemm(args.sgemm), "size": args.sgemm, "blas": blas_name()}))
        return 0
    x, y = load_training(args.data, args.images)
    for name in args.runs.split(","):
        seconds = time_run(name, x, y, args.epochs, args.warmup, args.threads, args.seed)
        print(json.dumps({"run": name, "seconds": seconds, "images": len(x), "threads": args.threads}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
