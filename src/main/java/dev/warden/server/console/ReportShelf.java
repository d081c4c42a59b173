package dev.warden.server.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The assessment, fuzzing and update reports an operator chose to show in the console: each sub-folder of one
 * folder that holds a {@code report.html}. Names are checked against a strict pattern before any path is
 * built, so a request cannot reach outside the folder.
 */
public final class ReportShelf {
    private static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]{0,127}";

    public record Report(String name, String kind, Instant modified, boolean hasJson) {
    }

    private final Path root;

    public ReportShelf(Path root) {
        this.root = root;
    }

    public boolean configured() {
        return root != null;
    }

    public List<Report> list() {
        if (root == null || !Files.isDirectory(root)) return List.of();
        List<Report> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.sorted().toList()) {
                String name = dir.getFileName().toString();
                Path html = dir.resolve("report.html");
                if (!name.matches(NAME) || !Files.isRegularFile(html)) continue;
                Path json = dir.resolve("report.json");
                out.add(new Report(name, kind(json), Files.getLastModifiedTime(html).toInstant(), Files.isRegularFile(json)));
            }
        } catch (IOException e) {
            return List.of();
        }
        out.sort(Comparator.comparing(Report::modified).reversed());
        return out;
    }

    /** The file {@code report.html} or {@code report.json} of report {@code name}, if it exists. */
    public Optional<Path> file(String name, String file) {
        if (root == null || !name.matches(NAME) || !(file.equals("report.html") || file.equals("report.json"))) return Optional.empty();
        Path path = root.resolve(name).resolve(file);
        return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
    }

    private static String kind(Path json) {
        if (!Files.isRegularFile(json)) return "report";
        try {
            String head;
            try (var in = Files.newInputStream(json)) {
                head = new String(in.readNBytes(4096), java.nio.charset.StandardCharsets.UTF_8);
            }
            if (head.contains("\"coverage\"")) return "fuzz";
            if (head.contains("\"offline\"") || head.contains("\"negative_flip_rate\"")) return "update";
            if (head.contains("\"success_means\"") || head.contains("\"runs\"")) return "assessment";
        } catch (IOException | RuntimeException e) {
            return "report";
        }
        return "report";
    }
}
