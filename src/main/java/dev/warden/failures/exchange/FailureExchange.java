package dev.warden.failures.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.failures.FailureCase;
import dev.warden.failures.FailureRecord;
import dev.warden.failures.RecordJson;
import dev.warden.failures.store.JdbcFailureStore;
import dev.warden.failures.store.RecordFilter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.BiFunction;
import java.util.stream.Stream;

/**
 * Export and import between a failure store and files: {@code avid} and {@code cve5} (a folder, one JSON
 * per record), {@code csv} (one file) and {@code bundle} (one zip). Imports take files or folders. An AVID or
 * CVE 5 document exported from an imported record is named by its own id ({@code AVID-2022-R0001.json}),
 * others by the Warden id.
 */
public final class FailureExchange {
    public static final List<String> EXPORT_FORMATS = List.of("avid", "cve5", "csv", "bundle");
    public static final List<String> IMPORT_FORMATS = List.of("avid", "cve5", "bundle");
    private static final int PAGE = 500;

    private FailureExchange() {
    }

    /** Writes every record in {@code format} to {@code out}; returns how many. */
    public static int export(JdbcFailureStore store, String format, Path out) throws IOException {
        Iterable<FailureRecord> all = () -> pages(store);
        switch (format) {
            case "bundle" -> {
                createParent(out);
                return Bundle.write(out, all, sha -> store.blob(sha).orElseThrow(() -> new IllegalStateException("evidence blob " + sha + " missing")));
            }
            case "csv" -> {
                createParent(out);
                int n = 0;
                try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                    CsvListing.writeHeader(w);
                    for (FailureRecord r : all) {
                        CsvListing.write(w, r);
                        n++;
                    }
                }
                return n;
            }
            case "avid", "cve5" -> {
                Files.createDirectories(out);
                ExportNames names = new ExportNames();
                int n = 0;
                for (FailureRecord r : all) {
                    JsonNode doc = format.equals("avid") ? AvidReports.write(r) : Cve5Records.write(r);
                    String file = names.next(r, documentId(format, r, doc));
                    Files.writeString(out.resolve(file), RecordJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(doc));
                    n++;
                }
                return n;
            }
            default -> throw new IllegalArgumentException("unknown export format '" + format + "' (" + String.join(", ", EXPORT_FORMATS) + ")");
        }
    }

    public static ImportReport importPaths(JdbcFailureStore store, String format, List<Path> paths) throws IOException {
        ImportReport report = new ImportReport();
        String suffix = switch (format) {
            case "avid", "cve5" -> ".json";
            case "bundle" -> ".zip";
            default -> throw new IllegalArgumentException("unknown import format '" + format + "' (" + String.join(", ", IMPORT_FORMATS) + ")");
        };
        for (Path file : files(paths, suffix)) {
            switch (format) {
                case "avid" -> importDocument(store, file, report, "avid", AvidImport::read);
                case "cve5" -> importDocument(store, file, report, "cve5", Cve5Import::read);
                default -> importBundle(store, file, report);
            }
        }
        return report;
    }

    /** The id an exported document carries for itself, when it was imported with one (AVID report or vulnerability id, CVE id). */
    private static String documentId(String format, FailureRecord r, JsonNode doc) {
        if (r.source() == null || !r.source().is(format)) return null;
        if (format.equals("cve5")) return doc.path("cveMetadata").path("cveId").asText(null);
        String report = doc.path("metadata").path("report_id").asText("");
        return report.isBlank() ? doc.path("metadata").path("vuln_id").asText(null) : report;
    }

    private static void importDocument(JdbcFailureStore store, Path file, ImportReport report, String format,
                                       BiFunction<JsonNode, String, DocumentImport> reader) {
        JsonNode doc;
        try {
            doc = RecordJson.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            report.rejected(file.getFileName().toString(), "not JSON: " + e.getMessage().lines().findFirst().orElse(""));
            return;
        }
        DocumentImport result;
        try {
            result = reader.apply(doc, format + ":" + file.getFileName());
        } catch (IllegalArgumentException e) {
            // a value the reader accepted that a record refuses (its message names the field)
            report.rejected(file.getFileName().toString(), e.getMessage());
            return;
        }
        String source = result.sourceId() != null ? result.sourceId() : file.getFileName().toString();
        if (!result.accepted()) {
            report.rejected(source, result.rejection());
            return;
        }
        try {
            report.stored(source, store.importCase(new FailureCase(result.record(), Map.of()), null), result.notes());
        } catch (IllegalArgumentException e) {
            report.rejected(source, e.getMessage());
        }
    }

    private static void importBundle(JdbcFailureStore store, Path file, ImportReport report) throws IOException {
        for (FailureCase c : Bundle.read(file)) {
            String source = c.record().id() != null ? c.record().id() : c.record().title();
            try {
                report.stored(source, store.importCase(c, new dev.warden.failures.Provenance(Bundle.IMPORTED_FROM + file.getFileName(), c.record().id())), List.of());
            } catch (IllegalArgumentException e) {
                report.rejected(source, e.getMessage());
            }
        }
    }

    static List<Path> files(List<Path> paths, String suffix) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    walk.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().endsWith(suffix)).sorted().forEach(out::add);
                }
            } else if (Files.isRegularFile(p)) {
                out.add(p);
            } else {
                throw new IllegalArgumentException("no such file or folder: " + p);
            }
        }
        return out;
    }

    private static void createParent(Path out) throws IOException {
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
    }

    private static Iterator<FailureRecord> pages(JdbcFailureStore store) {
        return new Iterator<>() {
            private List<FailureRecord> page = store.list(RecordFilter.all(PAGE));
            private int at;

            @Override
            public boolean hasNext() {
                if (at < page.size()) return true;
                if (page.size() < PAGE) return false;
                page = store.list(RecordFilter.all(PAGE).after(page.get(page.size() - 1).id()));
                at = 0;
                return !page.isEmpty();
            }

            @Override
            public FailureRecord next() {
                if (!hasNext()) throw new NoSuchElementException();
                return page.get(at++);
            }
        };
    }
}
