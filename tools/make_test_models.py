#!/usr/bin/python3
"""Writes the small test models of src/test/resources/models/ (each well under 200 KB), with fixed seeds.

Models a new user brings, as the model tests load them (docs/models-metadata.md):

* rgb-cnn.onnx          RGB [N,3,32,32] FP32 classifier (logits and 32 features) trained on ImageNet-normalized input (mean/std per
                        channel): the sidecar declares the normalization, clients send pixels in [0, 1].
* rgb-cnn-uint8.onnx    the same network taking UINT8 [N,32,32,3] (NHWC); cast, scaling, transpose and
                        normalization happen inside the graph. No sidecar needed.
* wine-mlp.onnx         13-feature tabular MLP (scikit-learn's bundled wine data) trained on standardized
                        features; the sidecar declares per-feature ranges and the per-feature normalization,
                        labels come from wine-mlp.labels.
* iris-zipmap.onnx      a scikit-learn-style classifier built with onnx.helper: LinearClassifier (multinomial
                        logistic regression fitted by scikit-learn) -> label (STRING [N]) and ZipMap
                        probabilities (a sequence of maps from class name to probability).
* cast-<type>.onnx      one per input datatype (FP16, FP64, INT64, INT32, UINT8, BOOL): x [N,4] of that type,
                        cast to float, times a fixed [4,2] matrix -> scores [N,2]; 'echo' returns x unchanged.
* bytes-category.onnx   a BYTES input [N,1] mapped to class scores by CategoryMapper + OneHot.
* softmax-output.onnx   x FP32 [N,4] -> softmax probabilities named 'output' (kind found by a probe run).
* two-inputs.onnx       pixels FP32 [N,4] times the cast weights, plus a count INT64 [N,1]; the sidecar gives
                        each input its own range.

Alongside: a JSON of expected outputs per model (computed here with numpy/torch/scikit-learn, not with ONNX
Runtime), which the Java tests compare with what Warden's OnnxModel returns.

Run: /usr/bin/python3 tools/make_test_models.py   (Debian python3-torch, python3-onnx, python3-sklearn)
"""
import json
import os

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper
from sklearn.datasets import load_iris, load_wine
from sklearn.linear_model import LogisticRegression

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test", "resources", "models")
IMAGENET_MEAN = [0.485, 0.456, 0.406]
IMAGENET_STD = [0.229, 0.224, 0.225]
COLOURS = ["red", "green", "blue"]


def write_json(name, value, indent=2):
    with open(os.path.join(OUT, name), "w") as f:
        json.dump(value, f, indent=indent)
        f.write("\n")


def export(module, dummy, name, input_name, output_names, dynamic):
    path = os.path.join(OUT, name)
    torch.onnx.export(module, dummy, path, input_names=[input_name], output_names=output_names,
                      dynamic_axes={k: {0: "N"} for k in [input_name] + output_names} if dynamic else None,
                      opset_version=13, do_constant_folding=True)
    onnx.checker.check_model(onnx.load(path))
    return path


class SmallCnn(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(3, 8, 3, padding=1)
        self.conv2 = torch.nn.Conv2d(8, 16, 3, padding=1)
        self.fc = torch.nn.Linear(16 * 4 * 4, 32)
        self.out = torch.nn.Linear(32, 3)

    def forward(self, x):
        x = torch.max_pool2d(torch.relu(self.conv1(x)), 2)
        x = torch.max_pool2d(torch.relu(self.conv2(x)), 4)
        features = torch.relu(self.fc(x.flatten(1)))
        return self.out(features), features


def colour_images(n, rng):
    """Noisy images dominated by one colour channel: label = the dominant channel."""
    labels = rng.integers(0, 3, n)
    x = rng.uniform(0.0, 0.45, (n, 3, 32, 32))
    for i, c in enumerate(labels):
        x[i, c] += rng.uniform(0.35, 0.55)
    return np.clip(x, 0, 1).astype(np.float32), labels


def normalize(x):
    mean = torch.tensor(IMAGENET_MEAN).view(1, 3, 1, 1)
    std = torch.tensor(IMAGENET_STD).view(1, 3, 1, 1)
    return (x - mean) / std


class Uint8Nhwc(torch.nn.Module):
    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x):
        return self.net(normalize(x.float().div(255.0).permute(0, 3, 1, 2)))


