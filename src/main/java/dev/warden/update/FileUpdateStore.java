package dev.warden.update;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Update records as {@code <dir>/<model>.update.json}, each replaced atomically (written beside, then moved). */
final class FileUpdateStore implements UpdateStore {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SUFFIX = ".update.json";
    private final Path dir;

    FileUpdateStore(Path dir) {
        this.dir = dir;
    }

    @Override
    public Optional<UpdateRecord> load(String model) {
        Path file = dir.resolve(model + SUFFIX);
        if (!Files.isRegularFile(file)) return Optional.empty();
        try {
            return Optional.of(JSON.readValue(file.toFile(), UpdateRecord.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the update record " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<UpdateRecord> all() {
        List<UpdateRecord> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().toList()) {
                String name = f.getFileName().toString();
                load(name.substring(0, name.length() - SUFFIX.length())).ifPresent(out::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    @Override
    public void save(UpdateRecord record) {
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(record.model() + SUFFIX + ".tmp");
            Files.write(tmp, JSON.writeValueAsBytes(record));
            try {
                Files.move(tmp, dir.resolve(record.model() + SUFFIX), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dir.resolve(record.model() + SUFFIX), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the update record under " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return "file " + dir;
    }
}
