package dev.warden.failures.exchange;

import dev.warden.failures.FailureRecord;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * File names for one export folder: a document's own id where it has a usable one (an imported AVID report
 * keeps {@code AVID-2022-R0001.json}), else the Warden id; never the same name twice in a folder (compared
 * case-insensitively, as some file systems do), falling back to the Warden id and then the id with the UUID.
 */
final class ExportNames {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,120}");
    private final Set<String> used = new HashSet<>();

    String next(FailureRecord r, String documentId) {
        for (String candidate : new String[] {documentId, r.id(), r.id() + "-" + r.uuid()}) {
            if (candidate == null || !SAFE.matcher(candidate).matches()) continue;
            if (used.add(candidate.toLowerCase(Locale.ROOT))) return candidate + ".json";
        }
        throw new IllegalStateException("no free file name for " + r.id());
    }
}
