package dev.warden.fuzz.report;

import dev.warden.fuzz.Finding;
import dev.warden.fuzz.FuzzReport;
import dev.warden.fuzz.Oracle;
import dev.warden.fuzz.RunResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code report.html}: one self-contained file (plots as data: URIs, no scripts): coverage over the budget
 * per criterion, distinct failures over the budget by oracle and by mutation kind, the strategies compared
 * across seeds with their spread, and the primary run's findings.
 */
public final class FuzzReportHtml {
    private FuzzReportHtml() {
    }

    public static void write(FuzzReport r, Path file) {
        try {
            Files.writeString(file, render(r), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public static String render(FuzzReport r) {
        System.setProperty("java.awt.headless", "true");
        RunResult primary = r.primary();
        List<RunResult> firstSeed = r.runs().stream().filter(x -> x.randomSeed() == primary.randomSeed()).toList();
        Comparison comparison = Comparison.of(r.runs(), r.oracles());
        StringBuilder b = new StringBuilder(64 * 1024);
        b.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Warden fuzz: ").append(esc(r.model()))
                .append("</title><style>body{font-family:sans-serif;margin:2em auto;max-width:1100px;color:#222}")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}")
                .append("th{background:#eee}td.l,th.l{text-align:left}img{max-width:100%}</style></head><body>");
        b.append("<h1>Warden fuzz</h1><p>Target <b>").append(esc(r.target())).append("</b>, model <b>").append(esc(r.model()))
                .append("</b>; ").append(r.neurons()).append(" neurons in ").append(esc(String.join(", ", r.layers())))
                .append("; ").append(r.seedInputs()).append(" seed inputs; bounds from ").append(r.calibrationInputs())
                .append(" calibration inputs; budget ").append(r.budget()).append(" queries per run; oracles ")
                .append(esc(r.oracles().stream().map(Oracle::wire).toList().toString())).append(". Throughput of the local model: ")
                .append(fmt(r.throughput().get("model_inputs_per_s"))).append(" inputs/s alone, ")
                .append(fmt(r.throughput().get("capture_inputs_per_s"))).append(" with activation capture.</p>");
        b.append("<h2>Primary run: ").append(esc(primary.label())).append(", seed ").append(primary.randomSeed()).append("</h2><table><tr>");
        primary.coverage().keySet().forEach(k -> b.append("<th>").append(k).append("</th>"));
        b.append("</tr><tr>");
        primary.coverage().values().forEach(v -> b.append("<td>").append(String.format(Locale.ROOT, "%.4f", v)).append("</td>"));
        b.append("</tr></table><p>").append(primary.queries()).append(" queries in ").append(fmt(primary.seconds())).append(" s (")
                .append(fmt(primary.inputsPerSecond())).append(" inputs/s); refusals by the guarded system: ")
                .append(esc(primary.refusals().toString())).append(".</p>");
        b.append("<h2>Coverage over the budget</h2>");
        for (String c : primary.coverage().keySet()) {
            b.append(img(FuzzCharts.overBudget(c.toUpperCase(Locale.ROOT) + " over the budget", c, firstSeed, x -> x.coverage().get(c))));
        }
        b.append("<h2>Distinct failures over the budget</h2>");
        for (Oracle o : r.oracles()) {
            b.append(img(FuzzCharts.overBudget("Distinct " + o.wire() + " failures", "distinct failures", firstSeed,
                    x -> x.distinctByOracle().getOrDefault(o.wire(), 0))));
        }
        b.append(img(FuzzCharts.byKind(FuzzReportJson.run(primary, r.oracles()).distinctByKind())));
        b.append("<h2>Strategies at the same budget, across seeds</h2>");
        for (Oracle o : r.oracles()) b.append(img(FuzzCharts.strategies(comparison, o.wire())));
        table(b, comparison, r.oracles());
        findings(b, primary.findings());
        return b.append("</body></html>").toString();
    }

    private static void table(StringBuilder b, Comparison c, List<Oracle> oracles) {
        b.append("<table><tr><th class=l>strategy</th><th class=l>seeds</th>");
        for (Oracle o : oracles) b.append("<th>").append(o.wire()).append(" (mean [min, max])</th>");
        b.append("<th>bypass ratio to random</th>");
        for (String k : c.rows().get(0).coverage().keySet()) b.append("<th>").append(k).append("</th>");
        b.append("<th>inputs/s</th></tr>");
        for (Comparison.Row row : c.rows()) {
            b.append("<tr><td class=l>").append(esc(row.strategy())).append("</td><td class=l>").append(row.seeds()).append("</td>");
            for (Oracle o : oracles) {
                Comparison.Spread s = row.distinct().get(o.wire());
                b.append("<td>").append(fmt(s.mean())).append(" [").append(fmt(s.min())).append(", ").append(fmt(s.max())).append("]</td>");
            }
            b.append("<td>").append(row.bypassRatioToRandom() == null ? "-" : String.format(Locale.ROOT, "%.2fx", row.bypassRatioToRandom())).append("</td>");
            row.coverage().values().forEach(s -> b.append("<td>").append(String.format(Locale.ROOT, "%.4f", s.mean())).append("</td>"));
            b.append("<td>").append(fmt(row.inputsPerSecond().mean())).append("</td></tr>");
        }
        b.append("</table>");
    }

    private static void findings(StringBuilder b, List<Finding> findings) {
        b.append("<h2>Findings of the primary run</h2><table><tr><th class=l>id</th><th>seed index</th><th>expected</th><th>observed</th>"
                + "<th>query</th><th class=l>mutations (minimized)</th></tr>");
        for (Finding f : findings) {
            b.append("<tr><td class=l>").append(f.id()).append("</td><td>").append(f.seedIndex()).append("</td><td>").append(f.expectedLabel())
                    .append("</td><td>").append(f.observedLabel()).append("</td><td>").append(f.foundAtQuery()).append("</td><td class=l>")
                    .append(esc(f.mutations().toString())).append("</td></tr>");
        }
        b.append("</table>");
    }

    private static String img(String png) {
        return "<img alt=\"plot\" src=\"data:image/png;base64," + png + "\">";
    }

    private static String fmt(Double v) {
        return v == null ? "-" : v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
