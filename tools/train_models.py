#!/usr/bin/python3
"""Train the Fashion-MNIST reference models used by Warden and export them to ONNX.

Run from the repository root:

    /usr/bin/python3 tools/train_models.py [--out models] [--data-out data]

Requirements (Debian 12 packages): python3-torch, python3-onnx, python3-numpy,
dataset-fashion-mnist.  onnxruntime is optional: when it is importable the
recorded test accuracy is measured by running the exported .onnx file with it,
otherwise it is measured with the torch model (and the ONNX graph is still
checked with onnx.checker).  Debian has no onnxruntime package; a wheel can be
unpacked into a folder and put on PYTHONPATH, e.g.

    mkdir -p /tmp/ortlib && unzip -q -o onnxruntime-*-cp311-*.whl -d /tmp/ortlib
    PYTHONPATH=/tmp/ortlib /usr/bin/python3 tools/train_models.py

The script reads the IDX gz files itself (no torchvision), is fully seeded and
uses deterministic algorithms and a fixed thread count, so reruns on the same
machine reproduce the same weights.  It writes, besides the models:

  * <out>/<name>.onnx and <out>/<name>.json (sidecar metadata) per model
  * <out>/README.md (architecture, sizes, accuracies, timings)
  * <data-out>/fashion-test-2000-*.gz and <data-out>/fashion-train-10000-*.gz
    (IDX subsets, gzip with mtime=0 so the bytes are reproducible)
  * <data-out>/README.md
"""

import argparse
import gzip
import hashlib
import io
import json
import os
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

DATASET_DIR = "/usr/share/datasets/fashion-mnist"
LABELS = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
          "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
OPSET = 13
BATCH_SIZE = 128
LEARNING_RATE = 3e-3
DEFAULT_THREADS = 1

IDX_IMAGES_MAGIC = 0x00000803
IDX_LABELS_MAGIC = 0x00000801


# --------------------------------------------------------------------------
# IDX reading / writing
# --------------------------------------------------------------------------

def read_idx_gz(path):
    """Read a gzip-compressed IDX file of unsigned bytes into a numpy array."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic = struct.unpack(">I", data[:4])[0]
    if magic >> 8 != 0x08:
        raise ValueError("%s: not an unsigned-byte IDX file (magic 0x%08x)" % (path, magic))
    ndim = magic & 0xFF
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    offset = 4 + 4 * ndim
    count = int(np.prod(dims))
    if len(data) - offset != count:
        raise ValueError("%s: expected %d data bytes, found %d" % (path, count, len(data) - offset))
    return np.frombuffer(data, dtype=np.uint8, offset=offset).reshape(dims)


def idx_bytes(array):
    """Encode a uint8 numpy array as IDX bytes (big-endian header)."""
    array = np.ascontiguousarray(array, dtype=np.uint8)
    magic = (0x08 << 8) | array.ndim
    header = struct.pack(">I", magic) + struct.pack(">" + "I" * array.ndim, *array.shape)
    return header + array.tobytes()


def write_idx_gz(path, array):
    """Write IDX gzip with mtime=0 and no embedded file name: reproducible bytes."""
    raw = idx_bytes(array)
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as gz:
        gz.write(raw)
    with open(path, "wb") as f:
        f.write(buf.getvalue())


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def load_split(data_dir, split):
    prefix = "train" if split == "train" else "t10k"
    images = read_idx_gz(os.path.join(data_dir, "%s-images-idx3-ubyte.gz" % prefix))
    labels = read_idx_gz(os.path.join(data_dir, "%s-labels-idx1-ubyte.gz" % prefix))
    if images.shape[0] != labels.shape[0]:
        raise ValueError("image/label count mismatch in %s split" % split)
    return images, labels


def to_tensor(images, labels):
    """uint8 [N,28,28] -> float32 NCHW [N,1,28,28] scaled to [0,1]."""
    x = torch.from_numpy(images.astype(np.float32) / np.float32(255.0)).unsqueeze(1).contiguous()
    y = torch.from_numpy(labels.astype(np.int64))
    return x, y


# --------------------------------------------------------------------------
# Models
# --------------------------------------------------------------------------

class FashionCNN(nn.Module):
    """conv32-3x3/relu/maxpool2, conv64-3x3/relu/maxpool2, fc128/relu, fc10."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, kernel_size=3)   # 28 -> 26 -> pool 13
        self.conv2 = nn.Conv2d(32, 64, kernel_size=3)  # 13 -> 11 -> pool 5
        self.fc1 = nn.Linear(64 * 5 * 5, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)
        features = F.relu(self.fc1(x))
        logits = self.fc2(features)
        return logits, features


