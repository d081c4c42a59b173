#!/usr/bin/python3
"""Video streams of a road sign approaching the camera, for Warden's `temporal` defense.

Each stream is one sign (one class, drawn once so every frame shows the same sign) seen by a camera
driving toward it: the distance falls linearly from far to near, so the sign grows from a few pixels
to most of the frame (apparent size ~ 1 / distance) and drifts outward from the vanishing point as a
roadside sign does; the yaw grows as it is passed; the background is one scene seen through a window
that pans slowly, with a pixel of jitter per frame (a shaking camera), lighting that drifts
smoothly, and fresh sensor noise, blur and occasional JPEG compression per frame.  No occlusion.
Rendering reuses tools/render_signs.py (4x supersampling, 32x32 RGB output).

Run from the repository root (Debian packages python3-numpy and python3-pil; --evaluate needs
python3-onnx too):

    /usr/bin/python3 tools/render_sign_stream.py --out data/signs-streams.npz \
        [--streams 16] [--frames 30] [--seed 3003] [--evaluate models/signs-cnn.onnx]

The .npz holds `frames` uint8 [S,T,32,32,3] (HWC RGB pixels), `labels` int64 [S] (class index into
render_signs.LABELS), `sizes` float32 [S,T] (the sign's side in output pixels) and `distances`
float32 [S,T] (relative distance, near = 1).  Stream s is a pure function of (seed, s), frame t of
(seed, s, t).  --evaluate prints the per-frame accuracy of the model by sign size and by frame index
and how often each stream's predicted label changes from one frame to the next.
"""

import argparse
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import render_signs as rs  # noqa: E402

STREAM_SEED = 3003
FAR, NEAR = 4.5, 1.0         # relative distances of the first and the last frame
NEAR_SIDE = 0.82             # sign side at distance NEAR, as a fraction of the frame
MARGIN = 24                  # extra background (supersampled pixels) on each side for panning


def render_stream(seed, s, frames):
    """(frames uint8 [T,32,32,3], label, sizes [T] in output pixels, distances [T])."""
    rng = np.random.default_rng([seed, s])
    label = s % len(rs.LABELS)
    size = rs.OUT * rs.SS
    bg = rs.render_background(rng, size + 2 * MARGIN)
    sign = rs.draw_sign(label, rng)
    base = rs.sample_params(rng)  # lighting, colour cast, contrast of the whole stream
    side_near = NEAR_SIDE * size
    room = (size - side_near) / 2
    drift = rng.uniform(-1, 1, 2) * room * np.array([1.0, 0.5])   # where the near sign ends up
    vanish = np.array([size / 2, size / 2]) + rng.normal(0, 6, 2)
    pan_from, pan_to = rng.uniform(0, 2 * MARGIN, 2), rng.uniform(0, 2 * MARGIN, 2)
    yaw_sign = rng.choice([-1.0, 1.0])
    yaw_near = rng.uniform(0.1, 0.6)
    pole_colour = rs._jitter(rng, (130, 130, 135), 20)
    light_phase, light_amp = rng.uniform(0, 2 * np.pi), rng.uniform(0.0, 0.2)
    out = np.empty((frames, rs.OUT, rs.OUT, 3), np.uint8)
    sizes = np.empty(frames, np.float32)
    dists = np.empty(frames, np.float32)
    for t in range(frames):
        fr = np.random.default_rng([seed, s, t])
        u = t / max(1, frames - 1)
        d = FAR + (NEAR - FAR) * u
        side = side_near * NEAR / d
        centre = vanish + (np.array([size / 2, size / 2]) + drift - vanish) * (NEAR / d) ** 0.7 + fr.normal(0, 1.0, 2)
        pan = pan_from + (pan_to - pan_from) * u + fr.normal(0, 1.0, 2)
        px, py = (int(round(v)) for v in np.clip(pan, 0, 2 * MARGIN))
        p = dict(base)
        p.update({
            "side": side, "cx": float(centre[0]), "cy": float(centre[1]),
            "rot": base["rot"] * 0.5 + fr.normal(0, 0.7),
            "yaw": float(np.clip(yaw_sign * yaw_near * (NEAR / d) + fr.normal(0, 0.03), -1, 1)),
            "pitch": base["pitch"] * 0.5,
            "corner_jitter": np.zeros((4, 2)),
            "occlusion": False,
            "pole_colour": pole_colour,
            "gain": base["gain"] * (1 + light_amp * math.sin(light_phase + 2 * np.pi * u)),
            "blur": fr.uniform(0, 1.5) * side / size,
            "noise": fr.uniform(0, 0.04),
            "jpeg": int(fr.integers(40, 90)) if fr.random() < 0.2 else 0,
        })
        out[t] = rs.render_scene(label, fr, p, background=bg.crop((px, py, px + size, py + size)), sign=sign)
        sizes[t] = side / rs.SS
        dists[t] = d
    return out, label, sizes, dists


