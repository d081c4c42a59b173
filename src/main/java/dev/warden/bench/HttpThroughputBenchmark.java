package dev.warden.bench;

import com.google.protobuf.ByteString;
import dev.warden.grpc.v2.ModelInferRequest;
import dev.warden.oip.InferRequest;
import dev.warden.oip.OipCodec;
import dev.warden.server.RunningServer;
import dev.warden.server.ServeOptions;
import dev.warden.tensor.Tensor;
import java.io.PrintStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Throughput end to end (issue 18): the same ONNX model served three ways in this JVM on loopback, a
 * {@link BareOipServer} (no guard), Warden with the passthrough policy and Warden with the policy under test,
 * each driven by a closed-loop load ({@link ClosedLoopLoad} over HTTP/1.1, {@link GrpcClosedLoopLoad} over gRPC) at
 * every concurrency for a fixed time, interleaved level by level and slice by slice. Requests are real images as
 * they are (an {@link ImageStream}), and each level and protocol gets fresh Wardens, so that the query detector,
 * which matches every query against all earlier ones, and the ood detector see honest traffic, not repeats;
 * requests/s counts answered (200, gRPC OK) calls only.
 */
public final class HttpThroughputBenchmark {
    public static final String MODEL = "fashion-cnn";
    static final String[] SERVERS = {"bare", "passthrough", "policy"};

    /** The fronts a run drives: Warden's REST front (and the bare server's) and its KServe v2 gRPC front. */
    public enum Protocol {
        HTTP("HTTP"), GRPC("gRPC");

        private final String label;

        Protocol(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** {@code http}, {@code grpc} or {@code both}. */
        public static List<Protocol> parse(String value) {
            return switch (value == null ? "" : value.toLowerCase(Locale.ROOT)) {
                case "http" -> List.of(HTTP);
                case "grpc" -> List.of(GRPC);
                case "both" -> List.of(HTTP, GRPC);
                default -> throw new IllegalArgumentException("--protocol must be http, grpc or both, not '" + value + "'");
            };
        }
    }

    /**
     * A run's settings; bounded so that the tool stays a benchmark. {@code binary}: REST bodies as binary tensors;
     * {@code slices}: each server's {@code seconds} at a level are measured in this many slices, the three servers
     * taking turns, so that a change in the machine's other load falls on all three alike.
     */
    public record Config(List<Integer> concurrency, double seconds, double warmupSeconds, boolean binary, List<Protocol> protocols, int slices,
                         int requestsPerAccount) {
        public Config {
            concurrency = List.copyOf(concurrency);
            protocols = List.copyOf(protocols);
            if (concurrency.isEmpty() || concurrency.size() > 10) throw new IllegalArgumentException("--concurrency takes 1 to 10 levels");
            for (int c : concurrency) if (c < 1 || c > 1024) throw new IllegalArgumentException("--concurrency levels must be between 1 and 1024");
            if (!(seconds >= 0.5 && seconds <= 600)) throw new IllegalArgumentException("--seconds must be between 0.5 and 600");
            if (!(warmupSeconds >= 0 && warmupSeconds <= 600)) throw new IllegalArgumentException("warm-up seconds must be between 0 and 600");
            if (protocols.isEmpty() || protocols.stream().distinct().count() != protocols.size()) {
                throw new IllegalArgumentException("give each protocol once");
            }
            if (slices < 1 || slices > 60 || seconds / slices < 0.5) {
                throw new IllegalArgumentException("--slices must be between 1 and 60, each slice at least 0.5 s of --seconds");
            }
            if (requestsPerAccount < 1) throw new IllegalArgumentException("--requests-per-account must be >= 1");
        }

        /** HTTP only in one slice, as before gRPC was measured. */
        public Config(List<Integer> concurrency, double seconds, double warmupSeconds, boolean binary) {
            this(concurrency, seconds, warmupSeconds, binary, List.of(Protocol.HTTP), 1, ClosedLoopLoad.REQUESTS_PER_CONNECTION);
        }
    }

