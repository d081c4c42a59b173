package dev.warden.assess.report;

import dev.warden.assess.Mitigation;
import dev.warden.assess.Report;
import dev.warden.assess.RunResult;
import dev.warden.assess.SampleResult;
import dev.warden.assess.WorkFactor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code report.html}: one self-contained file (plots embedded as data: URIs, styles inline, no scripts),
 * so it opens anywhere without network access: the summary, the plots, the work-factor ratios, the runs,
 * every image, the refused attacks, and the paper's mitigations last.
 */
public final class ReportHtml {
    private ReportHtml() {
    }

    public static void write(Report report, Path file) {
        try {
            Files.writeString(file, render(report), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public static String render(Report r) {
        System.setProperty("java.awt.headless", "true");
        StringBuilder b = new StringBuilder(64 * 1024);
        b.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Warden assessment: ")
                .append(esc(r.model())).append("</title><style>")
                .append("body{font-family:sans-serif;margin:2em auto;max-width:1100px;color:#222}")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}")
                .append("th{background:#eee}td.l,th.l{text-align:left}.on{color:#080}.off{color:#a00}img{max-width:100%}")
                .append("</style></head><body>");
        b.append("<h1>Warden assessment</h1><p>Target <b>").append(esc(r.target())).append("</b>, model <b>").append(esc(r.model()))
                .append("</b>").append(r.baseline() == null ? "" : ", baseline (unguarded) <b>" + esc(r.baseline()) + "</b>")
                .append(". Started ").append(r.started()).append(", finished ").append(r.finished()).append(", seed ").append(r.seed())
                .append(".</p><p>Success means misclassified by the target and within the run's eps: L2 for hsj and boundary, "
                        + "L-inf for simba, square and nes. Queries are counted per image as the target saw them, refused ones "
                        + "included; ").append(r.selectionQueries()).append(" more picked the ").append(r.sampleIndices().size())
                .append(" correctly classified test images (indices ").append(esc(r.sampleIndices().toString())).append(").</p>");
        b.append("<h2>How fast each attack breaks images</h2><img alt=\"success rate against query budget\" src=\"data:image/png;base64,")
                .append(Charts.successAgainstBudget(r.runs(), r.baselineRuns())).append("\">");
        b.append("<img alt=\"queries per success\" src=\"data:image/png;base64,").append(Charts.workFactor(r.runs(), r.workFactors())).append("\">");
        if (!r.workFactors().isEmpty()) workFactors(b, r);
        b.append("<h2>Runs</h2>");
        runs(b, r);
        refused(b, r);
        perSample(b, r);
        mitigations(b, r);
        return b.append("</body></html>").toString();
    }

    private static void workFactors(StringBuilder b, Report r) {
        b.append("<h2>Work factor, guarded / unguarded</h2><table><tr><th class=l>attack</th><th class=l>adversary</th>"
                + "<th>queries per success (target)</th><th>(baseline)</th><th>ratio</th><th>success (target)</th><th>(baseline)</th>"
                + "<th>wall s (target)</th><th>(baseline)</th></tr>");
        for (WorkFactor w : r.workFactors()) {
            String ratio = w.summary().replace(">=", "&ge;");
            b.append("<tr><td class=l>").append(w.attack()).append("</td><td class=l>").append(WorkFactorTable.adversary(w.adaptive(), w.accounts())).append(w.disguise() > 0 ? ", disguised" : "")
                    .append("</td><td>").append(fmt(w.guardedQueriesPerSuccess(), "%.0f")).append("</td><td>")
                    .append(fmt(w.baselineQueriesPerSuccess(), "%.0f")).append("</td><td><b>").append(ratio).append("</b></td><td>")
                    .append(pct(w.guardedSuccessRate())).append("</td><td>").append(pct(w.baselineSuccessRate())).append("</td><td>")
                    .append(fmt(w.guardedWallSeconds(), "%.1f")).append("</td><td>").append(fmt(w.baselineWallSeconds(), "%.1f")).append("</td></tr>");
        }
        b.append("</table>");
    }

    private static void runs(StringBuilder b, Report r) {
        b.append("<table><tr><th class=l>attack</th><th class=l>target</th><th class=l>adversary</th><th>eps</th><th>budget</th>"
                + "<th>success</th><th title=\"images broken by the attack's random start, before any query pattern exists\">"
                + "broken at query 1</th><th>median queries</th><th>median L2</th><th>median L-inf</th><th>detected</th>"
                + "<th>median queries to detection</th><th>rejections</th><th>lockouts</th><th>accounts used</th><th>wall s</th></tr>");
        for (RunResult x : concat(r)) {
            b.append("<tr><td class=l>").append(x.attack()).append("</td><td class=l>").append(x.target()).append("</td><td class=l>")
                    .append(WorkFactorTable.adversary(x.adaptive(), x.accounts())).append("</td><td>").append(x.norm().label())
                    .append(' ').append(x.eps()).append("</td><td>").append(x.budget()).append("</td><td>").append(pct(x.successRate()))
                    .append("</td><td>").append(x.firstQuerySuccesses()).append("</td><td>").append(fmt(x.medianQueries(), "%.0f")).append("</td><td>").append(fmt(x.medianL2(), "%.2f"))
                    .append("</td><td>").append(fmt(x.medianLinf(), "%.3f")).append("</td><td>").append(pct(x.detectedRate()))
                    .append("</td><td>").append(fmt(x.medianQueriesToDetection(), "%.0f")).append("</td><td>").append(x.rejections())
                    .append("</td><td>").append(x.lockouts()).append("</td><td>").append(x.accountsUsed()).append("</td><td>")
                    .append(fmt(x.wallSeconds(), "%.1f")).append("</td></tr>");
        }
        b.append("</table>");
    }

    private static void refused(StringBuilder b, Report r) {
        if (r.refused().isEmpty()) return;
        b.append("<h2>Refused attacks</h2><ul>");
        for (Report.Refusal x : r.refused()) {
            b.append("<li>").append(x.attack()).append(" against the ").append(x.target()).append(": ").append(esc(x.reason()));
            for (RunResult base : r.baselineRuns()) {
                if (!base.attack().equals(x.attack()) || x.target().equals(base.target())) continue;
                b.append("; work factor unbounded (unguarded, ").append(WorkFactorTable.adversary(base.adaptive(), base.accounts()))
                        .append(": ").append(pct(base.successRate())).append(" broken at ").append(fmt(base.queriesPerSuccess(), "%.0f"))
                        .append(" queries per success)");
            }
            b.append("</li>");
        }
        b.append("</ul>");
    }

    private static void perSample(StringBuilder b, Report r) {
        b.append("<h2>Every image</h2>");
        for (RunResult x : concat(r)) {
            b.append("<details><summary>").append(x.attack()).append(", ").append(x.target()).append(", ")
                    .append(WorkFactorTable.adversary(x.adaptive(), x.accounts())).append("</summary><table><tr><th>image</th><th>label</th>"
                            + "<th>success</th><th>queries</th><th>queries spent</th><th>L2</th><th>L-inf</th><th>queries to detection</th>"
                            + "<th>rejections</th><th>lockouts</th><th>accounts</th><th>wall s</th><th class=l>ended by</th></tr>");
            for (SampleResult s : x.perSample()) {
                b.append("<tr><td>").append(s.index()).append("</td><td>").append(s.label()).append("</td><td>").append(s.success() ? "yes" : "no")
                        .append("</td><td>").append(s.queries()).append("</td><td>").append(s.queriesTotal()).append("</td><td>")
                        .append(fmt(s.l2(), "%.2f")).append("</td><td>").append(fmt(s.linf(), "%.3f")).append("</td><td>")
                        .append(s.queriesToDetection() == null ? "-" : s.queriesToDetection()).append("</td><td>").append(s.rejections())
                        .append("</td><td>").append(s.lockouts()).append("</td><td>").append(s.accountsUsed()).append("</td><td>")
                        .append(fmt(s.wallSeconds(), "%.2f")).append("</td><td class=l>").append(s.stoppedBy()).append("</td></tr>");
            }
            b.append("</table></details>");
        }
    }

    private static void mitigations(StringBuilder b, Report r) {
        b.append("<h2>Mitigations (Security and Machine Learning in the Real World)</h2><table><tr><th class=l>mitigation</th>"
                + "<th class=l>paper</th><th class=l>in Warden</th><th class=l>this target</th></tr>");
        for (Mitigation m : r.mitigations()) {
            String css = m.status().startsWith("on") ? "on" : m.status().startsWith("off") ? "off" : "";
            b.append("<tr><td class=l>").append(esc(m.mitigation())).append("</td><td class=l>").append(m.source()).append("</td><td class=l>")
                    .append(esc(m.implementedBy())).append("</td><td class=\"l ").append(css).append("\">").append(esc(m.status())).append("</td></tr>");
        }
        b.append("</table>");
    }

    private static java.util.List<RunResult> concat(Report r) {
        java.util.List<RunResult> all = new java.util.ArrayList<>(r.runs());
        all.addAll(r.baselineRuns());
        return all;
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.0f%%", 100 * v);
    }

    private static String fmt(Double v, String format) {
        return v == null ? "-" : String.format(Locale.ROOT, format, v);
    }

    static String esc(String s) {
        if (s == null) return "";
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
