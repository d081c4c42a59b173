package dev.warden.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FailuresSettingsTest {
    static FailuresSettings parse(String failures) {
        return PolicyLoader.parse("models: [{name: m, path: m.onnx}]\nfailures: " + failures + "\n", "p.yaml", Path.of(".")).failures();
    }

    @Test
    void captureBoundsHaveDefaultsAndAreRead() {
        FailuresSettings defaults = FailuresSettings.defaults();
        assertThat(defaults.captureMaxRecords()).isEqualTo(FailuresSettings.DEFAULT_CAPTURE_MAX_RECORDS);
        assertThat(defaults.captureMaxBytes()).isEqualTo(FailuresSettings.DEFAULT_CAPTURE_MAX_BYTES);
        FailuresSettings set = parse("{captureMaxRecords: 500, captureMaxBytes: 1048576}");
        assertThat(set.captureMaxRecords()).isEqualTo(500);
        assertThat(set.captureMaxBytes()).isEqualTo(1_048_576L);
    }

    @Test
    void badCaptureBoundsNameTheField() {
        assertThatThrownBy(() -> parse("{captureMaxRecords: 0}"))
                .hasMessage("p.yaml: failures: captureMaxRecords must be between 1 and 10000000");
        assertThatThrownBy(() -> parse("{captureMaxBytes: 1000}"))
                .hasMessage("p.yaml: failures: captureMaxBytes must be >= 65536 (64 KiB)");
        assertThatThrownBy(() -> parse("{captureMaxBytes: lots}")).hasMessageStartingWith("p.yaml: failures.captureMaxBytes: ");
    }
}
