#!/usr/bin/python3
"""Procedural renderer of road-sign images: the paper's running example (a road-sign classifier).

Draws eight European-style road signs with numpy and PIL only (no font files: the letters of STOP
and the digits of the speed limits are stroke glyphs defined below), puts each on a random cluttered
background and varies what a roadside camera varies: perspective, scale, rotation, position,
lighting, contrast, colour cast, blur, sensor noise, JPEG compression and partial occlusion
(stickers, foliage, other objects).  Images are rendered at 4x and downsampled (antialiased) to
32x32 RGB.

Every image is a pure function of (seed, index): image i of a set is drawn from its own
`numpy.random.default_rng([seed, i])`, so a set can be rendered in any order or in parts and
prefixes of a set are the same whatever its length.

Labels, in this order (the class index is the position in LABELS):
    stop, yield, no entry, priority road, pedestrian crossing,
    speed limit 30, speed limit 50, speed limit 80

Run from the repository root (Debian packages python3-numpy and python3-pil), e.g.

    /usr/bin/python3 tools/render_signs.py --out data            # the bundled subsets and samples
    /usr/bin/python3 tools/render_signs.py --out data --sets calib   # data/signs-calib.npz: 3,000 renders (seed 4004)
                                                                  # that policies/signs.yaml is calibrated on
    /usr/bin/python3 tools/render_signs.py --preview /tmp/p.png  # a contact sheet to look at

`tools/train_signs.py` imports `render_set` from here to render its training and test sets, and
`tools/render_sign_stream.py` reuses `draw_sign`, `render_background`, `sample_params` and
`render_scene` for the approaching-sign video streams.
"""

import argparse
import io
import math
import os
import sys

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

LABELS = ["stop", "yield", "no entry", "priority road", "pedestrian crossing",
          "speed limit 30", "speed limit 50", "speed limit 80"]
OUT = 32            # output side (pixels)
SS = 4              # supersampling factor: the scene is rendered at OUT * SS and downsampled
SIGN_RES = 256      # side of the square canvas a sign is drawn on before it is warped into the scene

# Seeds of the sets made by the tools (recorded in models/README.md and data/README.md).
TRAIN_SEED = 1001   # training set of signs-cnn; data/signs-train.npz is its first images
TEST_SEED = 2002    # held-out set; data/signs-test.npz and data/signs-samples/ come from its first images
CALIB_SEED = 4004   # benign calibration set (data/signs-calib.npz): neither trained on nor tested on

# Sign paint (sRGB), jittered per image.
RED = (200, 16, 30)
WHITE = (245, 245, 242)
BLACK = (20, 20, 22)
YELLOW = (250, 190, 0)
BLUE = (0, 82, 160)


# --------------------------------------------------------------------------
# Stroke glyphs: polylines in a box 0.6 wide and 1.0 high (y down)
# --------------------------------------------------------------------------

def _arc(cx, cy, rx, ry, t0, t1, n=24):
    """Points of an elliptical arc from angle t0 to t1 (degrees; 0 = right, 90 = down)."""
    ts = np.radians(np.linspace(t0, t1, n))
    return [(cx + rx * math.cos(t), cy + ry * math.sin(t)) for t in ts]


GLYPHS = {
    "0": [_arc(0.3, 0.5, 0.27, 0.46, 0, 360, 40)],
    "3": [_arc(0.3, 0.27, 0.25, 0.23, 200, 450) + _arc(0.3, 0.73, 0.28, 0.26, -90, 160)],
    "5": [[(0.55, 0.04), (0.1, 0.04), (0.07, 0.47)] + _arc(0.3, 0.69, 0.27, 0.28, 215, 520)],
    "8": [_arc(0.3, 0.26, 0.22, 0.22, 0, 360, 32), _arc(0.3, 0.72, 0.27, 0.26, 0, 360, 32)],
    "S": [_arc(0.3, 0.27, 0.26, 0.23, -20, -270) + _arc(0.3, 0.73, 0.27, 0.26, -90, 160)],
    "T": [[(0.0, 0.04), (0.6, 0.04)], [(0.3, 0.04), (0.3, 1.0)]],
    "O": [_arc(0.3, 0.5, 0.28, 0.46, 0, 360, 40)],
    "P": [[(0.06, 1.0), (0.06, 0.04), (0.3, 0.04)] + _arc(0.3, 0.29, 0.25, 0.25, -90, 90)
          + [(0.06, 0.54)]],
}


