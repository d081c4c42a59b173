package dev.warden.bench;

import dev.warden.defense.DefenseContext;
import dev.warden.defense.DefenseRegistry;
import dev.warden.guard.Defense;
import dev.warden.guard.Guard;
import dev.warden.guard.Stage;
import dev.warden.model.Model;
import dev.warden.policy.ModelConfig;
import dev.warden.policy.Policy;
import dev.warden.policy.PolicyLoader;
import dev.warden.runtime.ModelPool;
import dev.warden.state.MemoryStateStore;
import dev.warden.state.StateStore;
import dev.warden.state.StateStores;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A policy's guard for one served model, built in process exactly as the server builds it (same registry,
 * same calibration file), for measurements that need the defenses themselves.
 */
public final class PolicyBench implements AutoCloseable {
    private final ModelPool pool = new ModelPool();
    private final Policy policy;
    private final Map<String, Model> models;
    private final Model model;
    private final List<Stage> stages;
    private final Guard guard;
    private final StateStore state;

    public PolicyBench(Path policyFile, String modelName, Clock clock) {
        this(policyFile, modelName, clock, dev.warden.guard.StageTimer.NONE);
    }

    /** With {@code timer} told how long each defense hook and the model took, as the server's metrics are. */
    public PolicyBench(Path policyFile, String modelName, Clock clock, dev.warden.guard.StageTimer timer) {
        this.policy = PolicyLoader.load(policyFile);
        this.models = pool.acquire(policy);
        String name = modelName != null ? modelName
                : policy.models().stream().filter(ModelConfig::serve).findFirst().orElseThrow().name();
        this.model = models.get(name);
        if (model == null) throw new IllegalArgumentException(policyFile + " has no model " + name);
        DefenseRegistry registry = DefenseRegistry.standard();
        registry.check(policy);
        // A Redis policy's defenses keep their state in its Redis, as served; otherwise a fresh in-memory store.
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        this.state = policy.state().usesRedis() ? StateStores.open(policy, clock, metrics) : MemoryStateStore.ephemeral(clock);
        this.stages = registry.build(policy, new DefenseContext(model.metadata(), models, policy, clock, metrics, state));
        this.guard = new Guard(model, stages, policy.tiers(), List.of(), timer);
    }

    public Policy policy() {
        return policy;
    }

    public Model model() {
        return model;
    }

    public Map<String, Model> models() {
        return models;
    }

    public List<Stage> stages() {
        return stages;
    }

    public Guard guard() {
        return guard;
    }

    public <D extends Defense> List<D> defenses(Class<D> type) {
        return stages.stream().map(Stage::defense).filter(type::isInstance).map(type::cast).toList();
    }

    public <D extends Defense> Optional<D> defense(Class<D> type) {
        return defenses(type).stream().findFirst();
    }

    @Override
    public void close() {
        state.close();
        pool.close();
    }
}
