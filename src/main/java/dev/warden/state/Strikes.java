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
     * Counts {@code images} more queries of the account (for {@link StrikeRules#queries()}) and returns its
     * standing; the same as {@link #standing} when the rules count strikes by time only.
     */
    Standing arrive(String account, Instant now, StrikeRules rules, int images);

    /** Adds one strike, bans when the rules say so, and returns the standing after it. */
    Standing strike(String account, Instant now, StrikeRules rules, String reason);

    /** Every running ban, soonest to end first. */
    List<Ban> bans(Instant now);

    /** Lifts a ban and forgets the account's strikes and ban history; false when there was nothing to lift. */
    boolean lift(String account);

    /** Strikes in the window, the running ban (null: none), and whether this very call started it. */
    record Standing(int strikes, Ban ban, boolean banStarted) {
        public boolean banned() {
            return ban != null;
        }
    }
}
