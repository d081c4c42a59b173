package dev.warden.defense.knn;

import java.util.Set;
import dev.warden.defense.Requirement;
import dev.warden.defense.DefenseContext;
import dev.warden.defense.DefenseFactory;
import dev.warden.defense.StateOutage;
import dev.warden.guard.Defense;
import dev.warden.model.ModelMetadata;
import dev.warden.state.VectorBuffers;

/** Builds the k-NN detector of one model; its buffers live in the state store under {@code knn:<model>}. */
public final class KnnFactory implements DefenseFactory<KnnConfig> {
    @Override
    public String type() {
        return KnnDefense.NAME;
    }

    @Override
    public Class<KnnConfig> configType() {
        return KnnConfig.class;
    }

    @Override
    public Set<Requirement> requires(KnnConfig config) {
        return Set.of(Requirement.FEATURES);
    }

    @Override
    public Defense create(KnnConfig settings, DefenseContext context) {
        ModelMetadata model = context.model();
        KnnConfig config = settings.forModel(model.name(), model.sha256());
        if (model.featuresOutput() == null) {
            throw new IllegalArgumentException("knn needs a features output, and model " + model.name() + " declares none");
        }
        VectorBuffers buffers = context.state().vectors("knn:" + context.namespace(),
                new VectorBuffers.Limits(config.buffer(), config.retention(), config.maxAccounts()));
        return new KnnDefense(config, buffers, model.featuresOutput(), context.clock(), StateOutage.of(KnnDefense.NAME, context));
    }
}
