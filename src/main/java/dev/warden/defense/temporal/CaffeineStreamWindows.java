package dev.warden.defense.temporal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;

/** Stream windows in this process: a ring of frames per stream in a Caffeine cache bounded by streams and idle time. */
final class CaffeineStreamWindows implements StreamWindows {
    private static final class Ring {
        final float[][] frames;
        int next;
        int size;

        Ring(int capacity) {
            frames = new float[capacity][];
        }
    }

    private final Limits limits;
    private final Cache<String, Ring> rings;

    CaffeineStreamWindows(Limits limits, Clock clock) {
        this.limits = limits;
        Ticker ticker = () -> clock.millis() * 1_000_000L;
        this.rings = Caffeine.newBuilder().maximumSize(limits.maxStreams()).expireAfterAccess(limits.retention())
                .ticker(ticker).executor(Runnable::run).build();
    }

    @Override
    public float[][] exchange(String stream, float[] frame, java.time.Instant now) {
        Ring ring = rings.get(stream, k -> new Ring(limits.capacity()));
        synchronized (ring) {
            int n = ring.frames.length;
            float[][] out = new float[ring.size][];
            for (int i = 0; i < ring.size; i++) out[i] = ring.frames[Math.floorMod(ring.next - 1 - i, n)];
            ring.frames[ring.next] = frame.clone();
            ring.next = (ring.next + 1) % n;
            ring.size = Math.min(n, ring.size + 1);
            return out;
        }
    }

    long streams() {
        rings.cleanUp();
        return rings.estimatedSize();
    }
}
