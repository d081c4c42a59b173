package dev.warden.cli;

/**
 * Commands that print a summary (demo, assess, bench, evaluate) quiet the per-query decision log, which
 * would bury it, unless the user chose a level with {@code WARDEN_DECISION_LOG}.
 */
final class DecisionLogLevel {
    private DecisionLogLevel() {
    }

    static void quiet() {
        if (System.getenv("WARDEN_DECISION_LOG") == null
                && org.slf4j.LoggerFactory.getLogger("warden.decision") instanceof ch.qos.logback.classic.Logger l) {
            l.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }
}
