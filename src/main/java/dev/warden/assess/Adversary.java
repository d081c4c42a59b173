package dev.warden.assess;

import java.time.Duration;

/**
 * How the adversary behind an attack behaves. {@code accounts} is how many accounts it holds: with more than
 * one (Sybil) it moves to the next account when one is locked out. {@code adaptive}: it knows which
 * defenses are on and adapts (see {@link QuerySession}): it re-sends a rejected query with fresh random
 * transformations, up to {@code maxRetries} times, never sends an exact repeat of a recent query, and when
 * every account is locked out waits for the first lockout to end (at most {@code maxWait} in all per
 * image) instead of giving up. A plain adversary gives up on the image once every account is locked out.
 */
public record Adversary(int accounts, boolean adaptive, int maxRetries, Duration maxWait) {
    public static final int MAX_RETRIES = 3;
    public static final Duration MAX_WAIT = Duration.ofSeconds(60);

    public Adversary {
        if (accounts < 1) throw new IllegalArgumentException("accounts must be >= 1");
        if (maxRetries < 0) throw new IllegalArgumentException("maxRetries must be >= 0");
        maxWait = maxWait == null ? MAX_WAIT : maxWait;
    }

    public static Adversary of(int accounts, boolean adaptive) {
        return new Adversary(accounts, adaptive, MAX_RETRIES, MAX_WAIT);
    }

    public String describe() {
        return (adaptive ? "adaptive" : "non-adaptive") + ", " + (accounts == 1 ? "1 account" : accounts + " accounts (Sybil)");
    }
}
