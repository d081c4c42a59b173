package dev.warden.defense;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.data.Samples;
import dev.warden.calibrate.BatchLimits;
import dev.warden.calibrate.Calibrated;
import dev.warden.calibrate.CalibrationFile;
import dev.warden.calibrate.CalibrationInput;
import dev.warden.model.Model;
import dev.warden.policy.ModelConfig;
import dev.warden.policy.Policy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Fits every calibrated defense of a policy, for every model it serves, on benign samples converted to each
 * model's input. Deterministic for a seed.
 */
public final class Calibrator {
    private final DefenseRegistry registry;
    private final Consumer<String> progress;

    public Calibrator(DefenseRegistry registry, Consumer<String> progress) {
        this.registry = registry;
        this.progress = progress;
    }

    /** Where the benign images came from, recorded in the file. */
    public record DataSource(String name, String sha256) {
    }

    /** The same samples for every served model (they must fit each one's input). */
    public CalibrationFile calibrate(Policy policy, Map<String, Model> models, Samples data, DataSource source, long seed) {
        return calibrate(policy, models, model -> data, source, seed, BatchLimits.IN_PROCESS);
    }

    /**
     * {@code data} gives each served model its samples, converted to its input. {@code limits} bound each inference
     * call; the body limit applies to remote ({@code oip}) backends only.
     */
    public CalibrationFile calibrate(Policy policy, Map<String, Model> models, Function<Model, Samples> data, DataSource source,
                                     long seed, BatchLimits limits) {
        List<DefenseRegistry.Bound<?>> bound = registry.bind(policy);
        Map<String, CalibrationFile.ModelCalibration> out = new LinkedHashMap<>();
        int count = 0;
        for (ModelConfig config : policy.models()) {
            if (!config.serve()) continue;
            Model model = models.get(config.name());
            Samples samples = data.apply(model);
            count = samples.count();
            BatchLimits own = config.backend().equals("oip") ? limits : new BatchLimits(limits.maxBatch(), 0);
            CalibrationInput input = new CalibrationInput(model, models, samples, seed, own);
            progress.accept("reading " + samples.count() + " samples of " + samples.source() + " for " + config.name());
            input.images();
            if (input.labelsPredicted()) {
                progress.accept(samples.source() + " has no labels: class-conditional fits use " + config.name() + "'s own predictions");
            }
            List<CalibrationFile.Section> sections = new ArrayList<>();
            for (DefenseRegistry.Bound<?> b : bound) {
                CalibrationFile.Section s = fit(b, input);
                if (s == null) continue;
                if (sections.stream().noneMatch(x -> x.type().equals(s.type()) && x.key().equals(s.key()))) sections.add(s);
            }
            out.put(config.name(), new CalibrationFile.ModelCalibration(model.metadata().sha256(), model.metadata().version(), sections));
        }
        return new CalibrationFile(CalibrationFile.FORMAT, seed, source.name(), source.sha256(), count, out);
    }

    /** Whether any defense of the policy (top-level or a route's own chain) is fitted on benign data. */
    public boolean anyCalibrated(Policy policy) {
        return registry.bind(policy).stream().anyMatch(b -> b.factory() instanceof Calibrated<?>);
    }

    private <C> CalibrationFile.Section fit(DefenseRegistry.Bound<C> b, CalibrationInput input) {
        if (!(b.factory() instanceof Calibrated<?>)) return null;
        @SuppressWarnings("unchecked")
        Calibrated<C> calibrated = (Calibrated<C>) b.factory();
        String key = calibrated.calibrationKey(b.config(), input.models());
        if (key == null) return null;
        progress.accept("calibrating " + b.spec().type() + " (" + key + ") for " + input.model().metadata().name()
                + " on " + input.data().count() + " samples");
        JsonNode fitted = calibrated.calibrate(b.config(), input);
        return new CalibrationFile.Section(b.spec().type(), key, fitted);
    }
}