def draw_text(draw, text, cx, cy, height, stroke, fill, spacing=0.14):
    """Draw stroke-glyph text centred on (cx, cy); glyph boxes are 0.6*height wide."""
    w = height * 0.6
    total = len(text) * w + (len(text) - 1) * spacing * height
    x0 = cx - total / 2
    y0 = cy - height / 2
    for k, ch in enumerate(text):
        ox = x0 + k * (w + spacing * height)
        for line in GLYPHS[ch]:
            pts = [(ox + px * height, y0 + py * height) for px, py in line]
            draw.line(pts, fill=fill, width=int(round(stroke)), joint="curve")
            r = stroke / 2
            for px, py in (pts[0], pts[-1]):
                draw.ellipse([px - r, py - r, px + r, py + r], fill=fill)


def _thick_line(draw, pts, width, fill):
    draw.line(pts, fill=fill, width=int(round(width)), joint="curve")
    r = width / 2
    for px, py in (pts[0], pts[-1]):
        draw.ellipse([px - r, py - r, px + r, py + r], fill=fill)


def draw_pedestrian(draw, cx, cy, h, fill, stride):
    """A walking figure of height h centred on (cx, cy); stride in [0.6, 1.2] opens the legs."""
    s = h / 10.0
    head = (cx + 0.3 * s, cy - 3.9 * s)
    draw.ellipse([head[0] - 0.95 * s, head[1] - 0.95 * s, head[0] + 0.95 * s, head[1] + 0.95 * s], fill=fill)
    neck = (cx + 0.1 * s, cy - 2.6 * s)
    hip = (cx - 0.2 * s, cy + 1.0 * s)
    w = 1.1 * s
    _thick_line(draw, [neck, hip], w * 1.2, fill)
    _thick_line(draw, [(cx, cy - 2.2 * s), (cx + 1.6 * s * stride, cy - 0.4 * s), (cx + 2.2 * s * stride, cy + 0.6 * s)], w, fill)
    _thick_line(draw, [(cx, cy - 2.2 * s), (cx - 1.4 * s * stride, cy - 0.5 * s), (cx - 1.9 * s * stride, cy + 0.7 * s)], w, fill)
    _thick_line(draw, [hip, (cx + 1.3 * s * stride, cy + 2.8 * s), (cx + 2.3 * s * stride, cy + 4.8 * s)], w, fill)
    _thick_line(draw, [hip, (cx - 1.0 * s * stride, cy + 2.9 * s), (cx - 2.4 * s * stride, cy + 4.6 * s)], w, fill)


# --------------------------------------------------------------------------
# The signs, drawn on a transparent SIGN_RES x SIGN_RES canvas
# --------------------------------------------------------------------------

def _jitter_colour(rng, rgb, fade):
    """Paint variation: small per-channel jitter, then fading toward a pale grey."""
    c = np.array(rgb, dtype=np.float64) + rng.normal(0, 8, 3)
    c = c * (1 - fade) + np.array([215.0, 210.0, 205.0]) * fade
    return tuple(int(v) for v in np.clip(c, 0, 255))


def _regular_polygon(cx, cy, r, n, rot_deg):
    return [(cx + r * math.cos(math.radians(rot_deg + 360.0 * k / n)),
             cy + r * math.sin(math.radians(rot_deg + 360.0 * k / n))) for k in range(n)]


def _scale_about(pts, cx, cy, f):
    return [(cx + (x - cx) * f, cy + (y - cy) * f) for x, y in pts]


