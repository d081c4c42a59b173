package dev.warden.defense.lockout;

/**
 * Sybil economics, second half: when a detector refuses a query and names the other accounts whose earlier queries
 * it matched (the query detector's attribution), each of at most {@code maxAccounts} of them gets a strike too, and
 * with {@code ban}, a ban when that query bans the refused account. Never an account granted
 * {@code trusted}, never the refused account itself, never for a camera stream's frames.
 */
public record LinkedConfig(Integer maxAccounts, Boolean ban) {
    public static final int DEFAULT_MAX_ACCOUNTS = 3;
    public static final int MAX_ACCOUNTS = 64;

    public LinkedConfig {
        maxAccounts = maxAccounts == null ? DEFAULT_MAX_ACCOUNTS : maxAccounts;
        ban = ban == null || ban;
        if (maxAccounts < 0 || maxAccounts > MAX_ACCOUNTS) {
            throw new IllegalArgumentException("maxAccounts must be between 0 and " + MAX_ACCOUNTS + " (0: no strikes for linked accounts)");
        }
    }
}
