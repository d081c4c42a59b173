package dev.warden.state;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Instant;

/** Per-key rings of recent vectors in a Caffeine cache bounded by keys and idle time. */
final class MemoryVectorBuffers implements VectorBuffers {
    private static final class Ring {
        final float[][] vectors;
        int next;
        int size;

        Ring(int capacity) {
            vectors = new float[capacity][];
        }
    }

    private final Limits limits;
    private final Cache<String, Ring> rings;

    MemoryVectorBuffers(Limits limits, Ticker ticker) {
        this.limits = limits;
        this.rings = Caffeine.newBuilder().maximumSize(limits.maxAccounts()).expireAfterAccess(limits.retention())
                .ticker(ticker).executor(Runnable::run).build();
    }

    Limits limits() {
        return limits;
    }

    long keys() {
        rings.cleanUp();
        return rings.estimatedSize();
    }

    @Override
    public float[][] exchange(String account, float[] vector, Instant now) {
        Ring ring = rings.get(account, k -> new Ring(limits.capacity()));
        synchronized (ring) {
            int n = ring.vectors.length;
            float[][] out = new float[ring.size][];
            for (int i = 0; i < ring.size; i++) out[i] = ring.vectors[Math.floorMod(ring.next - 1 - i, n)];
            ring.vectors[ring.next] = vector.clone();
            ring.next = (ring.next + 1) % n;
            ring.size = Math.min(n, ring.size + 1);
            return out;
        }
    }
}