def draw_sign(label, rng):
    """RGBA image of sign `label` (index into LABELS) on a transparent canvas."""
    n = SIGN_RES
    img = Image.new("RGBA", (n, n), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    fade = rng.uniform(0, 0.3) ** 1.5
    red = _jitter_colour(rng, RED, fade) + (255,)
    white = _jitter_colour(rng, WHITE, fade * 0.3) + (255,)
    black = _jitter_colour(rng, BLACK, fade) + (255,)
    c = n / 2
    r = n * 0.49
    name = LABELS[label]
    if name == "stop":
        oct_ = _regular_polygon(c, c, r, 8, 22.5)
        d.polygon(oct_, fill=white)
        d.polygon(_scale_about(oct_, c, c, 0.92), fill=red)
        draw_text(d, "STOP", c, c, r * 0.62, r * 0.12, white, spacing=0.12)
    elif name == "yield":
        tri = _regular_polygon(c, c + r * 0.2, r * 1.02, 3, 90)  # one vertex down
        d.polygon(tri, fill=white)
        cy = sum(p[1] for p in tri) / 3
        d.polygon(_scale_about(tri, c, cy, 0.93), fill=red)
        d.polygon(_scale_about(tri, c, cy, 0.58), fill=white)
    elif name == "no entry":
        d.ellipse([c - r, c - r, c + r, c + r], fill=white)
        r2 = r * 0.95
        d.ellipse([c - r2, c - r2, c + r2, c + r2], fill=red)
        d.rectangle([c - r * 0.72, c - r * 0.17, c + r * 0.72, c + r * 0.17], fill=white)
    elif name == "priority road":
        yellow = _jitter_colour(rng, YELLOW, fade) + (255,)
        dia = _regular_polygon(c, c, r, 4, 0)
        d.polygon(dia, fill=black)
        d.polygon(_scale_about(dia, c, c, 0.96), fill=white)
        d.polygon(_scale_about(dia, c, c, 0.62), fill=black)
        d.polygon(_scale_about(dia, c, c, 0.59), fill=yellow)
    elif name == "pedestrian crossing":
        blue = _jitter_colour(rng, BLUE, fade) + (255,)
        s = r * 0.92
        d.rounded_rectangle([c - s, c - s, c + s, c + s], radius=s * 0.12, fill=white)
        s2 = s * 0.94
        d.rounded_rectangle([c - s2, c - s2, c + s2, c + s2], radius=s2 * 0.1, fill=blue)
        stride = rng.uniform(0.7, 1.15)
        if rng.random() < 0.6:
            # white triangle with a black walking figure on a zebra crossing (common in Europe)
            tri = _regular_polygon(c, c + s * 0.12, s * 0.92, 3, -90)
            d.polygon(tri, fill=white)
            for k in range(4):
                x0 = c - s * 0.52 + k * s * 0.28
                d.polygon([(x0, c + s * 0.5), (x0 + s * 0.16, c + s * 0.5),
                           (x0 + s * 0.12, c + s * 0.6), (x0 - s * 0.04, c + s * 0.6)], fill=black)
            draw_pedestrian(d, c, c + s * 0.02, s * 0.78, black, stride)
        else:
            # white walking figure over white zebra stripes on the blue square
            for k in range(5):
                x0 = c - s * 0.78 + k * s * 0.33
                d.polygon([(x0, c + s * 0.55), (x0 + s * 0.2, c + s * 0.55),
                           (x0 + s * 0.16, c + s * 0.72), (x0 - s * 0.04, c + s * 0.72)], fill=white)
            draw_pedestrian(d, c, c - s * 0.08, s * 1.05, white, stride)
    else:  # speed limits
        digits = name.split()[-1]
        d.ellipse([c - r, c - r, c + r, c + r], fill=red)
        ri = r * 0.76
        d.ellipse([c - ri, c - ri, c + ri, c + ri], fill=white)
        draw_text(d, digits, c, c, r * 0.9, r * 0.17, black, spacing=0.1)
    return img


# --------------------------------------------------------------------------
# Backgrounds
# --------------------------------------------------------------------------

SKY = [(135, 180, 230), (170, 200, 225), (200, 210, 220), (110, 120, 140), (230, 200, 170), (90, 140, 210)]
GROUND = [(90, 90, 92), (120, 115, 110), (70, 100, 50), (100, 130, 70), (150, 140, 120), (60, 60, 65)]
CLUTTER = [(60, 110, 40), (40, 80, 30), (150, 150, 150), (90, 70, 50), (180, 170, 160), (200, 60, 50),
           (40, 60, 150), (230, 230, 230), (30, 30, 30), (210, 180, 60), (120, 80, 120), (240, 120, 40)]


def _smooth_noise(rng, size, cells):
    """Value noise: a random cells x cells grid upsampled bicubically to size x size, in [-1, 1]."""
    g = rng.uniform(0, 255, (cells, cells)).astype(np.uint8)
    return np.asarray(Image.fromarray(g).resize((size, size), Image.BICUBIC), dtype=np.float32) / 127.5 - 1.0


def _jitter(rng, rgb, amount=25):
    return tuple(int(v) for v in np.clip(np.array(rgb) + rng.normal(0, amount, 3), 0, 255))


def render_background(rng, size):
    """A random roadside scene: sky/ground gradient or texture, plus clutter shapes and noise."""
    kind = rng.random()
    yy = np.linspace(0, 1, size, dtype=np.float32)[:, None, None]
    if kind < 0.55:
        sky_top = np.array(_jitter(rng, SKY[rng.integers(len(SKY))]), np.float32)
        sky_bot = sky_top * rng.uniform(0.9, 1.2) + rng.normal(0, 15, 3)
        ground = np.array(_jitter(rng, GROUND[rng.integers(len(GROUND))]), np.float32)
        horizon = rng.uniform(0.35, 1.1)
        sky = sky_top + (sky_bot - sky_top) * yy
        img = np.where(yy < horizon, sky, ground * (0.8 + 0.4 * yy)) * np.ones((1, size, 1), np.float32)
    elif kind < 0.8:
        base = np.array(_jitter(rng, CLUTTER[rng.integers(len(CLUTTER))], 40), np.float32)
        other = np.array(_jitter(rng, CLUTTER[rng.integers(len(CLUTTER))], 40), np.float32)
        t = (_smooth_noise(rng, size, int(rng.integers(3, 12))) + 1) / 2
        img = base + (other - base) * t[:, :, None]
    else:
        a = np.array(_jitter(rng, SKY[rng.integers(len(SKY))] if rng.random() < 0.5
                             else CLUTTER[rng.integers(len(CLUTTER))], 40), np.float32)
        b = np.array(_jitter(rng, GROUND[rng.integers(len(GROUND))], 40), np.float32)
        ang = rng.uniform(0, 2 * np.pi)
        xx = np.linspace(0, 1, size, dtype=np.float32)[None, :, None]
        t = np.clip(np.cos(ang) * xx + np.sin(ang) * yy, 0, 1)
        img = a + (b - a) * t
    # fine texture
    img = img + _smooth_noise(rng, size, int(rng.integers(16, 48)))[:, :, None] * rng.uniform(0, 25)
    im = Image.fromarray(np.clip(img, 0, 255).astype(np.uint8))
    d = ImageDraw.Draw(im)
    for _ in range(int(rng.integers(0, 10))):
        col = _jitter(rng, CLUTTER[rng.integers(len(CLUTTER))], 30)
        x0, y0 = rng.uniform(-0.2, 1.0, 2) * size
        w, h = rng.uniform(0.05, 0.6, 2) * size
        shape = rng.random()
        if shape < 0.35:
            d.rectangle([x0, y0, x0 + w, y0 + h], fill=col)
        elif shape < 0.65:
            d.ellipse([x0, y0, x0 + w, y0 + h], fill=col)
        elif shape < 0.85:
            d.line([(x0, y0), tuple(rng.uniform(0, 1, 2) * size)], fill=col, width=int(rng.integers(1, 8)))
        else:
            pts = [tuple(rng.uniform(-0.1, 1.1, 2) * size) for _ in range(3)]
            d.polygon(pts, fill=col)
    if rng.random() < 0.3:
        im = im.filter(ImageFilter.GaussianBlur(rng.uniform(1, 6)))
    return im


# --------------------------------------------------------------------------
# Geometry
# --------------------------------------------------------------------------

def perspective_coeffs(dst, src):
    """PIL PERSPECTIVE coefficients mapping output points dst[k] to input points src[k] (4 pairs)."""
    a = []
    b = []
    for (x, y), (u, v) in zip(dst, src):
        a.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        a.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        b += [u, v]
    return np.linalg.solve(np.array(a, np.float64), np.array(b, np.float64)).tolist()


def sign_quad(cx, cy, side, rot_deg, yaw, pitch, corner_jitter):
    """Destination corners (TL, TR, BR, BL) of the sign canvas: a square turned out of plane.

    yaw/pitch in [-1, 1] squeeze one pair of edges and stretch the other (a cheap perspective);
    corner_jitter is a [4, 2] array of offsets in units of the side.
    """
    h = side / 2
    base = np.array([[-h, -h], [h, -h], [h, h], [-h, h]], np.float64)
    base[:, 0] *= 1 - 0.35 * abs(yaw)
    base[:, 1] *= 1 - 0.25 * abs(pitch)
    base[:, 1] *= 1 + 0.22 * yaw * np.sign(base[:, 0]) / 1.0
    base[:, 0] *= 1 + 0.18 * pitch * np.sign(base[:, 1])
    base += corner_jitter * side
    t = math.radians(rot_deg)
    rot = np.array([[math.cos(t), -math.sin(t)], [math.sin(t), math.cos(t)]])
    return (base @ rot.T) + np.array([cx, cy])


# --------------------------------------------------------------------------
# Scene
# --------------------------------------------------------------------------

def sample_params(rng):
    """The nuisance parameters of one training/test image (see render_scene)."""
    size = OUT * SS
    side = rng.uniform(0.36, 0.98) * size
    slack = max(0.0, (size - side) / 2) + 0.08 * side
    return {
        "side": side,
        "cx": size / 2 + rng.uniform(-slack, slack),
        "cy": size / 2 + rng.uniform(-slack, slack),
        "rot": rng.normal(0, 6),
        "yaw": float(np.clip(rng.normal(0, 0.45), -1, 1)),
        "pitch": float(np.clip(rng.normal(0, 0.3), -1, 1)),
        "corner_jitter": rng.normal(0, 0.015, (4, 2)),
        "pole": rng.random() < 0.6,
        "occlusion": rng.random() < 0.35,
        "shade": rng.uniform(0, 0.5) if rng.random() < 0.5 else 0.0,
        "shade_angle": rng.uniform(0, 2 * np.pi),
        "gain": math.exp(rng.normal(0, 0.25)),
        "contrast": rng.uniform(0.6, 1.2),
        "gamma": math.exp(rng.normal(0, 0.2)),
        "cast": np.exp(rng.normal(0, 0.07, 3)),
        "blur": rng.uniform(0, 1.0) ** 2 * 4.0 * side / size if rng.random() < 0.7 else 0.0,
        "noise": rng.uniform(0, 0.05),
        "jpeg": int(rng.integers(25, 90)) if rng.random() < 0.3 else 0,
    }


def _occlude(rng, im, quad):
    """Draw 1-3 occluders over the sign region: stickers, foliage blobs, a bar of another object."""
    d = ImageDraw.Draw(im)
    x0, y0 = quad.min(0)
    x1, y1 = quad.max(0)
    w, h = x1 - x0, y1 - y0
    for _ in range(int(rng.integers(1, 4))):
        kind = rng.random()
        if kind < 0.45:  # a sticker: a small rectangle somewhere on the sign
            sw, sh = rng.uniform(0.08, 0.28, 2) * (w, h)
            px, py = x0 + rng.uniform(0.1, 0.9) * w, y0 + rng.uniform(0.1, 0.9) * h
            col = [(20, 20, 20), (240, 240, 240), _jitter(rng, CLUTTER[rng.integers(len(CLUTTER))], 40)][
                int(rng.integers(3))]
            d.polygon(_regular_polygon(px, py, 0.5 * math.hypot(sw, sh), 4, rng.uniform(0, 90)), fill=col)
        elif kind < 0.8:  # foliage / another object entering from one side
            col = _jitter(rng, CLUTTER[int(rng.integers(0, 3))], 30)
            side = int(rng.integers(4))
            r = rng.uniform(0.15, 0.35) * max(w, h)
            t = rng.uniform(0, 1)
            px, py = [(x0 + t * w, y0), (x1, y0 + t * h), (x0 + t * w, y1), (x0, y0 + t * h)][side]
            for _ in range(int(rng.integers(2, 6))):
                ox, oy = rng.normal(0, r * 0.4, 2)
                rr = r * rng.uniform(0.4, 0.9)
                d.ellipse([px + ox - rr, py + oy - rr, px + ox + rr, py + oy + rr], fill=col)
        else:  # a pole or wire in front of the sign
            col = _jitter(rng, CLUTTER[rng.integers(len(CLUTTER))], 30)
            wid = rng.uniform(0.04, 0.12) * w
            if rng.random() < 0.5:
                px = x0 + rng.uniform(0, 1) * w
                d.line([(px, 0), (px + rng.normal(0, 5), im.size[1])], fill=col, width=max(1, int(wid)))
            else:
                py = y0 + rng.uniform(0, 1) * h
                d.line([(0, py), (im.size[0], py + rng.normal(0, 5))], fill=col, width=max(1, int(wid)))


def render_scene(label, rng, p, background=None, sign=None):
    """Render one 32x32 RGB uint8 image of sign `label` with nuisance parameters p.

    background: an optional RGB PIL image of the scene size (OUT*SS); a fresh one when None.
    sign: an optional pre-drawn sign (draw_sign) so that video frames show the same sign; a fresh one when None.
    """
    size = OUT * SS
    im = background.copy() if background is not None else render_background(rng, size)
    quad = sign_quad(p["cx"], p["cy"], p["side"], p["rot"], p["yaw"], p["pitch"], p["corner_jitter"])
    if p["pole"]:
        d = ImageDraw.Draw(im)
        col = p["pole_colour"] if "pole_colour" in p else _jitter(rng, (130, 130, 135), 20)
        bottom = (quad[2] + quad[3]) / 2
        wid = max(2, int(p["side"] * 0.07))
        d.line([tuple(bottom), (bottom[0] + rng.normal(0, 2), size + 10)], fill=col, width=wid)
    if sign is None:
        sign = draw_sign(label, rng)
    src = [(0, 0), (SIGN_RES, 0), (SIGN_RES, SIGN_RES), (0, SIGN_RES)]
    coeffs = perspective_coeffs([tuple(q) for q in quad], src)
    warped = sign.transform((size, size), Image.PERSPECTIVE, coeffs, Image.BILINEAR)
    im.paste(warped, (0, 0), warped)
    if p["occlusion"]:
        _occlude(rng, im, quad)
    x = np.asarray(im, dtype=np.float32) / 255.0
    if p["shade"] > 0:  # a shadow / light gradient across the frame
        yy, xx = np.mgrid[0:size, 0:size].astype(np.float32) / size - 0.5
        g = np.cos(p["shade_angle"]) * xx + np.sin(p["shade_angle"]) * yy
        x = x * (1 - p["shade"] * (g[:, :, None] + 0.5))
    x = x * p["cast"][None, None, :] * p["gain"]
    m = x.mean()
    x = (x - m) * p["contrast"] + m
    x = np.clip(x, 0, 1) ** p["gamma"]
    im = Image.fromarray((x * 255 + 0.5).astype(np.uint8))
    if p["blur"] > 0.2:
        im = im.filter(ImageFilter.GaussianBlur(p["blur"]))
    im = im.resize((OUT, OUT), Image.LANCZOS)
    x = np.asarray(im, dtype=np.float32) / 255.0
    if p["noise"] > 0:
        x = x + rng.normal(0, p["noise"], x.shape).astype(np.float32)
    x = (np.clip(x, 0, 1) * 255 + 0.5).astype(np.uint8)
    if p["jpeg"]:
        buf = io.BytesIO()
        Image.fromarray(x).save(buf, format="JPEG", quality=p["jpeg"])
        x = np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert("RGB"), dtype=np.uint8)
    return x


