package dev.warden.data;

import java.nio.file.Path;

/** Images with their labels, checked to be of the same count. */
public record LabeledImages(IdxImages images, IdxLabels labels) implements Samples {
    public LabeledImages {
        if (images.count() != labels.count()) {
            throw new IdxFormatException(images.source() + " has " + images.count() + " images but " + labels.source()
                    + " has " + labels.count() + " labels");
        }
    }

    public static LabeledImages read(Path images, Path labels) {
        return new LabeledImages(IdxReader.readImages(images), IdxReader.readLabels(labels));
    }

    @Override
    public String source() {
        return images.source().toString();
    }

    @Override
    public int count() {
        return images.count();
    }

    @Override
    public double[] image(int i) {
        return images.image(i);
    }

    @Override
    public int label(int i) {
        return labels.label(i);
    }
}
