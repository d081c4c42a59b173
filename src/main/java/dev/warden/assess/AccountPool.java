package dev.warden.assess;

/**
 * The accounts an adversary holds and when each may query again. On a lockout it moves to the next account
 * that is not locked out (round robin); it counts how many distinct accounts it has used.
 */
final class AccountPool {
    private final boolean[] locked;
    private final long[] lockedUntil;
    private final boolean[] used;
    private int current;
    private int usedCount;

    AccountPool(int accounts) {
        this.locked = new boolean[accounts];
        this.lockedUntil = new long[accounts];
        this.used = new boolean[accounts];
    }

    int current() {
        if (!used[current]) {
            used[current] = true;
            usedCount++;
        }
        return current;
    }

    int used() {
        return usedCount;
    }

    /** Moves to the next account that is not locked out (round robin); stays when there is none. */
    void rotate(long nowNanos) {
        for (int step = 1; step <= locked.length; step++) {
            int next = (current + step) % locked.length;
            if (!locked[next] || lockedUntil[next] - nowNanos <= 0) {
                locked[next] = false;
                current = next;
                return;
            }
        }
    }

    /** Marks the current account locked out until {@code untilNanos}; moves to a free account if there is one. */
    boolean lockOutAndSwitch(long untilNanos, long nowNanos) {
        locked[current] = true;
        lockedUntil[current] = untilNanos;
        for (int step = 1; step <= locked.length; step++) {
            int next = (current + step) % locked.length;
            if (!locked[next] || lockedUntil[next] - nowNanos <= 0) {
                locked[next] = false;
                current = next;
                return true;
            }
        }
        return false;
    }

    /** The account whose lockout ends first becomes current; returns when (in ticker nanos) it ends. */
    long earliestRelease() {
        int best = 0;
        for (int i = 1; i < locked.length; i++) if (lockedUntil[i] - lockedUntil[best] < 0) best = i;
        current = best;
        locked[best] = false;
        return lockedUntil[best];
    }
}