def render_one(seed, index):
    """Image `index` of the set with seed `seed`: (uint8 [32,32,3], label)."""
    rng = np.random.default_rng([seed, index])
    label = int(rng.integers(len(LABELS)))
    p = sample_params(rng)
    return render_scene(label, rng, p), label


def render_set(seed, n, start=0, progress=False):
    """Images start..start+n-1 of the set with seed `seed`: x uint8 [n,32,32,3], y int64 [n]."""
    x = np.empty((n, OUT, OUT, 3), np.uint8)
    y = np.empty(n, np.int64)
    for k in range(n):
        x[k], y[k] = render_one(seed, start + k)
        if progress and (k + 1) % 5000 == 0:
            print("  rendered %d/%d (seed %d)" % (k + 1, n, seed), flush=True)
    return x, y


# --------------------------------------------------------------------------
# CLI: bundled subsets, image samples, preview
# --------------------------------------------------------------------------

def save_npz(path, **arrays):
    np.savez_compressed(path, **arrays)


def write_samples(folder, x, y, per_class, seed):
    """ImageFolder layout: folder/<label>/<seed>-<index>.png, the first per_class images of each class."""
    for label in range(len(LABELS)):
        sub = os.path.join(folder, LABELS[label])
        os.makedirs(sub, exist_ok=True)
        for old in os.listdir(sub):
            if old.endswith(".png"):
                os.remove(os.path.join(sub, old))
        for idx in np.flatnonzero(y == label)[:per_class]:
            Image.fromarray(x[idx]).save(os.path.join(sub, "%d-%05d.png" % (seed, idx)), optimize=False)


