package dev.warden.runtime;

import dev.warden.defense.DefenseContext;
import dev.warden.defense.DefenseRegistry;
import dev.warden.guard.DecisionListener;
import dev.warden.guard.DecisionLog;
import dev.warden.guard.Guard;
import dev.warden.guard.Stage;
import dev.warden.model.Model;
import dev.warden.policy.ModelConfig;
import dev.warden.policy.Policy;
import dev.warden.policy.PolicyLoader;
import dev.warden.state.StateStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deployment a server runs, hot-reloadable: the policy file is watched (polled, which works on every
 * file system) and each change builds a complete new {@link Deployment} that replaces the old one in one
 * atomic swap. Requests in flight keep the snapshot they took. A policy that fails to load is logged and
 * counted, and the running deployment stays.
 */
public final class LiveDeployment implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveDeployment.class);

    private final Path policyFile;
    private final DefenseRegistry registry;
    private final MeterRegistry metrics;
    private final Clock clock;
    private final String adminKeyFromEnv;
    private final List<DecisionListener> listeners;
    private final StageTimers stageTimers;
    private final List<java.util.function.Consumer<Deployment>> swapListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ModelPool models;
    private final StateHolder state;
    private final AtomicReference<Deployment> current = new AtomicReference<>();
    private final Object reloadLock = new Object();
    private ScheduledExecutorService watcher;
    private byte[] loadedDigest;
    private long generation;
    private Map<String, VersionPlan> plans = Map.of();

    public LiveDeployment(Path policyFile, DefenseRegistry registry, MeterRegistry metrics, Clock clock,
                          String adminKeyFromEnv, List<DecisionListener> extraListeners) {
        this(policyFile, registry, metrics, clock, adminKeyFromEnv, extraListeners, ModelPool.DEFAULT_CLOSE_GRACE);
    }

    /** {@code modelCloseGrace}: how long a model a reload dropped stays open for requests still holding it. */
    public LiveDeployment(Path policyFile, DefenseRegistry registry, MeterRegistry metrics, Clock clock,
                          String adminKeyFromEnv, List<DecisionListener> extraListeners, Duration modelCloseGrace) {
        this.models = new ModelPool(modelCloseGrace);
        this.policyFile = policyFile;
        this.registry = registry;
        this.metrics = metrics;
        this.clock = clock;
        this.adminKeyFromEnv = adminKeyFromEnv;
        List<DecisionListener> all = new ArrayList<>();
        all.add(new DecisionLog(metrics));
        all.addAll(extraListeners);
        this.listeners = List.copyOf(all);
        this.stageTimers = new StageTimers(metrics);
        this.state = new StateHolder(clock, metrics);
        try {
            reload();
        } catch (RuntimeException e) {
            state.close();
            models.close();
            throw e;
        }
    }

    public Deployment current() {
        return current.get();
    }

    /** Calls {@code listener} now with the running deployment and after every successful swap (console history). */
    public void onSwap(java.util.function.Consumer<Deployment> listener) {
        synchronized (reloadLock) {
            swapListeners.add(listener);
            listener.accept(current.get());
        }
    }

    public Path policyFile() {
        return policyFile;
    }

    /** Loads the policy file and swaps it in; throws (keeping the running deployment) if it cannot be used. */
    public Deployment reload() {
        synchronized (reloadLock) {
            try {
                byte[] digest = digest(policyFile);
                Deployment next = swapIn(build(PolicyLoader.load(policyFile), plans));
                loadedDigest = digest;
                Counter.builder("warden.policy.reloads").tag("result", "ok").register(metrics).increment();
                LOG.info("policy {} loaded (generation {}): routes {}, defenses {}", policyFile, next.generation(), routes(next),
                        next.policy().defenses().stream().map(d -> d.type() + "/" + d.mode().name().toLowerCase()).toList());
                return next;
            } catch (RuntimeException e) {
                Counter.builder("warden.policy.reloads").tag("result", "failed").register(metrics).increment();
                throw e;
            }
        }
    }

    private Deployment swapIn(Candidate candidate) {
        Deployment next = candidate.deployment();
        current.set(next);
        // Only now that the swap holds may the models and store the new generation dropped be released.
        models.commit(candidate.models());
        state.commit(candidate.store(), next.policy());
        generation = next.generation();
        swapListeners.forEach(l -> l.accept(next));
        return next;
    }

    /**
     * Sets what an update adds to {@code model}'s rollout ({@code plan} null: nothing, the policy's versions
     * alone) and swaps in a deployment built with it from the running policy, atomically like a reload: requests
     * in flight finish on the snapshot they took. Throws, changing nothing, when the plan cannot be built.
     */
    public Deployment plan(String model, VersionPlan plan) {
        synchronized (reloadLock) {
            Map<String, VersionPlan> next = new HashMap<>(plans);
            if (plan == null) next.remove(model);
            else next.put(model, plan);
            if (next.equals(plans)) return current.get();
            Deployment d = swapIn(build(current.get().policy(), Map.copyOf(next)));
            plans = Map.copyOf(next);
            LOG.info("model {}: update plan {} (generation {}): routes {}", model, plan == null ? "removed" : "candidate " + plan.candidate().version()
                    + (plan.promoted() ? " promoted" : " canary " + plan.canaryShare() + "%"), d.generation(), routes(d));
            return d;
        }
    }

    /** The update plans the running deployment applies, by model name. */
    public Map<String, VersionPlan> plans() {
        synchronized (reloadLock) {
            return plans;
        }
    }

    /** A built, not yet swapped-in generation with the resources it acquired. */
    private record Candidate(Deployment deployment, ModelPool.Lease models, StateStore store) {
    }

    /** Builds every route of the policy; on failure releases what it acquired and leaves the running generation as it was. */
    private Candidate build(Policy base, Map<String, VersionPlan> plans) {
        Policy policy = withCandidates(base, plans);
        registry.check(policy);
        for (ModelConfig config : policy.models()) {
            if (config.serve() && policy.forRoute(config) != policy) registry.check(policy.forRoute(config));
        }
        ModelPool.Lease lease = models.prepare(policy);
        StateStore store;
        try {
            store = state.acquire(policy);
        } catch (RuntimeException e) {
            models.discard(lease);
            throw e;
        }
        try {
            Map<String, Model> byName = lease.byName();
            Map<String, Map<String, Route>> versions = new LinkedHashMap<>();
            for (ModelConfig config : policy.models()) {
                if (!config.serve()) continue;
                Route route = route(policy, config, lease.model(config), byName, store);
                versions.computeIfAbsent(config.name(), n -> new LinkedHashMap<>()).put(route.version(), route);
            }
            Map<String, Rollout> rollouts = new HashMap<>();
            versions.forEach((name, routes) -> {
                ModelConfig serving = policy.model(name).orElseThrow();
                String version = serving.version() != null ? serving.version() : routes.keySet().iterator().next();
                VersionPlan plan = plans.get(name);
                if (plan == null) rollouts.put(name, new Rollout(name, routes, version));
                else if (plan.promoted()) rollouts.put(name, new Rollout(name, routes, plan.candidate().version()));
                else rollouts.put(name, new Rollout(name, routes, version, plan.candidate().version(), plan.canaryShare()));
            });
            Deployment next = new Deployment(base, rollouts, byName, new Accounts(policy, adminKeyFromEnv), clock.instant(), generation + 1);
            return new Candidate(next, lease, store);
        } catch (RuntimeException e) {
            state.discard(store);
            models.discard(lease);
            throw e;
        }
    }

    /**
     * The policy with each plan's candidate entry appended to its model's versions. The policy's own entry stays
     * the default; a candidate whose version clashes with one the policy serves is refused.
     */
    private static Policy withCandidates(Policy policy, Map<String, VersionPlan> plans) {
        if (plans.isEmpty()) return policy;
        List<ModelConfig> models = new ArrayList<>(policy.models());
        for (VersionPlan plan : plans.values()) {
            if (policy.model(plan.model()).isEmpty()) {
                throw new dev.warden.policy.PolicyException("an update of model " + plan.model() + " is under way, and the policy no longer serves it");
            }
            models.add(plan.candidate());
        }
        return new Policy(policy.source(), policy.baseDir(), policy.server(), policy.anonymous(), policy.tiers(), policy.accounts(),
                policy.admin(), models, policy.defenses(), policy.failures(), policy.state(), policy.calibration(), policy.update());
    }

    private Route route(Policy policy, ModelConfig config, Model model, Map<String, Model> byName, StateStore store) {
        Policy view = policy.forRoute(config);
        String namespace = config.name();
        DefenseContext context = new DefenseContext(model.metadata(), byName, view, clock, metrics, store, namespace);
        List<Stage> stages = registry.build(view, context);
        String version = config.version() != null ? config.version() : model.metadata().version();
        return new Route(config.name(), version, new Guard(model, stages, policy.tiers(), listeners, stageTimers), policy.tiers(), namespace);
    }

    private static List<String> routes(Deployment d) {
        List<String> names = new ArrayList<>();
        d.rollouts().forEach((name, r) -> r.versionNames().forEach(v -> names.add(name + "@" + v + (v.equals(r.serving()) ? "*" : ""))));
        java.util.Collections.sort(names);
        return names;
    }

    /** The state store the stateful defenses of the current deployment use (it outlives reloads). */
    public StateStore state() {
        return state.current();
    }

    /** Starts polling the policy file every {@code interval}; a changed file is reloaded. */
    public synchronized void watch(Duration interval) {
        if (watcher != null) return;
        watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "warden-policy-watcher");
            t.setDaemon(true);
            return t;
        });
        watcher.scheduleWithFixedDelay(this::reloadIfChanged, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void reloadIfChanged() {
        try {
            byte[] digest = digest(policyFile);
            synchronized (reloadLock) {
                if (MessageDigest.isEqual(digest, loadedDigest)) return;
            }
            reload();
        } catch (RuntimeException e) {
            synchronized (reloadLock) {
                try {
                    loadedDigest = digest(policyFile); // do not retry the same broken file every tick
                } catch (RuntimeException ignored) {
                    // the file vanished mid-edit; the next tick looks again
                }
            }
            LOG.error("policy {} not reloaded, keeping generation {}: {}", policyFile, current().generation(), e.getMessage());
        }
    }

    private static byte[] digest(Path file) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new dev.warden.policy.PolicyException("policy file not found: " + file);
        } catch (IOException e) {
            throw new dev.warden.policy.PolicyException("cannot read policy " + file + ": " + e.getMessage(), e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        if (watcher != null) watcher.shutdownNow();
        models.close();
        state.close();
    }
}
