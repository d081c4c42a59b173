package dev.warden.state;

import dev.warden.policy.Policy;
import dev.warden.policy.StateSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;

/** Opens the state store a policy's {@code state} section asks for. */
public final class StateStores {
    private StateStores() {
    }

    public static StateStore open(Policy policy, Clock clock, MeterRegistry metrics) {
        StateSettings s = policy.state();
        if (s.usesRedis()) return RedisStateStore.connect(s.redis(), keyPrefix(policy), clock, metrics);
        return new MemoryStateStore(clock, Path.of(s.dataDir()));
    }

    /** The Redis key prefix: the policy's, else {@code warden:<policy file name without extension>:}. */
    public static String keyPrefix(Policy policy) {
        String configured = policy.state().redis().keyPrefix();
        if (configured != null) return configured;
        String file = policy.source().getFileName() == null ? "default" : policy.source().getFileName().toString();
        int dot = file.lastIndexOf('.');
        return "warden:" + (dot > 0 ? file.substring(0, dot) : file) + ":";
    }
}
