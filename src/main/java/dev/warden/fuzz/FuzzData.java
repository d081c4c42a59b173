package dev.warden.fuzz;

import dev.warden.data.FashionMnist;
import dev.warden.data.LabeledImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the fuzzer's inputs come from: labelled seed inputs and unlabelled calibration inputs (DeepGauge's
 * neuron bounds come from training data). Defaults: the bundled Fashion-MNIST test subset as seeds and the
 * bundled training subset for calibration; {@code --data} takes an IDX images file with its labels beside it.
 * The one place that reads data, so that it can move onto the general SampleSource.
 */
public record FuzzData(LabeledImages seeds, LabeledImages calibration) {
    public static FuzzData load(Path home, Path data, Path calibration) {
        LabeledImages seeds = data == null ? FashionMnist.bundledTest(home) : idx(data, "--data");
        LabeledImages cal = calibration != null ? idx(calibration, "--calibration") : data == null ? FashionMnist.bundledTrain(home) : seeds;
        if (cal.images().pixelsPerImage() != seeds.images().pixelsPerImage()) {
            throw new IllegalArgumentException("calibration images have " + cal.images().pixelsPerImage() + " pixels, the seeds "
                    + seeds.images().pixelsPerImage());
        }
        return new FuzzData(seeds, cal);
    }

    private static LabeledImages idx(Path images, String option) {
        if (!Files.isRegularFile(images)) throw new IllegalArgumentException(option + ": no such file " + images);
        Path labels = FashionMnist.labelsFor(images);
        if (labels.equals(images) || !Files.isRegularFile(labels)) {
            throw new IllegalArgumentException(option + " " + images + ": an IDX images file with its labels beside it (…-labels-idx1-…) is needed; "
                    + "no " + labels.getFileName());
        }
        return LabeledImages.read(images, labels);
    }

    /** The first n calibration inputs (all when fewer). */
    public List<double[]> calibrationInputs(int n) {
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < Math.min(n, calibration.count()); i++) out.add(calibration.image(i));
        return out;
    }
}
