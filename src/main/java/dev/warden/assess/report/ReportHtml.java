package dev.warden.assess.report;

import dev.warden.assess.Report;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code report.html}: one self-contained file. */
public final class ReportHtml {
    private ReportHtml() {
    }

    public static void write(Report report, Path file) {
        try {
            Files.writeString(file, "<pre>" + WorkFactorTable.render(report) + "</pre>", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
