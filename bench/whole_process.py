"""What bench/whole_process_torch.py and bench/whole_process_numpy.py share with `./nndl train`.

The options they take (those of `nndl train` that `./nndl bench` gives, and --threads), MNIST read
as nndl reads it (the first 50,000 training images, grey levels / 255 as float32), and the lines
they print, in `nndl train`'s words, which `./nndl bench` reads.
"""
import argparse
import gzip
import os


def arguments(description):
    """The command line's options; sets the BLAS's thread count, so call it before importing numpy or torch."""
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--data", default="data/mnist", help="folder with the four MNIST .gz files")
    p.add_argument("--sizes", default="784,30,10", help="layer sizes, input first")
    p.add_argument("--batch-size", type=int, default=10)
    p.add_argument("--eta", type=float, default=3.0)
    p.add_argument("--cost", choices=["quadratic", "cross-entropy"], default="quadratic")
    p.add_argument("--lambda", dest="lmbda", type=float, default=0.0, help="L2 regularization")
    p.add_argument("--epochs", type=int, default=30)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=1, help="threads of the BLAS (and of torch)")
    args = p.parse_args()
    args.sizes = [int(s) for s in args.sizes.split(",")]
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[name] = str(args.threads)  # read by the BLAS and OpenMP when they load
    return args


def mnist(folder):
    """The first 50,000 training images and the 10,000 test images: (x, y) pairs, one image per row of x."""
    return (_pair(folder, "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", 50000),
            _pair(folder, "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz", None))


def _pair(folder, images, labels, count):
    import numpy as np
    x = _idx(os.path.join(folder, images))[:count]
    y = _idx(os.path.join(folder, labels))[:count]
    return x.reshape(len(x), -1).astype(np.float32) / np.float32(255), y.astype(np.int64)


def _idx(path):
    import numpy as np
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def loaded(args, training, test, seconds):
    print(f"Training {args.sizes} on {len(training)} images ({args.cost} cost, sigmoid), evaluating on"
          f" {len(test)} test images; data loaded in {seconds:.2f} s", flush=True)


def epoch(number, correct, total, seconds):
    """The line `nndl train` prints after an epoch: its test accuracy and its seconds of training."""
    print(f"Epoch {number}: {correct} / {total} ({seconds:.2f} s)", flush=True)
