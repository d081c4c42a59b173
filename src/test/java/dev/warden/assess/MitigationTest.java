package dev.warden.assess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.policy.Policy;
import dev.warden.policy.PolicyLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MitigationTest {
    private static String status(List<Mitigation> list, String start) {
        return list.stream().filter(m -> m.mitigation().startsWith(start)).findFirst().orElseThrow().status();
    }

    @Test
    void theDefaultPolicyHardensAndValidatesButHasNoLockoutYet() {
        Policy policy = PolicyLoader.load(Path.of("policies/default.yaml"));
        List<Mitigation> list = Mitigation.of(policy, false);
        assertThat(status(list, "Reveal as little")).isEqualTo("on");
        assertThat(status(list, "Sanitize inputs")).isEqualTo("on");
        assertThat(status(list, "Threat model for adaptive")).startsWith("off");
    }

    @Test
    void thePassthroughPolicyRevealsScoresToAnonymousClients() {
        List<Mitigation> list = Mitigation.of(PolicyLoader.load(Path.of("policies/passthrough.yaml")), true);
        assertThat(status(list, "Reveal as little")).isEqualTo("off");
        assertThat(status(list, "Threat model for adaptive")).startsWith("on");
    }
}