    /**
     * One concurrency level over one protocol: a result per server, in {@link #SERVERS} order, the requests that
     * measurement's Warden with the policy was sent (its settling run included), and the heap in use after a GC at its end
     * (this JVM: every server, their stored state, and the clients).
     */
    public record Row(Protocol protocol, int concurrency, List<ClosedLoopLoad.Result> results, long policySent, long heapMiB) {
        public double ratio(int server, int baseline) {
            return results.get(server).perSecond() / results.get(baseline).perSecond();
        }

        /** Answers with a status of 500 or more (or none), over every server. */
        public long serverErrors() {
            return results.stream().flatMap(r -> r.statuses().entrySet().stream())
                    .filter(e -> e.getKey() >= 500 || e.getKey() <= 0).mapToLong(java.util.Map.Entry::getValue).sum();
        }
    }

    /** Drives one server over one protocol: a closed loop at a concurrency for some seconds. */
    private interface Front {
        ClosedLoopLoad.Result run(int concurrency, double seconds) throws InterruptedException;
    }

    private HttpThroughputBenchmark() {
    }

    /** Starts the servers, measures every level and stops them; one progress line per measurement on {@code progress}. */
    public static List<Row> run(Path modelFile, Path passthrough, Path policy, ImageStream images, Config config,
                                PrintStream progress) throws InterruptedException {
        Integer grpcPort = config.protocols().contains(Protocol.GRPC) ? 0 : null;
        List<Path> policies = List.of(passthrough, policy);
        try (BareOipServer bare = BareOipServer.start(modelFile, MODEL)) {
            if (config.warmupSeconds() > 0) {
                try (Wardens w = new Wardens(bare, policies, grpcPort, images, config)) {
                    for (Protocol p : config.protocols()) {
                        for (int s = 0; s < SERVERS.length; s++) {
                            ClosedLoopLoad.Result r = w.front(p, s).run(8, config.warmupSeconds());
                            progress.printf(Locale.ROOT, "http-throughput: warm-up %s %s: %.0f req/s%n", p.label(), SERVERS[s], r.perSecond());
                        }
                    }
                }
            }
            List<Row> rows = new ArrayList<>();
            int step = 0;
            int steps = config.concurrency().size() * config.protocols().size() * SERVERS.length;
            for (int c : config.concurrency()) {
                for (Protocol p : config.protocols()) {
                    // Fresh Wardens for each measurement: the query detector remembers every query it saw, so a Warden
                    // that had seen the stream go round would be measured refusing repeats, not serving honest traffic.
                    try (Wardens w = new Wardens(bare, policies, grpcPort, images, config)) {
                        double settle = Math.min(1, config.warmupSeconds());
                        if (settle > 0) for (int s = 1; s < SERVERS.length; s++) w.front(p, s).run(8, settle);
                        List<ClosedLoopLoad.Result> results = new ArrayList<>();
                        for (int s = 0; s < SERVERS.length; s++) results.add(null);
                        for (int slice = 0; slice < config.slices(); slice++) {
                            for (int s = 0; s < SERVERS.length; s++) {
                                ClosedLoopLoad.Result r = w.front(p, s).run(c, config.seconds() / config.slices());
                                results.set(s, results.get(s) == null ? r : results.get(s).plus(r));
                            }
                        }
                        for (int s = 0; s < SERVERS.length; s++) {
                            ClosedLoopLoad.Result r = results.get(s);
                            progress.printf(Locale.ROOT, "http-throughput: [%d/%d] %s concurrency %d, %s: %.0f req/s, p50 %.2f ms, p99 %.2f ms, statuses %s %s%n",
                                    ++step, steps, p.label(), c, SERVERS[s], r.perSecond(), r.percentileMillis(50), r.percentileMillis(99),
                                    r.statuses(), r.refusals());
                        }
                        long sent = w.policySent();
                        if (sent > images.count()) {
                            progress.printf(Locale.ROOT, "http-throughput: warning: %,d requests to the policy's Warden, %,d distinct images: %,d repeats "
                                    + "(give --data with more images)%n", sent, images.count(), sent - images.count());
                        }
                        long heap = heapAfterGcMiB();
                        progress.printf(Locale.ROOT, "http-throughput: heap in use after GC, all servers and clients: %d MiB%n", heap);
                        rows.add(new Row(p, c, results, sent, heap));
                    }
                }
            }
            return rows;
        }
    }

