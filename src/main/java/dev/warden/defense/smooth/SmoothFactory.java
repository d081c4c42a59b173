package dev.warden.defense.smooth;

import dev.warden.defense.DefenseContext;
import dev.warden.defense.DefenseFactory;
import dev.warden.defense.Requirement;
import dev.warden.guard.Defense;
import dev.warden.model.Model;
import dev.warden.model.ModelMetadata;
import dev.warden.model.TensorSpec;
import dev.warden.model.ValueRange;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/** Builds randomized smoothing for one model: the noise is scaled by the input's declared range. */
public final class SmoothFactory implements DefenseFactory<SmoothConfig> {
    /** Noise per thread, seeded from the system's secure source: an attacker cannot replay a query's noise. */
    private static final ThreadLocal<SplittableRandom> NOISE =
            ThreadLocal.withInitial(() -> new SplittableRandom(new java.security.SecureRandom().nextLong()));

    @Override
    public String type() {
        return SmoothDefense.NAME;
    }

    @Override
    public Class<SmoothConfig> configType() {
        return SmoothConfig.class;
    }

    @Override
    public Set<Requirement> requires(SmoothConfig config) {
        return Set.of(Requirement.SCORES, Requirement.NUMERIC_INPUT, Requirement.INPUT_RANGE);
    }

    @Override
    public Defense create(SmoothConfig config, DefenseContext context) {
        ModelMetadata meta = context.model();
        Model model = context.models().get(meta.name());
        if (model == null) throw new IllegalArgumentException("the guarded model " + meta.name() + " is not among the policy's models");
        TensorSpec input = meta.inputs().get(0);
        if (!input.datatype().isFloating()) {
            throw new IllegalArgumentException("smooth adds Gaussian noise to the input, and model " + meta.name() + "'s input '" + input.name()
                    + "' is " + input.datatype() + ", not floating point");
        }
        if (input.rank() < 1 || input.dim(0) > 0) {
            throw new IllegalArgumentException("smooth classifies its noisy copies in batches, and model " + meta.name() + "'s input '" + input.name()
                    + "' has no free batch dimension");
        }
        List<ValueRange> ranges = meta.domain(input.name()).ranges();
        double width = 0;
        for (ValueRange r : ranges) width = Math.max(width, r.max() - r.min());
        if (!(width > 0)) throw new IllegalArgumentException("smooth scales its noise by the input range, and model " + meta.name() + " declares an empty one");
        return new SmoothDefense(config, model, input.name(), meta.scoresOutputOrFirst(), meta.scoresKind(), width, NOISE::get);
    }
}
