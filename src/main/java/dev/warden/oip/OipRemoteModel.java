package dev.warden.oip;

import dev.warden.model.InputNormalizer;
import dev.warden.model.MetadataInference;
import dev.warden.model.Model;
import dev.warden.model.ModelException;
import dev.warden.model.ModelMetadata;
import dev.warden.model.ModelSidecar;
import dev.warden.model.SidecarMetadata;
import dev.warden.tensor.Tensor;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A model served by a remote Open Inference Protocol v2 server (KServe, Triton, MLServer, another Warden).
 * Metadata is read once at construction; labels, ranges, layout and normalization, which OIP does not carry,
 * come from an optional sidecar or are inferred as for ONNX models; normalization is applied before sending. Every call has a timeout; failures surface as {@link ModelException}.
 * A backend that is down at construction does not stop the model from loading when its metadata is known
 * otherwise (the last metadata this process read from it, or a sidecar that declares inputs and scores
 * output); it then reports not ready until a probe of the backend's ready endpoint succeeds.
 */
public final class OipRemoteModel implements Model {
    private static final Logger LOG = LoggerFactory.getLogger(OipRemoteModel.class);
    /** Backends' metadata as last read, so that a reload while a backend is down still loads. Bounded. */
    private static final Cache<String, ModelMetadata> LAST_METADATA = Caffeine.newBuilder().maximumSize(256).build();

    private final HttpClient http;
    private final URI inferUri;
    private final Duration timeout;
    private final String authorization;
    private final ModelMetadata metadata;
    private final BackendProbe probe;

    private OipRemoteModel(HttpClient http, URI modelUri, Duration timeout, String authorization, ModelMetadata metadata,
                           boolean answering) {
        this.http = http;
        this.inferUri = URI.create(modelUri + "/infer");
        this.timeout = timeout;
        this.authorization = authorization;
        this.metadata = metadata;
        this.probe = new BackendProbe(http, URI.create(modelUri + "/ready"), authorization, timeout, answering, Clock.systemUTC());
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
        String key = modelUri.toString();
        ModelMetadata remote;
        boolean answering = true;
        try {
            remote = readMetadata(send(http, get.build(), "metadata of " + remoteName + " from " + base), base, remoteName);
            LAST_METADATA.put(key, remote);
        } catch (ModelException down) {
            if (!(down.getCause() instanceof IOException)) throw down; // it answered, wrongly: a configuration error
            remote = LAST_METADATA.getIfPresent(key);
            if (remote == null) remote = SidecarMetadata.of(remoteName, sidecar);
            if (remote == null) {
                throw new ModelException(down.getMessage() + "; without it Warden cannot know the inputs and outputs of "
                        + remoteName + ": start the backend first, or give the route a sidecar whose 'inputs' declare each "
                        + "input's name, datatype and shape and that names its scores_output");
            }
            answering = false;
            LOG.warn("{}; model {} loads from {} metadata and is not ready until the backend answers", down.getMessage(),
                    localName != null ? localName : remoteName, LAST_METADATA.getIfPresent(key) != null ? "its last known" : "the sidecar's");
        }
        ModelMetadata metadata = MetadataInference.describe(localName != null ? localName : remoteName, remote.version(),
                "oip:" + remote.platform(), remote.inputs(), remote.outputs(), null, false, sidecar, null, base + " model " + remoteName);
        return new OipRemoteModel(http, modelUri, timeout, authorization, metadata, answering);
    }

    private static ModelMetadata readMetadata(byte[] body, String base, String remoteName) {
        try {
            return OipCodec.parseMetadata(body, remoteName);
        } catch (OipFormatException e) {
            throw new ModelException("remote " + base + " sent unreadable metadata for " + remoteName + ": " + e.getMessage());
        }
    }

    @Override
    public boolean ready() {
        return probe.ready();
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
        byte[] answer;
        try {
            answer = send(http, post.build(), "inference on " + inferUri);
        } catch (ModelException e) {
            probe.failed();
            throw e;
        }
        probe.answered();
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
            throw new ModelException(what + " timed out after " + request.timeout().map(Duration::toMillis).orElse(0L) + " ms", e);
        } catch (IOException e) {
            throw new ModelException(what + " failed: " + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelException(what + " was interrupted", e);
        }
    }
}
