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

    default String describe() {
        return path() + " (" + format() + ", " + count() + " samples" + (labelled() ? "" : ", unlabelled") + ")";
    }
}
