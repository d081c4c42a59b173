package dev.warden.failures.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.failures.RecordJson;
import dev.warden.failures.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The public AVID documents in ../shared/data/avid-samples, and the field-by-field check that an export gave each back. */
final class AvidSamples {
    private AvidSamples() {
    }

    static Path folder() {
        return TestDatabases.sharedData().resolve("avid-samples");
    }

    static List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(folder())) {
            return s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
    }

    /** Every sample is in {@code exported} under its own name, equal field by field, and nothing else is. */
    static void assertExportedAsPublished(Path exported) throws IOException {
        List<Path> samples = files();
        assertThat(samples).as("AVID samples").hasSizeGreaterThanOrEqualTo(27);
        List<String> problems = new ArrayList<>();
        for (Path sample : samples) {
            Path out = exported.resolve(sample.getFileName().toString());
            if (!Files.isRegularFile(out)) {
                problems.add(sample.getFileName() + ": not exported under its own id");
                continue;
            }
            JsonNode expected = RecordJson.MAPPER.readTree(sample.toFile());
            for (String d : JsonDiff.differences(expected, RecordJson.MAPPER.readTree(out.toFile()))) problems.add(sample.getFileName() + " " + d);
        }
        assertThat(problems).as("differences between the published AVID documents and their export").isEmpty();
        try (Stream<Path> s = Files.list(exported)) {
            assertThat(s.count()).as("files exported").isEqualTo(samples.size());
        }
    }
}
