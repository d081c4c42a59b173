package dev.warden.defense;

import dev.warden.defense.chain.ChainFactory;
import dev.warden.defense.crosscheck.CrosscheckFactory;
import dev.warden.defense.harden.HardenFactory;
import dev.warden.defense.knn.KnnFactory;
import dev.warden.defense.lockout.LockoutFactory;
import dev.warden.defense.query.QueryFactory;
import dev.warden.defense.knownfailure.KnownFailureFactory;
import dev.warden.defense.ood.OodFactory;
import dev.warden.defense.sanitize.SanitizeFactory;
import dev.warden.defense.temporal.TemporalFactory;
import dev.warden.defense.validate.ValidateFactory;
import dev.warden.guard.Mode;
import dev.warden.guard.Stage;
import dev.warden.model.ModelMetadata;
import dev.warden.policy.DefenseSpec;
import dev.warden.policy.Policy;
import dev.warden.policy.PolicyException;
import dev.warden.policy.PolicyLoader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The explicit map from policy defense names to their factories (no reflection-based discovery). */
public final class DefenseRegistry {
    private final Map<String, DefenseFactory<?>> factories = new LinkedHashMap<>();

    public static DefenseRegistry standard() {
        return new DefenseRegistry()
                .register(new ValidateFactory())
                .register(new KnownFailureFactory())
                .register(new HardenFactory())
                .register(new SanitizeFactory())
                .register(new OodFactory())
                .register(new CrosscheckFactory())
                .register(new TemporalFactory())
                .register(new ChainFactory())
                .register(new QueryFactory())
                .register(new KnnFactory())
                .register(new dev.warden.defense.smooth.SmoothFactory())
                .register(new LockoutFactory());
    }

    public DefenseRegistry register(DefenseFactory<?> factory) {
        if (factories.putIfAbsent(factory.type(), factory) != null) {
            throw new IllegalArgumentException("defense type registered twice: " + factory.type());
        }
        return this;
    }

    public List<String> types() {
        return List.copyOf(factories.keySet());
    }

    /** Binds and validates every defense of the policy without building anything (fails fast on load). */
    public void check(Policy policy) {
        bind(policy);
    }

    /** A defense of the policy with its factory and its bound, validated settings. */
    public record Bound<C>(DefenseSpec spec, DefenseFactory<C> factory, C config) {
    }

    /** Binds every defense of the policy to its factory and settings, in policy order (for calibration). */
    public List<Bound<?>> bind(Policy policy) {
        List<Bound<?>> bound = new ArrayList<>();
        for (DefenseSpec spec : policy.defenses()) bound.add(bound(factory(spec, policy), spec, policy));
        return bound;
    }

    private static <C> Bound<C> bound(DefenseFactory<C> factory, DefenseSpec spec, Policy policy) {
        return new Bound<>(spec, factory, PolicyLoader.bindNode(spec.settings(), spec.path(), factory.configType(), policy.source().toString()));
    }

    public List<Stage> build(Policy policy, DefenseContext context) {
        List<Stage> stages = new ArrayList<>();
        for (DefenseSpec spec : policy.defenses()) stages.add(new Stage(create(factory(spec, policy), spec, policy, context), spec.mode()));
        return stages;
    }

    private <C> dev.warden.guard.Defense create(DefenseFactory<C> factory, DefenseSpec spec, Policy policy, DefenseContext context) {
        C config = PolicyLoader.bindNode(spec.settings(), spec.path(), factory.configType(), policy.source().toString());
        checkRequirements(factory, config, spec, policy, context.model());
        try {
            return factory.create(config, context);
        } catch (IllegalArgumentException e) {
            throw new PolicyException(policy.source() + ": " + spec.path() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Refuses a defense whose declared requirements the model cannot meet, e.g. {@code defenses[3] (sanitize)
     * cannot run on model 'wine-mlp': it needs an image input with spatial dimensions; the input 'input' is FP32
     * [N,13] FEATURES}.
     */
    private static <C> void checkRequirements(DefenseFactory<C> factory, C config, DefenseSpec spec, Policy policy,
                                              ModelMetadata model) {
        for (Requirement r : factory.requires(config).stream().sorted().toList()) {
            String why = r.unmetBy(model);
            if (why != null) {
                throw new PolicyException(policy.source() + ": " + spec.path() + " (" + spec.type() + ") cannot run on model '"
                        + model.name() + "': it needs " + r.need() + "; " + why);
            }
        }
    }

    private DefenseFactory<?> factory(DefenseSpec spec, Policy policy) {
        DefenseFactory<?> factory = factories.get(spec.type());
        if (factory == null) {
            throw new PolicyException(policy.source() + ": " + spec.path() + ".type: unknown defense '" + spec.type()
                    + "' (known: " + String.join(", ", factories.keySet()) + ")");
        }
        if (spec.mode() == Mode.OBSERVE && !factory.allowsObserve()) {
            throw new PolicyException(policy.source() + ": " + spec.path() + ".mode: " + spec.type()
                    + " cannot run in observe mode (invalid input would reach the model)");
        }
        return factory;
    }
}
