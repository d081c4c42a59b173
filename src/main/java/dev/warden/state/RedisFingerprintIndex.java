package dev.warden.state;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The fingerprint index in Redis, shared by replicas: one list per hash ({@code <prefix>{fp:<namespace digest>}:<hash>},
 * the newest {@code maxPostings} queries holding it, TTL = retention) and the namespace's query sequence.
 * A batch is matched and stored by one script call, atomically, so replicas see one order of queries.
 */
final class RedisFingerprintIndex implements FingerprintIndex {
    private static final RedisScript SCRIPT = RedisScript.load("fingerprints");

    private final RedisGate redis;
    private final String keyBase;
    private final Limits limits;

    RedisFingerprintIndex(RedisGate redis, String prefix, String namespace, Limits limits) {
        this.redis = redis;
        this.keyBase = prefix + "{fp:" + shortName(namespace) + "}:";
        this.limits = limits;
    }

    @Override
    public List<Match> matchAndAdd(List<Fingerprint> fingerprints, String owner, boolean skipOwn, Instant now) {
        List<String> keys = new ArrayList<>(1 + fingerprints.size() * limits.hashes());
        List<String> args = new ArrayList<>(6 + fingerprints.size());
        keys.add(keyBase + "seq");
        args.add(Long.toString(now.toEpochMilli()));
        args.add(Long.toString(limits.retention().toMillis()));
        args.add(Integer.toString(limits.capacity()));
        args.add(Integer.toString(limits.maxPostings()));
        args.add(owner);
        args.add(skipOwn ? "1" : "0");
        for (Fingerprint f : fingerprints) {
            for (int i = 0; i < f.size(); i++) keys.add(keyBase + Long.toHexString(f.hash(i)));
            args.add(f.size() + ":" + f.exact());
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

    /** 8 hex digits for the namespace: it prefixes S keys per stored query, so its length is memory. */
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
