package dev.warden.server.console;

import java.time.Instant;
import java.util.List;

/**
 * What the console shows of one decided query: who, which model, what was decided and why. Never any input
 * or output data, so the feed can be shown to operators without exposing what clients sent.
 */
public record DecisionEvent(long seq, Instant at, String model, String account, String queryId, String action,
                            String reason, String defense, String message, int batch, int withheld,
                            List<String> signals) {
    public DecisionEvent {
        signals = List.copyOf(signals);
    }
}
