package dev.warden.bench;

import dev.warden.data.LabeledImages;
import dev.warden.oip.InferRequest;
import dev.warden.oip.OipCodec;
import dev.warden.server.RunningServer;
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
import java.util.function.LongFunction;

/**
 * HTTP throughput end to end (issue 18): the same ONNX model served three ways in this JVM on loopback, a
 * {@link BareOipServer} (no guard), Warden with the passthrough policy and Warden with the policy under test,
 * each driven by a {@link ClosedLoopLoad} at every concurrency for a fixed time, interleaved level by level.
 * Requests are distinct real images (the test images, then the training images, each as is and mirrored left
 * to right: {@link #distinctImages()} of them before one repeats), so that the query detector, which matches
 * every query against all earlier ones, sees honest traffic; requests/s counts 200 answers only.
 */
public final class HttpThroughputBenchmark {
    public static final String MODEL = "fashion-cnn";
    static final String[] SERVERS = {"bare", "passthrough", "policy"};

    /** A run's settings; bounded so that the tool stays a benchmark. */
    public record Config(List<Integer> concurrency, double seconds, double warmupSeconds, boolean binary) {
        public Config {
            concurrency = List.copyOf(concurrency);
            if (concurrency.isEmpty() || concurrency.size() > 10) throw new IllegalArgumentException("--concurrency takes 1 to 10 levels");
            for (int c : concurrency) if (c < 1 || c > 1024) throw new IllegalArgumentException("--concurrency levels must be between 1 and 1024");
            if (!(seconds >= 0.5 && seconds <= 600)) throw new IllegalArgumentException("--seconds must be between 0.5 and 600");
            if (!(warmupSeconds >= 0 && warmupSeconds <= 600)) throw new IllegalArgumentException("warm-up seconds must be between 0 and 600");
        }
    }

    /** One concurrency level: a result per server, in {@link #SERVERS} order. */
    public record Row(int concurrency, List<ClosedLoopLoad.Result> results) {
        public double ratio(int server, int baseline) {
            return results.get(server).perSecond() / results.get(baseline).perSecond();
        }

        /** Answers with a status of 500 or more (or none), over every server. */
        public long serverErrors() {
            return results.stream().flatMap(r -> r.statuses().entrySet().stream())
                    .filter(e -> e.getKey() >= 500 || e.getKey() <= 0).mapToLong(java.util.Map.Entry::getValue).sum();
        }
    }

    private HttpThroughputBenchmark() {
    }

    /** Starts the three servers, measures every level and stops them; one progress line per measurement on {@code progress}. */
    public static List<Row> run(Path modelFile, Path passthrough, Path policy, LabeledImages test, LabeledImages train, Config config,
                                PrintStream progress) throws InterruptedException {
        List<double[]> images = distinct(test, train);
        try (BareOipServer bare = BareOipServer.start(modelFile, MODEL);
             RunningServer pass = RunningServer.start(passthrough, "127.0.0.1", 0, null);
             RunningServer guarded = RunningServer.start(policy, "127.0.0.1", 0, null)) {
            List<URI> urls = List.of(URI.create(bare.url()), URI.create(pass.url()), URI.create(guarded.url()));
            List<LongFunction<byte[]>> requests = new ArrayList<>();
            for (URI url : urls) {
                java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();
                // Each server has its own count: every server sees the same images in the same order.
                requests.add(i -> request(url, images.get((int) (sent.getAndIncrement() % images.size())), config.binary()));
            }
            if (config.warmupSeconds() > 0) {
                for (int s = 0; s < urls.size(); s++) {
                    ClosedLoopLoad.Result w = ClosedLoopLoad.run(urls.get(s), 8, config.warmupSeconds(), requests.get(s));
                    progress.printf(Locale.ROOT, "http-throughput: warm-up %s: %.0f req/s%n", SERVERS[s], w.perSecond());
                }
            }
            List<Row> rows = new ArrayList<>();
            int step = 0;
            int steps = config.concurrency().size() * urls.size();
            for (int c : config.concurrency()) {
                List<ClosedLoopLoad.Result> results = new ArrayList<>();
                for (int s = 0; s < urls.size(); s++) {
                    ClosedLoopLoad.Result r = ClosedLoopLoad.run(urls.get(s), c, config.seconds(), requests.get(s));
                    results.add(r);
                    progress.printf(Locale.ROOT, "http-throughput: [%d/%d] concurrency %d, %s: %.0f req/s, p50 %.2f ms, p99 %.2f ms, statuses %s %s%n",
                            ++step, steps, c, SERVERS[s], r.perSecond(), r.percentileMillis(50), r.percentileMillis(99), r.statuses(), r.refusals());
                }
                rows.add(new Row(c, results));
            }
            return rows;
        }
    }

