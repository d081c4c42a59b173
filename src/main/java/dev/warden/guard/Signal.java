package dev.warden.guard;

import java.util.Objects;

/**
 * A defense's verdict on a query: PASS, FLAG (suspicious, with a score) or REJECT, with a reason code
 * (snake_case, stable, safe to show clients) and a human message.
 */
public record Signal(String defense, Verdict verdict, double score, String reason, String message) {
    public Signal {
        Objects.requireNonNull(defense, "defense");
        Objects.requireNonNull(verdict, "verdict");
    }

    public static Signal pass(String defense) {
        return new Signal(defense, Verdict.PASS, 0, null, null);
    }

    public static Signal flag(String defense, double score, String reason, String message) {
        return new Signal(defense, Verdict.FLAG, score, reason, message);
    }

    public static Signal reject(String defense, String reason, String message) {
        return new Signal(defense, Verdict.REJECT, 1, reason, message);
    }

    public boolean isPass() {
        return verdict == Verdict.PASS;
    }
}
