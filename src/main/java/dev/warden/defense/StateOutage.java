package dev.warden.defense;

import dev.warden.guard.Signal;
import dev.warden.policy.StateSettings.OnUnavailable;
import dev.warden.state.StateUnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a stateful defense does when its state store is unreachable, as the policy's
 * {@code state.onUnavailable} says: {@code fail-open} passes the query, {@code fail-closed} rejects it with
 * reason {@value #REASON}. Either way the query is counted ({@code warden.state.unavailable{defense,mode}})
 * and logged, at most once per {@link #LOG_EVERY} per defense so that an outage does not flood the log.
 */
public final class StateOutage {
    public static final String REASON = "state_unavailable";
    static final Duration LOG_EVERY = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(StateOutage.class);

    private final String defense;
    private final OnUnavailable mode;
    private final Counter counter;
    private final Clock clock;
    private final AtomicReference<Instant> lastLog = new AtomicReference<>(Instant.MIN);

    public StateOutage(String defense, OnUnavailable mode, MeterRegistry metrics, Clock clock) {
        this.defense = defense;
        this.mode = mode;
        this.clock = clock;
        this.counter = Counter.builder("warden.state.unavailable").tag("defense", defense)
                .tag("mode", mode.policyName()).register(metrics);
    }

    public static StateOutage of(String defense, DefenseContext context) {
        return new StateOutage(defense, context.policy().state().failureMode(), context.metrics(), context.clock());
    }

    public boolean failClosed() {
        return mode == OnUnavailable.FAIL_CLOSED;
    }

    /** Counts and logs the failure; returns the signal to give: null (pass) or a REJECT. */
    public Signal signal(StateUnavailableException e) {
        record(e);
        return failClosed() ? Signal.reject(defense, REASON, "the service cannot check this query now; try again shortly") : null;
    }

    /** Counts and logs a failure where no signal is given (state updates after the decision). */
    public void record(StateUnavailableException e) {
        counter.increment();
        Instant now = clock.instant();
        Instant last = lastLog.get();
        if (now.isAfter(last.plus(LOG_EVERY)) && lastLog.compareAndSet(last, now)) {
            LOG.warn("defense {}: state store unavailable, {} ({} so far): {}", defense, mode.policyName(),
                    (long) counter.count(), e.getMessage());
        }
    }
}
