package dev.warden.bench;

import dev.warden.data.IdxFormatException;
import dev.warden.data.IdxImages;
import dev.warden.data.IdxReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The images {@code bench http-throughput} sends, one per request, as they are (no mirroring or noise: honest,
 * in-distribution traffic): every image of every IDX file in turn, then again from the first. Kept as the files'
 * bytes (Fashion-MNIST's 70,000 are 55 MB) and scaled to [0, 1] when a request is built.
 */
public final class ImageStream {
    private final List<IdxImages> files;
    private final int count;
    private final String source;

    private ImageStream(List<IdxImages> files, String source) {
        if (files.isEmpty()) throw new IllegalArgumentException(source + ": no images");
        int n = 0;
        for (IdxImages f : files) {
            if (f.rows() != 28 || f.cols() != 28) {
                throw new IllegalArgumentException(f.source() + ": " + f.rows() + "x" + f.cols() + " images; the bundled model takes 28x28");
            }
            n = Math.addExact(n, f.count());
        }
        this.files = List.copyOf(files);
        this.count = n;
        this.source = source;
    }

    /** The bundled Fashion-MNIST subsets under {@code home}: 2,000 test images, then 10,000 training images. */
    public static ImageStream bundled(Path home) {
        return of(List.of(home.resolve("data/fashion-test-2000-images-idx3-ubyte.gz"), home.resolve("data/fashion-train-10000-images-idx3-ubyte.gz")),
                "the bundled test and training images");
    }

    /**
     * An IDX images file, or every {@code *images-idx3*} file in a folder in name order (Debian's
     * {@code dataset-fashion-mnist}: /usr/share/datasets/fashion-mnist, 10,000 test then 60,000 training images).
     */
    public static ImageStream at(Path path) {
        if (Files.isDirectory(path)) {
            List<Path> found;
            try (Stream<Path> s = Files.list(path)) {
                found = s.filter(p -> p.getFileName().toString().contains("images-idx3")).sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + path + ": " + e.getMessage(), e);
            }
            if (found.isEmpty()) throw new IllegalArgumentException(path + " holds no IDX images file (*images-idx3*)");
            return of(found, path.toString());
        }
        if (!Files.isRegularFile(path)) throw new IllegalArgumentException(path + ": no such file or folder");
        return of(List.of(path), path.toString());
    }

    private static ImageStream of(List<Path> paths, String source) {
        List<IdxImages> files = new ArrayList<>();
        for (Path p : paths) {
            try {
                files.add(IdxReader.readImages(p));
            } catch (IdxFormatException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
        return new ImageStream(files, source);
    }

    /** How many different images the stream sends before one repeats. */
    public int count() {
        return count;
    }

    public String source() {
        return source;
    }

    /** The i-th image sent (i >= 0), as 784 values in [0, 1]. */
    public double[] image(long i) {
        int at = (int) (i % count);
        for (IdxImages f : files) {
            if (at < f.count()) return f.image(at);
            at -= f.count();
        }
        throw new IllegalStateException("unreachable");
    }
}
