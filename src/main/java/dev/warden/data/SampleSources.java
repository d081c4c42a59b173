package dev.warden.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Picks the reader for a path: folders are image folders; files go by their extension. */
final class SampleSources {
    private SampleSources() {
    }

    static SampleSource open(Path path) {
        if (!Files.exists(path)) throw new DataFormatException("data " + path + " not found");
        if (Files.isDirectory(path)) return ImageFolderSource.open(path);
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".npy")) return NpySource.open(path);
        if (name.endsWith(".npz")) return NpySource.openNpz(path);
        if (name.endsWith(".csv")) return CsvSource.open(path);
        if (isIdx(name)) return IdxSource.open(path);
        throw new DataFormatException("data " + path + " is not in a supported format; give " + SampleSource.FORMATS);
    }

    private static boolean isIdx(String name) {
        String base = name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
        return base.endsWith(".idx") || base.endsWith("-ubyte") || base.matches(".*[-.]idx[1-4].*");
    }
}
