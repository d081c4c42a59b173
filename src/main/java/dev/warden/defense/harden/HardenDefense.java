package dev.warden.defense.harden;

import dev.warden.guard.Decision;
import dev.warden.guard.Defense;
import dev.warden.guard.Exchange;
import dev.warden.guard.Guard;

/**
 * The policy's output-hardening stage. What each tier sees (reveal level, k, digits, features, decision
 * details) is enforced by the guard on every answer, with or without this stage, so that a policy that omits
 * it, or runs it in observe mode, cannot reveal more than the tier allows. What is left here is where decision
 * details go: under {@code decisionDetailsParameter} instead of the guard's {@value Guard#DETAILS_PARAMETER}.
 */
public final class HardenDefense implements Defense {
    public static final String NAME = "harden";
    private final HardenConfig config;

    public HardenDefense(HardenConfig config) {
        this.config = config;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void respond(Exchange exchange, Decision decision) {
        if (config.decisionDetailsParameter().equals(Guard.DETAILS_PARAMETER)) return;
        Object details = exchange.removeResponseParameter(Guard.DETAILS_PARAMETER);
        if (details != null) exchange.putResponseParameter(config.decisionDetailsParameter(), details);
    }
}
