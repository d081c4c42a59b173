package dev.warden.state;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** A state store whose backend can be switched off: every operation then throws StateUnavailableException. */
public final class FailingStateStore implements StateStore {
    private final StateStore inner;
    private final AtomicBoolean down = new AtomicBoolean();

    public FailingStateStore(StateStore inner) {
        this.inner = inner;
    }

    public void down(boolean value) {
        down.set(value);
    }

    private void check() {
        if (down.get()) throw new StateUnavailableException("backend switched off by the test", null);
    }

    @Override
    public String kind() {
        return "failing";
    }

    @Override
    public FingerprintIndex fingerprints(String namespace, FingerprintIndex.Limits limits) {
        FingerprintIndex i = inner.fingerprints(namespace, limits);
        return new FingerprintIndex() {
            @Override
            public List<Match> matchAndAdd(List<Fingerprint> fingerprints, String owner, boolean skipOwn, Instant now) {
                check();
                return i.matchAndAdd(fingerprints, owner, skipOwn, now);
            }

            @Override
            public long size() {
                return i.size();
            }
        };
    }

    @Override
    public Strikes strikes(String namespace) {
        Strikes s = inner.strikes(namespace);
        return new Strikes() {
            @Override
            public Standing standing(String account, Instant now, StrikeRules rules) {
                check();
                return s.standing(account, now, rules);
            }

            @Override
            public Standing arrive(String account, Instant now, StrikeRules rules, int images) {
                check();
                return s.arrive(account, now, rules, images);
            }

            @Override
            public Standing strike(String account, Instant now, StrikeRules rules, String reason) {
                check();
                return s.strike(account, now, rules, reason);
            }

            @Override
            public void unanswered(String account, Instant now, StrikeRules rules, int images) {
                check();
                s.unanswered(account, now, rules, images);
            }

            @Override
            public Standing ban(String account, Instant now, StrikeRules rules, String reason) {
                check();
                return s.ban(account, now, rules, reason);
            }

            @Override
            public List<Ban> bans(Instant now) {
                check();
                return s.bans(now);
            }

            @Override
            public boolean lift(String account) {
                check();
                return s.lift(account);
            }
        };
    }

    @Override
    public VectorBuffers vectors(String namespace, VectorBuffers.Limits limits) {
        VectorBuffers v = inner.vectors(namespace, limits);
        return (account, vector, now) -> {
            check();
            return v.exchange(account, vector, now);
        };
    }

    @Override
    public RateLimiter rateLimiter() {
        return inner.rateLimiter();
    }

    @Override
    public byte[] secret(String name) {
        check();
        return inner.secret(name);
    }

    @Override
    public void close() {
        inner.close();
    }
}
