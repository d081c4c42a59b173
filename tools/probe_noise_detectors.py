"""An experiment for issue 4 (docs/stateful.md, "Square's first query"): can an image statistic refuse the
Square attack's random initialisation (test image plus vertical stripes of +-eps) without refusing benign
images? Each probe is fitted on the first 8,000 of a seeded permutation of the bundled 10,000 training images,
thresholded at a quantile of the other 2,000, and applied to the 10,000 test images (Debian's
dataset-fashion-mnist), clean and corrupted. Nothing here ships; it prints rejection rates.

    python3 tools/probe_noise_detectors.py stats          # numpy only; about a minute
    /usr/bin/python3 tools/probe_noise_detectors.py autoencoder   # Debian python3-torch; about 3 min on 2 cores
"""
import gzip, os, sys
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
TEST = '/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz'


def idx(path):
    with gzip.open(path) as f:
        d = f.read()
    nd = d[3]
    dims = [int.from_bytes(d[4 + 4 * i:8 + 4 * i], 'big') for i in range(nd)]
    return np.frombuffer(d, np.uint8, offset=4 + 4 * nd).reshape(dims)


X = idx(os.path.join(HERE, '../data/fashion-train-10000-images-idx3-ubyte.gz')).astype(np.float64) / 255
Y = idx(os.path.join(HERE, '../data/fashion-train-10000-labels-idx1-ubyte.gz'))
T = idx(TEST).astype(np.float64) / 255
rng = np.random.default_rng(1)
perm = rng.permutation(len(X))
FIT, HELD = perm[:8000], perm[8000:]


def stripes(im, eps):
    return np.clip(im + rng.choice([-1, 1], size=(im.shape[0], 1, 28)) * eps, 0, 1)


def uniform(im, eps):
    return np.clip(im + rng.uniform(-eps, eps, im.shape), 0, 1)


SETS = {'test': T, 'stripes0.2': stripes(T, 0.2), 'stripes0.1': stripes(T, 0.1), 'uniform0.05': uniform(T, 0.05),
        'uniform0.1': uniform(T, 0.1), 'uniform0.2': uniform(T, 0.2)}


def report(name, score, held_scores, quantiles):
    scores = {k: score(v) for k, v in SETS.items()}
    for q in quantiles:
        thr = np.percentile(held_scores, q)
        print(' | '.join([name, 'held q%s' % q] + ['%s %.1f%%' % (k, 100 * np.mean(s > thr)) for k, s in scores.items()]), flush=True)


def mahalanobis(features, ridge):
    f = features(X)
    mus = np.stack([f[FIT][Y[FIT] == c].mean(0) for c in range(10)])
    r = f[FIT] - mus[Y[FIT]]
    cov = r.T @ r / len(FIT)
    cov += np.eye(len(cov)) * ridge * np.trace(cov) / len(cov)
    w = np.linalg.cholesky(np.linalg.inv(cov))       # P = W W^T: the distance is |(f - mu) W|^2
    wmus = mus @ w

    def score(im):
        z = features(im) @ w
        return np.min(((z[:, None, :] - wmus[None, :, :]) ** 2).sum(-1), 1)
    return score


def pooled(p):
    def f(im):
        n = im.shape[0]
        a = im.reshape(n, 28 // p, p, 28 // p, p).mean((2, 4)).reshape(n, -1)
        return np.concatenate([a, im.reshape(n, -1).max(1, keepdims=True)], 1)
    return f


def median_residual(im):
    from numpy.lib.stride_tricks import sliding_window_view
    n = len(im)
    padded = np.pad(im, ((0, 0), (1, 1), (1, 1)), mode='edge')
    med = np.median(sliding_window_view(padded, (3, 3), axis=(1, 2)).reshape(n, 28, 28, 9), -1)
    return np.abs(im - med).reshape(n, 7, 4, 7, 4).mean((2, 4)).reshape(n, -1)


def stats():
    for p, ridge in [(4, 1e-2), (4, 1e-4), (2, 1e-4), (2, 1e-3)]:
        score = mahalanobis(pooled(p), ridge)
        report('input pooled %dx%d, ridge %g' % (p, p, ridge), score, score(X[HELD]), [99.5, 99.8, 100])
    for ridge in [1e-3, 1e-2]:
        score = mahalanobis(median_residual, ridge)
        report('3x3-median residual 4x4 blocks, ridge %g' % ridge, score, score(X[HELD]), [99.5, 100])


def autoencoder():
    import time, torch, torch.nn as nn, torch.nn.functional as F
    torch.set_num_threads(2)
    torch.manual_seed(1)
    sys.path.insert(0, HERE)
    import train_models as tm
    xi, yi = tm.load_split(tm.DATASET_DIR, 'train')
    x, _ = tm.to_tensor(xi, yi)

    class AE(nn.Module):
        def __init__(self):
            super().__init__()
            self.e1, self.e2 = nn.Conv2d(1, 16, 3, padding=1), nn.Conv2d(16, 16, 3, padding=1)
            self.d1, self.d2 = nn.Conv2d(16, 16, 3, padding=1), nn.Conv2d(16, 1, 3, padding=1)

        def forward(self, v):
            h = F.relu(self.e2(F.avg_pool2d(F.relu(self.e1(v)), 2)))
            return torch.sigmoid(self.d2(F.relu(self.d1(F.interpolate(h, scale_factor=2)))))

    m, start = AE(), time.time()
    opt = torch.optim.Adam(m.parameters(), 1e-3)
    for epoch in range(3):
        order = torch.randperm(len(x))
        for i in range(0, len(x), 128):
            xb = x[order[i:i + 128]]
            loss = F.mse_loss(m((xb + 0.1 * torch.randn_like(xb)).clamp(0, 1)), xb)   # MagNet trains on a little noise
            opt.zero_grad(); loss.backward(); opt.step()
        print('epoch', epoch + 1, 'loss %.5f' % loss.item(), '%.0fs' % (time.time() - start), flush=True)
    m.eval()

    def l1_error(im):
        with torch.no_grad():
            v = torch.tensor(im, dtype=torch.float32).unsqueeze(1)
            return (m(v) - v).abs().mean((1, 2, 3)).numpy()
    # held-out images here are the last 10,000 of the 60,000 training images (the autoencoder saw them, as the
    # bundled CNN saw its calibration images)
    report('denoising autoencoder, L1 reconstruction error', l1_error, l1_error(x[50000:, 0].numpy()), [99.0, 99.5, 99.8])


{'stats': stats, 'autoencoder': autoencoder}[sys.argv[1] if len(sys.argv) > 1 else 'stats']()
