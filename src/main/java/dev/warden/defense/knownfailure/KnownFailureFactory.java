package dev.warden.defense.knownfailure;

import dev.warden.defense.Requirement;
import java.util.Set;
import dev.warden.defense.DefenseContext;
import dev.warden.defense.DefenseFactory;
import dev.warden.defense.StateOutage;
import dev.warden.failures.FailureDatabase;
import dev.warden.guard.Defense;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the known-failure defense over the policy's failure database ({@code failures.url}), with the
 * matcher its {@code match} setting names: {@code fingerprint} (the default) or {@code exact}.
 */
public final class KnownFailureFactory implements DefenseFactory<KnownFailureConfig> {
    private final Map<String, KnownInputMatcher.Factory> matchers = new LinkedHashMap<>();

    public KnownFailureFactory() {
        withMatcher(FingerprintMatcher.NAME, FingerprintMatcher::create);
        withMatcher(ExactHashMatcher.NAME, (config, context) -> new ExactHashMatcher());
    }

    public KnownFailureFactory withMatcher(String name, KnownInputMatcher.Factory factory) {
        if (matchers.putIfAbsent(name, factory) != null) throw new IllegalArgumentException("matcher registered twice: " + name);
        return this;
    }

    @Override
    public String type() {
        return KnownFailureDefense.NAME;
    }

    @Override
    public Class<KnownFailureConfig> configType() {
        return KnownFailureConfig.class;
    }

    @Override
    public Set<Requirement> requires(KnownFailureConfig config) {
        return config.match().equals(FingerprintMatcher.NAME)
                ? Set.of(Requirement.NUMERIC_INPUT, Requirement.INPUT_RANGE) : Set.of();
    }

    @Override
    public Defense create(KnownFailureConfig config, DefenseContext context) {
        KnownInputMatcher.Factory matcher = matchers.get(config.match());
        if (matcher == null) {
            throw new IllegalArgumentException("match: unknown matcher '" + config.match() + "' (known: " + String.join(", ", matchers.keySet()) + ")");
        }
        FailureDatabase database = FailureDatabase.at(context.policy().failuresUrl());
        return new KnownFailureDefense(config, database, matcher.create(config, context), context.clock(),
                Duration.ofMillis(context.policy().failures().refreshMillis()), StateOutage.of(KnownFailureDefense.NAME, context));
    }
}
