package dev.warden.oip;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A small client for an OIP v2 server (Warden or any other) that keeps the HTTP status and error body of
 * refused queries: attacks and benign clients both need to tell 200 from 400, 403 and 429 apart.
 */
public final class OipClient {
    private final HttpClient http;
    private final String base;
    private final Duration timeout;

    public OipClient(String baseUrl, Duration timeout) {
        this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** The outcome of one call: the status, the parsed response when 200, else the error body's fields. */
    public record Result(int status, InferResponse response, String error, String reason, Long retryAfterSeconds) {
        public boolean ok() {
            return status == 200;
        }
    }

    public Result infer(String model, InferRequest request, String apiKey) {
        HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(base + "/v2/models/" + model + "/infer"))
                .timeout(timeout).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(OipCodec.writeRequest(request)));
        if (apiKey != null) post.header("Authorization", "Bearer " + apiKey);
        HttpResponse<byte[]> response = send(post.build());
        if (response.statusCode() == 200) {
            return new Result(200, OipCodec.parseResponse(response.body()), null, null, null);
        }
        String error = null;
        String reason = null;
        try {
            JsonNode body = OipCodec.JSON.readTree(response.body());
            error = body.path("error").asText(null);
            reason = body.path("reason").asText(null);
        } catch (IOException e) {
            error = "HTTP " + response.statusCode() + " with a body that is not JSON";
        }
        Long retry = response.headers().firstValue("Retry-After").map(Long::parseLong).orElse(null);
        return new Result(response.statusCode(), null, error, reason, retry);
    }

    public JsonNode get(String path, String apiKey) {
        HttpRequest.Builder get = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout).GET();
        if (apiKey != null) get.header("Authorization", "Bearer " + apiKey);
        HttpResponse<byte[]> response = send(get.build());
        try {
            JsonNode body = OipCodec.JSON.readTree(response.body());
            if (response.statusCode() != 200) {
                throw new IOException("GET " + path + ": HTTP " + response.statusCode() + " " + body.path("error").asText(""));
            }
            return body;
        } catch (IOException e) {
            throw new OipFormatException(e.getMessage());
        }
    }

    private HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            // a refused connection has no message ('cannot reach URL: null' told the user nothing)
            throw new OipFormatException("cannot reach " + base + ": " + (e.getMessage() != null ? e.getMessage()
                    : e instanceof java.net.ConnectException ? "connection refused (is the server up on that port?)" : e.getClass().getSimpleName()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OipFormatException("interrupted while calling " + base);
        }
    }
}
