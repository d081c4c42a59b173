package dev.warden.bench;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * Adversarial examples on disk: {@code ATTACK-images.idx[.gz]} files in a folder, IDX with float32 elements
 * (type 0x0D, count x rows x cols, big-endian), values in [0, 1]. Float, not bytes, because rounding a
 * minimal perturbation to 8 bits can undo it.
 */
public final class AdversarialExamples {
    private AdversarialExamples() {
    }

    /** Every attack's examples in {@code dir}, by attack name (the file name before {@code -images.idx}). */
    public static Map<String, List<double[]>> readAll(Path dir) {
        Map<String, List<double[]>> out = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*-images.idx*")) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                out.put(name.substring(0, name.indexOf("-images.idx")), read(f));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read adversarial examples in " + dir + ": " + e.getMessage(), e);
        }
        if (out.isEmpty()) throw new IllegalArgumentException(dir + " holds no ATTACK-images.idx files");
        return out;
    }

    /** The test-image index each example of {@code attack} was made from ({@code ATTACK-indices.txt}, one a line). */
    public static List<Integer> indices(Path dir, String attack) {
        Path file = dir.resolve(attack + "-indices.txt");
        try {
            return Files.readAllLines(file).stream().map(String::trim).filter(l -> !l.isEmpty()).map(Integer::parseInt).toList();
        } catch (IOException | NumberFormatException e) {
            throw new IllegalArgumentException("cannot read " + file + " (the test-image index of each example, one a line): " + e.getMessage(), e);
        }
    }

    /** Writes {@code name}-images.idx (float32, square images) and {@code name}-indices.txt into {@code dir}. */
    public static void write(Path dir, String name, List<double[]> images, List<Integer> indices) {
        try {
            Files.createDirectories(dir);
            int size = images.isEmpty() ? 0 : images.get(0).length;
            int side = (int) Math.round(Math.sqrt(size));
            boolean square = side * side == size;
            try (java.io.DataOutputStream out = new java.io.DataOutputStream(new java.io.BufferedOutputStream(
                    Files.newOutputStream(dir.resolve(name + "-images.idx"))))) {
                // [N, side, side] for square grey images, else [N, values] (an RGB 3x32x32 image is no square)
                out.writeInt(square ? 0x00000D03 : 0x00000D02);
                out.writeInt(images.size());
                out.writeInt(square ? side : size);
                if (square) out.writeInt(side);
                for (double[] img : images) for (double v : img) out.writeFloat((float) v);
            }
            StringBuilder b = new StringBuilder();
            for (int i : indices) b.append(i).append('\n');
            Files.writeString(dir.resolve(name + "-indices.txt"), b);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write examples to " + dir + ": " + e.getMessage(), e);
        }
    }

    public static List<double[]> read(Path file) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file));
             DataInputStream in = new DataInputStream(file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw)) {
            int magic = in.readInt();
            if ((magic & 0xFFFFFF00) != 0x00000D00 || (magic & 0xFF) < 2) {
                throw new IllegalArgumentException(file + ": not a float32 IDX of images (magic 0x" + Integer.toHexString(magic) + ")");
            }
            int n = in.readInt();
            int values = 1;
            for (int d = 1; d < (magic & 0xFF); d++) values = Math.multiplyExact(values, in.readInt());
            List<double[]> images = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                double[] img = new double[values];
                for (int j = 0; j < img.length; j++) img[j] = in.readFloat();
                images.add(img);
            }
            return images;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
