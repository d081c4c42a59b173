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
 * = escalation memory), and with {@link StrikeRules#queries()} {@code :sent} (images sent, TTL = window). Updates are scripts, so two replicas striking the same account at once still ban it
 * once.
 */
final class RedisStrikes implements Strikes {
    private static final RedisScript STANDING = RedisScript.load("standing");
    private static final RedisScript STRIKE = RedisScript.load("strike");
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
        List<?> r = (List<?>) redis.eval(STANDING, List.of(key(account, "strikes"), key(account, "ban")),
                List.of(Long.toString(now.toEpochMilli()), Long.toString(rules.window().toMillis())));
        return standing(r, account);
    }

    @Override
    public Standing arrive(String account, Instant now, StrikeRules rules, int images) {
        if (rules.queries() == 0) return standing(account, now, rules);
        List<?> r = (List<?>) redis.eval(STANDING, List.of(key(account, "strikes"), key(account, "ban"), key(account, "sent")),
                List.of(Long.toString(now.toEpochMilli()), Long.toString(rules.window().toMillis()),
                        Integer.toString(rules.queries()), Integer.toString(Math.max(1, images))));
        return standing(r, account);
    }

    @Override
    public Standing strike(String account, Instant now, StrikeRules rules, String reason) {
        List<?> r = (List<?>) redis.eval(STRIKE, List.of(key(account, "strikes"), key(account, "ban"), key(account, "level"), key(account, "sent")),
                List.of(Long.toString(now.toEpochMilli()), Long.toString(rules.window().toMillis()),
                        Integer.toString(rules.banAfter()), Long.toString(rules.firstBan().toMillis()),
                        Double.toString(rules.factor()), Long.toString(rules.maxBan().toMillis()),
                        Long.toString(rules.memory().toMillis()), member + ":" + sequence.incrementAndGet(),
                        reason == null ? "" : reason, account, Integer.toString(rules.queries())));
        return standing(r, account);
    }

    private static Standing standing(List<?> r, String account) {
        int strikes = (int) RedisValues.number(r.get(0));
        if (r.size() < 6) return new Standing(strikes, null, false);
        Ban ban = new Ban(account, Instant.ofEpochMilli(RedisValues.number(r.get(1))), Instant.ofEpochMilli(RedisValues.number(r.get(2))),
                (int) RedisValues.number(r.get(3)), RedisValues.text(r.get(4)));
        boolean started = r.size() > 6 && RedisValues.number(r.get(6)) == 1;
        return new Standing(strikes, ban, started);
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
            r.del(key(account, "sent"));
            return r.del(key(account, "strikes"), key(account, "ban"), key(account, "level"));
        });
        return removed > 0;
    }
}
