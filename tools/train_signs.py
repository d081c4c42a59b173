#!/usr/bin/python3
"""Train signs-cnn, the road-sign classifier of the paper's running example, and export it to ONNX.

Run from the repository root (Debian packages python3-torch, python3-onnx, python3-numpy, python3-pil):

    nice -n 10 /usr/bin/python3 tools/train_signs.py [--out models] [--cache /tmp/signs-cache]

It renders a fresh training set (tools/render_signs.py, seed TRAIN_SEED) and a held-out set of
another seed (TEST_SEED), computes the per-channel mean/std of the training pixels (x in [0, 1]),
trains a small CNN on (x - mean) / std, and writes

  * <out>/signs-cnn.onnx: input `input` FP32 [N,3,32,32], NORMALIZED ((x - mean) / std, x in [0, 1]);
    outputs `logits` [N,8] and `features` [N,128] (penultimate layer, after ReLU); dynamic batch;
    opset 13, like the Fashion models (tools/train_models.py)
  * <out>/signs-cnn.json: the sidecar, with the labels, the input range of x, the normalization and
    the sha256 of the .onnx file

The exported graph is checked with onnx.checker and, as Debian has no onnxruntime, by running it with
the small numpy evaluator below (`run_onnx_numpy`) against the torch model; onnxruntime is used
too when it is importable.  Fully seeded, deterministic algorithms, one torch thread by default.
"""

import argparse
import hashlib
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import render_signs  # noqa: E402

OPSET = 13
BATCH_SIZE = 128
LEARNING_RATE = 3e-3
NAME = "signs-cnn"
DESCRIPTION = ("Small CNN (conv32-conv32-conv64-fc128-fc8) classifying 32x32 RGB road-sign images "
               "(procedurally rendered, tools/render_signs.py) into 8 classes; input normalized per channel.")
ARCHITECTURE = ("Conv2d(3,32,3x3,pad1)+ReLU+MaxPool2 -> Conv2d(32,32,3x3,pad1)+ReLU+MaxPool2 -> "
                "Conv2d(32,64,3x3,pad1)+ReLU+MaxPool2 -> Flatten(1024) -> Linear(1024,128)+ReLU [features] "
                "-> Linear(128,8) [logits]")


class SignsCNN(nn.Module):
    def __init__(self, classes=8):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 32, 3, padding=1)   # 32 -> pool 16
        self.conv2 = nn.Conv2d(32, 32, 3, padding=1)  # 16 -> pool 8
        self.conv3 = nn.Conv2d(32, 64, 3, padding=1)  # 8 -> pool 4
        self.fc1 = nn.Linear(64 * 4 * 4, 128)
        self.fc2 = nn.Linear(128, classes)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = F.max_pool2d(F.relu(self.conv3(x)), 2)
        x = torch.flatten(x, 1)
        features = F.relu(self.fc1(x))
        return self.fc2(features), features


# --------------------------------------------------------------------------
# A tiny numpy evaluator for the ONNX ops these exports use (no onnxruntime in Debian)
# --------------------------------------------------------------------------

def _conv(x, w, b, pads, strides, dilations, group):
    if group != 1 or any(s != 1 for s in strides) or any(d != 1 for d in dilations):
        raise NotImplementedError("Conv with group/stride/dilation != 1")
    x = np.pad(x, ((0, 0), (0, 0), (pads[0], pads[2]), (pads[1], pads[3])))
    n, c, h, wd = x.shape
    o, _, kh, kw = w.shape
    oh, ow = h - kh + 1, wd - kw + 1
    cols = np.empty((n, c, kh, kw, oh, ow), x.dtype)
    for i in range(kh):
        for j in range(kw):
            cols[:, :, i, j] = x[:, :, i:i + oh, j:j + ow]
    out = np.einsum("nckluv,ockl->nouv", cols, w, optimize=True)
    return out + (b.reshape(1, -1, 1, 1) if b is not None else 0)


def _maxpool(x, k, s, pads):
    if any(pads):
        raise NotImplementedError("MaxPool with padding")
    n, c, h, w = x.shape
    oh, ow = (h - k[0]) // s[0] + 1, (w - k[1]) // s[1] + 1
    out = np.full((n, c, oh, ow), -np.inf, x.dtype)
    for i in range(k[0]):
        for j in range(k[1]):
            out = np.maximum(out, x[:, :, i:i + s[0] * oh:s[0], j:j + s[1] * ow:s[1]])
    return out


