package dev.warden.state;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Strikes and bans in Redis, per account: {@code <prefix>{<namespace>:<account>}:strikes} (sorted set of
 * strike times, TTL = window), {@code :ban} (hash, TTL = the ban's length) and {@code :level} (ban count, TTL
 * = escalation memory), with {@link StrikeRules#queries()} {@code :sent} (images sent, TTL = window) and with
 * {@link StrikeRules#warmup()} {@code :warm} (hash: first seen, images since the last strike; TTL = escalation
 * memory). Updates are scripts, so two replicas striking the same account at once still ban it once.
 */
final class RedisStrikes implements Strikes {
    private static final RedisScript STANDING = RedisScript.load("standing");
    private static final RedisScript STRIKE = RedisScript.load("strike");
    private static final RedisScript UNANSWERED = RedisScript.load("unanswered");
    private static final int SCAN_COUNT = 500;

    private final RedisGate redis;
    private final String prefix;
    private final String namespace;
    private final String member = Long.toHexString(new java.security.SecureRandom().nextLong());
    private final AtomicLong sequence = new AtomicLong();

    RedisStrikes(RedisGate redis, String prefix, String namespace) {
        this.redis = redis;
        this.prefix = prefix;
        this.namespace = namespace;
    }

    private String key(String account, String part) {
        return prefix + "{" + namespace + ":" + account + "}:" + part;
    }

    @Override
    public Standing standing(String account, Instant now, StrikeRules rules) {
        return standing(account, now, rules, 0);
    }

    @Override
    public Standing arrive(String account, Instant now, StrikeRules rules, int images) {
        if (!rules.counts()) return standing(account, now, rules);
        return standing(account, now, rules, Math.max(1, images));
    }

    private Standing standing(String account, Instant now, StrikeRules rules, int images) {
        List<?> r = (List<?>) redis.eval(STANDING, List.of(key(account, "strikes"), key(account, "ban"), key(account, "sent"), key(account, "warm")),
                List.of(Long.toString(now.toEpochMilli()), Long.toString(rules.window().toMillis()),
                        Integer.toString(rules.queries()), Integer.toString(images), rules.warmup() ? "1" : "0",
                        Long.toString(rules.memory().toMillis())));
        return standing(r, account, rules);
    }

    @Override
    public void unanswered(String account, Instant now, StrikeRules rules, int images) {
        if (!rules.warmup()) return;
        redis.eval(UNANSWERED, List.of(key(account, "warm")), List.of(Integer.toString(Math.max(1, images))));
    }

    @Override
    public Standing strike(String account, Instant now, StrikeRules rules, String reason) {
        return strike(account, now, rules, reason, false);
    }

    @Override
    public Standing ban(String account, Instant now, StrikeRules rules, String reason) {
        return strike(account, now, rules, reason, true);
    }

    private Standing strike(String account, Instant now, StrikeRules rules, String reason, boolean force) {
        List<?> r = (List<?>) redis.eval(STRIKE, List.of(key(account, "strikes"), key(account, "ban"), key(account, "level"),
                        key(account, "sent"), key(account, "warm")),
                List.of(Long.toString(now.toEpochMilli()), Long.toString(rules.window().toMillis()),
                        Integer.toString(rules.banAfter()), Long.toString(rules.firstBan().toMillis()),
                        Double.toString(rules.factor()), Long.toString(rules.maxBan().toMillis()),
                        Long.toString(rules.memory().toMillis()), member + ":" + sequence.incrementAndGet(),
                        reason == null ? "" : reason, account, Integer.toString(rules.queries()),
                        rules.warmup() ? "1" : "0", force ? "1" : "0"));
        return standing(r, account, rules);
    }

    /** {strikes, clean, first} and, when banned, since, until, level, reason, account and (strike only) whether it began. */
    private static Standing standing(List<?> r, String account, StrikeRules rules) {
        int strikes = (int) RedisValues.number(r.get(0));
        long clean = rules.warmup() ? RedisValues.number(r.get(1)) : 0;
        String first = RedisValues.text(r.get(2));
        Instant firstSeen = rules.warmup() && first != null && !first.isEmpty() ? Instant.ofEpochMilli(Long.parseLong(first)) : null;
        if (r.size() < 8) return new Standing(strikes, null, false, clean, firstSeen);
        Ban ban = new Ban(account, Instant.ofEpochMilli(RedisValues.number(r.get(3))), Instant.ofEpochMilli(RedisValues.number(r.get(4))),
                (int) RedisValues.number(r.get(5)), RedisValues.text(r.get(6)));
        boolean started = r.size() > 8 && RedisValues.number(r.get(8)) == 1;
        return new Standing(strikes, ban, started, clean, firstSeen);
    }

    @Override
    public List<Ban> bans(Instant now) {
        return redis.call("bans", r -> {
            List<Ban> out = new ArrayList<>();
            ScanParams params = new ScanParams().match(prefix + "{" + namespace + ":*}:ban").count(SCAN_COUNT);
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = r.scan(cursor, params);
                for (String key : page.getResult()) {
                    List<String> f = r.hmget(key, "since", "until", "level", "reason", "account");
                    if (f.get(1) == null || f.get(4) == null) continue;
                    Ban ban = new Ban(f.get(4), Instant.ofEpochMilli(Long.parseLong(f.get(0))),
                            Instant.ofEpochMilli(Long.parseLong(f.get(1))), Integer.parseInt(f.get(2)), f.get(3));
                    if (ban.activeAt(now)) out.add(ban);
                }
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
            out.sort(Comparator.comparing(Ban::until));
            return out;
        });
    }

    @Override
    public boolean lift(String account) {
        long removed = redis.call("lift", r -> {
            r.del(key(account, "sent"), key(account, "warm"));
            return r.del(key(account, "strikes"), key(account, "ban"), key(account, "level"));
        });
        return removed > 0;
    }
}
