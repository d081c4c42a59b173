package dev.warden.guard;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the guard decided for one query: the action, the reason code and defense behind it (null when
 * allowed), every signal the defenses gave, and for a lockout how long until the account may retry.
 */
public record Decision(Action action, String reason, String message, String defense, List<Signal> signals,
                       Duration retryAfter) {
    public Decision {
        Objects.requireNonNull(action, "action");
        signals = List.copyOf(signals);
    }

    public static Decision allow(List<Signal> signals) {
        return new Decision(Action.ALLOW, null, null, null, signals, null);
    }

    public boolean answered() {
        return action.answered();
    }
}
