package dev.warden.state;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The fingerprint index in Redis, shared by replicas. Queries are numbered by one sequence and fall into epochs
 * of {@code capacity} queries; of each epoch, postings live as small fields of a fixed number of bucket
 * hashes ({@code <prefix>{fp:<namespace digest>}:b<epoch>:<bucket>}, field = hash, value = the newest
 * queries' sequence numbers) and each query's metadata as one field of the epoch's metadata hash. Only the
 * current and the previous epoch are read, and the one before is dropped when an epoch begins, so Redis
 * holds at most twice {@code capacity} queries; every key also expires with the retention. A batch is matched
 * and stored by one script call, atomically, so replicas see one order of queries. Layout details:
 * {@code fingerprints.lua}.
 */
final class RedisFingerprintIndex implements FingerprintIndex {
    private static final RedisScript SCRIPT = RedisScript.load("fingerprints");

    /** Fields per bucket hash when an epoch is full: Redis keeps hashes up to 128 fields as compact listpacks. */
    static final int FIELDS_PER_BUCKET = 128;

    private final RedisGate redis;
    private final String keyBase;
    private final Limits limits;
    private final int buckets;

    RedisFingerprintIndex(RedisGate redis, String prefix, String namespace, Limits limits) {
        this.redis = redis;
        this.keyBase = prefix + "{fp:" + shortName(namespace) + "}:";
        this.limits = limits;
        this.buckets = (int) Math.max(1, ((long) limits.capacity() * limits.hashes() + FIELDS_PER_BUCKET - 1) / FIELDS_PER_BUCKET);
    }

    @Override
    public List<Match> matchAndAdd(List<Fingerprint> fingerprints, String owner, boolean skipOwn, Instant now) {
        List<String> keys = List.of(keyBase, keyBase + "seq");
        List<String> args = new ArrayList<>(7 + fingerprints.size() * (1 + limits.hashes()));
        args.add(Long.toString(now.toEpochMilli()));
        args.add(Long.toString(limits.retention().toMillis()));
        args.add(Integer.toString(limits.capacity()));
        args.add(Integer.toString(limits.maxPostings()));
        args.add(owner);
        args.add(skipOwn ? "1" : "0");
        args.add(Integer.toString(buckets));
        for (Fingerprint f : fingerprints) {
            args.add(f.size() + ":" + f.exact());
            for (int i = 0; i < f.size(); i++) args.add(Long.toHexString(f.hash(i)));
        }
        List<?> rows = (List<?>) redis.eval(SCRIPT, keys, args);
        List<Match> out = new ArrayList<>(rows.size());
        for (Object row : rows) {
            List<?> r = (List<?>) row;
            int shared = (int) (long) (Long) r.get(0);
            out.add(shared == 0 ? Match.NONE : new Match(shared, RedisValues.text(r.get(1)),
                    Duration.ofMillis(Long.parseLong(RedisValues.text(r.get(2))))));
        }
        return out;
    }

    /** 8 hex digits for the namespace: it prefixes every key of the index, so its length is memory. */
    static String shortName(String namespace) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(namespace.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d, 0, 4);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public long size() {
        Object seq = redis.call("size", r -> r.get(keyBase + "seq"));
        return seq == null ? 0 : Math.min(limits.capacity(), Long.parseLong(seq.toString()));
    }
}