class FashionMLP(nn.Module):
    """flatten, fc256/relu, fc128/relu, fc10."""

    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(28 * 28, 256)
        self.fc2 = nn.Linear(256, 128)
        self.fc3 = nn.Linear(128, 10)

    def forward(self, x):
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        features = F.relu(self.fc2(x))
        logits = self.fc3(features)
        return logits, features


MODEL_SPECS = [
    {
        "name": "fashion-cnn",
        "version": "1",
        "arch": "cnn",
        "seed": 1,
        "epochs": 6,
        "augmentation": "none",
        "min_accuracy": 0.90,
        "description": "Small CNN (conv32-conv64-fc128-fc10) classifying 28x28 grayscale Fashion-MNIST images into 10 classes.",
        "architecture": "Conv2d(1,32,3x3)+ReLU+MaxPool2 -> Conv2d(32,64,3x3)+ReLU+MaxPool2 -> Flatten(1600) -> Linear(1600,128)+ReLU [features] -> Linear(128,10) [logits]",
    },
    {
        "name": "fashion-mlp",
        "version": "1",
        "arch": "mlp",
        "seed": 1,
        "epochs": 5,
        "augmentation": "none",
        "min_accuracy": 0.85,
        "description": "Multilayer perceptron (784-256-128-10) classifying 28x28 grayscale Fashion-MNIST images into 10 classes.",
        "architecture": "Flatten(784) -> Linear(784,256)+ReLU -> Linear(256,128)+ReLU [features] -> Linear(128,10) [logits]",
    },
    {
        "name": "fashion-cnn-v2",
        "version": "2",
        "arch": "cnn",
        "seed": 2,
        "epochs": 8,
        "augmentation": "random-shift-2px",
        "min_accuracy": 0.90,
        "description": "Small CNN (same architecture as fashion-cnn) retrained with another seed and random shifts of up to 2 px.",
        "architecture": "same as fashion-cnn",
    },
    {
        "name": "fashion-cnn-robust",
        "version": "1",
        "arch": "cnn",
        "seed": 1,
        "epochs": 6,
        "augmentation": "linf-noise-0.25",
        "min_accuracy": 0.89,
        "description": "Small CNN (same architecture and recipe as fashion-cnn) trained with random L-inf noise up to 0.25 "
                       "(iid per pixel, or stripes per column or row, as Square starts from) on half of each batch, "
                       "so that random noise at the assessment radius (0.2) seldom changes its label.",
        "architecture": "same as fashion-cnn",
        "hardening": {
            "method": "noise augmentation",
            "noise": "on a random half of each batch: x + eps * sign, clamped to [0, 1]; eps ~ U(0, 0.25) per image; "
                     "sign +-1, per image one of: iid per pixel, one per column (vertical stripes), one per row",
            "share_of_batch": 0.5,
            "max_linf": 0.25,
            "adversarial_training": "none (no PGD)",
            "seed": "torch.manual_seed(1), numpy.random.seed(1); batch order and noise from torch.Generator seeded 1",
            "source": "tools/train_models.py --only fashion-cnn-robust (the recipe of tools/train_noise_robust.py noise 6)",
        },
    },
]


def build_model(arch):
    if arch == "cnn":
        return FashionCNN()
    if arch == "mlp":
        return FashionMLP()
    raise ValueError(arch)


# --------------------------------------------------------------------------
# Training
# --------------------------------------------------------------------------

def seed_everything(seed):
    torch.manual_seed(seed)
    np.random.seed(seed)


