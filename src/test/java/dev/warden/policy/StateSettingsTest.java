package dev.warden.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.defense.DefenseRegistry;
import dev.warden.guard.Mode;
import dev.warden.state.StateStores;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StateSettingsTest {
    static Policy parse(String yaml) {
        Policy p = PolicyLoader.parse("version: 1\n" + PolicyLoaderTest.MODEL + yaml, "/etc/warden/prod.yaml", Path.of("/base"));
        DefenseRegistry.standard().check(p);
        return p;
    }

    @Test
    void defaultsToAMemoryStoreThatFailsOpen() {
        Policy p = parse("");
        assertThat(p.state().store()).isEqualTo("memory");
        assertThat(p.state().failureMode()).isEqualTo(StateSettings.OnUnavailable.FAIL_OPEN);
        assertThat(p.state().redis().url()).isEqualTo(RedisSettings.DEFAULT_URL);
        assertThat(StateStores.keyPrefix(p)).isEqualTo("warden:prod:");
    }

    @Test
    void readsRedisSettings() {
        Policy p = parse("state: {store: redis, onUnavailable: fail-closed, redis: {url: 'redis://10.0.0.5:6380/2', keyPrefix: 'w:eu:', timeoutMillis: 100}}");
        assertThat(p.state().usesRedis()).isTrue();
        assertThat(p.state().failureMode()).isEqualTo(StateSettings.OnUnavailable.FAIL_CLOSED);
        assertThat(p.state().redis().timeoutMillis()).isEqualTo(100);
        assertThat(StateStores.keyPrefix(p)).isEqualTo("w:eu:");
    }

    @Test
    void badSettingsNameTheField() {
        assertThatThrownBy(() -> parse("state: {store: etcd}")).isInstanceOf(PolicyException.class)
                .hasMessageContaining("state").hasMessageContaining("store must be memory or redis");
        assertThatThrownBy(() -> parse("state: {onUnavailable: retry}")).isInstanceOf(PolicyException.class)
                .hasMessageContaining("onUnavailable must be fail-open or fail-closed");
        assertThatThrownBy(() -> parse("state: {redis: {url: 'http://x'}}")).isInstanceOf(PolicyException.class)
                .hasMessageContaining("state.redis").hasMessageContaining("redis://");
        assertThatThrownBy(() -> parse("state: {redis: {port: 1}}")).isInstanceOf(PolicyException.class)
                .hasMessageContaining("state.redis.port: unknown field");
        assertThatThrownBy(() -> parse("defenses: [{type: query, threshold: 30}]")).isInstanceOf(PolicyException.class)
                .hasMessageContaining("defenses[0]").hasMessageContaining("threshold must be between 1 and hashes");
    }

    @Test
    void theDefaultPolicyEnforcesTheLockoutFirstAndTheQueryDetectorAfterValidation() {
        Policy def = PolicyLoader.load(Path.of("policies/default.yaml"));
        DefenseRegistry.standard().check(def);
        assertThat(def.defenses()).extracting(DefenseSpec::type).containsExactly("lockout", "validate", "query", "knn", "known-failure", "ood", "temporal", "harden");
        assertThat(def.defenses()).extracting(DefenseSpec::mode).containsOnly(Mode.ENFORCE);
        assertThat(def.state().store()).isEqualTo("memory");
    }
}