def render_streams(seed, streams, frames):
    xs, ys, ss, ds = [], [], [], []
    for s in range(streams):
        x, y, sz, d = render_stream(seed, s, frames)
        xs.append(x), ys.append(y), ss.append(sz), ds.append(d)
    return np.stack(xs), np.array(ys, np.int64), np.stack(ss), np.stack(ds)


def evaluate(onnx_path, frames, labels, sizes):
    from train_signs import onnx_logits
    S, T = labels.shape[0], frames.shape[1]
    pred = onnx_logits(onnx_path, frames.reshape(-1, rs.OUT, rs.OUT, 3)).argmax(1).reshape(S, T)
    ok = pred == labels[:, None]
    print("per-frame accuracy over %d streams x %d frames: %.4f" % (S, T, ok.mean()))
    print("by sign size (side of the sign in output pixels):")
    for lo, hi in ((0, 6), (6, 8), (8, 10), (10, 12), (12, 16), (16, 20), (20, 33)):
        m = (sizes >= lo) & (sizes < hi)
        if m.any():
            print("  %2d-%2d px: %.4f (%d frames)" % (lo, hi, ok[m].mean(), m.sum()))
    print("by frame index (0 = farthest):")
    step = max(1, T // 6)
    for a in range(0, T, step):
        b = min(T, a + step)
        print("  frames %2d-%2d (sign %4.1f-%4.1f px): %.4f" % (a, b - 1, sizes[:, a].mean(), sizes[:, b - 1].mean(),
                                                              ok[:, a:b].mean()))
    changes = (pred[:, 1:] != pred[:, :-1]).sum(1)
    last_half = ok[:, T // 2:].mean(1)
    print("label changes per stream (consecutive frames): mean %.2f, max %d; streams whose second half is all "
          "correct: %d/%d" % (changes.mean(), changes.max(), int((last_half == 1).sum()), S))
    for s in range(S):
        print("  stream %2d %-20s changes %2d  correct %2d/%d  predicted %s"
              % (s, rs.LABELS[labels[s]], changes[s], ok[s].sum(), T, "".join(str(v) for v in pred[s])))
    return ok


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default="data/signs-streams.npz")
    ap.add_argument("--streams", type=int, default=16)
    ap.add_argument("--frames", type=int, default=30)
    ap.add_argument("--seed", type=int, default=STREAM_SEED)
    ap.add_argument("--evaluate", metavar="ONNX", help="report the per-frame accuracy of this signs model")
    ap.add_argument("--preview", help="write a contact sheet PNG (one stream per row) here")
    args = ap.parse_args(argv)
    frames, labels, sizes, dists = render_streams(args.seed, args.streams, args.frames)
    np.savez_compressed(args.out, frames=frames, labels=labels, sizes=sizes, distances=dists)
    print("wrote %s: frames %s, labels %s (class counts %s), %d bytes"
          % (args.out, frames.shape, labels.shape, np.bincount(labels, minlength=len(rs.LABELS)).tolist(),
             os.path.getsize(args.out)))
    if args.preview:
        rs.contact_sheet(frames.reshape(-1, rs.OUT, rs.OUT, 3), None, cols=args.frames, zoom=2).save(args.preview)
    if args.evaluate:
        evaluate(args.evaluate, frames, labels, sizes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
