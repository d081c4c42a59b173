package dev.warden.update;

import dev.warden.policy.Policy;
import dev.warden.state.StateStores;
import java.nio.file.Path;

/**
 * The update store a policy implies: Redis when its state is in Redis, else its failure database when that is
 * PostgreSQL (shared by replicas either way), else files under its data folder (one server).
 */
final class UpdateStores {
    private UpdateStores() {
    }

    static UpdateStore open(Policy policy) {
        if (policy.state().usesRedis()) {
            return new RedisUpdateStore(policy.state().redis().url(), StateStores.keyPrefix(policy), policy.state().redis().timeoutMillis());
        }
        if (policy.failuresUrl().startsWith("jdbc:postgresql:")) return new JdbcUpdateStore(policy.failuresUrl(), StateStores.keyPrefix(policy));
        return new FileUpdateStore(dir(policy));
    }

    /** Where candidate calibrations (and file records) go: {@code <state.dataDir>/updates}. */
    static Path dir(Policy policy) {
        return Path.of(policy.state().dataDir()).toAbsolutePath().resolve("updates");
    }
}
