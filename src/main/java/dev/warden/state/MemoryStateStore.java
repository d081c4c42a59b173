package dev.warden.state;

import com.github.benmanes.caffeine.cache.Ticker;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * State in this process: bounded, expiring, lost on restart (secrets excepted: they are kept in files under
 * {@code dataDir}, or for the process only when {@code dataDir} is null). A part asked for again with the same
 * namespace and limits is the same object, so state survives policy reloads; with other limits it starts over.
 */
public final class MemoryStateStore implements StateStore {
    private final Clock clock;
    private final Ticker ticker;
    private final Path dataDir;
    private final Map<String, MemoryFingerprintIndex> fingerprints = new ConcurrentHashMap<>();
    private final Map<String, MemoryStrikes> strikes = new ConcurrentHashMap<>();
    private final Map<String, MemoryVectorBuffers> vectors = new ConcurrentHashMap<>();
    private final Map<String, byte[]> secrets = new ConcurrentHashMap<>();
    private final MemoryRateLimiter rateLimiter;

    public MemoryStateStore(Clock clock, Path dataDir) {
        this.clock = clock;
        this.ticker = () -> clock.millis() * 1_000_000L;
        this.dataDir = dataDir;
        this.rateLimiter = new MemoryRateLimiter(clock);
    }

    /** A store whose secrets are not kept anywhere (tests, one-off runs). */
    public static MemoryStateStore ephemeral(Clock clock) {
        return new MemoryStateStore(clock, null);
    }

    @Override
    public String kind() {
        return "memory";
    }

    @Override
    public FingerprintIndex fingerprints(String namespace, FingerprintIndex.Limits limits) {
        return fingerprints.compute(namespace, (k, old) -> old != null && old.limits().equals(limits) ? old : new MemoryFingerprintIndex(limits));
    }

    @Override
    public Strikes strikes(String namespace) {
        return strikes.computeIfAbsent(namespace, k -> new MemoryStrikes(ticker, clock));
    }

    @Override
    public VectorBuffers vectors(String namespace, VectorBuffers.Limits limits) {
        return vectors.compute(namespace, (k, old) -> old != null && old.limits().equals(limits) ? old : new MemoryVectorBuffers(limits, ticker));
    }

    @Override
    public RateLimiter rateLimiter() {
        return rateLimiter;
    }

    @Override
    public byte[] secret(String name) {
        return secrets.computeIfAbsent(name, n -> dataDir == null ? SecretFile.random() : SecretFile.load(dataDir, n)).clone();
    }

    @Override
    public void close() {
        fingerprints.clear();
        strikes.clear();
        vectors.clear();
    }
}
