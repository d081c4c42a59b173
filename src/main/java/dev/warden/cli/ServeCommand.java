package dev.warden.cli;

import dev.warden.server.RunningServer;
import dev.warden.server.ServeOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the policy's models over the Open Inference Protocol v2, guarded.")
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--policy", description = "policy file (default: policies/default.yaml)")
    Path policy;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for all)")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "port (default: ${DEFAULT-VALUE}; 0 picks a free one)")
    int port;

    @Option(names = "--watch-millis", defaultValue = "1000", description = "how often the policy file is checked for changes (0: never)")
    long watchMillis;

    @Option(names = "--grpc-port", description = "also serve KServe v2 gRPC on this port (0 picks a free one; default: no gRPC)")
    Integer grpcPort;

    @Option(names = "--reports", description = "a folder whose sub-folders hold report.html files (assess, fuzz, update) to show in the console")
    Path reports;

    @Override
    public Integer call() throws InterruptedException {
        Path file = policy != null ? policy : Home.defaultPolicy();
        RunningServer server = RunningServer.start(file, new ServeOptions(host, port, grpcPort,
                watchMillis > 0 ? Duration.ofMillis(watchMillis) : null, reports));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "warden-shutdown"));
        System.out.println("listening on " + server.url());
        if (server.grpcPort() >= 0) System.out.println("grpc listening on " + host + ":" + server.grpcPort());
        System.out.flush();
        stopped.await();
        return 0;
    }
}
