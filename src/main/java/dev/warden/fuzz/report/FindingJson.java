package dev.warden.fuzz.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.warden.fuzz.Finding;
import dev.warden.fuzz.mutate.Mutation;
import dev.warden.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code DIR/findings/<id>.json}: the oracle, expected (seed) and observed class, the input as an OIP v2
 * request tensor, and what reproduces it: {@code seed_index}, {@code mutations} (kind and parameters, applied
 * in order) and {@code random_seed}.
 */
public final class FindingJson {
    static final ObjectMapper JSON = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    /** The OIP v2 request tensor. */
    public record Input(String name, String datatype, long[] shape, double[] data) {
        static Input of(Tensor t) {
            return new Input(t.name(), t.datatype().name(), t.shape(), t.values());
        }
    }

    public record Body(String id, String oracle, int expectedLabel, int observedLabel, Input input, int seedIndex,
                       List<Mutation> mutations, long randomSeed, String strategy, String model, long foundAtQuery,
                       int chainLengthBeforeMinimizing, String detail) {
    }

    private FindingJson() {
    }

    public static Body body(Finding f, String model) {
        return new Body(f.id(), f.oracle().wire(), f.expectedLabel(), f.observedLabel(), Input.of(f.input()), f.seedIndex(), f.mutations(),
                f.randomSeed(), f.strategy(), model, f.foundAtQuery(), f.originalChainLength(), f.detail());
    }

    /** Writes each finding to {@code dir/<id>.json}; returns the files. */
    public static List<Path> write(List<Finding> findings, String model, Path dir) {
        try {
            Files.createDirectories(dir);
            List<Path> files = new java.util.ArrayList<>();
            for (Finding f : findings) {
                Path file = dir.resolve(f.id() + ".json");
                JSON.writeValue(file.toFile(), body(f, model));
                files.add(file);
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write findings to " + dir + ": " + e.getMessage(), e);
        }
    }

    public static Body read(Path file) {
        try {
            return JSON.readValue(file.toFile(), Body.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read finding " + file + ": " + e.getMessage(), e);
        }
    }
}
