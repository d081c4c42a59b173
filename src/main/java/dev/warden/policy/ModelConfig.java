package dev.warden.policy;

import java.util.Locale;

/**
 * A model the policy serves or uses: {@code backend: onnx} with a {@code path} (relative to the policy
 * file), or {@code backend: oip} with the upstream {@code url}, its {@code remoteName} and a timeout.
 * {@code sidecar} names a JSON with labels and input range (defaults to the one beside an ONNX file).
 * {@code serve: false} keeps a model for cross-checks only, off the HTTP surface.
 */
public record ModelConfig(String name, String backend, String path, String url, String remoteName,
                          Integer timeoutMillis, String apiKeyEnv, String sidecar, Integer threads, Boolean serve) {
    public static final int DEFAULT_REMOTE_TIMEOUT_MILLIS = 5_000;

    public ModelConfig {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException("name is required: letters, digits, '.', '_' or '-', at most 64");
        }
        backend = backend == null ? "onnx" : backend.toLowerCase(Locale.ROOT);
        switch (backend) {
            case "onnx" -> {
                if (path == null || path.isBlank()) throw new IllegalArgumentException("path is required for backend onnx");
            }
            case "oip" -> {
                if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
                    throw new IllegalArgumentException("url (http:// or https://) is required for backend oip");
                }
                remoteName = remoteName == null ? name : remoteName;
            }
            default -> throw new IllegalArgumentException("backend must be onnx or oip, not '" + backend + "'");
        }
        timeoutMillis = timeoutMillis == null ? DEFAULT_REMOTE_TIMEOUT_MILLIS : timeoutMillis;
        if (timeoutMillis < 1) throw new IllegalArgumentException("timeoutMillis must be >= 1");
        threads = threads == null ? 1 : threads;
        if (threads < 1 || threads > 64) throw new IllegalArgumentException("threads must be between 1 and 64");
        serve = serve == null || serve;
    }
}
