#!/usr/bin/python3
"""The machine's single-precision peak as numpy's BLAS reaches it: a 2048 x 2048 float32 product.

Prints `SGEMM 2048x2048: G GFLOP/s (T threads, BLAS)`, the best of five products after one to warm
up, counting 2 * size^3 floating-point operations a product. `./nndl bench` sets the wide network's
speed against it; run it on OpenBLAS's own kernels for the CPU:

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench/numpy_sgemm.py --threads 2
"""
import argparse
import os
import sys
import time


def blas_name():
    """The BLAS library this process loaded (Debian's libblas.so.3 is whichever its alternatives select)."""
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "blas" in line.rsplit("/", 1)[-1]}
        return ", ".join(sorted(os.path.realpath(p) for p in paths)) or "unknown BLAS"
    except OSError:
        return "unknown BLAS"


def main(args):
    import numpy as np
    a = np.random.default_rng(1).random((args.size, args.size), dtype=np.float32)
    b = np.random.default_rng(2).random((args.size, args.size), dtype=np.float32)
    a @ b
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        a @ b
        best = min(best, time.perf_counter() - start)
    gflops = 2.0 * args.size ** 3 / best / 1e9
    threads = f"{args.threads} thread" + ("s" if args.threads != 1 else "")
    print(f"SGEMM {args.size}x{args.size}: {gflops:.1f} GFLOP/s ({threads}, {blas_name()})")
    return 0


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--size", type=int, default=2048)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    options = p.parse_args()
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[name] = str(options.threads)
    sys.exit(main(options))
