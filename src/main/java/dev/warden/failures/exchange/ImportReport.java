package dev.warden.failures.exchange;

import dev.warden.failures.store.ImportResult;
import java.util.ArrayList;
import java.util.List;

/** What an import did, record by record: one line each (source id, outcome, local id, notes or reason) and the totals. */
public final class ImportReport {
    private int imported;
    private int renumbered;
    private int skipped;
    private int rejected;
    private final List<String> lines = new ArrayList<>();

    void stored(String source, ImportResult result, List<String> notes) {
        switch (result.outcome()) {
            case IMPORTED -> imported++;
            case RENUMBERED -> renumbered++;
            case SKIPPED -> skipped++;
        }
        String line = source + ": " + result.outcome().name().toLowerCase(java.util.Locale.ROOT) + " as " + result.id();
        if (result.outcome() != ImportResult.Outcome.IMPORTED) line += " (" + result.message() + ")";
        if (!notes.isEmpty()) line += "; " + String.join("; ", notes);
        lines.add(line);
    }

    void rejected(String source, String reason) {
        rejected++;
        lines.add(source + ": rejected: " + reason);
    }

    public int imported() { return imported; }
    public int renumbered() { return renumbered; }
    public int skipped() { return skipped; }
    public int rejected() { return rejected; }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    public String summary() {
        return imported + " imported, " + renumbered + " renumbered, " + skipped + " skipped (already here), " + rejected + " rejected";
    }
}
