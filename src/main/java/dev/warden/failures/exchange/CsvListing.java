package dev.warden.failures.exchange;

import dev.warden.failures.FailureRecord;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/** A CSV listing of failure records (RFC 4180 quoting), one row per record, for spreadsheets and triage. */
public final class CsvListing {
    public static final List<String> HEADER = List.of("id", "title", "status", "severity", "failure_class", "model",
            "model_versions", "atlas", "risk_domain", "sep_view", "evidence_inputs", "reporter", "aliases", "created", "updated");

    private CsvListing() {
    }

    public static void writeHeader(Writer out) throws IOException {
        row(out, HEADER);
    }

    public static void write(Writer out, FailureRecord r) throws IOException {
        row(out, List.of(r.id(), r.title(), r.status().wire(), r.severity().wire(), r.failureClass().wire(), r.model().name(),
                r.model().versions(), String.join(";", r.atlas()), String.join(";", r.avid().riskDomain()),
                String.join(";", r.avid().sepView()), Integer.toString(r.evidence().inputs().size()),
                r.reporter() == null ? "" : r.reporter(), String.join(";", r.aliases()),
                r.created() == null ? "" : r.created().toString(), r.updated() == null ? "" : r.updated().toString()));
    }

    private static void row(Writer out, List<String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) out.write(',');
            out.write(quote(cells.get(i)));
        }
        out.write("\r\n");
    }

    static String quote(String cell) {
        if (cell.indexOf(',') < 0 && cell.indexOf('"') < 0 && cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0) return cell;
        return '"' + cell.replace("\"", "\"\"") + '"';
    }
}
