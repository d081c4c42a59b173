package dev.warden.assess.attack;

/**
 * Ends an attack from inside the oracle: the query or time budget is spent, the sample already succeeded,
 * or every account is locked out. Attacks let it propagate; the campaign catches it.
 */
public final class OracleExhausted extends RuntimeException {
    public enum Why { BUDGET, TIME, SUCCEEDED, LOCKED_OUT }

    private final Why why;

    public OracleExhausted(Why why) {
        super(why.name().toLowerCase(java.util.Locale.ROOT), null, false, false);
        this.why = why;
    }

    public Why why() {
        return why;
    }
}
