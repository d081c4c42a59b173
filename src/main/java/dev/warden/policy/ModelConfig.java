package dev.warden.policy;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Locale;

/**
 * A model the policy serves or uses: {@code backend: onnx} with a {@code path} (relative to the policy
 * file), or {@code backend: oip} with the upstream {@code url}, its {@code remoteName} and a timeout.
 * {@code sidecar} names a JSON with labels and input range (defaults to the one beside an ONNX file).
 * {@code serve: false} keeps a model for cross-checks only, off the HTTP surface.
 *
 * <p>A served entry is a route: {@code version} (default: the model's own, from its sidecar, else "1"),
 * {@code default: true} for the version that answers requests naming none when several entries share a
 * name, its own {@code defenses} chain (null: the policy's top-level one) and its own {@code calibration}
 * file (null: the policy's).
 */
public record ModelConfig(String name, String backend, String path, String url, String remoteName,
                          Integer timeoutMillis, String apiKeyEnv, String sidecar, Integer threads, Boolean serve,
                          String version, @JsonProperty("default") Boolean primary, String calibration,
                          List<DefenseSpec> defenses) {
    public static final int DEFAULT_REMOTE_TIMEOUT_MILLIS = 5_000;
    private static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

    public ModelConfig {
        if (name == null || !name.matches(NAME)) {
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
        if (version != null && !version.matches(NAME)) {
            throw new IllegalArgumentException("version must be letters, digits, '.', '_' or '-', at most 64, not '" + version + "'");
        }
        primary = Boolean.TRUE.equals(primary);
        if (calibration != null && calibration.isBlank()) {
            throw new IllegalArgumentException("calibration must be the path of a calibration file (written by 'warden calibrate')");
        }
        defenses = defenses == null ? null : List.copyOf(defenses);
    }

    /** Marked {@code default: true}: the version that answers requests that name none. */
    public boolean isDefault() {
        return primary;
    }

    /** This entry with its own defense chain (the loader parses {@code defenses} like the top-level list). */
    public ModelConfig withDefenses(List<DefenseSpec> chain) {
        return new ModelConfig(name, backend, path, url, remoteName, timeoutMillis, apiKeyEnv, sidecar, threads, serve,
                version, primary, calibration, chain);
    }

    /** What opening the model depends on (route settings such as defenses or version left out). */
    public ModelConfig backendSettings() {
        return new ModelConfig(name, backend, path, url, remoteName, timeoutMillis, apiKeyEnv, sidecar, threads, true,
                null, false, null, null);
    }
}
