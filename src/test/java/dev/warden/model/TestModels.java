package dev.warden.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The models tools/make_test_models.py writes to src/test/resources/models, and the outputs it expects of them. */
public final class TestModels {
    public static final Path DIR = Path.of("src/test/resources/models");
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestModels() {
    }

    public static Path file(String name) {
        return DIR.resolve(name);
    }

    /** Loads the model with the sidecar beside it (if any). */
    public static OnnxModel load(String file) {
        return OnnxModel.load(file(file), null, 1);
    }

    /** Loads a copy of the model in {@code dir}, where no sidecar lies beside it. */
    public static OnnxModel loadBare(String file, Path dir) {
        try {
            Path copy = Files.copy(file(file), dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            return OnnxModel.load(copy, null, 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode expected(String file) {
        try {
            return JSON.readTree(file(file).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static double[] row(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) out[i] = array.get(i).asDouble();
        return out;
    }

    /** The images of rgb-cnn.expected.json as pixels in [0, 1], NCHW. */
    public static double[] rgbPixels(int image) {
        JsonNode u8 = expected("rgb-cnn.expected.json").get("uint8_nchw").get(image);
        double[] out = new double[u8.size()];
        for (int i = 0; i < out.length; i++) out[i] = u8.get(i).asInt() / 255.0;
        return out;
    }
}
