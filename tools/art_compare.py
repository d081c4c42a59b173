#!/usr/bin/env python3
"""Runs ART's own attacks (the reference implementations) against a Warden OIP v2 endpoint, counting queries
per image exactly as `warden assess` does, and scoring each image the same way: the closest misclassified
image the server answered within the query budget, success when its distance is within eps.

Usage (ART's source on PYTHONPATH; numpy, scipy, scikit-learn and tqdm installed):
  ./warden serve --policy policies/passthrough.yaml --port 18181 &
  PYTHONPATH=/path/to/art python3 tools/art_compare.py --url http://127.0.0.1:18181 \
      --indices-from REPORT.json --attack hsj --budget 10000 --out art-hsj.json
"""
import argparse, gzip, json, time, urllib.request
import numpy as np


class Budget(Exception):
    pass


class Oracle:
    """The predict function ART's BlackBoxClassifier calls: POSTs to the server, counts and scores queries."""

    def __init__(self, url, model, x0, label, norm, eps, budget, batch=64):
        self.url = url.rstrip("/") + "/v2/models/" + model + "/infer"
        self.x0, self.label, self.norm, self.eps, self.budget, self.batch = x0, label, norm, eps, budget, batch
        self.queries, self.first_success, self.best, self.best_dist = 0, None, None, float("inf")

    def _post(self, x):
        body = {"inputs": [{"name": "input", "datatype": "FP32", "shape": list(x.shape),
                            "data": x.astype(np.float64).ravel().tolist()}]}
        req = urllib.request.Request(self.url, json.dumps(body).encode(), {"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=60) as r:
            out = json.loads(r.read())
        logits = np.array(next(o for o in out["outputs"] if o["name"] == "logits")["data"], dtype=np.float64)
        return logits.reshape(x.shape[0], -1)

    def __call__(self, x):
        x = np.clip(np.asarray(x, dtype=np.float32), 0, 1)
        if self.queries >= self.budget:
            raise Budget()
        cut = len(x) > self.budget - self.queries
        x = x[: self.budget - self.queries]
        rows = [self._post(x[i:i + self.batch]) for i in range(0, len(x), self.batch)]
        logits = np.concatenate(rows)
        for i in range(len(x)):
            self.queries += 1
            if int(np.argmax(logits[i])) == self.label:
                continue
            d = x[i].astype(np.float64).ravel() - self.x0.ravel()
            dist = np.linalg.norm(d) if self.norm == "l2" else np.abs(d).max()
            if dist < self.best_dist:
                self.best_dist, self.best = dist, x[i].copy()
            if self.first_success is None and dist <= self.eps + 1e-6:  # ART works in float32
                self.first_success = self.queries
        if cut:
            raise Budget()
        e = np.exp(logits - logits.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)


def load_idx(path):
    with gzip.open(path) as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def make_attack(name, classifier, eps, budget):
    from art.attacks import evasion as ev
    if name == "hsj":
        return ev.HopSkipJump(classifier, targeted=False, norm=2, max_iter=50, max_eval=10000, init_eval=100, verbose=False)
    if name == "boundary":
        return ev.BoundaryAttack(classifier, targeted=False, max_iter=5000, verbose=False)
    if name == "square":
        return ev.SquareAttack(classifier, norm=np.inf, eps=eps, max_iter=budget, nb_restarts=1, verbose=False)
    if name == "simba":
        return ev.SimBA(classifier, attack="dct", epsilon=0.2, max_iter=budget, freq_dim=4, stride=1, verbose=False)
    raise SystemExit("no ART attack for " + name)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--url", required=True)
    p.add_argument("--model", default="fashion-cnn")
    p.add_argument("--attack", required=True)
    p.add_argument("--budget", type=int, default=10000)
    p.add_argument("--eps", type=float)
    p.add_argument("--indices-from", required=True, help="a warden report.json: attack its sample_indices")
    p.add_argument("--data", default="data/fashion-test-2000")
    p.add_argument("--out", required=True)
    a = p.parse_args()
    from art.estimators.classification import BlackBoxClassifier, BlackBoxClassifierNeuralNetwork
    norm = "l2" if a.attack in ("hsj", "boundary") else "linf"
    eps = a.eps if a.eps is not None else (3.0 if norm == "l2" else 0.2)
    images = load_idx(a.data + "-images-idx3-ubyte.gz").astype(np.float32) / 255.0
    labels = load_idx(a.data + "-labels-idx1-ubyte.gz")
    indices = json.load(open(a.indices_from))["sample_indices"]
    np.random.seed(1)
    rows = []
    for idx in indices:
        x0 = images[idx].reshape(1, 1, 28, 28)
        oracle = Oracle(a.url, a.model, x0, int(labels[idx]), norm, eps, a.budget)
        # Square and SimBA insist on a "neural network" estimator; both wrappers only call predict_fn.
        wrapper = BlackBoxClassifier if norm == "l2" else BlackBoxClassifierNeuralNetwork
        clf = wrapper(oracle, input_shape=(1, 28, 28), nb_classes=10, clip_values=(0.0, 1.0))
        attack = make_attack(a.attack, clf, eps, a.budget)
        start = time.time()
        y = np.eye(10)[[int(labels[idx])]]
        try:
            attack.generate(x0, y=y)
            ended = "finished"
        except Budget:
            ended = "budget"
        d = None if oracle.best is None else oracle.best.astype(np.float64).ravel() - x0.ravel()
        rows.append({"index": idx, "success": oracle.first_success is not None,
                     "queries": oracle.first_success if oracle.first_success is not None else oracle.queries,
                     "queries_total": oracle.queries, "l2": None if d is None else float(np.linalg.norm(d)),
                     "linf": None if d is None else float(np.abs(d).max()), "ended": ended,
                     "wall_seconds": time.time() - start})
        print(a.attack, idx, rows[-1], flush=True)
    ok = [r for r in rows if r["success"]]
    med = lambda v: float(np.median(v)) if v else None
    summary = {"attack": a.attack, "eps": eps, "norm": norm, "budget": a.budget, "samples": len(rows),
               "success_rate": len(ok) / len(rows), "median_queries": med([r["queries"] for r in ok]),
               "median_l2": med([r["l2"] for r in ok]), "median_linf": med([r["linf"] for r in ok]),
               "queries_total": sum(r["queries_total"] for r in rows), "per_sample": rows}
    json.dump(summary, open(a.out, "w"), indent=2)
    print(json.dumps({k: v for k, v in summary.items() if k != "per_sample"}))


if __name__ == "__main__":
    main()
