package dev.warden.failures.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.failures.EvidenceInput;
import dev.warden.failures.FailureCase;
import dev.warden.failures.FailureRecord;
import dev.warden.failures.RecordJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The bundle for sharing failures between Warden installations: one zip holding {@code manifest.json}
 * (format, version, record count), {@code records.jsonl} (one record per line, as {@link RecordJson}
 * writes it) and {@code blobs/<sha256>} (each evidence tensor's canonical bytes, once).
 *
 * <p>A bundle carries each record as its origin has it, so bundle, import, bundle gives the same bytes: the
 * provenance an import writes for a record that kept its id ({@code bundle:FILE}, naming a file on this
 * machine) is left out, and entries are stamped with a fixed time rather than the time of writing.
 */
public final class Bundle {
    public static final String FORMAT = "warden-failures-bundle";
    public static final int VERSION = 1;
    static final String IMPORTED_FROM = "bundle:";
    private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

    private Bundle() {
    }

    /** Writes the records, fetching each evidence blob once through {@code blobs}. Returns how many records. */
    public static int write(Path file, Iterable<FailureRecord> records, Function<String, byte[]> blobs) throws IOException {
        Set<String> written = new HashSet<>();
        int count = 0;
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
            zip.putNextEntry(entry("records.jsonl"));
            List<String> needed = new ArrayList<>();
            for (FailureRecord r : records) {
                zip.write(RecordJson.toText(line(r)).getBytes(StandardCharsets.UTF_8));
                zip.write('\n');
                for (EvidenceInput in : r.evidence().inputs()) if (written.add(in.sha256())) needed.add(in.sha256());
                count++;
            }
            zip.closeEntry();
            for (String sha : needed) {
                zip.putNextEntry(entry("blobs/" + sha));
                zip.write(blobs.apply(sha));
                zip.closeEntry();
            }
            ObjectNode manifest = RecordJson.MAPPER.createObjectNode().put("format", FORMAT).put("version", VERSION)
                    .put("records", count).put("blobs", needed.size());
            zip.putNextEntry(entry("manifest.json"));
            zip.write(RecordJson.toText(manifest).getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return count;
    }

    private static ObjectNode line(FailureRecord r) {
        ObjectNode n = RecordJson.write(r);
        var p = r.provenance();
        if (p != null && p.origin().startsWith(IMPORTED_FROM) && r.id().equals(p.originId())) n.remove("provenance");
        return n;
    }

    private static ZipEntry entry(String name) {
        ZipEntry e = new ZipEntry(name);
        e.setTimeLocal(ENTRY_TIME);
        return e;
    }

    /** Reads every record of a bundle with its evidence bytes; blob bytes are checked against their names. */
    public static List<FailureCase> read(Path file) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry manifestEntry = zip.getEntry("manifest.json");
            if (manifestEntry == null) throw new IllegalArgumentException(file + " is not a Warden failure bundle (no manifest.json)");
            JsonNode manifest = RecordJson.MAPPER.readTree(zip.getInputStream(manifestEntry));
            if (!FORMAT.equals(manifest.path("format").asText()) || manifest.path("version").asInt() > VERSION) {
                throw new IllegalArgumentException(file + ": unsupported bundle " + manifest.path("format").asText() + " v" + manifest.path("version").asInt());
            }
            Map<String, byte[]> blobs = new HashMap<>();
            List<FailureCase> cases = new ArrayList<>();
            ZipEntry records = zip.getEntry("records.jsonl");
            try (BufferedReader in = new BufferedReader(new InputStreamReader(zip.getInputStream(records), StandardCharsets.UTF_8))) {
                String line;
                int number = 0;
                while ((line = in.readLine()) != null) {
                    number++;
                    if (line.isBlank()) continue;
                    FailureRecord r;
                    try {
                        r = RecordJson.read(RecordJson.parse(line));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(file + ": records.jsonl line " + number + ": " + e.getMessage());
                    }
                    Map<String, byte[]> own = new HashMap<>();
                    for (EvidenceInput ev : r.evidence().inputs()) {
                        own.put(ev.sha256(), blobs.computeIfAbsent(ev.sha256(), sha -> blob(zip, sha, file)));
                    }
                    cases.add(new FailureCase(r, own));
                }
            }
            return cases;
        }
    }

    private static byte[] blob(ZipFile zip, String sha, Path file) {
        ZipEntry e = zip.getEntry("blobs/" + sha);
        if (e == null) throw new IllegalArgumentException(file + ": evidence blob " + sha + " is missing");
        try {
            return zip.getInputStream(e).readAllBytes();
        } catch (IOException ex) {
            throw new IllegalArgumentException(file + ": cannot read blob " + sha + ": " + ex.getMessage());
        }
    }
}
