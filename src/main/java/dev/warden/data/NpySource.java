package dev.warden.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Samples from NumPy arrays: an {@code .npz} holding {@code x} (the samples) and optionally {@code y} (integer
 * class indices), or an {@code .npy} holding the samples, labelled by {@code y.npy} beside {@code x.npy} or by
 * {@code NAME-labels.npy} beside {@code NAME.npy}. {@code x} is [N, F] (features), [N, H, W] (grey images) or
 * [N, a, b, c] (images whose channel axis, first or last, is matched against the model). uint8 arrays are
 * pixels (0..255); every other type is taken as values in the model's input units. A {@code .npy} is mapped,
 * not read, so only the samples used are touched.
 */
final class NpySource implements SampleSource {
    private final Path path;
    private final String format;
    private final NpyArray x;
    private final long[] labels;
    private final int[] dims;
    private final RawSample.Arrangement arrangement;
    private final int perSample;

    private NpySource(Path path, String format, NpyArray x, NpyArray y) {
        this.path = path;
        this.format = format;
        this.x = x;
        long[] s = x.shape();
        if (s.length < 2 || s.length > 4) {
            throw new DataFormatException(path + ": x has shape " + Arrays.toString(s)
                    + "; samples must be [N, features], [N, height, width] or [N, a, b, c]");
        }
        if (s[0] > Integer.MAX_VALUE) throw new DataFormatException(path + ": too many samples (" + s[0] + ")");
        this.dims = switch (s.length) {
            case 2 -> new int[]{Math.toIntExact(s[1])};
            case 3 -> new int[]{Math.toIntExact(s[1]), Math.toIntExact(s[2]), 1};
            default -> new int[]{Math.toIntExact(s[1]), Math.toIntExact(s[2]), Math.toIntExact(s[3])};
        };
        this.arrangement = switch (s.length) {
            case 2 -> RawSample.Arrangement.FEATURES;
            case 3 -> RawSample.Arrangement.HWC;
            default -> RawSample.Arrangement.ARRAY;
        };
        this.perSample = Math.toIntExact(x.count() / Math.max(1, s[0]));
        this.labels = y == null ? null : labels(y, s[0]);
    }

    private long[] labels(NpyArray y, long n) {
        if (y.rank() != 1 || y.shape()[0] != n) {
            throw new DataFormatException(path + ": y has shape " + Arrays.toString(y.shape()) + " but x holds " + n + " samples: y must be [" + n + "]");
        }
        if (!y.integral()) throw new DataFormatException(path + ": y is " + y.descr() + "; labels must be integer class indices");
        long[] out = new long[(int) n];
        for (int i = 0; i < n; i++) out[i] = (long) y.get(i);
        return out;
    }

    static NpySource open(Path file) {
        NpyArray x = NpyArray.parse(map(file), file.toString());
        String name = file.getFileName().toString();
        String stem = name.substring(0, name.length() - 4);
        Path labelFile = stem.equals("x") ? file.resolveSibling("y.npy") : file.resolveSibling(stem + "-labels.npy");
        NpyArray y = Files.isRegularFile(labelFile) ? NpyArray.parse(map(labelFile), labelFile.toString()) : null;
        return new NpySource(file, "NPY", x, y);
    }

    static NpySource openNpz(Path file) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry xEntry = zip.getEntry("x.npy");
            if (xEntry == null) {
                List<String> names = new ArrayList<>();
                Collections.list(zip.entries()).forEach(e -> names.add(e.getName().replaceFirst("\\.npy$", "")));
                throw new DataFormatException(file + ": holds no array 'x' (it holds " + names + "); save the samples as x and the labels as y");
            }
            NpyArray x = NpyArray.parse(read(zip, xEntry, file), file + " [x]");
            ZipEntry yEntry = zip.getEntry("y.npy");
            NpyArray y = yEntry == null ? null : NpyArray.parse(read(zip, yEntry, file), file + " [y]");
            return new NpySource(file, "NPZ", x, y);
        } catch (ZipException e) {
            throw new DataFormatException(file + ": not an NPZ (zip) archive: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static ByteBuffer read(ZipFile zip, ZipEntry entry, Path file) throws IOException {
        if (entry.getSize() > Integer.MAX_VALUE - 64) throw new DataFormatException(file + ": array " + entry.getName() + " is over 2 GiB");
        try (InputStream in = zip.getInputStream(entry)) {
            return ByteBuffer.wrap(in.readAllBytes());
        }
    }

    private static ByteBuffer map(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() > Integer.MAX_VALUE) throw new DataFormatException(file + ": over 2 GiB; split it into several .npy files");
            return channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public String format() {
        return format;
    }

    @Override
    public int count() {
        return (int) x.shape()[0];
    }

    @Override
    public boolean labelled() {
        return labels != null;
    }

    @Override
    public List<String> labelNames() {
        if (labels == null) return List.of();
        TreeSet<Long> distinct = new TreeSet<>();
        for (long l : labels) distinct.add(l);
        return distinct.stream().map(String::valueOf).toList();
    }

    @Override
    public RawSample read(int index) {
        if (index < 0 || index >= count()) throw new IndexOutOfBoundsException("sample " + index + " of " + count() + " in " + path);
        double[] values = new double[perSample];
        long start = (long) index * perSample;
        for (int i = 0; i < perSample; i++) values[i] = x.get(start + i);
        return new RawSample("sample " + index + " of " + path, values, dims.clone(), arrangement, x.descr().endsWith("u1"),
                labels == null ? null : Long.toString(labels[index]));
    }

    @Override
    public String label(int index) {
        return labels == null ? null : Long.toString(labels[index]);
    }

    @Override
    public String sha256() {
        return Digests.sha256(path);
    }
}