def run_onnx_numpy(path, feeds):
    """Evaluate an ONNX graph of Conv/Relu/MaxPool/Flatten/Reshape/Gemm/MatMul/Add/Sub/Mul/Div/Constant
    nodes with numpy (float64 internally); returns {output name: array}."""
    import onnx
    from onnx import numpy_helper
    m = onnx.load(path)
    env = {i.name: numpy_helper.to_array(i).astype(np.float64) if numpy_helper.to_array(i).dtype.kind == "f"
           else numpy_helper.to_array(i) for i in m.graph.initializer}
    env.update({k: np.asarray(v, np.float64) for k, v in feeds.items()})
    for node in m.graph.node:
        a = {at.name: onnx.helper.get_attribute_value(at) for at in node.attribute}
        ins = [env[i] if i else None for i in node.input]
        op = node.op_type
        if op == "Conv":
            k = len(ins[1].shape) - 2
            out = _conv(ins[0], ins[1], ins[2] if len(ins) > 2 else None, a.get("pads", [0] * 2 * k),
                        a.get("strides", [1] * k), a.get("dilations", [1] * k), a.get("group", 1))
        elif op == "Relu":
            out = np.maximum(ins[0], 0)
        elif op == "MaxPool":
            out = _maxpool(ins[0], a["kernel_shape"], a.get("strides", a["kernel_shape"]), a.get("pads", [0] * 4))
        elif op == "Flatten":
            ax = a.get("axis", 1)
            out = ins[0].reshape(int(np.prod(ins[0].shape[:ax])), -1)
        elif op == "Reshape":
            shape = [ins[0].shape[i] if s == 0 else int(s) for i, s in enumerate(ins[1])]
            out = ins[0].reshape(shape)
        elif op == "Gemm":
            A = ins[0].T if a.get("transA", 0) else ins[0]
            B = ins[1].T if a.get("transB", 0) else ins[1]
            out = a.get("alpha", 1.0) * A @ B
            if len(ins) > 2 and ins[2] is not None:
                out = out + a.get("beta", 1.0) * ins[2]
        elif op == "MatMul":
            out = ins[0] @ ins[1]
        elif op in ("Add", "Sub", "Mul", "Div"):
            out = {"Add": np.add, "Sub": np.subtract, "Mul": np.multiply, "Div": np.divide}[op](ins[0], ins[1])
        elif op == "Constant":
            out = numpy_helper.to_array(a["value"])
        elif op == "Identity":
            out = ins[0]
        else:
            raise NotImplementedError("numpy evaluator: op %s" % op)
        env[node.output[0]] = out
    return {o.name: env[o.name] for o in m.graph.output}


def try_import_ort():
    try:
        import onnxruntime
        return onnxruntime
    except Exception:
        return None


def describe_graph(path):
    import onnx
    m = onnx.load(path)
    onnx.checker.check_model(m)

    def dims(vi):
        return [d.dim_param if d.dim_param else d.dim_value for d in vi.type.tensor_type.shape.dim]

    ins = [(vi.name, onnx.TensorProto.DataType.Name(vi.type.tensor_type.elem_type), dims(vi)) for vi in m.graph.input]
    outs = [(vi.name, onnx.TensorProto.DataType.Name(vi.type.tensor_type.elem_type), dims(vi)) for vi in m.graph.output]
    opset = max(o.version for o in m.opset_import if o.domain in ("", "ai.onnx"))
    return ins, outs, opset, sorted({n.op_type for n in m.graph.node})


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def export_onnx(model, path, example):
    model.eval()
    torch.onnx.export(model, example, path, export_params=True, opset_version=OPSET, do_constant_folding=True,
                      input_names=["input"], output_names=["logits", "features"],
                      dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}, "features": {0: "batch"}})


def check_export(model, path, x, out_names=("logits", "features")):
    """Max |exported graph - torch| on x with the numpy evaluator (and onnxruntime when importable)."""
    with torch.no_grad():
        ref = [t.numpy() for t in model(torch.from_numpy(x))]
    got = run_onnx_numpy(path, {"input": x})
    diffs = {"numpy": max(float(np.abs(got[n] - r).max()) for n, r in zip(out_names, ref))}
    ort = try_import_ort()
    if ort is not None:
        sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
        res = sess.run(list(out_names), {"input": x.astype(np.float32)})
        diffs["onnxruntime " + ort.__version__] = max(float(np.abs(g - r).max()) for g, r in zip(res, ref))
    return diffs


