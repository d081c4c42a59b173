package dev.warden.defense.ood;

import java.util.Set;
import dev.warden.defense.Requirement;
import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.calibrate.Calibrated;
import dev.warden.calibrate.CalibrationFile;
import dev.warden.calibrate.CalibrationInput;
import dev.warden.calibrate.Calibrations;
import dev.warden.defense.DefenseContext;
import dev.warden.defense.DefenseFactory;
import dev.warden.guard.Defense;

public final class OodFactory implements DefenseFactory<OodConfig>, Calibrated<OodConfig> {
    @Override
    public String type() {
        return OodDefense.NAME;
    }

    @Override
    public Class<OodConfig> configType() {
        return OodConfig.class;
    }

    @Override
    public Set<Requirement> requires(OodConfig config) {
        java.util.EnumSet<Requirement> needs = java.util.EnumSet.of(Requirement.SCORES);
        if (config.layers().contains(OodLayer.FEATURES)) needs.add(Requirement.FEATURES);
        if (config.layers().contains(OodLayer.INPUT)) needs.add(Requirement.NCHW_IMAGE);
        return needs;
    }

    @Override
    public Defense create(OodConfig config, DefenseContext context) {
        String features = context.model().featuresOutput();
        if (features == null) {
            throw new IllegalArgumentException("ood needs the model's features output, and model " + context.model().name() + " declares none");
        }
        OodCalibration c = Calibrations.section(context.policy(), context.model(), type(), config.calibrationKey(), OodCalibration.class);
        return new OodDefense(OodFit.scorer(c, config, context.model()), c.threshold(), context.model().inputs().get(0).name(),
                features, config.describe(), config.action());
    }

    @Override
    public String calibrationKey(OodConfig config, java.util.Map<String, dev.warden.model.Model> models) {
        return config.calibrationKey();
    }

    @Override
    public JsonNode calibrate(OodConfig config, CalibrationInput input) {
        return CalibrationFile.json().valueToTree(OodFit.fit(config, input));
    }
}
