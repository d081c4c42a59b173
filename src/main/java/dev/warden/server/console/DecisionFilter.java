package dev.warden.server.console;

import java.util.Locale;
import java.util.function.Predicate;

/**
 * The console's filter on decisions: exact model, account containing a text, and reason or action equal to a
 * code (so "rejected" views can ask for {@code action=reject}). Empty parts match everything.
 */
public record DecisionFilter(String model, String account, String reason, String action) implements Predicate<DecisionEvent> {
    public DecisionFilter {
        model = blankToNull(model);
        account = blankToNull(account);
        reason = blankToNull(reason);
        action = blankToNull(action) == null ? null : action.toLowerCase(Locale.ROOT);
    }

    @Override
    public boolean test(DecisionEvent e) {
        return (model == null || model.equals(e.model()))
                && (account == null || e.account().contains(account))
                && (reason == null || reason.equals(e.reason()))
                && (action == null || action.equals(e.action()));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
