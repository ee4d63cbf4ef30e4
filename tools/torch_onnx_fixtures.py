#!/usr/bin/env python3
"""Makes the PyTorch-exported ONNX models that nndl's import is tested on (run once; the files are checked in).

    apt-get install -y python3-torch python3-onnx      # Debian 12: PyTorch 1.13.1, onnx 1.12.0
    /usr/bin/python3 tools/torch_onnx_fixtures.py

writes into app/src/test/resources/nndl/onnx/:

  torch-gemm.onnx    nn.Sequential(Flatten, Linear(784, 32), ReLU, Linear(32, 10), Softmax(dim=1)) exported with
                     input [N, 1, 28, 28] at opset 14: Flatten, then Gemm (transB = 1) per layer, weights as raw_data
  torch-matmul.onnx  nn.Sequential(Linear(784, 32), Tanh, Linear(32, 16), Tanh, Linear(16, 10), Sigmoid) exported
                     with input [N, 1, 784] at opset 11: MatMul and Add per layer; the initializers then rewritten
                     with float_data instead of raw_data (the other way ONNX stores floats)
  torch-conv.onnx    nn.Sequential(Conv2d(1, 2, 3), ReLU, Flatten, Linear(1352, 10), Softmax(dim=1)): a model
                     nndl must refuse, naming its Conv node
  torch-outputs.json for each of the first two: PyTorch's outputs for test images 0-7 and how many of the
                     10,000 MNIST test images it gets right

Each network is trained for one epoch of SGD on the first 10,000 training images (seed 0), so that its
outputs and its accuracy mean something. Inputs are the pixels divided by 255, as nndl feeds them.
"""
import json
from pathlib import Path

import numpy as np
import onnx
import onnx.numpy_helper
import torch
from torch import nn

from network2_compat import DATA, read_idx  # tools/, beside this script

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "app" / "src" / "test" / "resources" / "nndl" / "onnx"
SAMPLES = 8


def pixels(images):
    return torch.from_numpy(images.astype(np.float32) / np.float32(255))


def train(model, shape, x, y):
    torch.manual_seed(0)
    for p in model.parameters():  # a fresh start from the seed, whatever was drawn before
        nn.init.normal_(p, std=0.1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
    for start in range(0, len(x), 10):
        batch = x[start:start + 10].reshape(-1, *shape)
        out = model(batch).reshape(-1, 10)
        if isinstance(model[-1], nn.Softmax):  # log-likelihood for softmax outputs, cross-entropy for sigmoid ones
            loss = nn.functional.nll_loss(torch.log(out.clamp_min(1e-7)), y[start:start + 10])
        else:
            loss = nn.functional.binary_cross_entropy(out, nn.functional.one_hot(y[start:start + 10], 10).float())
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    model.eval()


def export(model, shape, name, opset):
    path = OUT / name
    torch.onnx.export(model, torch.zeros(1, *shape), str(path), input_names=["pixels"], output_names=["digits"],
                      dynamic_axes={"pixels": {0: "batch"}, "digits": {0: "batch"}}, opset_version=opset)
    return path


def to_float_data(path):
    """Rewrites every initializer with float_data instead of raw_data."""
    model = onnx.load(str(path))
    for i, t in enumerate(model.graph.initializer):
        values = onnx.numpy_helper.to_array(t)
        model.graph.initializer[i].CopyFrom(
            onnx.helper.make_tensor(t.name, onnx.TensorProto.FLOAT, values.shape, values.flatten().tolist()))
    onnx.checker.check_model(model)
    onnx.save(model, str(path))


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    train_x = pixels(read_idx(DATA / "train-images-idx3-ubyte.gz")[:10000])
    train_y = torch.from_numpy(read_idx(DATA / "train-labels-idx1-ubyte.gz")[:10000].astype(np.int64))
    test_x = pixels(read_idx(DATA / "t10k-images-idx3-ubyte.gz"))
    test_y = read_idx(DATA / "t10k-labels-idx1-ubyte.gz")

    made = {}
    for name, shape, opset, model in [
        ("torch-gemm.onnx", (1, 28, 28), 14,
         nn.Sequential(nn.Flatten(), nn.Linear(784, 32), nn.ReLU(), nn.Linear(32, 10), nn.Softmax(dim=1))),
        ("torch-matmul.onnx", (1, 784), 11,
         nn.Sequential(nn.Linear(784, 32), nn.Tanh(), nn.Linear(32, 16), nn.Tanh(), nn.Linear(16, 10), nn.Sigmoid())),
    ]:
        train(model, shape, train_x, train_y)
        with torch.no_grad():
            out = model(test_x.reshape(-1, *shape)).reshape(-1, 10).numpy()
        path = export(model, shape, name, opset)
        if name == "torch-matmul.onnx":
            to_float_data(path)
        onnx.checker.check_model(onnx.load(str(path)))
        made[name] = {
            "images": list(range(SAMPLES)),
            "outputs": [[float(v) for v in row] for row in out[:SAMPLES]],
            "test_correct": int((out.argmax(axis=1) == test_y).sum()),
        }
        print(name, "test:", made[name]["test_correct"], "/ 10000")

    conv = nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU(), nn.Flatten(), nn.Linear(2 * 26 * 26, 10), nn.Softmax(dim=1))
    conv.eval()
    export(conv, (1, 28, 28), "torch-conv.onnx", 14)

    (OUT / "torch-outputs.json").write_text(json.dumps(made, indent=1) + "\n")
    print("PyTorch", torch.__version__, "onnx", onnx.__version__)


if __name__ == "__main__":
    main()
