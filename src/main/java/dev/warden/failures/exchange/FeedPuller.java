package dev.warden.failures.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.failures.EvidenceInput;
import dev.warden.failures.FailureCase;
import dev.warden.failures.FailureRecord;
import dev.warden.failures.Provenance;
import dev.warden.failures.RecordJson;
import dev.warden.failures.TensorBytes;
import dev.warden.failures.store.ImportResult;
import dev.warden.failures.store.JdbcFailureStore;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code warden failures pull URL}: reads another Warden's read-only feed ({@code GET /api/failures}, paged)
 * and imports each record with its evidence blobs, recording the feed as its provenance. Records whose UUID
 * is already here are skipped before their blobs are fetched.
 */
public final class FeedPuller {
    static final int PAGE = 500;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final String apiKey;

    public FeedPuller(String baseUrl, String apiKey) {
        this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.apiKey = apiKey;
    }

    public ImportReport pull(JdbcFailureStore store) {
        ImportReport report = new ImportReport();
        String after = null;
        do {
            JsonNode page = RecordJson.parse(new String(get("/api/failures?limit=" + PAGE
                    + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8))), StandardCharsets.UTF_8));
            for (JsonNode n : page.path("records")) {
                String source = n.path("id").asText("?");
                try {
                    FailureRecord r = RecordJson.read(n);
                    var known = store.idForUuid(r.uuid());
                    if (known.isPresent()) {
                        report.stored(source, new ImportResult(ImportResult.Outcome.SKIPPED, known.get(), "already here as " + known.get()), List.of());
                        continue;
                    }
                    Map<String, byte[]> blobs = new HashMap<>();
                    for (EvidenceInput in : r.evidence().inputs()) blobs.computeIfAbsent(in.sha256(), this::blob);
                    report.stored(source, store.importCase(new FailureCase(r, blobs), new Provenance(base, r.id())), List.of());
                } catch (IllegalArgumentException e) {
                    report.rejected(source, e.getMessage());
                }
            }
            after = page.path("next").isTextual() ? page.get("next").asText() : null;
        } while (after != null);
        return report;
    }

    private byte[] blob(String sha) {
        byte[] bytes = get("/api/failures/blobs/" + sha);
        if (!TensorBytes.sha256(bytes).equals(sha)) throw new IllegalArgumentException("blob " + sha + " from " + base + " does not hash to its name");
        return bytes;
    }

    private byte[] get(String path) {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET();
        if (apiKey != null) req.header("Authorization", "Bearer " + apiKey);
        try {
            HttpResponse<byte[]> r = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET " + base + path + ": HTTP " + r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8));
            }
            return r.body();
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach " + base + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pulling from " + base);
        }
    }
}
