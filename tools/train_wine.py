#!/usr/bin/python3
"""Train wine-mlp, a small tabular classifier on the UCI Wine data, and export it to ONNX.

The data is the Wine recognition data set of the UCI Machine Learning Repository (Forina et al.;
178 wines, 13 chemical measurements, 3 cultivars), as shipped inside the Debian package
python3-sklearn (`sklearn.datasets.load_wine`, read offline from the package's own files).

Run from the repository root (Debian packages python3-torch, python3-onnx, python3-sklearn):

    nice -n 10 /usr/bin/python3 tools/train_wine.py [--out models] [--data-out data]

Writes

  * <data-out>/wine-train.csv, <data-out>/wine-test.csv: a seeded, stratified 70/30 split, a header
    with the 13 feature names and a `label` column (class index 0-2)
  * <out>/wine-mlp.onnx: input `input` FP32 [N,13] of RAW feature values (the standardization fitted
    on the training split is inside the graph); outputs `logits` [N,3] and `features` [N,16]
    (penultimate layer, after ReLU); dynamic batch; opset 13
  * <out>/wine-mlp.json: the sidecar (labels, layout FEATURES, feature names, per-feature input ranges)

The per-feature ranges are the minimum and maximum over all 178 rows widened by 10% of the column's
span on each side, the lower bound clipped at 0 (every measurement is non-negative).
"""

import argparse
import csv
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from train_signs import check_export, describe_graph, export_onnx, run_onnx_numpy, sha256_file  # noqa: E402

NAME = "wine-mlp"
SPLIT_SEED = 7
TEST_FRACTION = 0.3
RANGE_MARGIN = 0.1
HIDDEN = (32, 16)


class WineMLP(nn.Module):
    """(x - mean) / std inside the graph, then 13-32-16-3 with ReLU."""

    def __init__(self, mean, std):
        super().__init__()
        self.register_buffer("mean", torch.tensor(mean, dtype=torch.float32).reshape(1, -1))
        self.register_buffer("std", torch.tensor(std, dtype=torch.float32).reshape(1, -1))
        self.fc1 = nn.Linear(13, HIDDEN[0])
        self.fc2 = nn.Linear(HIDDEN[0], HIDDEN[1])
        self.fc3 = nn.Linear(HIDDEN[1], 3)

    def forward(self, x):
        x = (x - self.mean) / self.std
        x = F.relu(self.fc1(x))
        features = F.relu(self.fc2(x))
        return self.fc3(features), features


def write_csv(path, names, x, y):
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(list(names) + ["label"])
        for row, label in zip(x, y):
            w.writerow(["%g" % v for v in row] + [int(label)])


