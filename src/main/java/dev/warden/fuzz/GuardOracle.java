package dev.warden.fuzz;

import dev.warden.assess.Answer;
import dev.warden.assess.Target;
import java.util.List;

/**
 * Asks the guarded system (a policy's guard in process, or a server over HTTP) about one input at a time, so
 * that each input gets its own verdict and refusal reason. Accounts rotate round robin: in process they are
 * distinct anonymous source addresses, as a fuzzer spread over many clients would be.
 */
final class GuardOracle implements AutoCloseable {
    /** The system's answer: the class when answered, else why it refused (reason code). */
    record Reply(boolean answered, int label, String refusal) {
    }

    private final Target target;
    private int next;

    GuardOracle(Target target) {
        this.target = target;
    }

    Target target() {
        return target;
    }

    Reply ask(double[] input) {
        Answer a = target.query(next, List.of(input));
        next = (next + 1) % target.accounts();
        if (a.answered()) {
            int label = a.labels()[0];
            // a row the guard withheld, or a tier that reveals no class (a lockout degrading answers): not let through
            return label < 0 ? new Reply(false, -1, "no_label") : new Reply(true, label, null);
        }
        String reason = a.reason() == null ? a.status().name().toLowerCase(java.util.Locale.ROOT) : a.reason();
        return new Reply(false, -1, reason);
    }

    @Override
    public void close() {
        target.close();
    }
}
