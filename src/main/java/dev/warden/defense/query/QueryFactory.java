package dev.warden.defense.query;

import java.util.Set;
import dev.warden.defense.Requirement;
import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.calibrate.Calibrated;
import dev.warden.calibrate.CalibrationFile;
import dev.warden.calibrate.CalibrationInput;
import dev.warden.calibrate.Calibrations;
import dev.warden.calibrate.Floats;
import dev.warden.defense.DefenseContext;
import dev.warden.defense.DefenseFactory;
import dev.warden.defense.StateOutage;
import dev.warden.guard.Defense;
import dev.warden.model.Model;
import dev.warden.model.ModelMetadata;
import dev.warden.state.FingerprintIndex;
import io.micrometer.core.instrument.Counter;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Builds the query detector of one model: its fingerprint index lives in the state store under
 * {@code query:<model>:<fingerprint settings>} (shared by replicas with Redis), keyed with the store's secret
 * {@code query-fingerprint}, fetched on first use (so a replica that starts while Redis is down recovers).
 * Random-projection fingerprints centre each input on the mean benign input, which {@code warden calibrate}
 * fits; window fingerprints need no calibration.
 */
public final class QueryFactory implements DefenseFactory<QueryConfig>, Calibrated<QueryConfig> {
    /** The calibrated centre of random-projection fingerprints: the mean calibration input, base64 float32. */
    public record Centre(int dim, String mean) {
    }

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
    public Set<Requirement> requires(QueryConfig config) {
        return config.method().equals(QueryConfig.PROJECTIONS) ? Set.of(Requirement.NUMERIC_INPUT)
                : Set.of(Requirement.NUMERIC_INPUT, Requirement.INPUT_RANGE);
    }

    @Override
    public Defense create(QueryConfig config, DefenseContext context) {
        ModelMetadata model = context.model();
        if (model.inputs().isEmpty()) throw new IllegalArgumentException("model " + model.name() + " declares no inputs to fingerprint");
        Supplier<InputFingerprinter> keyed;
        if (config.method().equals(QueryConfig.PROJECTIONS)) {
            Centre c = Calibrations.section(context.policy(), context.model(), type(), calibrationKey(config, Map.of()), Centre.class);
            double[] centre = Floats.decode(c.mean(), inputSize(model), "mean");
            keyed = () -> new ProjectionFingerprinter(centre, config.bits(), config.hashes(), context.state().secret(SECRET));
        } else {
            checkWindows(config, model);
            // Large images are fingerprinted on a pooled view; their index is their own (the hashes do not compare).
            keyed = () -> PooledFingerprinter.of(config.fingerprint().fingerprinter(model.inputRange(), context.state().secret(SECRET)), model);
        }
        int factor = pooling(config, model);
        FingerprintIndex index = context.state().fingerprints(namespace(context.namespace(), config) + (factor > 1 ? ":pool" + factor : ""),
                new FingerprintIndex.Limits(config.hashes(), config.capacity(), config.retention(), config.maxPostings()));
        Counter matches = Counter.builder("warden.query.matches").tag("model", model.name()).register(context.metrics());
        return new QueryDefense(config, keyed, index, model.inputs().get(0).name(), context.clock(),
                StateOutage.of(QueryDefense.NAME, context), matches);
    }

    @Override
    public String calibrationKey(QueryConfig config, Map<String, Model> models) {
        return config.method().equals(QueryConfig.PROJECTIONS) ? "projections centre" : null;
    }

    /** The mean of the calibration inputs: projections of inputs centred on it separate benign images best. */
    @Override
    public JsonNode calibrate(QueryConfig config, CalibrationInput input) {
        List<double[]> images = input.images();
        int dim = images.get(0).length;
        double[] mean = new double[dim];
        for (double[] image : images) for (int i = 0; i < dim; i++) mean[i] += image[i] / images.size();
        return CalibrationFile.json().valueToTree(new Centre(dim, Floats.encode(mean)));
    }

    /**
     * Window fingerprints sample {@code hashes} distinct windows of the flattened input: an input with fewer
     * windows than that (a short feature vector) cannot be fingerprinted, and the detector would match nothing.
     */
    static void checkWindows(QueryConfig config, ModelMetadata model) {
        int size = inputSize(model);
        long windows = size < config.window() ? 0 : (size - config.window()) / config.stride() + 1;
        if (windows < config.hashes()) {
            throw new IllegalArgumentException("query cannot run on model '" + model.name() + "': window fingerprints need "
                    + config.hashes() + " windows of " + config.window() + " values (at least "
                    + (config.window() + (long) (config.hashes() - 1) * config.stride()) + " values per input), and input '"
                    + model.inputs().get(0).name() + "' has " + size + "; use method: projections, or leave query out for this model");
        }
    }

    /** The pooling factor of window fingerprints on this model's input (1: value by value). */
    static int pooling(QueryConfig config, ModelMetadata model) {
        return config.method().equals(QueryConfig.PROJECTIONS) ? 1 : PooledFingerprinter.factorFor(model);
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
