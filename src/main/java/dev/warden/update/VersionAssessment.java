package dev.warden.update;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.assess.Adversary;
import dev.warden.assess.Assessment;
import dev.warden.assess.Budget;
import dev.warden.assess.ModelTarget;
import dev.warden.assess.Report;
import dev.warden.assess.Ticker;
import dev.warden.assess.attack.Attacks;
import dev.warden.assess.report.ReportJson;
import dev.warden.data.Samples;
import dev.warden.model.Model;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code start --assess hsj,square}: the same black-box attacks ({@code warden assess}) against each version's bare
 * model, on the first samples each classifies right, with the same seed and a small budget, so that the report shows
 * whether the candidate is easier to attack than the serving version (success rate, queries per success, median
 * perturbation). Bare models, not guards: the guard is the same chain for both, and its live state must not learn
 * from the attack.
 */
final class VersionAssessment {
    static final long DEFAULT_BUDGET = 500;
    static final int DEFAULT_SAMPLES = 3;

    private VersionAssessment() {
    }

    /** The attack names, canonical; an unknown one is refused naming the known ones. */
    static List<String> attacks(String spec) {
        List<String> out = new ArrayList<>();
        for (String raw : spec.split(",")) {
            String name = raw.trim();
            if (name.isEmpty()) continue;
            try {
                out.add(Attacks.canonical(name));
            } catch (IllegalArgumentException e) {
                throw new UpdateRefused(400, "bad_request", "assess: unknown attack '" + name + "' (known: " + String.join(", ", Attacks.NAMES) + ")");
            }
        }
        if (out.isEmpty()) throw new UpdateRefused(400, "bad_request", "assess names no attack (known: " + String.join(", ", Attacks.NAMES) + ")");
        return out;
    }

    static Map<String, Object> run(List<String> attacks, Model serving, String servingVersion, Model candidate, String candidateVersion,
                                   Samples data, long budget, int samples) {
        Assessment.Plan plan = new Assessment.Plan(attacks, List.of(Adversary.of(1, false)), a -> null, new Budget(budget, null), 1, false,
                samples, null);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("attacks", attacks);
        out.put("budget", budget);
        out.put("samples", samples);
        out.put("old", runs(plan, new ModelTarget(serving, "version " + servingVersion, false), data));
        out.put("new", runs(plan, new ModelTarget(candidate, "version " + candidateVersion, false), data));
        return out;
    }

    private static List<Map<String, Object>> runs(Assessment.Plan plan, ModelTarget target, Samples data) {
        Report report = new Assessment(Ticker.SYSTEM, (spec, t, done, total, result) -> { }).run(target, null, plan, data);
        ObjectNode tree = ReportJson.tree(report);
        List<Map<String, Object>> out = new ArrayList<>();
        for (JsonNode run : tree.path("runs")) {
            Map<String, Object> r = new LinkedHashMap<>();
            for (String k : List.of("attack", "norm", "eps", "budget", "samples", "success_rate", "median_queries", "median_l2", "median_linf",
                    "queries_per_success", "first_query_successes")) {
                JsonNode v = run.get(k);
                r.put(k, v == null || v.isNull() ? null : v.isNumber() ? (Object) v.numberValue() : v.asText());
            }
            out.add(r);
        }
        for (Report.Refusal refusal : report.refused()) out.add(Map.of("attack", refusal.attack(), "refused", refusal.reason()));
        return out;
    }
}
