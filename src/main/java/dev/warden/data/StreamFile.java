package dev.warden.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Camera streams kept as an {@code .npz} with an array {@code frames} of shape [S, T, ...]: S streams of T frames,
 * each frame a sample as {@code --data} takes one ([H, W], [H, W, C], [C, H, W] or [F]; uint8 frames are pixels),
 * and optionally {@code labels} [S] (the class each stream shows). {@code tools/render_sign_stream.py} writes
 * {@code data/signs-streams.npz} this way. Each stream is one {@link SampleSource}, converted like any data.
 */
public final class StreamFile {
    private StreamFile() {
    }

    /** The streams of {@code file} as sample sources, one per stream, frames in order. */
    public static List<SampleSource> open(Path file) {
        if (!java.nio.file.Files.isRegularFile(file)) throw new DataFormatException(file + ": no such file");
        NpyArray frames;
        NpyArray labels = null;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry f = zip.getEntry("frames.npy");
            if (f == null) throw new DataFormatException(file + ": holds no array 'frames' ([streams, frames, ...])");
            frames = NpyArray.parse(read(zip, f, file), file + " [frames]");
            ZipEntry l = zip.getEntry("labels.npy");
            if (l != null) labels = NpyArray.parse(read(zip, l, file), file + " [labels]");
        } catch (ZipException e) {
            throw new DataFormatException(file + ": not an NPZ (zip) archive: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        long[] s = frames.shape();
        if (s.length < 3 || s.length > 5) {
            throw new DataFormatException(file + ": frames has shape " + Arrays.toString(s) + "; streams must be [S, T, F], [S, T, H, W] or [S, T, a, b, c]");
        }
        if (labels != null && (labels.rank() != 1 || labels.shape()[0] != s[0] || !labels.integral())) {
            throw new DataFormatException(file + ": labels has shape " + Arrays.toString(labels.shape()) + " (" + labels.descr()
                    + "); it must be integer class indices [" + s[0] + "]");
        }
        int[] dims = switch (s.length) {
            case 3 -> new int[]{Math.toIntExact(s[2])};
            case 4 -> new int[]{Math.toIntExact(s[2]), Math.toIntExact(s[3]), 1};
            default -> new int[]{Math.toIntExact(s[2]), Math.toIntExact(s[3]), Math.toIntExact(s[4])};
        };
        RawSample.Arrangement arrangement = switch (s.length) {
            case 3 -> RawSample.Arrangement.FEATURES;
            case 4 -> RawSample.Arrangement.HWC;
            default -> RawSample.Arrangement.ARRAY;
        };
        int perFrame = Math.toIntExact(frames.count() / (s[0] * s[1]));
        List<SampleSource> streams = new ArrayList<>();
        for (int stream = 0; stream < s[0]; stream++) {
            String label = labels == null ? null : Long.toString((long) labels.get(stream));
            streams.add(new Stream(file, frames, stream, Math.toIntExact(s[1]), perFrame, dims, arrangement, label));
        }
        return streams;
    }

    private static ByteBuffer read(ZipFile zip, ZipEntry entry, Path file) throws IOException {
        if (entry.getSize() > Integer.MAX_VALUE - 64) throw new DataFormatException(file + ": array " + entry.getName() + " is over 2 GiB");
        try (InputStream in = zip.getInputStream(entry)) {
            return ByteBuffer.wrap(in.readAllBytes());
        }
    }

    private record Stream(Path file, NpyArray frames, int stream, int length, int perFrame, int[] dims,
                          RawSample.Arrangement arrangement, String label) implements SampleSource {
        @Override
        public Path path() {
            return file;
        }

        @Override
        public String format() {
            return "NPZ stream";
        }

        @Override
        public int count() {
            return length;
        }

        @Override
        public boolean labelled() {
            return label != null;
        }

        @Override
        public List<String> labelNames() {
            return label == null ? List.of() : List.of(label);
        }

        @Override
        public RawSample read(int index) {
            if (index < 0 || index >= length) throw new IndexOutOfBoundsException("frame " + index + " of " + length + " in stream " + stream);
            double[] values = new double[perFrame];
            long start = ((long) stream * length + index) * perFrame;
            for (int i = 0; i < perFrame; i++) values[i] = frames.get(start + i);
            return new RawSample("frame " + index + " of stream " + stream + " of " + file, values, dims.clone(), arrangement,
                    frames.descr().endsWith("u1"), label);
        }

        @Override
        public String label(int index) {
            return label;
        }

        @Override
        public String sha256() {
            return Digests.sha256(file);
        }
    }
}
