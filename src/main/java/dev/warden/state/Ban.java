package dev.warden.state;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** An account locked out from {@code since} to {@code until}; {@code level} counts its bans within the escalation memory. */
public record Ban(String account, Instant since, Instant until, int level, String reason) {
    public Ban {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(until, "until");
    }

    public boolean activeAt(Instant now) {
        return now.isBefore(until);
    }

    public Duration remaining(Instant now) {
        Duration d = Duration.between(now, until);
        return d.isNegative() ? Duration.ZERO : d;
    }
}
