package dev.warden.data;

import java.nio.file.Path;
import java.util.List;

/**
 * Samples in one of the formats people keep them in (IDX, a folder of images, {@code .npy}/{@code .npz}, CSV),
 * read on demand by index so that large folders and arrays are never decoded whole. Convert a sample to a
 * model's input with {@link InputConversion}; {@link ModelSamples} does both.
 */
public interface SampleSource {
    String FORMATS = "a folder of PNG/JPEG images (one subfolder per class), .npy, .npz (arrays x and y), "
            + ".csv (a header with a 'label' column) or IDX (*-idx3-ubyte[.gz], *.idx)";

    /** The file or folder read. */
    Path path();

    /** The format's name, for messages: IDX, image folder, NPY, NPZ, CSV. */
    String format();

    int count();

    boolean labelled();

    /** Every distinct label the source holds, as it names them (empty when unlabelled). */
    List<String> labelNames();

    RawSample read(int index);

    /** The label of sample {@code index} as the source names it, without decoding the sample (null: unlabelled). */
    String label(int index);

    /** A SHA-256 over the data read (the files' bytes), recorded with what was made from it. */
    String sha256();

    /** Opens {@code path} by its kind: a folder is an image folder, else the file's extension names the format. */
    static SampleSource open(Path path) {
        return SampleSources.open(path);
    }

    /** This source with its labels ignored: samples used as they are, e.g. as out-of-distribution data. */
    default SampleSource withoutLabels() {
        SampleSource inner = this;
        return new SampleSource() {
            public Path path() {
                return inner.path();
            }

            public String format() {
                return inner.format();
            }

            public int count() {
                return inner.count();
            }

            public boolean labelled() {
                return false;
            }

            public List<String> labelNames() {
                return List.of();
            }

            public RawSample read(int index) {
                RawSample r = inner.read(index);
                return new RawSample(r.origin(), r.values(), r.dims(), r.arrangement(), r.pixels(), null);
            }

            public String label(int index) {
                return null;
            }

            public String sha256() {
                return inner.sha256();
            }
        };
    }

    default String describe() {
        return path() + " (" + format() + ", " + count() + " samples" + (labelled() ? "" : ", unlabelled") + ")";
    }
}