    private static long heapAfterGcMiB() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return (rt.totalMemory() - rt.freeMemory()) >> 20;
    }

    /**
     * Warden with the passthrough policy and with the policy under test, started for one measurement, and the bare
     * server beside them; each server's image stream starts at the first image.
     */
    private static final class Wardens implements AutoCloseable {
        private final List<RunningServer> servers = new ArrayList<>();
        private final List<URI> urls = new ArrayList<>();
        private final int[] grpcPorts = new int[SERVERS.length];
        private final List<AtomicLong> sent = List.of(new AtomicLong(), new AtomicLong(), new AtomicLong());
        private final ImageStream images;
        private final Config config;

        Wardens(BareOipServer bare, List<Path> policies, Integer grpcPort, ImageStream images, Config config) {
            this.images = images;
            this.config = config;
            urls.add(URI.create(bare.url()));
            grpcPorts[0] = bare.grpcPort();
            try {
                for (Path p : policies) {
                    RunningServer s = RunningServer.start(p, new ServeOptions("127.0.0.1", 0, grpcPort, null, null));
                    servers.add(s);
                    urls.add(URI.create(s.url()));
                    grpcPorts[urls.size() - 1] = s.grpcPort();
                }
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }

        Front front(Protocol p, int server) {
            AtomicLong count = sent.get(server);
            URI url = urls.get(server);
            int port = grpcPorts[server];
            return p == Protocol.HTTP
                    ? (c, seconds) -> ClosedLoopLoad.run(url, c, seconds, config.requestsPerAccount(),
                            i -> request(url, images.image(count.getAndIncrement()), config.binary()))
                    : (c, seconds) -> GrpcClosedLoopLoad.run("127.0.0.1", port, c, seconds, config.requestsPerAccount(),
                            i -> grpcRequest(images.image(count.getAndIncrement())));
        }

        /** The requests the Warden with the policy under test was sent (passthrough keeps no state: repeats cost it nothing). */
        long policySent() {
            return sent.get(2).get();
        }

        @Override
        public void close() {
            for (RunningServer s : servers) s.close();
        }
    }

    /** A ModelInfer request for one 1x1x28x28 image, its values in raw_input_contents (FP32 little-endian), as Triton's clients send. */
    static ModelInferRequest grpcRequest(double[] image) {
        ByteBuffer raw = ByteBuffer.allocate(image.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : image) raw.putFloat((float) v);
        raw.flip();
        return ModelInferRequest.newBuilder().setModelName(MODEL)
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("input").setDatatype("FP32")
                        .addShape(1).addShape(1).addShape(28).addShape(28))
                .addRawInputContents(ByteString.copyFrom(raw)).build();
    }

