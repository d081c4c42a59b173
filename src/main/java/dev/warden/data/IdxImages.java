package dev.warden.data;

import java.nio.file.Path;

/** Grey-scale images from an IDX file, kept as raw bytes; {@link #image} scales one to [0, 1]. */
public record IdxImages(Path source, int count, int rows, int cols, byte[] pixels) {
    public int pixelsPerImage() {
        return rows * cols;
    }

    public double[] image(int index) {
        if (index < 0 || index >= count) throw new IndexOutOfBoundsException("image " + index + " of " + count + " in " + source);
        int size = pixelsPerImage();
        double[] out = new double[size];
        int start = index * size;
        for (int i = 0; i < size; i++) out[i] = (pixels[start + i] & 0xff) / 255.0;
        return out;
    }
}