def contact_sheet(x, y, cols=16, zoom=3):
    rows = (len(x) + cols - 1) // cols
    sheet = Image.new("RGB", (cols * OUT * zoom, rows * OUT * zoom), (0, 0, 0))
    for k in range(len(x)):
        tile = Image.fromarray(x[k]).resize((OUT * zoom, OUT * zoom), Image.NEAREST)
        sheet.paste(tile, ((k % cols) * OUT * zoom, (k // cols) * OUT * zoom))
    return sheet


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", help="folder for signs-train.npz, signs-test.npz and signs-samples/")
    ap.add_argument("--train-seed", type=int, default=TRAIN_SEED)
    ap.add_argument("--test-seed", type=int, default=TEST_SEED)
    ap.add_argument("--train-count", type=int, default=800)
    ap.add_argument("--test-count", type=int, default=600)
    ap.add_argument("--calib-seed", type=int, default=CALIB_SEED)
    ap.add_argument("--calib-count", type=int, default=3000)
    ap.add_argument("--sets", default="train,test",
                    help="which sets to write under --out: train, test, calib (comma-separated; default: train,test)")
    ap.add_argument("--samples-per-class", type=int, default=8)
    ap.add_argument("--preview", help="write a contact sheet PNG of the first test images here")
    args = ap.parse_args(argv)
    if args.preview:
        x, y = render_set(args.test_seed, 128)
        order = np.argsort(y, kind="stable")
        contact_sheet(x[order], y[order]).save(args.preview)
        print("wrote %s (labels %s)" % (args.preview, np.bincount(y, minlength=len(LABELS)).tolist()))
    if args.out:
        os.makedirs(args.out, exist_ok=True)
        sets = {"train": ("signs-train", args.train_seed, args.train_count),
                "test": ("signs-test", args.test_seed, args.test_count),
                "calib": ("signs-calib", args.calib_seed, args.calib_count)}
        wanted = [w.strip() for w in args.sets.split(",") if w.strip()]
        for w in wanted:
            if w not in sets:
                ap.error("--sets: unknown set '%s' (train, test, calib)" % w)
        for name, seed, count in (sets[w] for w in wanted):
            x, y = render_set(seed, count)
            path = os.path.join(args.out, name + ".npz")
            save_npz(path, x=x, y=y)
            print("wrote %s: x %s, y %s, class counts %s, %d bytes"
                  % (path, x.shape, y.shape, np.bincount(y, minlength=len(LABELS)).tolist(), os.path.getsize(path)))
            if name == "signs-test":
                write_samples(os.path.join(args.out, "signs-samples"), x, y, args.samples_per_class, seed)
                print("wrote %s/signs-samples/<label>/*.png (%d per class)" % (args.out, args.samples_per_class))
    if not args.out and not args.preview:
        ap.error("nothing to do: give --out and/or --preview")
    return 0


if __name__ == "__main__":
    sys.exit(main())