def onnx_logits(onnx_path, x_uint8, batch=100):
    """Logits of the exported signs model on uint8 HWC images, normalized as its sidecar says, run by the
    numpy evaluator (onnxruntime when importable): what a client of the ONNX file gets, independent of torch."""
    with open(os.path.splitext(onnx_path)[0] + ".json") as f:
        side = json.load(f)
    mean = np.array(side["normalization"]["mean"], np.float32)
    std = np.array(side["normalization"]["std"], np.float32)
    ort = try_import_ort()
    sess = ort.InferenceSession(onnx_path, providers=["CPUExecutionProvider"]) if ort else None
    out = []
    for i in range(0, len(x_uint8), batch):
        xb = to_input(x_uint8[i:i + batch], mean, std)
        out.append(sess.run(["logits"], {"input": xb})[0] if sess else run_onnx_numpy(onnx_path, {"input": xb})["logits"])
    return np.concatenate(out)


def evaluate_bundled(onnx_path, data_dir):
    """Accuracy of the exported model on data/signs-train.npz and data/signs-test.npz (those present)."""
    res = {}
    for name in ("signs-train", "signs-test"):
        p = os.path.join(data_dir, name + ".npz")
        if os.path.exists(p):
            d = np.load(p)
            pred = onnx_logits(onnx_path, d["x"]).argmax(1)
            res[name] = (float((pred == d["y"]).mean()), len(d["y"]))
    return res


# --------------------------------------------------------------------------

def to_input(x_uint8, mean, std):
    """uint8 HWC [N,32,32,3] -> normalized float32 NCHW [N,3,32,32]."""
    x = x_uint8.astype(np.float32).transpose(0, 3, 1, 2) / np.float32(255.0)
    return ((x - mean.reshape(1, 3, 1, 1)) / std.reshape(1, 3, 1, 1)).astype(np.float32)


def predict(model, x, batch=1000):
    model.eval()
    out = []
    with torch.no_grad():
        for i in range(0, len(x), batch):
            out.append(model(torch.from_numpy(x[i:i + batch]))[0].argmax(1).numpy())
    return np.concatenate(out)


