package dev.warden.runtime;

import dev.warden.policy.Policy;
import dev.warden.policy.StateSettings;
import dev.warden.state.StateStore;
import dev.warden.state.StateStores;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the state store across policy reloads, so that fingerprints, strikes and bans survive them: a reload
 * whose {@code state} section (and Redis key prefix) is unchanged gets the same store. A changed one opens a
 * new store, which replaces the old only once the new deployment is built; the old is closed after a grace
 * period, once the requests that hold the old snapshot are done.
 */
final class StateHolder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StateHolder.class);
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(30);

    private record Key(StateSettings settings, String prefix) {
    }

    private final Clock clock;
    private final MeterRegistry metrics;
    private final ScheduledExecutorService closer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "warden-state-closer");
        t.setDaemon(true);
        return t;
    });
    private Key key;
    private StateStore current;

    StateHolder(Clock clock, MeterRegistry metrics) {
        this.clock = clock;
        this.metrics = metrics;
    }

    synchronized StateStore current() {
        return current;
    }

    /** The store for this policy: the current one if its settings are unchanged, else a new, uncommitted one. */
    synchronized StateStore acquire(Policy policy) {
        Key wanted = new Key(policy.state(), StateStores.keyPrefix(policy));
        if (current != null && wanted.equals(key)) return current;
        StateStore store = StateStores.open(policy, clock, metrics);
        LOG.info("state store: {}{}", store.kind(), policy.state().usesRedis() ? " at " + dev.warden.log.Redactor.redact(policy.state().redis().url())
                + " (key prefix " + wanted.prefix() + ", " + policy.state().onUnavailable() + ")" : "");
        return store;
    }

    /** Makes {@code store} (from {@link #acquire}) the current one after its deployment was built. */
    synchronized void commit(StateStore store, Policy policy) {
        if (store == current) return;
        StateStore old = current;
        current = store;
        key = new Key(policy.state(), StateStores.keyPrefix(policy));
        if (old != null) {
            LOG.warn("state store settings changed: the stateful defenses start over with an empty {} store", store.kind());
            closer.schedule(old::close, CLOSE_GRACE.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** Closes {@code store} (from {@link #acquire}) when its deployment could not be built. */
    synchronized void discard(StateStore store) {
        if (store != current) store.close();
    }

    @Override
    public synchronized void close() {
        closer.shutdownNow();
        if (current != null) current.close();
        current = null;
    }
}
