package dev.warden.state;

import java.time.Instant;
import java.util.List;

/**
 * Strikes and bans per account (the lockout's ledger). A strike is counted within the rules' sliding window;
 * reaching {@code banAfter} bans the account with an escalating length, unless a ban is already running.
 */
public interface Strikes {
    /** The account's strikes in the window and its running ban, if any. */
    Standing standing(String account, Instant now, StrikeRules rules);

    /**
     * Counts {@code images} more queries of the account (for {@link StrikeRules#queries()} and
     * {@link StrikeRules#warmup()}) and returns its standing; the same as {@link #standing} when the rules count
     * nothing ({@link StrikeRules#counts()}).
     */
    Standing arrive(String account, Instant now, StrikeRules rules, int images);

    /**
     * Takes back {@code images} that {@link #arrive} counted towards the account's warm-up but that were not answered
     * (refused, emptied, locked out, invalid): only answered queries warm an account up. Nothing without
     * {@link StrikeRules#warmup()}.
     */
    void unanswered(String account, Instant now, StrikeRules rules, int images);

    /** Adds one strike, bans when the rules say so, and returns the standing after it. */
    Standing strike(String account, Instant now, StrikeRules rules, String reason);

    /**
     * Adds one strike and bans the account whatever its strike count (an escalating ban as {@link #strike} would
     * start), unless a ban is already running: for accounts linked to an attack whose sender was banned.
     */
    Standing ban(String account, Instant now, StrikeRules rules, String reason);

    /** Every running ban, soonest to end first. */
    List<Ban> bans(Instant now);

    /** Lifts a ban and forgets the account's strikes and ban history; false when there was nothing to lift. */
    boolean lift(String account);

    /**
     * Strikes in the window, the running ban (null: none), whether this very call started it and, with
     * {@link StrikeRules#warmup()}: the images the account sent since its last strike (or since the store first
     * saw it, within the escalation memory), this call's included, and when the store first saw it (null: never).
     */
    record Standing(int strikes, Ban ban, boolean banStarted, long clean, Instant firstSeen) {
        public Standing(int strikes, Ban ban, boolean banStarted) {
            this(strikes, ban, banStarted, 0, null);
        }

        public boolean banned() {
            return ban != null;
        }
    }
}
