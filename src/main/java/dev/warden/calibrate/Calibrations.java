package dev.warden.calibrate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.model.ModelMetadata;
import dev.warden.policy.Policy;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * How a calibrated defense finds its fitted state when a policy loads. A missing file, a model whose file
 * changed since, or settings that changed since are errors that say to rerun {@code warden calibrate}.
 */
public final class Calibrations {
    private Calibrations() {
    }

    public static <T> T section(Policy policy, ModelMetadata model, String type, String key, Class<T> as) {
        JsonNode node = section(policy, model, type, key);
        try {
            return CalibrationFile.json().treeToValue(node, as);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("calibration for " + type + " is malformed: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    public static JsonNode section(Policy policy, ModelMetadata model, String type, String key) {
        String rerun = "run 'warden calibrate --policy " + policy.source() + "'";
        Path file = policy.calibrationFile().orElseThrow(() -> new IllegalArgumentException(
                type + " needs a calibration: name its file in the policy (calibration: FILE) and " + rerun));
        CalibrationFile calibration;
        try {
            calibration = CalibrationFile.read(file);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + ": " + rerun);
        }
        CalibrationFile.ModelCalibration entry = calibration.models().get(model.name());
        if (entry == null) {
            throw new IllegalArgumentException("calibration " + file + " has nothing for model " + model.name() + " (it has "
                    + calibration.models().keySet() + "): " + rerun);
        }
        if (entry.sha256() != null && model.sha256() != null && !entry.sha256().equals(model.sha256())) {
            throw new IllegalArgumentException("calibration " + file + " is stale: it was made for " + model.name() + " with sha256 "
                    + entry.sha256().substring(0, 12) + "…, but the model file now has " + model.sha256().substring(0, 12) + "…: " + rerun);
        }
        if (entry.sha256() == null && entry.version() != null && !entry.version().equals(model.version())) {
            throw new IllegalArgumentException("calibration " + file + " is stale: it was made for " + model.name() + " version "
                    + entry.version() + ", the model is now version " + model.version() + ": " + rerun);
        }
        return entry.defenses().stream()
                .filter(s -> s.type().equals(type) && s.key().equals(key))
                .findFirst()
                .map(CalibrationFile.Section::calibration)
                .orElseThrow(() -> new IllegalArgumentException("calibration " + file + " has no " + type + " fitted for " + key
                        + " (it has: " + entry.defenses().stream().map(s -> s.type() + " " + s.key()).collect(Collectors.joining("; "))
                        + "); the policy changed since it was made: " + rerun));
    }
}