def random_shift(x, max_shift, generator):
    """Shift every image of the batch by its own (dy, dx) in [-max_shift, max_shift], zero fill."""
    n, c, h, w = x.shape
    padded = F.pad(x, (max_shift, max_shift, max_shift, max_shift))
    offs = torch.randint(0, 2 * max_shift + 1, (n, 2), generator=generator)
    rows = offs[:, 0:1] + torch.arange(h).unsqueeze(0)  # [n,h]
    cols = offs[:, 1:2] + torch.arange(w).unsqueeze(0)  # [n,w]
    batch_idx = torch.arange(n).view(n, 1, 1)
    out = padded[:, 0][batch_idx, rows.unsqueeze(2), cols.unsqueeze(1)]  # [n,h,w]
    return out.unsqueeze(1).contiguous()


def linf_noise(x, max_eps, generator):
    """Random L-inf noise on a random half of the batch: eps ~ U(0, max_eps) per image, the sign +-1 iid per
    pixel, or one per column (vertical stripes, as Square's initialisation) or per row, one kind per image."""
    b = x.shape[0]
    eps = torch.rand(b, 1, 1, 1, generator=generator) * max_eps
    kind = torch.randint(0, 3, (b,), generator=generator)
    iid = torch.randint(0, 2, x.shape, generator=generator).float() * 2 - 1
    col = (torch.randint(0, 2, (b, 1, 1, x.shape[3]), generator=generator).float() * 2 - 1).expand_as(x)
    row = (torch.randint(0, 2, (b, 1, x.shape[2], 1), generator=generator).float() * 2 - 1).expand_as(x)
    sign = torch.where((kind == 0).view(b, 1, 1, 1), iid, torch.where((kind == 1).view(b, 1, 1, 1), col, row))
    keep = (torch.rand(b, 1, 1, 1, generator=generator) < 0.5).float()
    return (x + keep * eps * sign).clamp(0, 1)


def predict_torch(model, x, batch=1000):
    model.eval()
    preds = []
    with torch.no_grad():
        for i in range(0, x.shape[0], batch):
            logits, _ = model(x[i:i + batch])
            preds.append(logits.argmax(1).numpy())
    return np.concatenate(preds)


def evaluate_torch(model, x, y, batch=1000):
    return float((predict_torch(model, x, batch) == y.numpy()).mean())


def train(spec, x_train, y_train, x_test, y_test):
    seed_everything(spec["seed"])
    model = build_model(spec["arch"])
    optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
    n = x_train.shape[0]
    steps_per_epoch = (n + BATCH_SIZE - 1) // BATCH_SIZE
    # cosine decay of the learning rate, per step, from LEARNING_RATE to 0
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=spec["epochs"] * steps_per_epoch)
    gen = torch.Generator()
    gen.manual_seed(spec["seed"])
    start = time.time()
    for epoch in range(spec["epochs"]):
        model.train()
        perm = torch.randperm(n, generator=gen)
        total_loss = 0.0
        for i in range(0, n, BATCH_SIZE):
            idx = perm[i:i + BATCH_SIZE]
            xb = x_train[idx]
            if spec["augmentation"] == "random-shift-2px":
                xb = random_shift(xb, 2, gen)
            elif spec["augmentation"] == "linf-noise-0.25":
                xb = linf_noise(xb, 0.25, gen)
            yb = y_train[idx]
            optimizer.zero_grad()
            logits, _ = model(xb)
            loss = F.cross_entropy(logits, yb)
            loss.backward()
            optimizer.step()
            scheduler.step()
            total_loss += float(loss) * xb.shape[0]
        acc = evaluate_torch(model, x_test, y_test)
        print("  [%s] epoch %d/%d loss %.4f test-acc(torch) %.4f  (%.0fs)"
              % (spec["name"], epoch + 1, spec["epochs"], total_loss / n, acc, time.time() - start),
              flush=True)
    model.eval()
    return model, time.time() - start


# --------------------------------------------------------------------------
# Export and verification
# --------------------------------------------------------------------------

def export_onnx(model, path):
    model.eval()
    dummy = torch.zeros(1, 1, 28, 28, dtype=torch.float32)
    torch.onnx.export(
        model, dummy, path,
        export_params=True,
        opset_version=OPSET,
        do_constant_folding=True,
        input_names=["input"],
        output_names=["logits", "features"],
        dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}, "features": {0: "batch"}},
    )


