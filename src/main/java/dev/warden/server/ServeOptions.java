package dev.warden.server;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How {@code warden serve} runs: where the HTTP front listens, the gRPC port (null: no gRPC front), how often the
 * policy file is checked for changes (null: never), and the folder of reports the console shows (null: none).
 */
public record ServeOptions(String host, int port, Integer grpcPort, Duration watchInterval, Path reports) {
    public ServeOptions {
        if (host == null || host.isBlank()) throw new IllegalArgumentException("host is required");
        if (port < 0 || port > 65_535) throw new IllegalArgumentException("port must be between 0 and 65535");
        if (grpcPort != null && (grpcPort < 0 || grpcPort > 65_535)) throw new IllegalArgumentException("grpc port must be between 0 and 65535");
    }
}