    /** A keep-alive OIP request for one 1x1x28x28 image, JSON or with the binary tensor extension. */
    static byte[] request(URI url, double[] image, boolean binary) {
        String path = "/v2/models/" + MODEL + "/infer";
        String host = "Host: " + url.getHost() + ":" + url.getPort();
        if (!binary) {
            byte[] body = OipCodec.writeRequest(new InferRequest(null, null, List.of(Tensor.fp32("input", new long[]{1, 1, 28, 28}, image)), null));
            return new RawHttp(url).post(path, new String[]{"Content-Type: application/json", "Content-Length: " + body.length}, body);
        }
        byte[] header = ("{\"inputs\":[{\"name\":\"input\",\"shape\":[1,1,28,28],\"datatype\":\"FP32\",\"parameters\":{\"binary_data_size\":"
                + image.length * 4 + "}}]}").getBytes(StandardCharsets.UTF_8);
        ByteBuffer body = ByteBuffer.allocate(header.length + image.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        body.put(header);
        for (double v : image) body.putFloat((float) v);
        return new RawHttp(url).post(path, new String[]{"Content-Type: application/octet-stream", "Content-Length: " + body.capacity(),
                "Inference-Header-Content-Length: " + header.length}, body.array());
    }

    /** One table per protocol, each with its note and the command. */
    public static String markdown(List<Row> rows, Config config, ImageStream images, String command) {
        StringBuilder b = new StringBuilder();
        for (Protocol p : config.protocols()) {
            if (config.protocols().size() > 1) b.append(b.length() == 0 ? "" : "\n").append("**").append(p.label()).append("**\n\n");
            b.append("""
                    | concurrency | bare req/s | passthrough req/s | policy req/s | policy / passthrough | policy / bare | p50 ms (bare / pass / policy) | p99 ms (bare / pass / policy) | non-200 answers (bare; pass; policy) |
                    |---:|---:|---:|---:|---:|---:|---|---|---|
                    """);
            for (Row r : rows) {
                if (r.protocol() != p) continue;
                ClosedLoopLoad.Result bare = r.results().get(0);
                ClosedLoopLoad.Result pass = r.results().get(1);
                ClosedLoopLoad.Result policy = r.results().get(2);
                b.append(String.format(Locale.ROOT, "| %d | %.0f | %.0f | %.0f | **%.2f** | **%.2f** | %.2f / %.2f / %.2f | %.2f / %.2f / %.2f | %s; %s; %s |%n",
                        r.concurrency(), bare.perSecond(), pass.perSecond(), policy.perSecond(), r.ratio(2, 1), r.ratio(2, 0),
                        bare.percentileMillis(50), pass.percentileMillis(50), policy.percentileMillis(50),
                        bare.percentileMillis(99), pass.percentileMillis(99), policy.percentileMillis(99),
                        non200(bare), non200(pass), non200(policy)));
            }
            String wire = p == Protocol.HTTP
                    ? (config.binary() ? "binary tensor" : "JSON") + " bodies, HTTP/1.1 keep-alive with a new loopback source address (a new anonymous account) every "
                            + config.requestsPerAccount() + " requests"
                    : "KServe v2 ModelInfer with raw_input_contents, one channel (HTTP/2 connection) per client with a new loopback source address "
                            + "(a new anonymous account) every " + config.requestsPerAccount() + " calls; a gRPC code is counted under the HTTP "
                            + "status Warden gives the same refusal and named in the non-200 column";
            b.append(String.format(Locale.ROOT, "%nClosed loop, %s s per server and level (slices: %d, the servers taking turns) after %s s of "
                            + "warm-up each, %s; images: %s, as they are "
                            + "(%,d before one repeats; fresh Wardens for each level and protocol, after %s s at concurrency 8, so that none has "
                            + "seen an image before: at most %,d requests to the policy's); req/s and latencies count "
                            + "answered requests only; non-200 as status, reason code x count (-1: connection failed); heap in use after a GC at the "
                            + "end of each level (this JVM, all servers): %s MiB. Command: `%s`%n",
                    trim(config.seconds()), config.slices(), trim(config.warmupSeconds()), wire, images.source(), images.count(),
                    trim(Math.min(1, config.warmupSeconds())),
                    rows.stream().filter(r -> r.protocol() == p).mapToLong(Row::policySent).max().orElse(0),
                    String.join(" / ", rows.stream().filter(r -> r.protocol() == p).map(r -> Long.toString(r.heapMiB())).toList()), command));
        }
        return b.toString();
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static String non200(ClosedLoopLoad.Result r) {
        StringBuilder b = new StringBuilder();
        r.refusals().forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append(" x").append(v));
        return b.length() == 0 ? "0" : b.toString();
    }
}
