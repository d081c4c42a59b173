package dev.warden.guard;

/**
 * One check in a guard. A defense may inspect (and, for sanitizers, replace) the inputs before the model,
 * inspect the prediction after it, shape the response once the guard has decided to answer, and observe
 * the final decision (to keep cross-query state). Every hook has a no-op default; implementations are
 * thread-safe and return verdicts, never throw for control flow.
 */
public interface Defense {
    String name();

    /** The action a REJECT from this defense turns into: REJECT (403) unless the defense says otherwise. */
    default Action rejectAction() {
        return Action.REJECT;
    }

    default Signal beforeModel(Exchange exchange) {
        return null;
    }

    default Signal afterModel(Exchange exchange) {
        return null;
    }

    /** Called for answered queries, in policy order, after the decision: hardening lives here. */
    default void respond(Exchange exchange, Decision decision) {
    }

    /** Called for every query once decided, whatever the action. */
    default void onDecision(Exchange exchange, Decision decision) {
    }
}