def make_rgb():
    torch.manual_seed(1)
    rng = np.random.default_rng(1)
    net = SmallCnn()
    x, y = colour_images(1200, rng)
    xt, yt = normalize(torch.from_numpy(x)), torch.from_numpy(y)
    opt = torch.optim.Adam(net.parameters(), lr=0.01)
    for epoch in range(8):
        for b in range(0, len(x), 100):
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(net(xt[b:b + 100])[0], yt[b:b + 100])
            loss.backward()
            opt.step()
    net.eval()
    test_x, test_y = colour_images(300, np.random.default_rng(2))
    with torch.no_grad():
        accuracy = float((net(normalize(torch.from_numpy(test_x)))[0].argmax(1).numpy() == test_y).mean())
    export(net, torch.zeros(1, 3, 32, 32), "rgb-cnn.onnx", "input", ["logits", "features"], True)
    write_json("rgb-cnn.json", {
        "name": "rgb-cnn", "description": "3-class dominant-colour CNN trained on ImageNet-normalized 32x32 RGB input",
        "labels": COLOURS, "input_range": [0.0, 1.0], "layout": "NCHW",
        "normalization": {"mean": IMAGENET_MEAN, "std": IMAGENET_STD},
        "scores_output": "logits", "scores_kind": "logits", "features_output": "features", "test_accuracy": accuracy})
    export(Uint8Nhwc(net), torch.zeros(1, 32, 32, 3, dtype=torch.uint8), "rgb-cnn-uint8.onnx", "image", ["logits", "features"], True)
    # Expected logits for a few images, computed by torch (not ONNX Runtime). The images are whole steps of
    # 1/255, so that the UINT8 model sees exactly the same pixels: pixels = uint8_nchw / 255.
    u8 = np.round(test_x[:3] * 255).astype(np.uint8)
    pixels = u8.astype(np.float32) / 255
    with torch.no_grad():
        logits = net(normalize(torch.from_numpy(pixels)))[0].numpy()
        logits_u8 = Uint8Nhwc(net)(torch.from_numpy(u8.transpose(0, 2, 3, 1).copy()))[0].numpy()
    write_json("rgb-cnn.expected.json", {
        "uint8_nchw": u8.reshape(3, -1).tolist(), "labels": test_y[:3].tolist(), "logits": logits.tolist(),
        "uint8_logits": logits_u8.tolist(), "test_accuracy": accuracy}, indent=None)
    print("rgb-cnn: test accuracy", accuracy)


