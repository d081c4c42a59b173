package dev.warden.defense.knownfailure;

import dev.warden.defense.DefenseContext;
import dev.warden.defense.DefenseFactory;
import dev.warden.failures.FailureDatabase;
import dev.warden.guard.Defense;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the known-failure defense over the policy's failure database ({@code failures.url}). */
public final class KnownFailureFactory implements DefenseFactory<KnownFailureConfig> {
    private final Map<String, KnownInputMatcher> matchers = new LinkedHashMap<>();

    public KnownFailureFactory() {
        withMatcher(new ExactHashMatcher());
    }

    public KnownFailureFactory withMatcher(KnownInputMatcher matcher) {
        if (matchers.putIfAbsent(matcher.name(), matcher) != null) throw new IllegalArgumentException("matcher registered twice: " + matcher.name());
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
    public Defense create(KnownFailureConfig config, DefenseContext context) {
        KnownInputMatcher matcher = matchers.get(config.match());
        if (matcher == null) {
            throw new IllegalArgumentException("match: unknown matcher '" + config.match() + "' (known: " + String.join(", ", matchers.keySet()) + ")");
        }
        FailureDatabase database = FailureDatabase.at(context.policy().failuresUrl());
        return new KnownFailureDefense(config, database, matcher, context.clock(),
                Duration.ofMillis(context.policy().failures().refreshMillis()));
    }
}
