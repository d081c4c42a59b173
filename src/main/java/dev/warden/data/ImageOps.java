package dev.warden.data;

/** Operations on images held as flat HWC arrays: resize, colour conversion, layout transpose. */
final class ImageOps {
    private ImageOps() {
    }

    /**
     * Bilinear resize with half-pixel centres (source coordinate (x + 0.5) * w / W - 0.5, clamped at the
     * edges), what PIL and torchvision's resize without antialiasing compute.
     */
    static double[] resize(double[] src, int h, int w, int c, int outH, int outW) {
        double[] out = new double[outH * outW * c];
        double sy = (double) h / outH, sx = (double) w / outW;
        for (int y = 0; y < outH; y++) {
            double fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), h - 1);
            int y0 = (int) fy, y1 = Math.min(y0 + 1, h - 1);
            double dy = fy - y0;
            for (int x = 0; x < outW; x++) {
                double fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), w - 1);
                int x0 = (int) fx, x1 = Math.min(x0 + 1, w - 1);
                double dx = fx - x0;
                for (int k = 0; k < c; k++) {
                    double top = src[(y0 * w + x0) * c + k] * (1 - dx) + src[(y0 * w + x1) * c + k] * dx;
                    double bottom = src[(y1 * w + x0) * c + k] * (1 - dx) + src[(y1 * w + x1) * c + k] * dx;
                    out[(y * outW + x) * c + k] = top * (1 - dy) + bottom * dy;
                }
            }
        }
        return out;
    }

    /** From {@code c} channels (1, 3, or 4 with alpha) to {@code to} channels (1 or 3). */
    static double[] convertColor(double[] src, int pixels, int c, int to) {
        double[] out = new double[pixels * to];
        for (int p = 0; p < pixels; p++) {
            if (c == 1) {
                for (int k = 0; k < to; k++) out[p * to + k] = src[p];
            } else if (to == 1) {
                out[p] = 0.299 * src[p * c] + 0.587 * src[p * c + 1] + 0.114 * src[p * c + 2];
            } else {
                System.arraycopy(src, p * c, out, p * to, 3);
            }
        }
        return out;
    }

    static double[] hwcToChw(double[] src, int h, int w, int c) {
        double[] out = new double[src.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int k = 0; k < c; k++) out[(k * h + y) * w + x] = src[(y * w + x) * c + k];
            }
        }
        return out;
    }

    static double[] chwToHwc(double[] src, int c, int h, int w) {
        double[] out = new double[src.length];
        for (int k = 0; k < c; k++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) out[(y * w + x) * c + k] = src[(k * h + y) * w + x];
            }
        }
        return out;
    }
}