class WineMlp(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = torch.nn.Linear(13, 16)
        self.out = torch.nn.Linear(16, 3)

    def forward(self, x):
        return self.out(torch.relu(self.hidden(x)))


def make_wine():
    torch.manual_seed(1)
    data = load_wine()
    x, y = data.data.astype(np.float32), data.target
    order = np.random.default_rng(1).permutation(len(x))
    train, test = order[:140], order[140:]
    mean, std = x[train].mean(0), x[train].std(0)
    net = WineMlp()
    xt = torch.from_numpy((x[train] - mean) / std)
    yt = torch.from_numpy(y[train])
    opt = torch.optim.Adam(net.parameters(), lr=0.02)
    for step in range(300):
        opt.zero_grad()
        torch.nn.functional.cross_entropy(net(xt), yt).backward()
        opt.step()
    net.eval()
    with torch.no_grad():
        logits = net(torch.from_numpy((x[test] - mean) / std)).numpy()
    accuracy = float((logits.argmax(1) == y[test]).mean())
    export(net, torch.zeros(1, 13), "wine-mlp.onnx", "input", ["logits"], True)
    lo, hi = x.min(0), x.max(0)
    margin = (hi - lo) * 0.25
    ranges = [[round(float(a), 4), round(float(b), 4)] for a, b in zip(np.maximum(lo - margin, 0), hi + margin)]
    with open(os.path.join(OUT, "wine-mlp.labels"), "w") as f:
        f.write("\n".join(["barolo", "grignolino", "barbera"]) + "\n")
    write_json("wine-mlp.json", {
        "name": "wine-mlp", "description": "MLP (13-16-3) on scikit-learn's wine data, trained on standardized features",
        "labels_file": "wine-mlp.labels", "layout": "FEATURES", "input_ranges": ranges,
        "feature_names": [n.replace("od280/od315_of_diluted_wines", "od280_od315") for n in data.feature_names],
        "normalization": {"mean": [float(v) for v in mean], "std": [float(v) for v in std]},
        "scores_output": "logits", "scores_kind": "logits", "test_accuracy": accuracy})
    write_json("wine-mlp.expected.json", {
        "features": x[test[:5]].tolist(), "labels": y[test[:5]].tolist(), "logits": logits[:5].tolist(),
        "standardized": ((x[test[:5]] - mean) / std).tolist(), "test_accuracy": accuracy})
    print("wine-mlp: test accuracy", accuracy)


def zipmap_output(name, key_type):
    """sequence<map<key_type, float>>, built by hand (older onnx.helper has no map type helper)."""
    info = onnx.ValueInfoProto()
    info.name = name
    entry = info.type.sequence_type.elem_type.map_type
    entry.key_type = key_type
    entry.value_type.tensor_type.elem_type = TensorProto.FLOAT
    return info


def make_iris_zipmap():
    data = load_iris()
    x, y = data.data.astype(np.float32), data.target
    names = [str(n) for n in data.target_names]
    clf = LogisticRegression(max_iter=1000, random_state=1).fit(x, y)
    label = helper.make_node("LinearClassifier", ["input"], ["label", "probabilities"], domain="ai.onnx.ml",
                             coefficients=clf.coef_.astype(np.float32).flatten().tolist(),
                             intercepts=clf.intercept_.astype(np.float32).tolist(),
                             classlabels_strings=names, multi_class=1, post_transform="SOFTMAX")
    zipmap = helper.make_node("ZipMap", ["probabilities"], ["output_probability"], domain="ai.onnx.ml",
                              classlabels_strings=names)
    graph = helper.make_graph(
        [label, zipmap], "iris-zipmap",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["N", 4])],
        [helper.make_tensor_value_info("label", TensorProto.STRING, ["N"]),
         zipmap_output("output_probability", TensorProto.STRING)])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13), helper.make_opsetid("ai.onnx.ml", 1)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(OUT, "iris-zipmap.onnx"))
    rows = [0, 60, 120, 75, 140]
    write_json("iris-zipmap.expected.json", {
        "features": x[rows].tolist(), "classes": names,
        "probabilities": clf.predict_proba(x[rows]).tolist(), "labels": [names[i] for i in clf.predict(x[rows])]})
    print("iris-zipmap: training accuracy", clf.score(x, y))


CAST_TYPES = {"FP16": TensorProto.FLOAT16, "FP64": TensorProto.DOUBLE, "INT64": TensorProto.INT64,
              "INT32": TensorProto.INT32, "UINT8": TensorProto.UINT8, "BOOL": TensorProto.BOOL}
CAST_WEIGHTS = np.array([[1, -1], [2, 0.5], [-0.5, 1], [0.25, 3]], dtype=np.float32)


