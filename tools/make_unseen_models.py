#!/usr/bin/python3
"""Writes the models and data of src/test/resources/unseen/: models the project has never seen, for the
acceptance walk of issue 13 (UnseenModelsWalkTest: init -> serve -> calibrate -> assess -> failures with no
code change). Small and quickly trained, with fixed seeds; Warden's tests read the files, never this script.

* shapes-rgb.onnx        RGB [N,3,32,32] FP32 classifier of four procedurally drawn shapes (circle, cross,
                         square, triangle: class indices in sorted order, as ImageFolder gives them) in random colours on noisy random backgrounds, trained on
                         ImageNet-normalized input (per-channel mean/std). Outputs 'logits' and 'features'
                         (the penultimate layer). No sidecar: the user says the normalization (see the test).
* shapes-u8.onnx         the same network taking UINT8 [N,32,32,3] (NHWC) pixels; cast, /255, transpose and
                         normalization happen inside the graph.
* tabular13.onnx         a 13-feature classifier of 3 classes on raw measurements of very different scales
                         (the standardization is inside the graph, as a scikit-learn pipeline exports it);
                         one output, 'logits'.
Data:
* shapes-train/<label>/*.png, shapes-test/<label>/*.png   image folders (torchvision ImageFolder layout)
* shapes-test.npz                                          x: uint8 [N,32,32,3], y: int64 [N]
* shapes-u8-train.npy + shapes-u8-train-labels.npy         uint8 [N,32,32,3] and int64 [N]
* tabular13-train.csv, tabular13-test.csv                  header f00..f12,label; label = class index
* accuracy.json                                            held-out accuracy of each model (torch, not ONNX Runtime)

Run: /usr/bin/python3 tools/make_unseen_models.py   (Debian python3-torch, python3-onnx, python3-numpy, python3-pil)
"""
import json
import os
import shutil

import numpy as np
import onnx
import torch
from PIL import Image

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test", "resources", "unseen")
MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]
SHAPES = ["circle", "cross", "square", "triangle"]  # sorted, as torchvision's ImageFolder numbers classes


def draw_shapes(n, rng):
    """uint8 [n,32,32,3] images of one shape each (label = index into SHAPES)."""
    yy, xx = np.mgrid[0:32, 0:32].astype(np.float32)
    labels = rng.integers(0, len(SHAPES), n)
    images = np.empty((n, 32, 32, 3), np.uint8)
    for i, label in enumerate(labels):
        bg = rng.uniform(0, 255, 3)
        img = np.ones((32, 32, 3), np.float32) * bg + rng.normal(0, 18, (32, 32, 3))
        fg = rng.uniform(0, 255, 3)
        while np.abs(fg - bg).sum() < 180:
            fg = rng.uniform(0, 255, 3)
        cx, cy, r = rng.uniform(11, 21), rng.uniform(11, 21), rng.uniform(6, 10)
        dx, dy = xx - cx, yy - cy
        shape = SHAPES[label]
        if shape == "circle":
            mask = dx * dx + dy * dy <= r * r
        elif shape == "square":
            mask = (np.abs(dx) <= r * 0.85) & (np.abs(dy) <= r * 0.85)
        elif shape == "triangle":
            mask = (dy <= r * 0.8) & (dy >= -r + 2 * np.abs(dx))
        else:
            w = r * 0.3
            mask = ((np.abs(dx) <= w) & (np.abs(dy) <= r)) | ((np.abs(dy) <= w) & (np.abs(dx) <= r))
        img[mask] = fg + rng.normal(0, 10, (int(mask.sum()), 3))
        images[i] = np.clip(img, 0, 255).astype(np.uint8)
    return images, labels.astype(np.int64)


class ShapesCnn(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(3, 12, 3, padding=1)
        self.conv2 = torch.nn.Conv2d(12, 24, 3, padding=1)
        self.fc = torch.nn.Linear(24 * 4 * 4, 48)
        self.out = torch.nn.Linear(48, len(SHAPES))

    def forward(self, x):
        x = torch.max_pool2d(torch.relu(self.conv1(x)), 2)
        x = torch.max_pool2d(torch.relu(self.conv2(x)), 4)
        features = torch.relu(self.fc(x.flatten(1)))
        return self.out(features), features


def normalize(x):
    return (x - torch.tensor(MEAN).view(1, 3, 1, 1)) / torch.tensor(STD).view(1, 3, 1, 1)


class Uint8Nhwc(torch.nn.Module):
    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x):
        return self.net(normalize(x.float().div(255.0).permute(0, 3, 1, 2)))


def export(module, dummy, name, input_name, outputs):
    path = os.path.join(OUT, name)
    torch.onnx.export(module, dummy, path, input_names=[input_name], output_names=outputs,
                      dynamic_axes={k: {0: "N"} for k in [input_name] + outputs}, opset_version=13,
                      do_constant_folding=True)
    onnx.checker.check_model(onnx.load(path))


def to_pixels(u8):
    return torch.from_numpy(u8.transpose(0, 3, 1, 2).astype(np.float32) / 255.0)


