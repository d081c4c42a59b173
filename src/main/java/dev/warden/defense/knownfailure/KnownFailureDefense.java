package dev.warden.defense.knownfailure;

import dev.warden.defense.StateOutage;
import dev.warden.failures.FailureDatabase;
import dev.warden.guard.Defense;
import dev.warden.guard.Exchange;
import dev.warden.guard.Signal;
import dev.warden.state.StateUnavailableException;
import dev.warden.tensor.Tensor;
import java.time.Clock;
import java.time.Duration;

/**
 * Refuses inputs already known to make the system fail (paper, section 4.4: a shared database of failure
 * cases; section 4.3: guard the unchanged model with hot-patchable defenses). Each example of each input,
 * as the client sent it, is looked up in the in-memory snapshot of confirmed evidence; the snapshot is
 * swapped when records are confirmed, so the defense changes without a restart. With no confirmed evidence
 * the check costs one volatile read. A matcher that cannot get its key from the state store (Redis down)
 * leaves the query to the policy's {@code state.onUnavailable}.
 */
public final class KnownFailureDefense implements Defense {
    public static final String NAME = "known-failure";
    public static final String REASON = "known_failure";

    private final KnownFailureConfig config;
    private final FailureDatabase database;
    private final KnownInputMatcher matcher;
    private final Clock clock;
    private final Duration refresh;
    private final StateOutage outage;

    public KnownFailureDefense(KnownFailureConfig config, FailureDatabase database, KnownInputMatcher matcher, Clock clock,
                               Duration refresh, StateOutage outage) {
        this.config = config;
        this.database = database;
        this.matcher = matcher;
        this.clock = clock;
        this.refresh = refresh;
        this.outage = outage;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Signal beforeModel(Exchange exchange) {
        FailureDatabase.Snapshot known = database.current(clock, refresh);
        if (known.isEmpty()) return null;
        StateUnavailableException unchecked = null;
        for (Tensor t : exchange.query().inputs().values()) {
            long batch = t.shape().length == 0 ? 1 : t.batchSize();
            for (int i = 0; i < batch; i++) {
                String id;
                try {
                    id = matcher.match(known, t, i);
                } catch (StateUnavailableException e) {
                    unchecked = e;
                    continue;
                }
                if (id == null) continue;
                String message = "input '" + t.name() + "' example " + i + " matches confirmed failure " + id;
                return config.rejects() ? Signal.reject(NAME, REASON, message) : Signal.flag(NAME, 1.0, REASON, message);
            }
        }
        return unchecked == null ? null : outage.signal(unchecked);
    }
}
