#!/usr/bin/python3
"""Export a production-size image classifier to ONNX for timing Warden's guard at real model sizes (issue 18).

MobileNetV3-small (Howard et al. 2019, "Searching for MobileNetV3"), written out here because Debian has no
torchvision, at 3x224x224 input with 10 classes and random (seeded) weights: only its cost matters, not its
accuracy. Outputs `logits` [N, 10] and `features` [N, 1024] (the penultimate layer, for the ood and knn
defenses); a sidecar beside it declares the input range [0, 1] (what `warden init` asks for). Not bundled: docs/benchmarks.md says how to build it and run `warden init` on it.

    /usr/bin/python3 tools/make_large_model.py [--out /tmp/warden-large]

Requirements (Debian 12 packages): python3-torch, python3-onnx.
"""

import argparse
import os

import torch
from torch import nn


def hswish(x):
    return x * nn.functional.relu6(x + 3) / 6


def hsigmoid(x):
    return nn.functional.relu6(x + 3) / 6


class SqueezeExcite(nn.Module):
    def __init__(self, channels, squeeze):
        super().__init__()
        self.fc1 = nn.Conv2d(channels, squeeze, 1)
        self.fc2 = nn.Conv2d(squeeze, channels, 1)

    def forward(self, x):
        s = nn.functional.adaptive_avg_pool2d(x, 1)
        s = hsigmoid(self.fc2(nn.functional.relu(self.fc1(s))))
        return x * s


def make_divisible(v, divisor=8):
    new = max(divisor, int(v + divisor / 2) // divisor * divisor)
    return new + divisor if new < 0.9 * v else new


class Bottleneck(nn.Module):
    def __init__(self, cin, kernel, expand, cout, se, hs, stride):
        super().__init__()
        self.hs = hs
        self.residual = stride == 1 and cin == cout
        layers = []
        self.expand = None
        if expand != cin:
            self.expand = nn.Sequential(nn.Conv2d(cin, expand, 1, bias=False), nn.BatchNorm2d(expand))
        self.depthwise = nn.Sequential(nn.Conv2d(expand, expand, kernel, stride, kernel // 2, groups=expand, bias=False),
                                       nn.BatchNorm2d(expand))
        self.se = SqueezeExcite(expand, make_divisible(expand // 4)) if se else None
        self.project = nn.Sequential(nn.Conv2d(expand, cout, 1, bias=False), nn.BatchNorm2d(cout))

    def act(self, x):
        return hswish(x) if self.hs else nn.functional.relu(x)

    def forward(self, x):
        y = x
        if self.expand is not None:
            y = self.act(self.expand(y))
        y = self.act(self.depthwise(y))
        if self.se is not None:
            y = self.se(y)
        y = self.project(y)
        return x + y if self.residual else y


# (kernel, expansion, out, squeeze-excite, hard-swish, stride): Table 2 of the paper, MobileNetV3-Small.
SMALL = [
    (3, 16, 16, True, False, 2),
    (3, 72, 24, False, False, 2),
    (3, 88, 24, False, False, 1),
    (5, 96, 40, True, True, 2),
    (5, 240, 40, True, True, 1),
    (5, 240, 40, True, True, 1),
    (5, 120, 48, True, True, 1),
    (5, 144, 48, True, True, 1),
    (5, 288, 96, True, True, 2),
    (5, 576, 96, True, True, 1),
    (5, 576, 96, True, True, 1),
]


class MobileNetV3Small(nn.Module):
    def __init__(self, classes=10):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 16, 3, 2, 1, bias=False), nn.BatchNorm2d(16))
        blocks = []
        cin = 16
        for k, e, c, se, hs, s in SMALL:
            blocks.append(Bottleneck(cin, k, e, c, se, hs, s))
            cin = c
        self.blocks = nn.Sequential(*blocks)
        self.last = nn.Sequential(nn.Conv2d(cin, 576, 1, bias=False), nn.BatchNorm2d(576))
        self.head = nn.Linear(576, 1024)
        self.classifier = nn.Linear(1024, classes)

    def forward(self, x):
        x = hswish(self.stem(x))
        x = self.blocks(x)
        x = hswish(self.last(x))
        x = torch.flatten(nn.functional.adaptive_avg_pool2d(x, 1), 1)
        features = hswish(self.head(x))
        return self.classifier(features), features


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="/tmp/warden-large")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    model = MobileNetV3Small().eval()
    # Random BatchNorm statistics that keep activations in a sane range through the depth.
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.running_mean.uniform_(-0.1, 0.1)
            m.running_var.uniform_(0.5, 1.5)
    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, "mobilenetv3-small.onnx")
    x = torch.rand(1, 3, 224, 224)
    torch.onnx.export(model, x, path, input_names=["input"], output_names=["logits", "features"],
                      dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}, "features": {0: "batch"}},
                      opset_version=13, do_constant_folding=True)
    import onnx
    onnx.checker.check_model(onnx.load(path))
    # What 'warden init' cannot see in the graph and asks for: the valid range of the pixels (with it, init also
    # puts the query detector and known-failure matching in the chain). Nothing else is declared here.
    import json
    with open(os.path.join(args.out, "mobilenetv3-small.json"), "w") as f:
        json.dump({"name": "mobilenetv3-small", "description": "MobileNetV3-small, random weights (tools/make_large_model.py), "
                   "for timing only", "input_range": [0.0, 1.0], "layout": "NCHW"}, f, indent=2)
    params = sum(p.numel() for p in model.parameters())
    print(f"wrote {path}: MobileNetV3-small, {params:,} parameters, input 3x224x224, outputs logits[10] and features[1024]")


if __name__ == "__main__":
    main()
