package dev.warden.defense.lockout;

import dev.warden.defense.DefenseContext;
import dev.warden.defense.DefenseFactory;
import dev.warden.defense.StateOutage;
import dev.warden.guard.Defense;
import dev.warden.guard.Mode;
import dev.warden.policy.DefenseSpec;
import io.micrometer.core.instrument.Counter;
import java.util.HashSet;
import java.util.Set;

/**
 * Builds the lockout. Signals of defenses the policy runs in observe mode never count as strikes (observe
 * must not block), and the lockout in observe mode reports would-be bans as flags without degrading answers.
 */
public final class LockoutFactory implements DefenseFactory<LockoutConfig> {
    @Override
    public String type() {
        return LockoutDefense.NAME;
    }

    @Override
    public Class<LockoutConfig> configType() {
        return LockoutConfig.class;
    }

    @Override
    public Defense create(LockoutConfig config, DefenseContext context) {
        Set<String> ignored = new HashSet<>(config.ignore());
        boolean enforcing = true;
        for (DefenseSpec spec : context.policy().defenses()) {
            if (spec.mode() == Mode.OBSERVE) ignored.add(spec.type());
            if (spec.type().equals(LockoutDefense.NAME)) enforcing = spec.mode() == Mode.ENFORCE;
        }
        return new LockoutDefense(config, context.state().strikes(LockoutDefense.NAMESPACE), ignored, enforcing,
                context.clock(), StateOutage.of(LockoutDefense.NAME, context),
                Counter.builder("warden.lockout.strikes").register(context.metrics()),
                Counter.builder("warden.lockout.bans").register(context.metrics()));
    }
}
