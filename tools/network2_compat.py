#!/usr/bin/env python3
"""Checks that nndl's model files and the book's network2.py understand each other.

Loads a model the way network2.py's load() does (json, then np.array of "weights" and "biases",
the cost class by name), counts the MNIST test images it gets right with network2.py's
feedforward (a = sigmoid(w·a + b), one column vector at a time), and writes the model back the way
network2.py's save() does (sizes, weights, biases, cost only), so that `./nndl evaluate` can read it.

    ./nndl train --save /tmp/net.json
    python3 tools/network2_compat.py /tmp/net.json /tmp/net-from-network2.json
    ./nndl evaluate --model /tmp/net-from-network2.json

Needs numpy. Not part of the tests (the test machines need only a JDK); the test
ModelFileTest checks the format from the Java side.
"""
import gzip
import json
import struct
import sys
from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parent.parent / "data" / "mnist"


def read_idx(path):
    with gzip.open(path, "rb") as f:
        magic, count = struct.unpack(">II", f.read(8))
        if magic == 0x803:
            rows, cols = struct.unpack(">II", f.read(8))
            return np.frombuffer(f.read(), dtype=np.uint8).reshape(count, rows * cols)
        return np.frombuffer(f.read(), dtype=np.uint8)


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def main(model, out):
    data = json.load(open(model))
    if data["cost"] not in ("QuadraticCost", "CrossEntropyCost"):
        sys.exit(f"network2.py knows QuadraticCost and CrossEntropyCost, not {data['cost']}")
    if data.get("output", "sigmoid") != "sigmoid" or data.get("activation", "sigmoid") != "sigmoid":
        sys.exit("network2.py has sigmoid neurons only")
    weights = [np.array(w) for w in data["weights"]]
    biases = [np.array(b) for b in data["biases"]]
    images = read_idx(DATA / "t10k-images-idx3-ubyte.gz") / 255.0
    labels = read_idx(DATA / "t10k-labels-idx1-ubyte.gz")
    correct = 0
    for x, y in zip(images, labels):
        a = x.reshape(784, 1)
        for b, w in zip(biases, weights):
            a = sigmoid(np.dot(w, a) + b)
        correct += int(np.argmax(a) == y)
    print(f"network2.py's feedforward: test: {correct} / {len(labels)} ({100.0 * correct / len(labels):.2f}%)")
    saved = {"sizes": data["sizes"], "weights": [w.tolist() for w in weights],
             "biases": [b.tolist() for b in biases], "cost": data["cost"]}
    with open(out, "w") as f:
        json.dump(saved, f)
    print(f"saved as network2.py saves to {out}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
