package dev.warden.guard;

/** Receives every decided query (logging, metrics, failure capture). Must not block. */
public interface DecisionListener {
    void onDecision(Exchange exchange, Decision decision);
}
