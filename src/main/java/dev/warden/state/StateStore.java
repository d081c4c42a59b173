package dev.warden.state;

/**
 * Where stateful defenses keep what they remember across queries: fingerprints of recent queries, strikes and
 * bans per account, recent feature vectors per account, the secrets they key their hashes with, and the
 * per-account rate limit's token buckets. Two
 * implementations: {@code memory} (this process, bounded and expiring) and {@code redis} (shared by replicas,
 * every key with a TTL). A store outlives policy reloads; the defenses built from each policy snapshot ask it
 * for their parts by namespace and get the same state back.
 *
 * <p>Operations of a store that cannot reach its backend throw {@link StateUnavailableException}; the
 * defenses turn that into the policy's {@code onUnavailable} behaviour.
 */
public interface StateStore extends AutoCloseable {
    int SECRET_BYTES = 32;

    /** {@code memory} or {@code redis}. */
    String kind();

    FingerprintIndex fingerprints(String namespace, FingerprintIndex.Limits limits);

    Strikes strikes(String namespace);

    VectorBuffers vectors(String namespace, VectorBuffers.Limits limits);

    /**
     * The per-account rate limiter of this store: in this process for {@code memory}; shared by the replicas for
     * {@code redis}, falling back to this replica's own buckets while Redis is unavailable. The same object for
     * the store's lifetime, so buckets survive policy reloads.
     */
    RateLimiter rateLimiter();

    /** {@link #SECRET_BYTES} random bytes for {@code name}, generated on first use and kept (shared by replicas). */
    byte[] secret(String name);

    @Override
    void close();
}
