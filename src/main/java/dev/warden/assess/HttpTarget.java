package dev.warden.assess;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.calibrate.ModelInputs;
import dev.warden.guard.Reveal;
import dev.warden.model.ModelMetadata;
import dev.warden.oip.ImageQueries;
import dev.warden.oip.OipClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * A remote OIP v2 endpoint over real HTTP (Warden or any other server). Accounts are the API keys given,
 * or one anonymous account without keys. HTTP 403 and 400 are rejections, 429 a lockout with the server's
 * Retry-After. What the endpoint reveals is learned from one probe query per account (the least of them);
 * the probes are reported as setup queries. The probe is a uniform grey image unless a benign one is given:
 * a guarded endpoint may rightly reject grey as out of distribution.
 */
public final class HttpTarget implements Target {
    public static final int DEFAULT_MAX_BATCH = 32;
    private final OipClient client;
    private final String url;
    private final String model;
    private final List<String> keys;
    private final ImageQueries queries;
    private final long[] imageShape;
    private final int classes;
    private final int maxBatch;
    private final Reveal reveal;
    private final long setupQueries;
    private final ModelMetadata meta;

    private HttpTarget(OipClient client, String url, String model, List<String> keys, JsonNode metadata, int maxBatch,
                       Function<ModelMetadata, double[]> probeFor) {
        this.client = client;
        this.url = url;
        this.model = model;
        this.keys = keys;
        this.queries = ImageQueries.fromMetadata(metadata);
        JsonNode shape = metadata.path("inputs").path(0).path("shape");
        this.imageShape = new long[shape.size() - 1];
        for (int i = 1; i < shape.size(); i++) imageShape[i - 1] = shape.get(i).asLong();
        for (long d : imageShape) if (d < 1) throw new IllegalArgumentException("model " + model + " has a free image dimension: " + shape);
        this.classes = classesOf(metadata);
        this.meta = metadataOf(metadata, model);
        this.maxBatch = maxBatch;
        double[] probe = probeFor.apply(metadata());
        Reveal least = Reveal.SCORES;
        for (int a = 0; a < accounts(); a++) {
            Reveal r = probe(a, probe);
            if (r.ordinal() > least.ordinal()) least = r;
        }
        this.reveal = least;
        this.setupQueries = accounts();
    }

    public static HttpTarget connect(String url, String model, List<String> apiKeys, Duration timeout, int maxBatch) {
        return connect(url, model, apiKeys, timeout, maxBatch, null);
    }

    /** {@code probe}: the image the reveal probe sends (null: uniform grey). */
    public static HttpTarget connect(String url, String model, List<String> apiKeys, Duration timeout, int maxBatch, double[] probe) {
        return connectProbing(url, model, apiKeys, timeout, maxBatch, m -> probe);
    }

    /** {@code probe}: the image the reveal probe sends, made for the model's metadata (null: uniform grey). */
    public static HttpTarget connectProbing(String url, String model, List<String> apiKeys, Duration timeout, int maxBatch,
                                            Function<ModelMetadata, double[]> probe) {
        if (maxBatch < 1) throw new IllegalArgumentException("the batch size must be >= 1");
        OipClient client = new OipClient(url, timeout);
        List<String> keys = apiKeys.isEmpty() ? Arrays.asList((String) null) : List.copyOf(apiKeys);
        JsonNode metadata = client.get("/v2/models/" + model, keys.get(0));
        return new HttpTarget(client, url, model, keys, metadata, maxBatch, probe);
    }

    /** The server's metadata as ModelMetadata; null where it is too sparse to read, and then the target's shape stands for it. */
    private static ModelMetadata metadataOf(JsonNode metadata, String model) {
        try {
            return ModelInputs.fromOip(metadata, model);
        } catch (dev.warden.oip.OipFormatException e) {
            return null;
        }
    }

    private static int classesOf(JsonNode metadata) {
        JsonNode labels = metadata.path("parameters").path("labels");
        if (labels.isArray() && labels.size() > 0) return labels.size();
        if (metadata.path("parameters").path("classes").asInt() > 0) return metadata.path("parameters").path("classes").asInt();
        JsonNode outputs = metadata.path("outputs");
        for (JsonNode o : outputs) {
            if (o.path("name").asText().equals("logits")) return o.path("shape").get(o.path("shape").size() - 1).asInt();
        }
        JsonNode first = outputs.path(0).path("shape");
        if (first.size() < 2) throw new IllegalArgumentException("cannot tell the number of classes from the model metadata");
        return first.get(first.size() - 1).asInt();
    }

    private Reveal probe(int account, double[] image) {
        double[] probe = image;
        if (probe == null) {
            probe = new double[pixels()];
            Arrays.fill(probe, 0.5);
        }
        OipClient.Result result = client.infer(model, queries.request("assess-probe", List.of(probe)), keys.get(account));
        if (!result.ok()) {
            throw new IllegalStateException("probe query to " + url + " failed: HTTP " + result.status() + " " + result.error()
                    + (result.reason() != null ? " (" + result.reason() + ")" : ""));
        }
        return Predictions.revealOf(result.response().outputs(), "logits", classes);
    }

    @Override
    public ModelMetadata metadata() {
        return meta != null ? meta : Target.super.metadata();
    }

    @Override
    public String describe() {
        return url;
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public Reveal reveals() {
        return reveal;
    }

    @Override
    public long[] imageShape() {
        return imageShape.clone();
    }

    @Override
    public int classes() {
        return classes;
    }

    @Override
    public int accounts() {
        return keys.size();
    }

    @Override
    public int maxBatch() {
        return maxBatch;
    }

    @Override
    public long setupQueries() {
        return setupQueries;
    }

    @Override
    public Answer query(int account, List<double[]> images) {
        OipClient.Result result = client.infer(model, queries.request(null, new ArrayList<>(images)), keys.get(account));
        return switch (result.status()) {
            case 200 -> Predictions.decode(result.response().outputs(), "logits", null, classes, images.size(),
                    dev.warden.oip.ImageQueries.withheldRows(result.response().parameters()));
            case 400, 403 -> Answer.rejected(result.reason() != null ? result.reason() : "http_" + result.status());
            case 429 -> Answer.lockedOut(result.retryAfterSeconds() == null ? null : Duration.ofSeconds(result.retryAfterSeconds()),
                    result.reason() != null ? result.reason() : "http_429");
            default -> throw new IllegalStateException(url + " answered HTTP " + result.status() + ": " + result.error()
                    + (result.reason() != null ? " (" + result.reason() + ")" : ""));
        };
    }
}