def describe_graph(path):
    import onnx
    m = onnx.load(path)
    onnx.checker.check_model(m)

    def dims(vi):
        return [d.dim_param if d.dim_param else d.dim_value for d in vi.type.tensor_type.shape.dim]

    inputs = [(vi.name, onnx.TensorProto.DataType.Name(vi.type.tensor_type.elem_type), dims(vi))
              for vi in m.graph.input]
    outputs = [(vi.name, onnx.TensorProto.DataType.Name(vi.type.tensor_type.elem_type), dims(vi))
               for vi in m.graph.output]
    opset = max(o.version for o in m.opset_import if o.domain in ("", "ai.onnx"))
    return inputs, outputs, opset


def try_import_ort():
    try:
        import onnxruntime  # noqa: F401
        return onnxruntime
    except Exception:  # pragma: no cover - depends on the machine
        return None


def predict_onnx(ort, path, model, x, batch=1000):
    """Predicted classes of the exported ONNX file with onnxruntime, plus max |onnx - torch| on outputs."""
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = torch.get_num_threads()
    opts.inter_op_num_threads = 1
    sess = ort.InferenceSession(path, opts, providers=["CPUExecutionProvider"])
    preds = []
    max_diff = 0.0
    with torch.no_grad():
        for i in range(0, x.shape[0], batch):
            xb = x[i:i + batch]
            logits, features = sess.run(["logits", "features"], {"input": xb.numpy()})
            assert logits.shape == (xb.shape[0], 10) and features.shape == (xb.shape[0], 128)
            preds.append(logits.argmax(1))
            t_logits, t_features = model(xb)
            max_diff = max(max_diff,
                           float(np.abs(logits - t_logits.numpy()).max()),
                           float(np.abs(features - t_features.numpy()).max()))
    return np.concatenate(preds), max_diff


def stripes_accuracy(model, x, y, eps=0.2, seed=5):
    """Accuracy under Square's initialisation: every column moved by +eps or -eps, the sign random (seeded)."""
    g = torch.Generator()
    g.manual_seed(seed)
    signs = torch.randint(0, 2, (x.shape[0], 1, 1, x.shape[3]), generator=g).float() * 2 - 1
    return evaluate_torch(model, (x + eps * signs).clamp(0, 1), y)


def count_params(model):
    return sum(p.numel() for p in model.parameters())


def sidecar(spec, accuracy, sha, hardening=None):
    return {
        "name": spec["name"],
        "version": spec["version"],
        "description": spec["description"],
        "platform": "onnxruntime",
        "inputs": [{"name": "input", "datatype": "FP32", "shape": [-1, 1, 28, 28]}],
        "outputs": [{"name": "logits", "datatype": "FP32", "shape": [-1, 10]},
                    {"name": "features", "datatype": "FP32", "shape": [-1, 128]}],
        "labels": LABELS,
        "input_range": [0.0, 1.0],
        "layout": "NCHW",
        "scores_output": "logits",
        "scores_kind": "logits",
        "features_output": "features",
        "test_accuracy": round(accuracy, 4),
        "onnx_sha256": sha,
        "trained_with": {"seed": spec["seed"], "epochs": spec["epochs"],
                         "augmentation": spec["augmentation"], "torch": torch.__version__},
        **({"hardening": hardening} if hardening else {}),
    }


# --------------------------------------------------------------------------
# Data subsets
# --------------------------------------------------------------------------

DATA_SUBSETS = [
    ("fashion-test-2000", "test", 2000, "the first 2,000 images/labels of the Fashion-MNIST test set (t10k)"),
    ("fashion-train-10000", "train", 10000, "the first 10,000 images/labels of the Fashion-MNIST training set"),
]


def make_data_subsets(data_dir, out_dir, splits):
    os.makedirs(out_dir, exist_ok=True)
    rows = []
    for stem, split, count, what in DATA_SUBSETS:
        images, labels = splits[split]
        img_path = os.path.join(out_dir, "%s-images-idx3-ubyte.gz" % stem)
        lab_path = os.path.join(out_dir, "%s-labels-idx1-ubyte.gz" % stem)
        write_idx_gz(img_path, images[:count])
        write_idx_gz(lab_path, labels[:count])
        # round-trip check
        assert np.array_equal(read_idx_gz(img_path), images[:count])
        assert np.array_equal(read_idx_gz(lab_path), labels[:count])
        hist = np.bincount(labels[:count], minlength=10).tolist()
        for path, kind, shape in ((img_path, "images", "[%d, 28, 28] uint8, magic 0x00000803" % count),
                                  (lab_path, "labels", "[%d] uint8 (0-9), magic 0x00000801" % count)):
            rows.append((os.path.basename(path), kind, shape, what, os.path.getsize(path), sha256_file(path)))
        print("  wrote %s / %s (label counts %s)" % (img_path, lab_path, hist), flush=True)
    write_data_readme(out_dir, rows)


