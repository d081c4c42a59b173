package dev.warden.failures.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.failures.FailureRecord;
import dev.warden.failures.SampleFailures;
import org.junit.jupiter.api.Test;

class ExportNamesTest {
    private static FailureRecord record(String id, String uuid) {
        return SampleFailures.sample(1).record().withIdentity(id, uuid, null, null);
    }

    @Test
    void aDocumentKeepsItsOwnIdUnlessTakenOrUnsafeAndNoNameIsGivenTwice() {
        ExportNames names = new ExportNames();
        assertThat(names.next(record("WFD-2026-00001", "u1"), "AVID-2022-R0001")).isEqualTo("AVID-2022-R0001.json");
        assertThat(names.next(record("WFD-2026-00002", "u2"), null)).isEqualTo("WFD-2026-00002.json");
        // a CVE record another Warden wrote carries that Warden's id, which is taken here
        assertThat(names.next(record("WFD-2026-00003", "u3"), "wfd-2026-00002")).isEqualTo("WFD-2026-00003.json");
        assertThat(names.next(record("WFD-2026-00004", "u4"), "../../etc/passwd")).isEqualTo("WFD-2026-00004.json");
        assertThat(names.next(record("WFD-2026-00005", "u5"), "WFD-2026-00006")).isEqualTo("WFD-2026-00006.json");
        assertThat(names.next(record("WFD-2026-00006", "u6"), null)).isEqualTo("WFD-2026-00006-u6.json");
    }
}
