package dev.warden.state;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Per-account vectors in Redis lists ({@code <prefix>{<namespace>}:v:<account>}, little-endian float32, newest
 * first, at most {@code capacity}, TTL = retention), with a bookkeeping hash beside each ({@code ...:n:<account>}:
 * a generation token and a push count). Each replica keeps the buffers it has seen in memory (at most
 * {@code maxAccounts}, forgotten after {@code retention} idle) and asks Redis only for the vectors pushed since,
 * by any replica: one vector per query in steady state instead of the whole buffer. A buffer that expired and
 * restarted in Redis has a new generation, so a replica never mixes in vectors Redis no longer holds.
 */
final class RedisVectorBuffers implements VectorBuffers {
    private static final RedisScript SCRIPT = RedisScript.load("vectors");

    /** What this replica knows of one buffer: its generation, the push count it saw last, the vectors, newest first. */
    private record Known(String gen, long n, float[][] vectors) {
    }

    private final RedisGate redis;
    private final String keyBase;
    private final Limits limits;
    private final Cache<String, Known> known;

    RedisVectorBuffers(RedisGate redis, String prefix, String namespace, Limits limits) {
        this.redis = redis;
        this.keyBase = prefix + "{" + namespace + "}:";
        this.limits = limits;
        this.known = Caffeine.newBuilder().maximumSize(limits.maxAccounts()).expireAfterAccess(limits.retention()).build();
    }

    @Override
    public float[][] exchange(String account, float[] vector, Instant now) {
        Known before = known.getIfPresent(account);
        // "v:" and "n:" keep the two apart whatever the account id holds (stream ids may contain ':').
        List<?> reply = (List<?>) redis.evalBinary(SCRIPT,
                List.of(bytes(keyBase + "v:" + account), bytes(keyBase + "n:" + account)),
                List.of(bytes(Integer.toString(limits.capacity())), bytes(Long.toString(limits.retention().toMillis())), encode(vector),
                        bytes(before == null ? "" : before.gen()), bytes(Long.toString(before == null ? -1 : before.n())),
                        bytes(Long.toHexString(ThreadLocalRandom.current().nextLong()))));
        String gen = new String((byte[]) reply.get(0), StandardCharsets.UTF_8);
        long n = (Long) reply.get(1);
        boolean full = (Long) reply.get(2) == 1L;
        List<?> fresh = (List<?>) reply.get(3);
        int kept = full || before == null ? 0 : Math.min(before.vectors().length, limits.capacity() - fresh.size());
        float[][] out = new float[fresh.size() + kept][];
        for (int i = 0; i < fresh.size(); i++) out[i] = decode((byte[]) fresh.get(i));
        if (kept > 0) System.arraycopy(before.vectors(), 0, out, fresh.size(), kept);
        float[][] after = new float[Math.min(limits.capacity(), out.length + 1)][];
        after[0] = vector.clone();
        System.arraycopy(out, 0, after, 1, after.length - 1);
        Known next = new Known(gen, n, after);
        known.asMap().merge(account, next, (old, mine) -> !old.gen().equals(mine.gen()) || mine.n() > old.n() ? mine : old);
        return out;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] encode(float[] vector) {
        ByteBuffer buf = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : vector) buf.putFloat(v);
        return buf.array();
    }

    private static float[] decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[b.remaining() / 4];
        for (int j = 0; j < v.length; j++) v[j] = b.getFloat();
        return v;
    }
}