def read_csv(path):
    with open(path) as f:
        rows = list(csv.reader(f))
    x = np.array([[float(v) for v in r[:-1]] for r in rows[1:]], np.float32)
    y = np.array([int(r[-1]) for r in rows[1:]], np.int64)
    return rows[0][:-1], x, y


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default="models")
    ap.add_argument("--data-out", default="data")
    ap.add_argument("--seed", type=int, default=1, help="torch seed (weight init)")
    ap.add_argument("--split-seed", type=int, default=SPLIT_SEED)
    ap.add_argument("--epochs", type=int, default=300, help="full-batch Adam steps")
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args(argv)

    from sklearn.datasets import load_wine
    from sklearn.model_selection import train_test_split

    torch.set_num_threads(args.threads)
    torch.use_deterministic_algorithms(True)
    torch.manual_seed(args.seed)

    data = load_wine()
    names = list(data.feature_names)
    labels = [str(n) for n in data.target_names]
    x_all = data.data.astype(np.float64)
    y_all = data.target.astype(np.int64)
    x_tr, x_te, y_tr, y_te = train_test_split(x_all, y_all, test_size=TEST_FRACTION, random_state=args.split_seed,
                                              stratify=y_all)
    os.makedirs(args.data_out, exist_ok=True)
    write_csv(os.path.join(args.data_out, "wine-train.csv"), names, x_tr, y_tr)
    write_csv(os.path.join(args.data_out, "wine-test.csv"), names, x_te, y_te)
    # train on exactly what the CSV files hold
    _, x_tr, y_tr = read_csv(os.path.join(args.data_out, "wine-train.csv"))
    _, x_te, y_te = read_csv(os.path.join(args.data_out, "wine-test.csv"))

    mean = x_tr.mean(0)
    std = x_tr.std(0)
    lo, hi = x_all.min(0), x_all.max(0)
    span = hi - lo
    ranges = [[round(max(0.0, float(a - RANGE_MARGIN * s)), 4), round(float(b + RANGE_MARGIN * s), 4)]
              for a, b, s in zip(lo, hi, span)]

    model = WineMLP(mean, std)
    opt = torch.optim.Adam(model.parameters(), lr=0.01, weight_decay=1e-4)
    xt, yt = torch.from_numpy(x_tr), torch.from_numpy(y_tr)
    t0 = time.time()
    for step in range(args.epochs):
        model.train()
        opt.zero_grad()
        loss = F.cross_entropy(model(xt)[0], yt)
        loss.backward()
        opt.step()
    train_seconds = time.time() - t0
    model.eval()
    with torch.no_grad():
        train_acc = float((model(xt)[0].argmax(1).numpy() == y_tr).mean())
        test_pred = model(torch.from_numpy(x_te))[0].argmax(1).numpy()
    torch_acc = float((test_pred == y_te).mean())

    os.makedirs(args.out, exist_ok=True)
    onnx_path = os.path.join(args.out, NAME + ".onnx")
    export_onnx(model, onnx_path, torch.zeros(1, 13))
    ins, outs, opset, ops = describe_graph(onnx_path)
    diffs = check_export(model, onnx_path, x_te)
    onnx_pred = run_onnx_numpy(onnx_path, {"input": x_te})["logits"].argmax(1)
    accuracy = float((onnx_pred == y_te).mean())
    sha = sha256_file(onnx_path)
    sidecar = {
        "name": NAME,
        "version": "1",
        "description": ("Multilayer perceptron (13-32-16-3, standardization inside the graph) classifying "
                        "wines of the UCI Wine data (13 chemical measurements) into 3 cultivars."),
        "platform": "onnxruntime",
        "inputs": [{"name": "input", "datatype": "FP32", "shape": [-1, 13]}],
        "outputs": [{"name": "logits", "datatype": "FP32", "shape": [-1, 3]},
                    {"name": "features", "datatype": "FP32", "shape": [-1, HIDDEN[1]]}],
        "labels": labels,
        "input_range": [min(r[0] for r in ranges), max(r[1] for r in ranges)],
        "input_ranges": ranges,
        "feature_names": names,
        "layout": "FEATURES",
        "scores_output": "logits",
        "scores_kind": "logits",
        "features_output": "features",
        "test_accuracy": round(accuracy, 4),
        "onnx_sha256": sha,
        "trained_with": {"seed": args.seed, "split_seed": args.split_seed, "test_fraction": TEST_FRACTION,
                         "epochs": args.epochs, "optimizer": "Adam lr 0.01 weight_decay 1e-4, full batch",
                         "train_rows": int(len(y_tr)), "test_rows": int(len(y_te)), "torch": torch.__version__,
                         "data": "UCI Wine via python3-sklearn load_wine"},
    }
    with open(os.path.join(args.out, NAME + ".json"), "w") as f:
        json.dump(sidecar, f, indent=2)
        f.write("\n")
    print("%s: test accuracy %.4f (%d rows; exported graph run by the numpy evaluator; torch %.4f), "
          "train accuracy %.4f (%d rows)" % (NAME, accuracy, len(y_te), torch_acc, train_acc, len(y_tr)))
    print("  class counts train %s test %s" % (np.bincount(y_tr, minlength=3).tolist(),
                                              np.bincount(y_te, minlength=3).tolist()))
    print("  %d parameters, %d bytes, sha256 %s, opset %d, ops %s"
          % (sum(p.numel() for p in model.parameters()), os.path.getsize(onnx_path), sha, opset, ops))
    print("  inputs %s outputs %s" % (ins, outs))
    print("  max |exported - torch| on the test rows: %s" % diffs)
    print("  training time %.1fs" % train_seconds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