def write_folder(folder, images, labels):
    shutil.rmtree(os.path.join(OUT, folder), ignore_errors=True)
    for i, (img, label) in enumerate(zip(images, labels)):
        d = os.path.join(OUT, folder, SHAPES[label])
        os.makedirs(d, exist_ok=True)
        Image.fromarray(img).save(os.path.join(d, "%04d.png" % i))


def make_shapes():
    torch.manual_seed(7)
    x, y = draw_shapes(3000, np.random.default_rng(7))
    xt, yt = normalize(to_pixels(x)), torch.from_numpy(y)
    net = ShapesCnn()
    opt = torch.optim.Adam(net.parameters(), lr=0.004)
    for epoch in range(12):
        perm = torch.randperm(len(x))
        for b in range(0, len(x), 64):
            idx = perm[b:b + 64]
            opt.zero_grad()
            torch.nn.functional.cross_entropy(net(xt[idx])[0], yt[idx]).backward()
            opt.step()
    net.eval()
    test_x, test_y = draw_shapes(400, np.random.default_rng(8))
    with torch.no_grad():
        accuracy = float((net(normalize(to_pixels(test_x)))[0].argmax(1).numpy() == test_y).mean())
    export(net, torch.zeros(1, 3, 32, 32), "shapes-rgb.onnx", "input", ["logits", "features"])
    export(Uint8Nhwc(net), torch.zeros(1, 32, 32, 3, dtype=torch.uint8), "shapes-u8.onnx", "image", ["logits", "features"])
    # Data for the tests: a calibration set and a held-out set, in the formats users have.
    write_folder("shapes-train", x[:400], y[:400])
    write_folder("shapes-test", test_x[:80], test_y[:80])
    np.savez_compressed(os.path.join(OUT, "shapes-test.npz"), x=test_x[:200], y=test_y[:200])
    np.save(os.path.join(OUT, "shapes-u8-train.npy"), x[:400])
    np.save(os.path.join(OUT, "shapes-u8-train-labels.npy"), y[:400])
    print("shapes: held-out accuracy", accuracy)
    return accuracy


FEATURES = [  # name, mean, std of each raw measurement (deliberately of very different scales)
    (40.0, 9.0), (130.0, 18.0), (240.0, 45.0), (0.9, 0.6), (150.0, 22.0), (1.1, 0.9), (7.3, 0.4),
    (0.03, 0.01), (3500.0, 800.0), (12.0, 4.0), (0.5, 0.2), (88.0, 11.0), (2.2, 1.1)]


def tabular(n, rng):
    mean = np.array([m for m, _ in FEATURES])
    std = np.array([s for _, s in FEATURES])
    labels = rng.integers(0, 3, n)
    centres = np.random.default_rng(99).normal(0, 1.1, (3, 13))
    z = centres[labels] + rng.normal(0, 1, (n, 13))
    raw = mean + z * std
    raw[:, [0, 1, 2, 4, 8, 11]] = np.round(raw[:, [0, 1, 2, 4, 8, 11]])
    raw = np.maximum(raw, 0)
    return raw.astype(np.float32), labels.astype(np.int64)


class Tabular(torch.nn.Module):
    def __init__(self, mean, std):
        super().__init__()
        self.register_buffer("mean", torch.tensor(mean, dtype=torch.float32))
        self.register_buffer("std", torch.tensor(std, dtype=torch.float32))
        self.hidden = torch.nn.Linear(13, 24)
        self.out = torch.nn.Linear(24, 3)

    def forward(self, x):
        return self.out(torch.relu(self.hidden((x - self.mean) / self.std)))


def write_csv(name, x, y):
    with open(os.path.join(OUT, name), "w") as f:
        f.write(",".join("f%02d" % i for i in range(13)) + ",label\n")
        for row, label in zip(x, y):
            f.write(",".join("%g" % v for v in row) + ",%d\n" % label)


def make_tabular():
    torch.manual_seed(13)
    x, y = tabular(1500, np.random.default_rng(13))
    net = Tabular(x.mean(0), x.std(0))
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    opt = torch.optim.Adam(net.parameters(), lr=0.01)
    for epoch in range(60):
        opt.zero_grad()
        torch.nn.functional.cross_entropy(net(xt), yt).backward()
        opt.step()
    net.eval()
    test_x, test_y = tabular(300, np.random.default_rng(14))
    with torch.no_grad():
        accuracy = float((net(torch.from_numpy(test_x)).argmax(1).numpy() == test_y).mean())
    export(net, torch.zeros(1, 13), "tabular13.onnx", "x", ["logits"])
    write_csv("tabular13-train.csv", x[:600], y[:600])
    write_csv("tabular13-test.csv", test_x, test_y)
    print("tabular13: held-out accuracy", accuracy)
    return accuracy


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    shapes = make_shapes()
    tab = make_tabular()
    with open(os.path.join(OUT, "accuracy.json"), "w") as f:
        json.dump({"shapes-rgb": shapes, "shapes-u8": shapes, "tabular13": tab}, f, indent=2)
        f.write("\n")
