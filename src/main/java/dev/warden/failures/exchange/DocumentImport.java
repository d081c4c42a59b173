package dev.warden.failures.exchange;

import dev.warden.failures.FailureRecord;
import java.util.List;

/**
 * What reading one exchange document (an AVID report, a CVE JSON 5 record) gave: the mapped record and the
 * liberties taken to get it, or the reason it could not be read. {@code sourceId} is the document's own id.
 */
public record DocumentImport(String sourceId, FailureRecord record, List<String> notes, String rejection) {
    public DocumentImport {
        notes = List.copyOf(notes);
        if ((record == null) == (rejection == null)) throw new IllegalArgumentException("either a record or a rejection");
    }

    static DocumentImport rejected(String sourceId, List<String> notes, String reason) {
        return new DocumentImport(sourceId, null, notes, reason);
    }

    public boolean accepted() {
        return record != null;
    }
}
