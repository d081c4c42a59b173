package dev.warden.defense.temporal;

import java.util.Set;
import dev.warden.defense.Requirement;
import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.calibrate.Calibrated;
import dev.warden.calibrate.CalibrationFile;
import dev.warden.calibrate.CalibrationInput;
import dev.warden.calibrate.Calibrations;
import dev.warden.calibrate.Thresholds;
import dev.warden.data.synth.VideoStreams;
import dev.warden.defense.DefenseContext;
import dev.warden.defense.DefenseFactory;
import dev.warden.defense.StateOutage;
import dev.warden.guard.Defense;
import dev.warden.model.Model;
import dev.warden.state.VectorBuffers;
import java.util.Map;
import java.util.SplittableRandom;

public final class TemporalFactory implements DefenseFactory<TemporalConfig>, Calibrated<TemporalConfig> {
    @Override
    public String type() {
        return TemporalDefense.NAME;
    }

    @Override
    public Class<TemporalConfig> configType() {
        return TemporalConfig.class;
    }

    @Override
    public Set<Requirement> requires(TemporalConfig config) {
        return Set.of(Requirement.SPATIAL_IMAGE, Requirement.SCORES);
    }

    @Override
    public Defense create(TemporalConfig config, DefenseContext context) {
        TemporalCalibration c = Calibrations.section(context.policy(), context.model(), type(), config.calibrationKey(), TemporalCalibration.class);
        VectorBuffers windows = context.state().vectors("temporal:" + context.namespace(), config.limits());
        return new TemporalDefense(windows, StateOutage.of(TemporalDefense.NAME, context), c, config.window(), config.minFrames(),
                config.action(), context.clock());
    }

    @Override
    public String calibrationKey(TemporalConfig config, Map<String, Model> models) {
        return config.calibrationKey();
    }

    /** The model's frame layout (RGB, NHWC, other ranges), or the square grey frame the bundled models take. */
    static VideoStreams.Geometry geometry(dev.warden.model.ModelMetadata meta, int values) {
        try {
            return VideoStreams.Geometry.of(dev.warden.calibrate.ModelInputs.conversion(meta, null, null));
        } catch (IllegalArgumentException | dev.warden.data.DataFormatException e) {
            return VideoStreams.Geometry.square(values);
        }
    }

    /** Benign streams of calibration images (seeded), judged window by window as the defense would. */
    @Override
    public JsonNode calibrate(TemporalConfig config, CalibrationInput input) {
        int n = config.streams();
        SplittableRandom pick = input.random("temporal-images");
        SplittableRandom jitter = input.random("temporal-jitter");
        VideoStreams.Geometry geometry = geometry(input.model().metadata(), input.data().image(0).length);
        WindowScore.Stats[][] stats = new WindowScore.Stats[n][];
        double[] maxFlips = new double[n];
        double[] maxSpread = new double[n];
        for (int s = 0; s < n; s++) {
            double[] image = input.data().image(pick.nextInt(input.data().count()));
            float[][] frames = StreamReplay.frames(input.model(), VideoStreams.benign(image, geometry, config.streamLength(), jitter.split()));
            stats[s] = StreamReplay.stats(frames, config.window(), config.minFrames());
            for (WindowScore.Stats w : stats[s]) {
                if (w == null) continue;
                maxFlips[s] = Math.max(maxFlips[s], w.flips());
                maxSpread[s] = Math.max(maxSpread[s], w.spread());
            }
        }
        double flipScale = Math.max(1, Thresholds.atFalsePositiveRate(maxFlips, config.targetFpr()));
        double spreadScale = Math.max(1e-6, Thresholds.atFalsePositiveRate(maxSpread, config.targetFpr()));
        double[] score = new double[n];
        for (int s = 0; s < n; s++) score[s] = StreamReplay.maxScore(stats[s], flipScale, spreadScale);
        double threshold = Thresholds.atFalsePositiveRate(score, config.targetFpr());
        return CalibrationFile.json().valueToTree(new TemporalCalibration(flipScale, spreadScale, threshold, n,
                config.streamLength(), Thresholds.rateAbove(score, threshold)));
    }
}
