package dev.warden.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where Fashion-MNIST is: the subsets bundled in the repository's {@code data/} (the first 2,000 test and
 * the first 10,000 training images) and the full set from Debian's {@code dataset-fashion-mnist} package.
 */
public final class FashionMnist {
    public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    private FashionMnist() {
    }

    public static LabeledImages bundledTest(Path home) {
        return LabeledImages.read(home.resolve("data/fashion-test-2000-images-idx3-ubyte.gz"),
                home.resolve("data/fashion-test-2000-labels-idx1-ubyte.gz"));
    }

    public static LabeledImages bundledTrain(Path home) {
        return LabeledImages.read(home.resolve("data/fashion-train-10000-images-idx3-ubyte.gz"),
                home.resolve("data/fashion-train-10000-labels-idx1-ubyte.gz"));
    }

    /** The full 10,000 test images, when Debian's package is installed. */
    public static Optional<LabeledImages> fullTest() {
        Path images = DEBIAN_DIR.resolve("t10k-images-idx3-ubyte.gz");
        Path labels = DEBIAN_DIR.resolve("t10k-labels-idx1-ubyte.gz");
        return Files.isRegularFile(images) && Files.isRegularFile(labels)
                ? Optional.of(LabeledImages.read(images, labels)) : Optional.empty();
    }

    /** Labels file that goes with an images file by the usual naming ({@code -images-idx3-} to {@code -labels-idx1-}). */
    public static Path labelsFor(Path imagesFile) {
        String name = imagesFile.getFileName().toString().replace("images-idx3", "labels-idx1");
        return imagesFile.resolveSibling(name);
    }
}
