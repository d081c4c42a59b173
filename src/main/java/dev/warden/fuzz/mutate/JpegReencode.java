package dev.warden.fuzz.mutate;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** JPEG re-encoding at a quality, as an upload pipeline or a messaging app does: each plane as 8-bit grayscale. */
final class JpegReencode implements Mutator {
    @Override
    public String kind() {
        return "jpeg";
    }

    @Override
    public Mutation draw(SplittableRandom r, MutationLimits l, InputSpace s) {
        return Mutation.of("jpeg", "quality", r.nextInt(l.jpegQualityMin(), Math.max(l.jpegQualityMin(), 95) + 1));
    }

    @Override
    public double[] apply(double[] x, Mutation m, InputSpace s) {
        int h = s.height(), w = s.width(), plane = h * w;
        float quality = (float) (m.param("quality") / 100.0);
        double[] out = new double[x.length];
        for (int base = 0; base < x.length; base += plane) {
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            WritableRaster raster = img.getRaster();
            for (int y = 0; y < h; y++) {
                for (int c = 0; c < w; c++) {
                    raster.setSample(c, y, 0, (int) Math.round((x[base + y * w + c] - s.min()) / s.span() * 255));
                }
            }
            BufferedImage back = decode(encode(img, quality));
            for (int y = 0; y < h; y++) {
                for (int c = 0; c < w; c++) out[base + y * w + c] = s.clip(s.min() + back.getRaster().getSample(c, y, 0) / 255.0 * s.span());
            }
        }
        return out;
    }

    private static byte[] encode(BufferedImage img, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(quality);
            writer.setOutput(out);
            writer.write(null, new IIOImage(img, null, null), p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static BufferedImage decode(byte[] jpeg) {
        try {
            return ImageIO.read(new ByteArrayInputStream(jpeg));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
