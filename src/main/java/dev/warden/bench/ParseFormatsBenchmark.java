package dev.warden.bench;

import com.sun.management.ThreadMXBean;
import dev.warden.grpc.GrpcMessages;
import dev.warden.oip.InferRequest;
import dev.warden.oip.OipCodec;
import dev.warden.oip.OipLimits;
import dev.warden.oip.OipRequestReader;
import dev.warden.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.ToIntFunction;
import org.HdrHistogram.Histogram;

/**
 * What reading one inference request of a given shape costs in each wire format Warden accepts: REST JSON,
 * REST with the binary tensor extension, gRPC with raw_input_contents and gRPC with typed fp32_contents, each
 * from the bytes as received to the tensors the guard sees, on one thread. The formats are interleaved call by
 * call, so the machine's load falls on all alike; the table gives each one's p50, bytes allocated per parse and
 * its speed-up over JSON. Values are random FP32 pixels in [0, 1) (as a client's float32 array prints them).
 */
public final class ParseFormatsBenchmark {
    public record Row(String format, int bodyBytes, double p50Micros, double p99Micros, long bytesPerParse) {
    }

    private record Format(String name, byte[] body, ToIntFunction<byte[]> parse) {
    }

    private ParseFormatsBenchmark() {
    }

    public static List<Row> run(long[] shape, int warmup, int iterations) {
        if (iterations < 10) throw new IllegalArgumentException("iterations must be >= 10");
        Tensor input = Tensor.fp32("input", shape, values(shape));
        OipRequestReader reader = new OipRequestReader(OipLimits.defaults());
        byte[] json = OipCodec.writeRequest(new InferRequest("q1", null, List.of(input), null));
        byte[] header = ("{\"id\":\"q1\",\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":" + java.util.Arrays.toString(shape).replace(" ", "")
                + ",\"parameters\":{\"binary_data_size\":" + input.size() * 4L + "}}]}").getBytes(StandardCharsets.UTF_8);
        byte[] raw = dev.warden.oip.BinaryTensors.encode(input);
        byte[] binary = new byte[header.length + raw.length];
        System.arraycopy(header, 0, binary, 0, header.length);
        System.arraycopy(raw, 0, binary, header.length, raw.length);
        List<Format> formats = List.of(
                new Format("REST JSON", json, b -> elements(reader.readRequest(b, List.of()))),
                new Format("REST binary tensors", binary, b -> elements(reader.readRequest(b, header.length, List.of()))),
                new Format("gRPC raw_input_contents", GrpcMessages.request("m", List.of(input), true), b -> GrpcMessages.inputs(b).get(0).size()),
                new Format("gRPC typed fp32_contents", GrpcMessages.request("m", List.of(input), false), b -> GrpcMessages.inputs(b).get(0).size()));
        for (Format f : formats) {
            if (f.parse().applyAsInt(f.body()) != input.size()) throw new IllegalStateException(f.name() + " read the wrong element count");
        }
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        Histogram[] times = new Histogram[formats.size()];
        long[] allocated = new long[formats.size()];
        for (int i = 0; i < times.length; i++) times[i] = new Histogram(3_600_000_000_000L, 3);
        long sink = 0;
        for (int round = 0; round < warmup + iterations; round++) {
            for (int k = 0; k < formats.size(); k++) {
                // Rotate which format goes first, so none always runs on caches another one warmed.
                int i = (k + round) % formats.size();
                Format f = formats.get(i);
                long bytes = threads.getCurrentThreadAllocatedBytes();
                long start = System.nanoTime();
                sink += f.parse().applyAsInt(f.body());
                long nanos = System.nanoTime() - start;
                if (round >= warmup) {
                    times[i].recordValue(Math.max(1, nanos));
                    allocated[i] += threads.getCurrentThreadAllocatedBytes() - bytes;
                }
            }
        }
        if (sink != (long) (warmup + iterations) * formats.size() * input.size()) throw new IllegalStateException("parse results changed");
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < formats.size(); i++) {
            rows.add(new Row(formats.get(i).name(), formats.get(i).body().length, times[i].getValueAtPercentile(50) / 1e3,
                    times[i].getValueAtPercentile(99) / 1e3, allocated[i] / iterations));
        }
        return rows;
    }

    public static String markdown(long[] shape, List<Row> rows, int iterations, String command) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, """
                | one %s FP32 request | body (bytes) | p50 (µs) | p99 (µs) | bytes allocated per parse | **JSON p50 / this p50** |
                |---|---:|---:|---:|---:|---:|
                """, shapeText(shape)));
        double json = rows.get(0).p50Micros();
        for (Row r : rows) {
            b.append(String.format(Locale.ROOT, "| %s | %,d | %.1f | %.1f | %,d | **%.1fx** |%n", r.format(), r.bodyBytes(), r.p50Micros(),
                    r.p99Micros(), r.bytesPerParse(), json / r.p50Micros()));
        }
        return b.append(String.format(Locale.ROOT, "%n%d measured parses of each format, interleaved, after as many warm-up rounds, one thread; "
                + "from the bytes as received to the tensors the guard sees; allocation from the JVM's per-thread counter. Command: `%s`%n",
                iterations, command)).toString();
    }

    static String shapeText(long[] shape) {
        StringBuilder b = new StringBuilder();
        for (long d : shape) b.append(b.length() == 0 ? "" : "x").append(d);
        return b.toString();
    }

    private static int elements(InferRequest r) {
        return r.inputs().get(0).size();
    }

    private static double[] values(long[] shape) {
        long n = 1;
        for (long d : shape) n *= d;
        SplittableRandom random = new SplittableRandom(7);
        double[] v = new double[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) v[i] = (float) random.nextDouble();
        return v;
    }
}
