package dev.warden.state;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Strikes and bans in a Caffeine cache: one small ledger per account, bounded in number, each expiring once
 * nothing in it matters any more (its last strike is out of the window, its ban over and its ban history
 * past the escalation memory). An account gets its ledger at its first strike or ban; until then what it has sent
 * is counted in {@link FreshAccounts}, and moves into the ledger then. Every call on an account runs under its lock
 * in {@link FreshAccounts}, so a query and a strike of the same account never count past each other.
 */
final class MemoryStrikes implements Strikes {
    static final int MAX_ACCOUNTS = 1_000_000;
    private static final int MAX_STRIKES_KEPT = 1024;

    private record Strike(Instant at, long query) {
    }

    private static final class Ledger {
        final ArrayDeque<Strike> strikes = new ArrayDeque<>();
        long queries;
        long clean;
        Instant firstSeen;
        Ban ban;
        int level;
        Instant levelUntil = Instant.EPOCH;
        Instant keepUntil = Instant.EPOCH;

        int count(Instant now, StrikeRules rules) {
            Instant from = now.minus(rules.window());
            while (!strikes.isEmpty() && (!strikes.peekFirst().at().isAfter(from)
                    || rules.queries() > 0 && strikes.peekFirst().query() <= queries - rules.queries())) {
                strikes.pollFirst();
            }
            return strikes.size();
        }

        Ban activeBan(Instant now) {
            return ban != null && ban.activeAt(now) ? ban : null;
        }

        Standing standing(Instant now, StrikeRules rules, boolean started) {
            return new Standing(count(now, rules), activeBan(now), started, rules.warmup() ? clean : 0, rules.warmup() ? firstSeen : null);
        }

        static Ledger from(FreshAccounts.Progress fresh) {
            Ledger l = new Ledger();
            if (fresh != null) {
                l.queries = fresh.queries();
                l.clean = fresh.clean();
                l.firstSeen = fresh.firstSeenInstant();
                l.keepUntil = fresh.keepUntilInstant();
            }
            return l;
        }

        /** Keeps the ledger at least until {@code until}, and for the escalation memory when it tracks warm-up. */
        void keep(Instant now, StrikeRules rules, Instant until) {
            keepUntil = max(keepUntil, until);
            if (rules.warmup()) keepUntil = max(keepUntil, now.plus(rules.memory()));
        }
    }

    private final Cache<String, Ledger> ledgers;
    private final FreshAccounts fresh;
    private final java.time.Clock clock;

    MemoryStrikes(Ticker ticker, java.time.Clock clock) {
        this(ticker, clock, FreshAccounts.DEFAULT_LIMIT);
    }