def load_or_render(cache, seed, count):
    path = os.path.join(cache, "signs-%d-%d.npz" % (seed, count)) if cache else None
    if path and os.path.exists(path):
        d = np.load(path)
        return d["x"], d["y"]
    t = time.time()
    x, y = render_signs.render_set(seed, count, progress=True)
    print("rendered %d images of seed %d in %.0fs" % (count, seed, time.time() - t), flush=True)
    if path:
        os.makedirs(cache, exist_ok=True)
        np.savez(path, x=x, y=y)
    return x, y


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default="models")
    ap.add_argument("--data", default="data", help="folder with the bundled signs-test.npz / signs-streams.npz")
    ap.add_argument("--cache", help="folder to keep the rendered sets between runs (not committed)")
    ap.add_argument("--train-seed", type=int, default=render_signs.TRAIN_SEED)
    ap.add_argument("--train-count", type=int, default=20000)
    ap.add_argument("--test-seed", type=int, default=render_signs.TEST_SEED)
    ap.add_argument("--test-count", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=1, help="torch seed (weights init, batch order)")
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--min-accuracy", type=float, default=0.95)
    ap.add_argument("--from-checkpoint", metavar="PT",
                    help="do not train: export these saved weights (a state_dict of SignsCNN) instead")
    ap.add_argument("--evaluate", action="store_true",
                    help="do not train: report the accuracy of <out>/signs-cnn.onnx on the bundled data")
    args = ap.parse_args(argv)
    if args.evaluate:
        path = os.path.join(args.out, NAME + ".onnx")
        for k, (acc, n) in evaluate_bundled(path, args.data).items():
            print("%s on data/%s.npz: accuracy %.4f (%d images; exported graph, numpy evaluator)" % (NAME, k, acc, n))
        return 0

    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    torch.use_deterministic_algorithms(True)
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)

    x_tr_u8, y_tr = load_or_render(args.cache, args.train_seed, args.train_count)
    x_te_u8, y_te = load_or_render(args.cache, args.test_seed, args.test_count)
    pix = x_tr_u8.reshape(-1, 3).astype(np.float64) / 255.0
    mean = pix.mean(0).astype(np.float32)
    std = pix.std(0).astype(np.float32)
    mean = np.round(mean, 4).astype(np.float32)  # the sidecar values are exactly what training used
    std = np.round(std, 4).astype(np.float32)
    print("train pixel mean %s std %s; class counts %s" % (mean.tolist(), std.tolist(),
                                                          np.bincount(y_tr, minlength=8).tolist()), flush=True)
    x_tr = torch.from_numpy(to_input(x_tr_u8, mean, std))
    y_tr_t = torch.from_numpy(y_tr)
    x_te = to_input(x_te_u8, mean, std)

    model = SignsCNN(len(render_signs.LABELS))
    opt = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
    n = len(x_tr)
    steps = (n + BATCH_SIZE - 1) // BATCH_SIZE
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=args.epochs * steps)
    gen = torch.Generator()
    gen.manual_seed(args.seed)
    t0 = time.time()
    if args.from_checkpoint:
        model.load_state_dict(torch.load(args.from_checkpoint))
        print("loaded %s instead of training" % args.from_checkpoint, flush=True)
    for epoch in range(0 if args.from_checkpoint else args.epochs):
        model.train()
        perm = torch.randperm(n, generator=gen)
        total = 0.0
        for i in range(0, n, BATCH_SIZE):
            idx = perm[i:i + BATCH_SIZE]
            opt.zero_grad()
            logits, _ = model(x_tr[idx])
            loss = F.cross_entropy(logits, y_tr_t[idx])
            loss.backward()
            opt.step()
            sched.step()
            total += float(loss) * len(idx)
        acc = float((predict(model, x_te) == y_te).mean())
        print("  epoch %d/%d loss %.4f held-out acc %.4f (%.0fs)" % (epoch + 1, args.epochs, total / n, acc,
                                                                     time.time() - t0), flush=True)
        if args.cache:
            torch.save(model.state_dict(), os.path.join(args.cache, "signs-cnn-epoch%d.pt" % (epoch + 1)))
    train_seconds = time.time() - t0
    model.eval()

    os.makedirs(args.out, exist_ok=True)
    onnx_path = os.path.join(args.out, NAME + ".onnx")
    export_onnx(model, onnx_path, torch.zeros(1, 3, 32, 32))
    ins, outs, opset, ops = describe_graph(onnx_path)
    diffs = check_export(model, onnx_path, x_te[:64])
    preds = predict(model, x_te)
    accuracy = float((preds == y_te).mean())
    per_class = [float((preds[y_te == k] == k).mean()) for k in range(8)]
    confusion = np.zeros((8, 8), np.int64)
    np.add.at(confusion, (y_te, preds), 1)
    train_acc = float((predict(model, x_tr.numpy()[:5000]) == y_tr[:5000]).mean())

    sha = sha256_file(onnx_path)
    size = os.path.getsize(onnx_path)
    params = sum(p.numel() for p in model.parameters())
    sidecar = {
        "name": NAME,
        "version": "1",
        "description": DESCRIPTION,
        "platform": "onnxruntime",
        "inputs": [{"name": "input", "datatype": "FP32", "shape": [-1, 3, 32, 32]}],
        "outputs": [{"name": "logits", "datatype": "FP32", "shape": [-1, 8]},
                    {"name": "features", "datatype": "FP32", "shape": [-1, 128]}],
        "labels": render_signs.LABELS,
        "input_range": [0.0, 1.0],
        "layout": "NCHW",
        "normalization": {"mean": [round(float(v), 4) for v in mean], "std": [round(float(v), 4) for v in std]},
        "scores_output": "logits",
        "scores_kind": "logits",
        "features_output": "features",
        "test_accuracy": round(accuracy, 4),
        "onnx_sha256": sha,
        "trained_with": {"seed": args.seed, "epochs": args.epochs, "augmentation": "none (every image freshly rendered)",
                         "torch": torch.__version__, "render_train_seed": args.train_seed,
                         "render_train_count": args.train_count, "render_test_seed": args.test_seed,
                         "render_test_count": args.test_count},
    }
    with open(os.path.join(args.out, NAME + ".json"), "w") as f:
        json.dump(sidecar, f, indent=2)
        f.write("\n")

    print("%s: held-out accuracy %.4f on %d images of seed %d (torch); train accuracy (first 5000) %.4f"
          % (NAME, accuracy, len(y_te), args.test_seed, train_acc))
    print("  per class: %s" % ", ".join("%s %.3f" % (l, a) for l, a in zip(render_signs.LABELS, per_class)))
    print("  confusion (rows true, cols predicted):\n%s" % confusion)
    for k, (acc, cnt) in evaluate_bundled(onnx_path, args.data).items():
        print("  accuracy on data/%s.npz: %.4f (%d images; exported graph, numpy evaluator)" % (k, acc, cnt))
    print("  %d parameters, %d bytes, sha256 %s, opset %d, ops %s" % (params, size, sha, opset, ops))
    print("  inputs %s outputs %s" % (ins, outs))
    print("  max |exported - torch| on 64 held-out inputs: %s" % diffs)
    print("  training time %.0fs (%d thread(s))" % (train_seconds, args.threads))
    if accuracy < args.min_accuracy:
        print("ACCURACY BELOW THRESHOLD: %.4f < %.2f" % (accuracy, args.min_accuracy), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
