package dev.warden.update;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The update report as one self-contained HTML file (no scripts, no external assets): stage, gates, the offline
 * compatibility figures with the flip matrix and reliability bins, threshold agreement, replay, shadow and canary.
 */
public final class UpdateReportHtml {
    private UpdateReportHtml() {
    }

    public static String render(Map<String, Object> report) {
        StringBuilder b = new StringBuilder();
        b.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>Warden update report: ").append(esc(report.get("model")))
                .append("</title><style>body{font:14px system-ui,sans-serif;margin:2em;max-width:72em}table{border-collapse:collapse;margin:.5em 0 1.5em}"
                        + "td,th{border:1px solid #ccc;padding:.25em .6em;text-align:right}th{background:#f4f4f4}.fail{color:#b00;font-weight:bold}"
                        + ".pass{color:#070}td.l,th.l{text-align:left}</style></head><body>");
        b.append("<h1>Update of ").append(esc(report.get("model"))).append(": version ").append(esc(report.get("serving_version")))
                .append(" &rarr; ").append(esc(report.get("candidate_version"))).append("</h1>");
        b.append("<p>Stage: <b>").append(esc(report.get("stage"))).append("</b>");
        if (report.get("reason") != null) b.append(" &mdash; ").append(esc(report.get("reason")));
        b.append(". Candidate: <code>").append(esc(report.get("candidate"))).append("</code>. Updated ").append(esc(report.get("updated_at"))).append(".</p>");
        b.append("<h2>Gates</h2><table><tr><th class=l>gate</th><th class=l>figure</th><th>value</th><th>limit</th><th>verdict</th></tr>");
        for (Map<String, Object> g : list(report.get("gates"))) {
            boolean pass = Boolean.TRUE.equals(g.get("passed"));
            b.append("<tr><td class=l>").append(esc(g.get("gate"))).append("</td><td class=l>").append(esc(g.get("figure"))).append("</td><td>")
                    .append(num(g.get("value"))).append("</td><td>").append(num(g.get("limit"))).append("</td><td class=").append(pass ? "pass>pass" : "fail>FAIL")
                    .append("</td></tr>");
        }
        b.append("</table>");
        Map<String, Object> offline = map(report.get("offline"));
        if (offline != null) {
            b.append("<h2>Offline compatibility</h2><p>On ").append(esc(offline.get("data"))).append(", ").append(esc(offline.get("samples")))
                    .append(" labelled samples. NFR = |old right, new wrong| / n; BTC = |both right| / |old right|; BEC = |both wrong| / |new wrong|"
                            + " (Bansal et al. 2019, Yan et al. 2021).</p><table>");
            for (String k : List.of("accuracy_old", "accuracy_new", "negative_flip_rate", "positive_flip_rate", "btc", "bec", "label_agreement", "ece_old", "ece_new")) {
                b.append("<tr><th class=l>").append(k).append("</th><td>").append(num(offline.get(k))).append("</td></tr>");
            }
            b.append("</table><h3>Flips (rows: old predicted class, columns: new predicted class)</h3><table>");
            List<?> rows = (List<?>) offline.get("flip_matrix");
            if (rows != null) {
                for (Object row : rows) {
                    b.append("<tr>");
                    for (Object v : (List<?>) row) b.append("<td>").append(esc(v)).append("</td>");
                    b.append("</tr>");
                }
            }
            b.append("</table><h3>Threshold agreement on the top score (mapping fitted on calibration data)</h3>"
                    + "<table><tr><th>threshold</th><th>before mapping</th><th>after mapping</th><th>selected old</th><th>selected new</th><th>selected new, mapped</th></tr>");
            for (Map<String, Object> t : list(offline.get("threshold_agreement"))) {
                b.append("<tr><td>").append(num(t.get("threshold"))).append("</td><td>").append(num(t.get("agreement_before"))).append("</td><td>")
                        .append(num(t.get("agreement_after"))).append("</td><td>").append(num(t.get("selected_old"))).append("</td><td>")
                        .append(num(t.get("selected_new"))).append("</td><td>").append(num(t.get("selected_new_mapped"))).append("</td></tr>");
            }
            b.append("</table>");
            Map<String, Object> rel = map(offline.get("reliability"));
            if (rel != null) {
                b.append("<h3>Reliability of the top score</h3><table><tr><th>bin</th><th>old: n</th><th>old: confidence</th><th>old: accuracy</th>"
                        + "<th>new: n</th><th>new: confidence</th><th>new: accuracy</th></tr>");
                List<Map<String, Object>> o = list(map(rel.get("old")).get("bins"));
                List<Map<String, Object>> n = list(map(rel.get("new")).get("bins"));
                for (int i = 0; i < o.size(); i++) {
                    b.append("<tr><td>").append(num(o.get(i).get("from"))).append("&ndash;").append(num(o.get(i).get("to"))).append("</td><td>")
                            .append(esc(o.get(i).get("count"))).append("</td><td>").append(num(o.get(i).get("confidence"))).append("</td><td>")
                            .append(num(o.get(i).get("accuracy"))).append("</td><td>").append(esc(n.get(i).get("count"))).append("</td><td>")
                            .append(num(n.get(i).get("confidence"))).append("</td><td>").append(num(n.get(i).get("accuracy"))).append("</td></tr>");
                }
                b.append("</table>");
            }
        }
        section(b, "Latency (one-sample inference, both versions in one run, ms)", map(report.get("latency")));
        section(b, "Noise robustness (labels kept when every column moves by +-epsilon: Square's first query)", map(report.get("noise_robustness")));
        Map<String, Object> replay = map(report.get("replay"));
        if (replay != null) {
            b.append("<h2>Failure database replay</h2><p>").append(esc(replay.get("cases"))).append(" confirmed case(s); regressions: <b>")
                    .append(esc(replay.get("regressions"))).append("</b>; fixed by the candidate: ").append(esc(replay.get("fixes"))).append("</p>");
            List<Map<String, Object>> cases = list(replay.get("replayed"));
            if (!cases.isEmpty()) {
                b.append("<table><tr><th class=l>failure</th><th>expected</th><th>serving</th><th>candidate</th></tr>");
                for (Map<String, Object> c : cases) {
                    b.append("<tr><td class=l>").append(esc(c.get("failure"))).append("</td><td>").append(esc(c.get("expected"))).append("</td><td>")
                            .append(esc(c.get("serving"))).append("</td><td>").append(esc(c.get("candidate"))).append("</td></tr>");
                }
                b.append("</table>");
            }
        }
        Map<String, Object> assess = map(report.get("assess"));
        if (assess != null) {
            b.append("<h2>Attacks on both versions' bare models (budget ").append(esc(assess.get("budget"))).append(" queries, ")
                    .append(esc(assess.get("samples"))).append(" samples)</h2><table><tr><th class=l>version</th><th class=l>attack</th>"
                            + "<th>success rate</th><th>median queries</th><th>median L2</th><th>median Linf</th></tr>");
            for (String side : List.of("old", "new")) {
                for (Map<String, Object> r : list(assess.get(side))) {
                    b.append("<tr><td class=l>").append(side.equals("old") ? "serving" : "candidate").append("</td><td class=l>").append(esc(r.get("attack")))
                            .append("</td><td>").append(num(r.get("success_rate"))).append("</td><td>").append(num(r.get("median_queries")))
                            .append("</td><td>").append(num(r.get("median_l2"))).append("</td><td>").append(num(r.get("median_linf"))).append("</td></tr>");
                }
            }
            b.append("</table>");
        }
        section(b, "Knn threshold carried over", map(report.get("knn")));
        section(b, "Shadow traffic", map(report.get("shadow")));
        Map<String, Object> canary = map(report.get("canary"));
        if (canary != null) {
            section(b, "Canary: serving version", map(canary.get("serving")));
            section(b, "Canary: candidate", map(canary.get("candidate")));
        }
        b.append("</body></html>\n");
        return b.toString();
    }

    private static void section(StringBuilder b, String title, Map<String, Object> m) {
        if (m == null) return;
        b.append("<h2>").append(esc(title)).append("</h2><table>");
        m.forEach((k, v) -> {
            if (v instanceof Map || v instanceof List) return;
            b.append("<tr><th class=l>").append(esc(k)).append("</th><td>").append(num(v)).append("</td></tr>");
        });
        b.append("</table>");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object o) {
        if (!(o instanceof List<?> l)) return List.of();
        return l.stream().filter(x -> x instanceof Map).map(x -> (Map<String, Object>) x).toList();
    }

    private static String num(Object v) {
        if (v instanceof Double d) return String.format(Locale.ROOT, "%.4f", d);
        if (v instanceof Float f) return String.format(Locale.ROOT, "%.4f", f);
        return esc(v);
    }

    static String esc(Object o) {
        if (o == null) return "";
        return o.toString().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
