#!/usr/bin/python3
"""Train `footwear-style`, the second stage of Warden's example model chain, and export it to ONNX.

The chain (policies/chain.yaml): fashion-cnn classifies a 28x28 image; when it says Sandal, Sneaker or
Ankle boot its 128 `features` feed footwear-style, a linear head that tells open shoes (Sandal), low-tops
(Sneaker) and high-tops (Ankle boot) apart. footwear-style is only valid on footwear features: that is
the contract the chain checks before it feeds it.

Run from the repository root (Debian 12: python3-torch, python3-onnx, python3-numpy):

    /usr/bin/python3 tools/train_chain_head.py

It rebuilds fashion-cnn in torch from the weights in models/fashion-cnn.onnx (conv32-conv64-fc128-fc10,
see models/README.md), computes its features on the bundled 10,000 training images, trains the head on the
footwear among them (seeded, deterministic, one thread) and writes models/footwear-style.onnx and its
sidecar models/footwear-style.json, then prints the accuracy on the bundled test footwear and the largest
feature value seen on training images (the range the chain's contract allows, with headroom).
"""
import gzip
import hashlib
import json
import struct

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import numpy_helper

FOOTWEAR = {5: 0, 7: 1, 9: 2}  # Sandal, Sneaker, Ankle boot -> open, low-top, high-top
LABELS = ["open", "low-top", "high-top"]
SEED = 1
EPOCHS = 200


def read_idx_gz(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    ndim = struct.unpack(">I", data[:4])[0] & 0xFF
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def cnn_features(onnx_path, images):
    w = {i.name: torch.tensor(numpy_helper.to_array(i).copy()) for i in onnx.load(onnx_path).graph.initializer}
    x = torch.tensor(images, dtype=torch.float32).reshape(-1, 1, 28, 28) / 255.0
    with torch.no_grad():
        x = F.max_pool2d(F.relu(F.conv2d(x, w["conv1.weight"], w["conv1.bias"])), 2)
        x = F.max_pool2d(F.relu(F.conv2d(x, w["conv2.weight"], w["conv2.bias"])), 2).flatten(1)
        f = F.relu(x @ w["fc1.weight"].T + w["fc1.bias"])
        logits = f @ w["fc2.weight"].T + w["fc2.bias"]
    return f, logits


def footwear(features, labels):
    keep = np.isin(labels, list(FOOTWEAR))
    return features[torch.tensor(keep)], torch.tensor([FOOTWEAR[int(v)] for v in labels[keep]])


def main():
    torch.manual_seed(SEED)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    train_x = read_idx_gz("data/fashion-train-10000-images-idx3-ubyte.gz")
    train_y = read_idx_gz("data/fashion-train-10000-labels-idx1-ubyte.gz")
    test_x = read_idx_gz("data/fashion-test-2000-images-idx3-ubyte.gz")
    test_y = read_idx_gz("data/fashion-test-2000-labels-idx1-ubyte.gz")
    f_train, logits_train = cnn_features("models/fashion-cnn.onnx", train_x)
    f_test, logits_test = cnn_features("models/fashion-cnn.onnx", test_x)
    print("fashion-cnn rebuilt from its ONNX weights: test accuracy %.4f on the bundled 2,000"
          % (logits_test.argmax(1).numpy() == test_y).mean())
    x, y = footwear(f_train, train_y)
    head = torch.nn.Linear(128, len(LABELS))
    opt = torch.optim.Adam(head.parameters(), lr=0.01)
    for _ in range(EPOCHS):
        opt.zero_grad()
        loss = F.cross_entropy(head(x), y)
        loss.backward()
        opt.step()
    tx, ty = footwear(f_test, test_y)
    with torch.no_grad():
        accuracy = (head(tx).argmax(1) == ty).float().mean().item()
    print("footwear-style: %d training footwear images, test accuracy %.4f on %d test footwear images (loss %.4f)"
          % (len(y), accuracy, len(ty), loss.item()))
    print("largest fashion-cnn feature value on the training images: %.3f" % f_train.max().item())
    path = "models/footwear-style.onnx"
    head.eval()
    torch.onnx.export(head, torch.zeros(1, 128), path, export_params=True, opset_version=13,
                      do_constant_folding=True, input_names=["features"], output_names=["logits"],
                      dynamic_axes={"features": {0: "batch"}, "logits": {0: "batch"}})
    onnx.checker.check_model(onnx.load(path))
    sha = hashlib.sha256(open(path, "rb").read()).hexdigest()
    sidecar = {
        "name": "footwear-style", "version": "1",
        "description": "Linear head on fashion-cnn's 128 features: open / low-top / high-top footwear. "
                       "Valid only on features of footwear (Sandal, Sneaker, Ankle boot).",
        "platform": "onnxruntime",
        "inputs": [{"name": "features", "datatype": "FP32", "shape": [-1, 128]}],
        "outputs": [{"name": "logits", "datatype": "FP32", "shape": [-1, 3]}],
        "labels": LABELS,
        "scores_output": "logits", "scores_kind": "logits",
        "test_accuracy": round(accuracy, 4), "onnx_sha256": sha,
        "trained_with": {"seed": SEED, "epochs": EPOCHS, "on": "fashion-cnn features of the bundled training footwear",
                         "fashion_cnn_sha256": hashlib.sha256(open("models/fashion-cnn.onnx", "rb").read()).hexdigest(),
                         "torch": torch.__version__},
    }
    with open("models/footwear-style.json", "w") as f:
        json.dump(sidecar, f, indent=2)
        f.write("\n")
    print("wrote %s (%d bytes, sha256 %s) and models/footwear-style.json" % (path, len(open(path, "rb").read()), sha))


if __name__ == "__main__":
    main()