    /** How many different requests a run sends before one repeats. */
    static int distinctImages() {
        return 2 * (2_000 + 10_000);
    }

    private static List<double[]> distinct(LabeledImages test, LabeledImages train) {
        List<double[]> all = new ArrayList<>();
        for (LabeledImages set : List.of(test, train)) for (int i = 0; i < set.count(); i++) all.add(set.image(i));
        int originals = all.size();
        for (int i = 0; i < originals; i++) all.add(mirrored(all.get(i)));
        return all;
    }

    /** The 28x28 image mirrored left to right: a different, equally natural garment image whose fingerprint differs. */
    static double[] mirrored(double[] image) {
        int side = (int) Math.round(Math.sqrt(image.length));
        double[] out = new double[image.length];
        for (int y = 0; y < side; y++) for (int x = 0; x < side; x++) out[y * side + x] = image[y * side + side - 1 - x];
        return out;
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

    public static String markdown(List<Row> rows, Config config, String command) {
        StringBuilder b = new StringBuilder("""
                | concurrency | bare req/s | passthrough req/s | policy req/s | policy / passthrough | policy / bare | p50 ms (bare / pass / policy) | p99 ms (bare / pass / policy) | non-200 answers (bare; pass; policy) |
                |---:|---:|---:|---:|---:|---:|---|---|---|
                """);
        for (Row r : rows) {
            ClosedLoopLoad.Result bare = r.results().get(0);
            ClosedLoopLoad.Result pass = r.results().get(1);
            ClosedLoopLoad.Result policy = r.results().get(2);
            b.append(String.format(Locale.ROOT, "| %d | %.0f | %.0f | %.0f | **%.2f** | **%.2f** | %.2f / %.2f / %.2f | %.2f / %.2f / %.2f | %s; %s; %s |%n",
                    r.concurrency(), bare.perSecond(), pass.perSecond(), policy.perSecond(), r.ratio(2, 1), r.ratio(2, 0),
                    bare.percentileMillis(50), pass.percentileMillis(50), policy.percentileMillis(50),
                    bare.percentileMillis(99), pass.percentileMillis(99), policy.percentileMillis(99),
                    non200(bare), non200(pass), non200(policy)));
        }
        b.append(String.format(Locale.ROOT, "%nClosed loop, %.0f s per server and level after %.0f s of warm-up each, %s bodies, HTTP/1.1 keep-alive "
                        + "with a new loopback source address (a new anonymous account) every %d requests; distinct images (%,d before one repeats); "
                        + "req/s and latencies count 200 answers only; non-200 as status, reason code x count (-1: connection failed). Command: `%s`%n",
                config.seconds(), config.warmupSeconds(), config.binary() ? "binary tensor" : "JSON", ClosedLoopLoad.REQUESTS_PER_CONNECTION,
                distinctImages(), command));
        return b.toString();
    }

    private static String non200(ClosedLoopLoad.Result r) {
        StringBuilder b = new StringBuilder();
        r.refusals().forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append(" x").append(v));
        return b.length() == 0 ? "0" : b.toString();
    }
}
