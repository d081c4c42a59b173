package dev.warden.model;

import dev.warden.oip.InferRequest;
import dev.warden.oip.InferResponse;
import dev.warden.oip.OipCodec;
import dev.warden.oip.OipFormatException;
import dev.warden.tensor.Tensor;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model served by a remote Open Inference Protocol v2 server (KServe, Triton, MLServer, another Warden).
 * Metadata is read once at construction; labels, ranges, layout and normalization, which OIP does not carry,
 * come from an optional sidecar or are inferred as for ONNX models; normalization is applied before sending. Every call has a timeout; failures surface as {@link ModelException}.
 */
public final class OipRemoteModel implements Model {
    private final HttpClient http;
    private final URI inferUri;
    private final Duration timeout;
    private final String authorization;
    private final ModelMetadata metadata;

    private OipRemoteModel(HttpClient http, URI inferUri, Duration timeout, String authorization, ModelMetadata metadata) {
        this.http = http;
        this.inferUri = inferUri;
        this.timeout = timeout;
        this.authorization = authorization;
        this.metadata = metadata;
    }

    /**
     * Connects to {@code baseUrl} (e.g. {@code http://host:8000}) for model {@code remoteName}, exposing it
     * locally as {@code localName}. {@code apiKey} may be null; {@code sidecar} may be null.
     */
    public static OipRemoteModel connect(String baseUrl, String remoteName, String localName, Duration timeout,
                                         String apiKey, ModelSidecar sidecar) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        URI modelUri = URI.create(base + "/v2/models/" + remoteName);
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
        String authorization = apiKey == null ? null : "Bearer " + apiKey;
        HttpRequest.Builder get = HttpRequest.newBuilder(modelUri).timeout(timeout).GET();
        if (authorization != null) get.header("Authorization", authorization);
        byte[] body = send(http, get.build(), "metadata of " + remoteName + " from " + base);
        ModelMetadata remote;
        try {
            remote = OipCodec.parseMetadata(body, remoteName);
        } catch (OipFormatException e) {
            throw new ModelException("remote " + base + " sent unreadable metadata for " + remoteName + ": " + e.getMessage());
        }
        ModelMetadata metadata = MetadataInference.describe(localName != null ? localName : remoteName, remote.version(),
                "oip:" + remote.platform(), remote.inputs(), remote.outputs(), null, false, sidecar, null, base + " model " + remoteName);
        return new OipRemoteModel(http, URI.create(modelUri + "/infer"), timeout, authorization, metadata);
    }

    @Override
    public ModelMetadata metadata() {
        return metadata;
    }

    @Override
    public Map<String, Tensor> infer(Map<String, Tensor> inputs) {
        Map<String, Tensor> sent = InputNormalizer.any(metadata) ? InputNormalizer.apply(metadata, inputs) : inputs;
        byte[] body = OipCodec.writeRequest(new InferRequest(null, null, new ArrayList<>(sent.values()), null));
        HttpRequest.Builder post = HttpRequest.newBuilder(inferUri).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) post.header("Authorization", authorization);
        byte[] answer = send(http, post.build(), "inference on " + inferUri);
        InferResponse response;
        try {
            response = OipCodec.parseResponse(answer);
        } catch (OipFormatException e) {
            throw new ModelException("remote " + inferUri + " sent an unreadable response: " + e.getMessage());
        }
        Map<String, Tensor> outputs = new LinkedHashMap<>();
        for (Tensor t : response.outputs()) outputs.put(t.name(), t);
        return outputs;
    }

    private static byte[] send(HttpClient http, HttpRequest request, String what) {
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() / 100 != 2) {
                String text = new String(response.body(), StandardCharsets.UTF_8);
                if (text.length() > 300) text = text.substring(0, 300) + "...";
                throw new ModelException(what + " failed: HTTP " + response.statusCode() + " " + text);
            }
            return response.body();
        } catch (java.net.http.HttpTimeoutException e) {
            throw new ModelException(what + " timed out after " + request.timeout().map(Duration::toMillis).orElse(0L) + " ms");
        } catch (IOException e) {
            throw new ModelException(what + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelException(what + " was interrupted", e);
        }
    }
}