    /** {@code freshLimit}: how many accounts without a strike or ban are kept ({@link FreshAccounts}). */
    MemoryStrikes(Ticker ticker, java.time.Clock clock, int freshLimit) {
        this.fresh = new FreshAccounts(freshLimit);
        this.clock = clock;
        this.ledgers = Caffeine.newBuilder().maximumSize(MAX_ACCOUNTS).ticker(ticker)
                .expireAfter(new Expiry<String, Ledger>() {
                    @Override
                    public long expireAfterCreate(String key, Ledger value, long currentTime) {
                        return nanosLeft(value, clock.instant());
                    }

                    @Override
                    public long expireAfterUpdate(String key, Ledger value, long currentTime, long currentDuration) {
                        return nanosLeft(value, clock.instant());
                    }

                    @Override
                    public long expireAfterRead(String key, Ledger value, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                }).build();
    }

    private static long nanosLeft(Ledger ledger, Instant now) {
        Duration left = Duration.between(now, ledger.keepUntil);
        return left.isNegative() ? 0 : left.toNanos();
    }

    @Override
    public Standing standing(String account, Instant now, StrikeRules rules) {
        Ledger ledger = ledgers.getIfPresent(account);
        if (ledger == null) {
            FreshAccounts.Progress p = fresh.get(account, now);
            if (p != null) return standing(p, rules);
            // A strike may have moved the account into a ledger between the two reads.
            ledger = ledgers.getIfPresent(account);
            if (ledger == null) return new Standing(0, null, false);
        }
        synchronized (ledger) {
            return ledger.standing(now, rules, false);
        }
    }

    private static Standing standing(FreshAccounts.Progress p, StrikeRules rules) {
        return new Standing(0, null, false, rules.warmup() ? p.clean() : 0, rules.warmup() ? p.firstSeenInstant() : null);
    }

    @Override
    public Standing arrive(String account, Instant now, StrikeRules rules, int images) {
        if (!rules.counts()) return standing(account, now, rules);
        int n = Math.max(1, images);
        Standing[] out = new Standing[1];
        fresh.update(account, now, progress -> {
            if (ledgers.getIfPresent(account) != null) {
                out[0] = arriveWithLedger(account, now, rules, n);
                return null;
            }
            FreshAccounts.Progress p = (progress != null ? progress : FreshAccounts.Progress.first(now)).arrived(n, keep(now, rules));
            out[0] = standing(p, rules);
            return p;
        });
        return out[0];
    }

    /** What {@link Ledger#keep} keeps a ledger for after a query: the window, and the escalation memory with warm-up. */
    private static long keep(Instant now, StrikeRules rules) {
        long at = FreshAccounts.nanos(now);
        long keep = FreshAccounts.plus(at, rules.window());
        return rules.warmup() ? Math.max(keep, FreshAccounts.plus(at, rules.memory())) : keep;
    }

    private Standing arriveWithLedger(String account, Instant now, StrikeRules rules, int images) {
        Standing[] out = new Standing[1];
        ledgers.asMap().compute(account, (k, ledger) -> {
            Ledger l = ledger != null ? ledger : new Ledger();
            synchronized (l) {
                l.queries += images;
                l.clean += images;
                if (l.firstSeen == null) l.firstSeen = now;
                out[0] = l.standing(now, rules, false);
                l.keep(now, rules, now.plus(rules.window()));
            }
            return l;
        });
        return out[0];
    }

    @Override
    public void unanswered(String account, Instant now, StrikeRules rules, int images) {
        if (!rules.warmup()) return;
        int n = Math.max(1, images);
        fresh.update(account, now, progress -> {
            Ledger l = ledgers.getIfPresent(account);
            if (l == null) return progress == null ? null : progress.unanswered(n);
            synchronized (l) {
                l.clean = Math.max(0, l.clean - n);
            }
            return null;
        });
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
        Standing[] out = new Standing[1];
        fresh.update(account, now, progress -> {
            ledgers.asMap().compute(account, (k, ledger) -> {
                Ledger l = ledger != null ? ledger : Ledger.from(progress);
                synchronized (l) {
                    out[0] = strike(l, account, now, rules, reason, force);
                }
                return l;
            });
            return null;
        });
        return out[0];
    }

    private static Standing strike(Ledger l, String account, Instant now, StrikeRules rules, String reason, boolean force) {
        l.strikes.addLast(new Strike(now, l.queries));
        if (l.strikes.size() > MAX_STRIKES_KEPT) l.strikes.pollFirst();
        l.clean = 0;
        int strikes = l.count(now, rules);
        Ban ban = l.activeBan(now);
        boolean started = false;
        if (ban == null && (force || strikes >= rules.banAfter())) {
            started = true;
            l.level = now.isBefore(l.levelUntil) ? l.level + 1 : 1;
            l.levelUntil = now.plus(rules.memory());
            ban = new Ban(account, now, now.plus(rules.banLength(l.level)), l.level, reason);
            l.ban = ban;
        }
        Instant keep = max(now.plus(rules.window()), l.levelUntil);
        l.keep(now, rules, l.ban == null ? keep : max(keep, l.ban.until()));
        return l.standing(now, rules, started);
    }

    @Override
    public List<Ban> bans(Instant now) {
        List<Ban> out = new ArrayList<>();
        for (Ledger l : ledgers.asMap().values()) {
            synchronized (l) {
                Ban b = l.activeBan(now);
                if (b != null) out.add(b);
            }
        }
        out.sort(Comparator.comparing(Ban::until));
        return out;
    }

    @Override
    public boolean lift(String account) {
        boolean[] lifted = new boolean[1];
        fresh.update(account, clock.instant(), progress -> {
            lifted[0] = ledgers.asMap().remove(account) != null || progress != null;
            return null;
        });
        return lifted[0];
    }

    /** How many accounts without a strike or ban are kept. */
    int freshAccounts() {
        return fresh.size();
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
