package dev.warden.defense.query;

import dev.warden.defense.DefenseContext;
import dev.warden.defense.DefenseFactory;
import dev.warden.defense.StateOutage;
import dev.warden.guard.Defense;
import dev.warden.model.ModelMetadata;
import dev.warden.state.FingerprintIndex;
import io.micrometer.core.instrument.Counter;
import java.util.function.Supplier;

/**
 * Builds the query detector of one model: its fingerprint index lives in the state store under
 * {@code query:<model>:<fingerprint settings>} (shared by replicas with Redis), keyed with the store's secret
 * {@code query-fingerprint}, fetched on first use (so a replica that starts while Redis is down recovers).
 */
public final class QueryFactory implements DefenseFactory<QueryConfig> {
    public static final String SECRET = "query-fingerprint";

    @Override
    public String type() {
        return QueryDefense.NAME;
    }

    @Override
    public Class<QueryConfig> configType() {
        return QueryConfig.class;
    }

    @Override
    public Defense create(QueryConfig config, DefenseContext context) {
        ModelMetadata model = context.model();
        if (model.inputs().isEmpty()) throw new IllegalArgumentException("model " + model.name() + " declares no inputs to fingerprint");
        int dim = inputSize(model);
        Supplier<InputFingerprinter> keyed = config.method().equals(QueryConfig.PROJECTIONS)
                ? () -> new ProjectionFingerprinter(dim, config.bits(), config.hashes(), context.state().secret(SECRET))
                : () -> config.fingerprint().fingerprinter(model.inputRange(), context.state().secret(SECRET));
        FingerprintIndex index = context.state().fingerprints(namespace(model.name(), config),
                new FingerprintIndex.Limits(config.hashes(), config.capacity(), config.retention(), config.maxPostings()));
        Counter matches = Counter.builder("warden.query.matches").tag("model", model.name()).register(context.metrics());
        return new QueryDefense(config, keyed, index, model.inputs().get(0).name(), context.clock(),
                StateOutage.of(QueryDefense.NAME, context), matches);
    }

    /** Fingerprints made with other settings do not compare: each setting has its own index. */
    static String namespace(String model, QueryConfig c) {
        return "query:" + model + ":" + c.fingerprintTag();
    }

    /** Values per item of the model's first input (its shape without the batch dimension). */
    static int inputSize(ModelMetadata model) {
        long[] shape = model.inputs().get(0).shape();
        long n = 1;
        for (int i = 1; i < shape.length; i++) n *= Math.max(1, shape[i]);
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("model input too large to fingerprint");
        return (int) n;
    }
}
