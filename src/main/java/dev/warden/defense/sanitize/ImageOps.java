package dev.warden.defense.sanitize;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The image transforms on flat NCHW batches with values in [0, 1]: every image and channel is processed as
 * one HxW plane at its offset in the flat array, so no per-image copies are made except for JPEG, which goes
 * through a grayscale BufferedImage per plane.
 */
final class ImageOps {
    private ImageOps() {
    }

    static double[] bitDepth(double[] v, int bits) {
        double levels = (1 << bits) - 1;
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = Math.rint(clip(v[i]) * levels) / levels;
        return out;
    }

    /** KxK median, window offsets -floor((K-1)/2) .. ceil((K-1)/2) as scipy's median_filter, edges repeated. */
    static double[] median(double[] v, int[] chw, int k) {
        int h = chw[1], w = chw[2], plane = h * w;
        int lo = -(k - 1) / 2;
        double[] out = new double[v.length];
        double[] window = new double[k * k];
        int mid = k * k / 2;
        for (int base = 0; base < v.length; base += plane) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int n = 0;
                    for (int dy = 0; dy < k; dy++) {
                        int yy = Math.min(h - 1, Math.max(0, y + lo + dy));
                        for (int dx = 0; dx < k; dx++) {
                            int xx = Math.min(w - 1, Math.max(0, x + lo + dx));
                            window[n++] = v[base + yy * w + xx];
                        }
                    }
                    Arrays.sort(window);
                    out[base + y * w + x] = window[mid];
                }
            }
        }
        return out;
    }

    static double[] jpeg(double[] v, int[] chw, int quality) {
        int h = chw[1], w = chw[2], plane = h * w;
        double[] out = new double[v.length];
        for (int base = 0; base < v.length; base += plane) {
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            WritableRaster r = img.getRaster();
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) r.setSample(x, y, 0, (int) Math.rint(clip(v[base + y * w + x]) * 255));
            }
            BufferedImage back = decode(encode(img, quality));
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) out[base + y * w + x] = back.getRaster().getSample(x, y, 0) / 255.0;
            }
        }
        return out;
    }

    private static byte[] encode(BufferedImage img, int quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality / 100f);
            writer.setOutput(out);
            writer.write(null, new IIOImage(img, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("JPEG encoding failed: " + e.getMessage(), e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static BufferedImage decode(byte[] jpeg) {
        try {
            return ImageIO.read(new ByteArrayInputStream(jpeg));
        } catch (IOException e) {
            throw new UncheckedIOException("JPEG decoding failed: " + e.getMessage(), e);
        }
    }

    private static double clip(double x) {
        return x < 0 ? 0 : x > 1 ? 1 : x;
    }
}