def make_cast_models():
    for name, elem in CAST_TYPES.items():
        nodes = [helper.make_node("Cast", ["x"], ["xf"], to=TensorProto.FLOAT),
                 helper.make_node("MatMul", ["xf", "w"], ["scores"]),
                 helper.make_node("Identity", ["x"], ["echo"])]
        graph = helper.make_graph(nodes, "cast-" + name.lower(),
                                  [helper.make_tensor_value_info("x", elem, ["N", 4])],
                                  [helper.make_tensor_value_info("scores", TensorProto.FLOAT, ["N", 2]),
                                   helper.make_tensor_value_info("echo", elem, ["N", 4])],
                                  [numpy_helper.from_array(CAST_WEIGHTS, "w")])
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
        model.ir_version = 8
        onnx.checker.check_model(model)
        onnx.save(model, os.path.join(OUT, "cast-" + name.lower() + ".onnx"))
    write_json("cast.expected.json", {"weights": CAST_WEIGHTS.tolist()})


def make_bytes_category():
    nodes = [helper.make_node("CategoryMapper", ["word"], ["index"], domain="ai.onnx.ml",
                              cats_strings=["cat", "dog", "bird"], cats_int64s=[0, 1, 2], default_int64=0),
             helper.make_node("Squeeze", ["index", "axes"], ["flat"]),
             helper.make_node("OneHot", ["flat", "depth", "values"], ["scores"], axis=-1)]
    graph = helper.make_graph(nodes, "bytes-category",
                              [helper.make_tensor_value_info("word", TensorProto.STRING, ["N", 1])],
                              [helper.make_tensor_value_info("scores", TensorProto.FLOAT, ["N", 3])],
                              [numpy_helper.from_array(np.array([1], dtype=np.int64), "axes"),
                               numpy_helper.from_array(np.array(3, dtype=np.int64), "depth"),
                               numpy_helper.from_array(np.array([0, 1], dtype=np.float32), "values")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13), helper.make_opsetid("ai.onnx.ml", 2)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(OUT, "bytes-category.onnx"))
    write_json("bytes-category.json", {"name": "bytes-category", "labels": ["cat", "dog", "bird"],
                                       "scores_kind": "probabilities"})


def make_two_inputs():
    """Two inputs with their own domains: pixels FP32 [N,4] in [0, 1] and a count INT64 [N,1] in [0, 10]."""
    nodes = [helper.make_node("MatMul", ["pixels", "w"], ["mixed"]),
             helper.make_node("Cast", ["count"], ["countf"], to=TensorProto.FLOAT),
             helper.make_node("Add", ["mixed", "countf"], ["scores"])]
    graph = helper.make_graph(nodes, "two-inputs",
                              [helper.make_tensor_value_info("pixels", TensorProto.FLOAT, ["N", 4]),
                               helper.make_tensor_value_info("count", TensorProto.INT64, ["N", 1])],
                              [helper.make_tensor_value_info("scores", TensorProto.FLOAT, ["N", 2])],
                              [numpy_helper.from_array(CAST_WEIGHTS, "w")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(OUT, "two-inputs.onnx"))
    write_json("two-inputs.json", {"name": "two-inputs", "labels": ["left", "right"], "input_range": [0, 1],
                                   "inputs": [{"name": "count", "datatype": "INT64", "input_range": [0, 10]}]})


def make_softmax_output():
    """A classifier whose probabilities come out under a name that does not say so: 'output'."""
    nodes = [helper.make_node("MatMul", ["x", "w"], ["z"]), helper.make_node("Add", ["z", "b"], ["zb"]),
             helper.make_node("Softmax", ["zb"], ["output"], axis=-1)]
    graph = helper.make_graph(nodes, "softmax-output",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 4])],
                              [helper.make_tensor_value_info("output", TensorProto.FLOAT, ["N", 2])],
                              [numpy_helper.from_array(CAST_WEIGHTS, "w"),
                               numpy_helper.from_array(np.array([0.5, -0.5], dtype=np.float32), "b")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(OUT, "softmax-output.onnx"))


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    make_rgb()
    make_wine()
    make_iris_zipmap()
    make_cast_models()
    make_bytes_category()
    make_two_inputs()
    make_softmax_output()
    for f in sorted(os.listdir(OUT)):
        print(f"{os.path.getsize(os.path.join(OUT, f)):>8}  {f}")
