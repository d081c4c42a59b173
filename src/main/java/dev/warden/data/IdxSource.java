package dev.warden.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;

/** IDX images ([N, rows, cols] unsigned bytes) as grey-scale pixels, labelled when the labels file is beside it by the usual naming. */
final class IdxSource implements SampleSource {
    private final IdxImages images;
    private final IdxLabels labels;

    private IdxSource(IdxImages images, IdxLabels labels) {
        if (labels != null && labels.count() != images.count()) {
            throw new DataFormatException(images.source() + " has " + images.count() + " images but " + labels.source()
                    + " has " + labels.count() + " labels");
        }
        this.images = images;
        this.labels = labels;
    }

    static IdxSource open(Path file) {
        IdxImages images = IdxReader.readImages(file);
        Path labelFile = FashionMnist.labelsFor(file);
        boolean beside = !labelFile.equals(file) && Files.isRegularFile(labelFile);
        return new IdxSource(images, beside ? IdxReader.readLabels(labelFile) : null);
    }

    @Override
    public Path path() {
        return images.source();
    }

    @Override
    public String format() {
        return "IDX";
    }

    @Override
    public int count() {
        return images.count();
    }

    @Override
    public boolean labelled() {
        return labels != null;
    }

    @Override
    public List<String> labelNames() {
        if (labels == null) return List.of();
        TreeSet<Integer> distinct = new TreeSet<>();
        for (int l : labels.labels()) distinct.add(l);
        return distinct.stream().map(String::valueOf).toList();
    }

    @Override
    public RawSample read(int index) {
        if (index < 0 || index >= count()) throw new IndexOutOfBoundsException("image " + index + " of " + count() + " in " + path());
        int size = images.pixelsPerImage();
        double[] values = new double[size];
        byte[] pixels = images.pixels();
        for (int i = 0; i < size; i++) values[i] = pixels[index * size + i] & 0xff;
        return new RawSample("image " + index + " of " + path(), values, new int[]{images.rows(), images.cols(), 1},
                RawSample.Arrangement.HWC, true, labels == null ? null : Integer.toString(labels.label(index)));
    }

    @Override
    public String label(int index) {
        return labels == null ? null : Integer.toString(labels.label(index));
    }

    @Override
    public String sha256() {
        return Digests.sha256(path());
    }
}
