package dev.warden.state;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The fingerprint index in Redis, shared by replicas. Queries are numbered by one sequence, and a stored query
 * counts while it is among the last {@code capacity}. Postings live as small fields of a fixed number of bucket
 * hashes ({@code <prefix>{fp:<namespace digest>}:p<bucket>}, field = the hash's 8 bytes, value = the newest
 * queries' sequence numbers), one field per hash for every query that can still count, so a lookup reads one
 * key per hash; each query's metadata is one field of its epoch's ({@code capacity} queries) metadata hash. A
 * sweep visits every bucket once per {@code capacity} queries and deletes the fields whose queries no longer
 * count, and the metadata of the epoch before the previous one is dropped when an epoch begins, so Redis holds
 * at most twice {@code capacity} queries; every key also expires with the retention. A batch is matched and
 * stored by one script call, atomically, so replicas see one order of queries. Layout details:
 * {@code fingerprints.lua}.
 */
final class RedisFingerprintIndex implements FingerprintIndex {
    private static final RedisScript SCRIPT = RedisScript.load("fingerprints");

    /**
     * Fields of a bucket hash, on average, just before its sweep (the most it holds). Redis keeps a hash of up
     * to {@code hash-max-listpack-entries} fields (512 by default) as a compact listpack, which a lookup scans
     * field by field: smaller buckets are quicker to read and cost more keys.
     */
    static final int PEAK_FIELDS_PER_BUCKET = 192;

    private final RedisGate redis;
    private final String keyBase;
    private final Limits limits;
    private final List<byte[]> keys;
    private final byte[][] fixedArgs;

    RedisFingerprintIndex(RedisGate redis, String prefix, String namespace, Limits limits) {
        this.redis = redis;
        this.keyBase = prefix + "{fp:" + shortName(namespace) + "}:";
        this.limits = limits;
        this.keys = List.of(ascii(keyBase), ascii(keyBase + "seq"));
        long buckets = Math.max(1, (2L * limits.capacity() * limits.hashes() + PEAK_FIELDS_PER_BUCKET - 1) / PEAK_FIELDS_PER_BUCKET);
        this.fixedArgs = new byte[][]{ascii(limits.retention().toMillis()), ascii(limits.capacity()), ascii(limits.maxPostings()), ascii(buckets)};
    }

    @Override
    public List<Match> matchAndAdd(List<Fingerprint> fingerprints, String owner, boolean skipOwn, Instant now) {
        List<byte[]> args = new ArrayList<>(7 + 2 * fingerprints.size());
        args.add(ascii(now.toEpochMilli()));
        args.add(fixedArgs[0]);
        args.add(fixedArgs[1]);
        args.add(fixedArgs[2]);
        args.add(owner.getBytes(StandardCharsets.UTF_8));
        args.add(ascii(skipOwn ? "1" : "0"));
        args.add(fixedArgs[3]);
        for (Fingerprint f : fingerprints) {
            args.add(ascii(f.exact()));
            ByteBuffer hashes = ByteBuffer.allocate(8 * f.size());
            for (int i = 0; i < f.size(); i++) hashes.putLong(f.hash(i));
            args.add(hashes.array());
        }
        List<?> rows = (List<?>) redis.evalBinary(SCRIPT, keys, args);
        List<Match> out = new ArrayList<>(rows.size());
        for (Object row : rows) {
            List<?> r = (List<?>) row;
            int shared = (int) RedisValues.number(r.get(0));
            out.add(shared == 0 ? Match.NONE : new Match(shared, RedisValues.text(r.get(1)),
                    Duration.ofMillis(RedisValues.number(r.get(2)))));
        }
        return out;
    }

    private static byte[] ascii(Object value) {
        return value.toString().getBytes(StandardCharsets.US_ASCII);
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
