package dev.warden.bench;

import com.sun.management.ThreadMXBean;
import dev.warden.oip.OipCodec;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * What parsing one OIP request costs on the request path: time and bytes allocated per
 * {@link OipCodec#parseRequest} of the same body, on one thread after a warm-up.
 */
public final class ParseCostBenchmark {
    public record Result(int bodyBytes, int iterations, double microsPerParse, long bytesPerParse) {
        public String markdown(String command) {
            return String.format(Locale.ROOT, """
                    | body (bytes) | µs per parse | bytes allocated per parse |
                    |---:|---:|---:|
                    | %d | %.1f | %d |

                    %d measured parses after as many warm-up ones, one thread; allocation from the JVM's per-thread counter. Command: `%s`
                    """, bodyBytes, microsPerParse, bytesPerParse, iterations, command);
        }
    }

    private ParseCostBenchmark() {
    }

    public static Result run(byte[] body, int iterations) {
        if (iterations < 100) throw new IllegalArgumentException("iterations must be >= 100");
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        int sink = 0;
        for (int i = 0; i < iterations; i++) sink += OipCodec.parseRequest(body).inputs().size();
        long bytes = threads.getCurrentThreadAllocatedBytes();
        long start = System.nanoTime();
        for (int i = 0; i < iterations; i++) sink += OipCodec.parseRequest(body).inputs().size();
        long nanos = System.nanoTime() - start;
        long allocated = threads.getCurrentThreadAllocatedBytes() - bytes;
        if (sink != 2 * iterations * OipCodec.parseRequest(body).inputs().size()) throw new IllegalStateException("parse results changed");
        return new Result(body.length, iterations, nanos / 1e3 / iterations, allocated / iterations);
    }
}
