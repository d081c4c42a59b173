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
 * every concurrency for a fixed time, interleaved level by level. Requests are real images as they are, each
 * server's stream continuing across protocols and levels (an {@link ImageStream}: {@code count()} before one
 * repeats), so that the query detector, which matches every query against all earlier ones, and the ood detector
 * see honest traffic; requests/s counts answered (200, gRPC OK) calls only.
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

    /** A run's settings; bounded so that the tool stays a benchmark. {@code binary}: REST bodies as binary tensors. */
    public record Config(List<Integer> concurrency, double seconds, double warmupSeconds, boolean binary, List<Protocol> protocols) {
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
        }

        /** HTTP only, as before gRPC was measured. */
        public Config(List<Integer> concurrency, double seconds, double warmupSeconds, boolean binary) {
            this(concurrency, seconds, warmupSeconds, binary, List.of(Protocol.HTTP));
        }
    }

    /** One concurrency level over one protocol: a result per server, in {@link #SERVERS} order. */
    public record Row(Protocol protocol, int concurrency, List<ClosedLoopLoad.Result> results) {
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

    /** Starts the three servers, measures every level and stops them; one progress line per measurement on {@code progress}. */
    public static List<Row> run(Path modelFile, Path passthrough, Path policy, ImageStream images, Config config,
                                PrintStream progress) throws InterruptedException {
        Integer grpcPort = config.protocols().contains(Protocol.GRPC) ? 0 : null;
        try (BareOipServer bare = BareOipServer.start(modelFile, MODEL);
             RunningServer pass = RunningServer.start(passthrough, new ServeOptions("127.0.0.1", 0, grpcPort, null, null));
             RunningServer guarded = RunningServer.start(policy, new ServeOptions("127.0.0.1", 0, grpcPort, null, null))) {
            List<URI> urls = List.of(URI.create(bare.url()), URI.create(pass.url()), URI.create(guarded.url()));
            int[] grpcPorts = {bare.grpcPort(), pass.grpcPort(), guarded.grpcPort()};
            // One count per server over both protocols: every server sees the same images in the same order, none
            // twice before the stream has gone round.
            List<AtomicLong> sent = List.of(new AtomicLong(), new AtomicLong(), new AtomicLong());
            java.util.Map<Protocol, List<Front>> fronts = new java.util.EnumMap<>(Protocol.class);
            for (Protocol p : config.protocols()) {
                List<Front> list = new ArrayList<>();
                for (int s = 0; s < SERVERS.length; s++) {
                    AtomicLong count = sent.get(s);
                    URI url = urls.get(s);
                    int port = grpcPorts[s];
                    list.add(p == Protocol.HTTP
                            ? (c, seconds) -> ClosedLoopLoad.run(url, c, seconds, i -> request(url, images.image(count.getAndIncrement()), config.binary()))
                            : (c, seconds) -> GrpcClosedLoopLoad.run("127.0.0.1", port, c, seconds, i -> grpcRequest(images.image(count.getAndIncrement()))));
                }
                fronts.put(p, list);
            }
            if (config.warmupSeconds() > 0) {
                for (Protocol p : config.protocols()) {
                    for (int s = 0; s < SERVERS.length; s++) {
                        ClosedLoopLoad.Result w = fronts.get(p).get(s).run(8, config.warmupSeconds());
                        progress.printf(Locale.ROOT, "http-throughput: warm-up %s %s: %.0f req/s%n", p.label(), SERVERS[s], w.perSecond());
                    }
                }
            }
            List<Row> rows = new ArrayList<>();
            int step = 0;
            int steps = config.concurrency().size() * config.protocols().size() * SERVERS.length;
            for (int c : config.concurrency()) {
                for (Protocol p : config.protocols()) {
                    List<ClosedLoopLoad.Result> results = new ArrayList<>();
                    for (int s = 0; s < SERVERS.length; s++) {
                        ClosedLoopLoad.Result r = fronts.get(p).get(s).run(c, config.seconds());
                        results.add(r);
                        progress.printf(Locale.ROOT, "http-throughput: [%d/%d] %s concurrency %d, %s: %.0f req/s, p50 %.2f ms, p99 %.2f ms, statuses %s %s%n",
                                ++step, steps, p.label(), c, SERVERS[s], r.perSecond(), r.percentileMillis(50), r.percentileMillis(99),
                                r.statuses(), r.refusals());
                    }
                    rows.add(new Row(p, c, results));
                }
            }
            return rows;
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
                            + ClosedLoopLoad.REQUESTS_PER_CONNECTION + " requests"
                    : "KServe v2 ModelInfer with raw_input_contents, one channel (HTTP/2 connection) per client with a new loopback source address "
                            + "(a new anonymous account) every " + ClosedLoopLoad.REQUESTS_PER_CONNECTION + " calls; a gRPC code is counted under the HTTP "
                            + "status Warden gives the same refusal and named in the non-200 column";
            b.append(String.format(Locale.ROOT, "%nClosed loop, %s s per server and level after %s s of warm-up each, %s; images: %s, as they are "
                            + "(%,d before one repeats; each server's stream goes on across protocols and levels); req/s and latencies count "
                            + "answered requests only; non-200 as status, reason code x count (-1: connection failed). Command: `%s`%n",
                    trim(config.seconds()), trim(config.warmupSeconds()), wire, images.source(), images.count(), command));
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
