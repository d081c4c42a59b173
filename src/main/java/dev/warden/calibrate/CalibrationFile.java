package dev.warden.calibrate;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@code warden calibrate} writes: for each served model (by name, with the SHA-256 of the file it was
 * fitted on) the fitted state of each calibrated defense, keyed by defense type and the settings it depends
 * on; plus the seed and the benign data used, so that a rerun reproduces it.
 */
public record CalibrationFile(int format, long seed, String data, String dataSha256, int images,
                              Map<String, ModelCalibration> models) {
    public static final int FORMAT = 1;
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public CalibrationFile {
        models = Map.copyOf(models);
    }

    /** One model's calibrations. {@code sha256} is null for a remote model (checked by name and version then). */
    public record ModelCalibration(String sha256, String version, List<Section> defenses) {
        public ModelCalibration {
            defenses = List.copyOf(defenses);
        }
    }

    /** One calibrated defense: its type, the settings it was fitted for, and what the fit produced. */
    public record Section(String type, String key, JsonNode calibration) {
    }

    public static CalibrationFile read(Path file) {
        try {
            CalibrationFile c = JSON.readValue(Files.readAllBytes(file), CalibrationFile.class);
            if (c.format() != FORMAT) throw new IllegalArgumentException("calibration " + file + " has format " + c.format() + ", expected " + FORMAT);
            return c;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("calibration file " + file + " not found");
        } catch (IOException e) {
            throw new IllegalArgumentException("calibration file " + file + " cannot be read: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    public void write(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            Files.write(file, JSON.writeValueAsBytes(this));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public static ObjectMapper json() {
        return JSON;
    }
}
