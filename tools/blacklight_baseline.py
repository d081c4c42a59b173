#!/usr/bin/env python3
"""Benign false positives of Blacklight's published fingerprints (Li et al., USENIX Security 2022), for
docs/stateful.md: the first N Fashion-MNIST test images, in order, each matched against all earlier ones.

Re-implements the published algorithm as released (not its code): a fixed per-pixel salt drawn with
numpy's seed 666 (rand(shape) * 255) is added to the pixels (0..255) modulo 255, values are rounded to
multiples of `round`, the flattened image is cut into windows of `window` values (step 1), each window is
hashed with SHA-256, the distinct hashes are sorted (by the reversed hex digest, descending) and the first
`keep` kept; a query matches when it shares at least `threshold` hashes with one earlier query.
The `--no-salt` variant hashes the same windows without the salt (content only, position-independent).

Usage: python3 tools/blacklight_baseline.py [--images 2000] [--window 20 50] [--no-salt]
"""
import argparse, collections, gzip, hashlib, time
import numpy as np

DATA = '/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz'


def load(n):
    with gzip.open(DATA) as f:
        return np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 28, 28)[:n]


def fingerprint(img, salt, window, keep, rounding):
    a = img.astype(np.float64)
    if salt is not None:
        a = (a + salt) % 255.0
    a = (np.around(a.reshape(-1) / rounding) * rounding).astype(np.int16)
    hashes = {hashlib.sha256(a[i:i + window].tobytes()).hexdigest() for i in range(len(a) - window + 1)}
    return sorted((h[::-1] for h in hashes), reverse=True)[:keep]


def run(images, salt, window, keep, threshold, rounding):
    index = collections.defaultdict(list)
    matched, start = 0, time.time()
    for k, img in enumerate(images):
        counts = collections.Counter(j for h in fingerprint(img, salt, window, keep, rounding) for j in index.get(h, ()))
        if counts and counts.most_common(1)[0][1] >= threshold:
            matched += 1
        for h in fingerprint(img, salt, window, keep, rounding):
            index[h].append(k)
    return matched, (time.time() - start) / len(images) / 2


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--images', type=int, default=2000)
    p.add_argument('--window', type=int, nargs='+', default=[20, 50])
    p.add_argument('--keep', type=int, default=50)
    p.add_argument('--threshold', type=int, default=25)
    p.add_argument('--round', type=int, default=50)
    p.add_argument('--no-salt', action='store_true')
    args = p.parse_args()
    images = load(args.images)
    salt = None if args.no_salt else np.random.RandomState(666).rand(28, 28) * 255.0
    for w in args.window:
        matched, seconds = run(images, salt, w, args.keep, args.threshold, args.round)
        print(f"{'unsalted' if args.no_salt else 'published salt'}: window {w}, S={args.keep}, T={args.threshold}, "
              f"round {args.round}: {matched} of {len(images)} benign images match an earlier one "
              f"({100.0 * matched / len(images):.1f}%), {seconds * 1e3:.2f} ms per fingerprint")


if __name__ == '__main__':
    main()
