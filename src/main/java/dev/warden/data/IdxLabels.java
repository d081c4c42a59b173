package dev.warden.data;

import java.nio.file.Path;

/** Class labels from an IDX file. */
public record IdxLabels(Path source, int[] labels) {
    public int count() {
        return labels.length;
    }

    public int label(int index) {
        return labels[index];
    }
}
