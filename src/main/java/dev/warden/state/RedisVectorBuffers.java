package dev.warden.state;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Per-account feature vectors in Redis lists ({@code <prefix>{<namespace>}:<account>}, little-endian float32,
 * newest first, at most {@code capacity}, TTL = retention). The number of accounts is bounded by the TTL only.
 */
final class RedisVectorBuffers implements VectorBuffers {
    private static final RedisScript SCRIPT = RedisScript.load("vectors");

    private final RedisGate redis;
    private final String keyBase;
    private final Limits limits;

    RedisVectorBuffers(RedisGate redis, String prefix, String namespace, Limits limits) {
        this.redis = redis;
        this.keyBase = prefix + "{" + namespace + "}:";
        this.limits = limits;
    }

    @Override
    public float[][] exchange(String account, float[] vector, Instant now) {
        ByteBuffer buf = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : vector) buf.putFloat(v);
        List<?> rows = (List<?>) redis.evalBinary(SCRIPT, List.of((keyBase + account).getBytes(StandardCharsets.UTF_8)),
                List.of(Integer.toString(limits.capacity()).getBytes(StandardCharsets.US_ASCII),
                        Long.toString(limits.retention().toMillis()).getBytes(StandardCharsets.US_ASCII), buf.array()));
        float[][] out = new float[rows.size()][];
        for (int i = 0; i < out.length; i++) {
            ByteBuffer b = ByteBuffer.wrap((byte[]) rows.get(i)).order(ByteOrder.LITTLE_ENDIAN);
            float[] v = new float[b.remaining() / 4];
            for (int j = 0; j < v.length; j++) v[j] = b.getFloat();
            out[i] = v;
        }
        return out;
    }
}
