package dev.warden.defense.lockout;

import dev.warden.defense.DefenseContext;
import dev.warden.defense.DefenseFactory;
import dev.warden.defense.StateOutage;
import dev.warden.guard.Defense;
import io.micrometer.core.instrument.Counter;
import dev.warden.policy.AccountConfig;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds the lockout. Observe mode is the chain's: signals of observing defenses never count as strikes
 * ({@link dev.warden.guard.Exchange#observing}), and an observing lockout's bans and degraded tiers are undone
 * by the chain (would-be bans show as flags).
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
        Set<String> trusted = context.policy().accounts().stream().filter(AccountConfig::trusted).map(AccountConfig::id)
                .collect(Collectors.toUnmodifiableSet());
        return new LockoutDefense(config, context.state().strikes(LockoutDefense.NAMESPACE), Set.copyOf(config.ignore()),
                trusted, context.clock(), StateOutage.of(LockoutDefense.NAME, context),
                Counter.builder("warden.lockout.strikes").register(context.metrics()),
                Counter.builder("warden.lockout.bans").register(context.metrics()),
                Counter.builder("warden.lockout.linked.strikes").register(context.metrics()));
    }
}
