package dev.warden.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParseFormatsBenchmarkTest {
    @Test
    void everyWireFormatReadsTheSameRequestAndJsonIsTheLargest() {
        List<ParseFormatsBenchmark.Row> rows = ParseFormatsBenchmark.run(new long[]{1, 3, 16, 16}, 5, 20);
        assertThat(rows).extracting(ParseFormatsBenchmark.Row::format)
                .containsExactly("REST JSON", "REST binary tensors", "gRPC raw_input_contents", "gRPC typed fp32_contents");
        // 768 FP32 values: about 3 KB as raw bytes in every binary format, several times that as JSON text.
        for (ParseFormatsBenchmark.Row r : rows.subList(1, 4)) assertThat(r.bodyBytes()).isBetween(3072, 3400);
        assertThat(rows.get(0).bodyBytes()).isGreaterThan(3 * 3072);
        assertThat(ParseFormatsBenchmark.markdown(new long[]{1, 3, 16, 16}, rows, 20, "cmd")).contains("| one 1x3x16x16 FP32 request", "**1.0x**", "`cmd`");
    }
}