def write_data_readme(out_dir, rows):
    lines = [
        "# Fashion-MNIST subsets",
        "",
        "Small subsets of Fashion-MNIST in the original IDX format, gzip-compressed with",
        "mtime=0 and no embedded file name, so regenerating them gives identical bytes.",
        "",
        "Source: the Debian package `dataset-fashion-mnist` (files in",
        "`/usr/share/datasets/fashion-mnist/`), which ships Fashion-MNIST by Zalando Research",
        "(https://github.com/zalandoresearch/fashion-mnist), released under the MIT licence.",
        "Copyright (c) 2017 Zalando SE.",
        "",
        "| file | content | shape | bytes | sha256 |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, kind, shape, what, size, sha in rows:
        lines.append("| `%s` | %s: %s | %s | %d | `%s` |" % (name, kind, what, shape, size, sha))
    lines += [
        "",
        "IDX format: a big-endian uint32 magic (0x00000803 for the 3-dimensional image",
        "files, 0x00000801 for the 1-dimensional label files; type byte 0x08 = unsigned",
        "byte), then each dimension as a big-endian int32, then the raw bytes (row-major,",
        "one byte per pixel 0-255, 0 = background; labels 0-9 in the order",
        "T-shirt/top, Trouser, Pullover, Dress, Coat, Sandal, Shirt, Sneaker, Bag, Ankle boot).",
        "",
        "Made by (from the repository root):",
        "",
        "    /usr/bin/python3 tools/train_models.py --data-only --data-out data",
        "",
        "(`tools/train_models.py` without `--data-only` writes the same files and also",
        "trains the models.)",
        "",
    ]
    with open(os.path.join(out_dir, "README.md"), "w") as f:
        f.write("\n".join(lines))


# --------------------------------------------------------------------------
# Models README
# --------------------------------------------------------------------------

def write_models_readme(out_dir, results, measured_with, threads):
    lines = [
        "# Fashion-MNIST ONNX models",
        "",
        "Reference models for Warden, trained on Fashion-MNIST (Debian package",
        "`dataset-fashion-mnist`; Fashion-MNIST by Zalando Research, MIT licence) by",
        "`tools/train_models.py`. All four models take the same input and give the same",
        "outputs:",
        "",
        "* input `input`: FP32 `[batch, 1, 28, 28]` (NCHW), grayscale pixels scaled to [0, 1]",
        "  (raw byte / 255, no mean/std normalisation)",
        "* output `logits`: FP32 `[batch, 10]`, unnormalised class scores (apply softmax for",
        "  probabilities); class order is the `labels` list in each sidecar JSON",
        "* output `features`: FP32 `[batch, 128]`, the penultimate activations (after ReLU)",
        "",
        "The batch axis is dynamic (`batch`) on the input and both outputs. ONNX opset %d," % OPSET,
        "exported with `torch.onnx.export(..., do_constant_folding=True)` from torch %s." % torch.__version__,
        "Each `<name>.onnx` has a sidecar `<name>.json` with its metadata (input/output",
        "names and shapes, labels, measured test accuracy, sha256 of the .onnx file).",
        "",
        "The default model is `fashion-cnn-robust` (`--only fashion-cnn-robust`; its section is",
        "kept by hand): `policies/default.yaml` serves it under the name `fashion-cnn`.",
        "",
        "Test accuracy is measured on the full 10,000-image Fashion-MNIST test set %s." % measured_with,
        "",
        "Training: Adam (lr %g, cosine decay to 0 per step), batch size %d, cross-entropy loss," % (LEARNING_RATE, BATCH_SIZE),
        "%d torch thread(s)," % threads,
        "`torch.manual_seed`/`numpy.random.seed`, `torch.use_deterministic_algorithms(True)`;",
        "reruns on the same machine and thread count give the same weights.",
        "Training times are wall-clock seconds on a 2-core machine that was shared with other",
        "builds while training ran; an idle machine is faster.",
        "",
        "| model | version | parameters | file size | test accuracy | seed | epochs | augmentation | training time |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        s = r["spec"]
        lines.append("| `%s` | %s | %s | %s bytes (%.0f KiB) | %.4f | %d | %d | %s | %.0f s |" % (
            s["name"], s["version"], "{:,}".format(r["params"]), "{:,}".format(r["size"]), r["size"] / 1024.0,
            r["accuracy"], s["seed"], s["epochs"], s["augmentation"], r["train_seconds"]))
    lines.append("")
    for r in results:
        s = r["spec"]
        lines += [
            "## %s" % s["name"],
            "",
            s["description"],
            "",
            "* architecture: %s" % s["architecture"],
            "* parameters: %s" % "{:,}".format(r["params"]),
            "* file: `%s.onnx`, %s bytes, sha256 `%s`" % (s["name"], "{:,}".format(r["size"]), r["sha"]),
            "* test accuracy (10,000 test images): %.4f (%s)" % (r["accuracy"], r["accuracy_source"]),
            "* accuracy on the first 2,000 test images (`data/fashion-test-2000-*.gz`): %.4f"
            % r["accuracy_2000"],
            "* trained with: seed %d, %d epochs, augmentation `%s`" % (s["seed"], s["epochs"], s["augmentation"]),
            "* training time observed: %.0f s (%d torch thread(s), 2-core machine)" % (r["train_seconds"], threads),
            "* graph inputs: %s" % ", ".join("`%s` %s %s" % (n, t, d) for n, t, d in r["graph_inputs"]),
            "* graph outputs: %s" % ", ".join("`%s` %s %s" % (n, t, d) for n, t, d in r["graph_outputs"]),
        ]
        if r.get("max_diff") is not None:
            lines.append("* max |onnxruntime - torch| over all test outputs: %.2e" % r["max_diff"])
        lines.append("")
    lines += [
        "## Regenerating",
        "",
        "From the repository root (needs the Debian packages python3-torch, python3-onnx and",
        "dataset-fashion-mnist; use Debian's `/usr/bin/python3`):",
        "",
        "    /usr/bin/python3 tools/train_models.py --out models --data-out data",
        "",
        "This retrains all four models, rewrites the `.onnx`/`.json` files, this README and the",
        "data subsets under `data/`. To measure the accuracy with onnxruntime (as was done for",
        "the committed files), make it importable first; Debian has no package for it, but the",
        "cp311 wheel can be unpacked into a folder put on PYTHONPATH:",
        "",
        "    mkdir -p /tmp/ortlib && unzip -q -o onnxruntime-<version>-cp311-cp311-manylinux_2_28_x86_64.whl -d /tmp/ortlib",
        "    PYTHONPATH=/tmp/ortlib /usr/bin/python3 tools/train_models.py --out models --data-out data",
        "",
        "Without onnxruntime the script measures the accuracy with the torch model and checks",
        "the exported graph with `onnx.checker`.",
        "",
        "Options: `--only NAME` (repeatable) trains a subset of the models, `--data-only` only",
        "writes the data subsets, `--threads N` sets the torch thread count (default %d;" % DEFAULT_THREADS,
        "a different count may change the trained weights in the last bits).",
        "",
    ]
    with open(os.path.join(out_dir, "README.md"), "w") as f:
        f.write("\n".join(lines))


# --------------------------------------------------------------------------

def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default="models", help="folder for .onnx/.json files (default: models)")
    parser.add_argument("--data-out", default="data", help="folder for the IDX subsets (default: data)")
    parser.add_argument("--dataset-dir", default=DATASET_DIR, help="folder with the Fashion-MNIST IDX gz files")
    parser.add_argument("--threads", type=int, default=DEFAULT_THREADS, help="torch intra-op threads")
    parser.add_argument("--only", action="append", default=None, help="train only this model (repeatable)")
    parser.add_argument("--data-only", action="store_true", help="only write the data subsets")
    args = parser.parse_args(argv)

    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    torch.use_deterministic_algorithms(True)
    torch.backends.cudnn.benchmark = False

    t0 = time.time()
    train_images, train_labels = load_split(args.dataset_dir, "train")
    test_images, test_labels = load_split(args.dataset_dir, "test")
    print("loaded Fashion-MNIST: train %s, test %s (%.1fs)"
          % (train_images.shape, test_images.shape, time.time() - t0), flush=True)

    print("writing data subsets to %s" % args.data_out, flush=True)
    make_data_subsets(args.dataset_dir, args.data_out,
                      {"train": (train_images, train_labels), "test": (test_images, test_labels)})
    if args.data_only:
        return 0

    x_train, y_train = to_tensor(train_images, train_labels)
    x_test, y_test = to_tensor(test_images, test_labels)

    ort = try_import_ort()
    if ort is not None:
        measured_with = ("by running the exported ONNX file with onnxruntime %s (CPUExecutionProvider)"
                         % ort.__version__)
    else:
        measured_with = ("with the trained torch model (onnxruntime was not importable); the exported "
                         "graph was checked with onnx.checker")
    print("accuracy measured %s" % measured_with, flush=True)

    os.makedirs(args.out, exist_ok=True)
    specs = [s for s in MODEL_SPECS if not args.only or s["name"] in args.only]
    results = []
    failed = []
    for spec in specs:
        print("training %s (%s, seed %d, %d epochs, augmentation %s)"
              % (spec["name"], spec["arch"], spec["seed"], spec["epochs"], spec["augmentation"]), flush=True)
        model, seconds = train(spec, x_train, y_train, x_test, y_test)
        onnx_path = os.path.join(args.out, spec["name"] + ".onnx")
        export_onnx(model, onnx_path)
        graph_inputs, graph_outputs, opset = describe_graph(onnx_path)
        torch_preds = predict_torch(model, x_test)
        torch_acc = float((torch_preds == y_test.numpy()).mean())
        max_diff = None
        if ort is not None:
            preds, max_diff = predict_onnx(ort, onnx_path, model, x_test)
            source = "onnxruntime %s on the exported file; torch model: %.4f" % (ort.__version__, torch_acc)
        else:
            preds = torch_preds
            source = "torch model; ONNX graph checked with onnx.checker"
        accuracy = float((preds == y_test.numpy()).mean())
        # accuracy on the first 2,000 test images = data/fashion-test-2000-*.gz
        accuracy_2000 = float((preds[:2000] == y_test.numpy()[:2000]).mean())
        sha = sha256_file(onnx_path)
        size = os.path.getsize(onnx_path)
        hardening = None
        if "hardening" in spec:
            hardening = dict(spec["hardening"])
            hardening["stripes_0.2_test_accuracy"] = round(stripes_accuracy(model, x_test, y_test), 4)
            print("  accuracy under random +-0.2 column stripes (10,000 test images, torch): %.4f"
                  % hardening["stripes_0.2_test_accuracy"], flush=True)
        with open(os.path.join(args.out, spec["name"] + ".json"), "w") as f:
            json.dump(sidecar(spec, accuracy, sha, hardening), f, indent=2)
            f.write("\n")
        print("  %s: accuracy %.4f (%s), first-2000 accuracy %.4f, %d params, %d bytes, opset %d, sha256 %s"
              % (spec["name"], accuracy, source, accuracy_2000, count_params(model), size, opset, sha), flush=True)
        print("  inputs %s" % graph_inputs, flush=True)
        print("  outputs %s" % graph_outputs, flush=True)
        if max_diff is not None:
            print("  max |onnx - torch| = %.3e" % max_diff, flush=True)
        if accuracy < spec["min_accuracy"]:
            failed.append("%s: %.4f < %.2f" % (spec["name"], accuracy, spec["min_accuracy"]))
        results.append({"spec": spec, "params": count_params(model), "size": size, "sha": sha,
                        "accuracy": accuracy, "accuracy_2000": accuracy_2000, "accuracy_source": source, "train_seconds": seconds,
                        "graph_inputs": graph_inputs, "graph_outputs": graph_outputs, "max_diff": max_diff})

    if not args.only:
        write_models_readme(args.out, results, measured_with, args.threads)
    print("total time %.0fs" % (time.time() - t0), flush=True)
    if failed:
        print("ACCURACY BELOW THRESHOLD: " + "; ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
