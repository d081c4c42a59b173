package dev.warden.assess.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.assess.Mitigation;
import dev.warden.assess.Report;
import dev.warden.assess.RunResult;
import dev.warden.assess.SampleResult;
import dev.warden.assess.WorkFactor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code report.json}: the report with snake_case fields, as the assess contract shows it. */
public final class ReportJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportJson() {
    }

    public static void write(Report report, Path file) {
        try {
            Files.write(file, JSON.writeValueAsBytes(tree(report)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public static ObjectNode tree(Report r) {
        ObjectNode root = JSON.createObjectNode();
        root.put("target", r.target());
        root.put("model", r.model());
        root.put("baseline", r.baseline());
        root.put("started", r.started().toString());
        root.put("finished", r.finished().toString());
        root.put("seed", r.seed());
        root.put("setup_queries", r.setupQueries());
        root.put("selection_queries", r.selectionQueries());
        ArrayNode indices = root.putArray("sample_indices");
        r.sampleIndices().forEach(indices::add);
        root.put("success_means", "misclassified by the target and within the run's eps (L2 for hsj and boundary, L-inf for simba, square and nes)");
        if (r.threatModel() != null) root.set("threat_model", JSON.valueToTree(r.threatModel()));
        ArrayNode runs = root.putArray("runs");
        r.runs().forEach(run -> runs.add(run(run)));
        ArrayNode baseline = root.putArray("baseline_runs");
        r.baselineRuns().forEach(run -> baseline.add(run(run)));
        ArrayNode factors = root.putArray("work_factor");
        for (WorkFactor w : r.workFactors()) {
            ObjectNode n = factors.addObject();
            n.put("attack", w.attack());
            n.put("adaptive", w.adaptive());
            n.put("disguise", w.disguise());
            n.put("accounts", w.accounts());
            n.put("guarded_queries_per_success", w.guardedQueriesPerSuccess());
            n.put("baseline_queries_per_success", w.baselineQueriesPerSuccess());
            n.put("ratio", w.ratio());
            n.put("ratio_is_lower_bound", w.lowerBound());
            n.put("guarded_success_rate", w.guardedSuccessRate());
            n.put("baseline_success_rate", w.baselineSuccessRate());
            n.put("guarded_wall_seconds", w.guardedWallSeconds());
            n.put("baseline_wall_seconds", w.baselineWallSeconds());
        }
        ArrayNode refused = root.putArray("refused");
        for (Report.Refusal x : r.refused()) {
            refused.addObject().put("attack", x.attack()).put("target", x.target()).put("reason", x.reason());
        }
        ArrayNode mitigations = root.putArray("mitigations");
        for (Mitigation m : r.mitigations()) {
            mitigations.addObject().put("mitigation", m.mitigation()).put("source", m.source())
                    .put("implemented_by", m.implementedBy()).put("status", m.status());
        }
        return root;
    }

    private static ObjectNode run(RunResult run) {
        ObjectNode n = JSON.createObjectNode();
        n.put("attack", run.attack());
        n.put("target", run.target());
        n.put("norm", run.norm().label());
        n.put("eps", run.eps());
        n.put("adaptive", run.adaptive());
        n.put("disguise", run.disguise());
        n.put("oars", run.oars());
        n.put("accounts", run.accounts());
        n.put("budget", run.budget());
        n.put("samples", run.samples());
        n.put("success_rate", run.successRate());
        n.put("median_queries", run.medianQueries());
        n.put("median_l2", run.medianL2());
        n.put("median_linf", run.medianLinf());
        n.put("detected_rate", run.detectedRate());
        n.put("median_queries_to_detection", run.medianQueriesToDetection());
        n.put("rejections", run.rejections());
        n.put("lockouts", run.lockouts());
        n.put("accounts_used", run.accountsUsed());
        n.put("wall_seconds", run.wallSeconds());
        n.put("queries_total", run.queriesTotal());
        n.put("queries_per_success", run.queriesPerSuccess());
        n.put("first_query_successes", run.firstQuerySuccesses());
        ArrayNode samples = n.putArray("per_sample");
        for (SampleResult s : run.perSample()) {
            ObjectNode o = samples.addObject();
            o.put("index", s.index());
            o.put("label", s.label());
            o.put("success", s.success());
            o.put("queries", s.queries());
            o.put("queries_total", s.queriesTotal());
            o.put("l2", s.l2());
            o.put("linf", s.linf());
            o.put("queries_to_detection", s.queriesToDetection());
            o.put("rejections", s.rejections());
            o.put("lockouts", s.lockouts());
            o.put("accounts_used", s.accountsUsed());
            o.put("wall_seconds", s.wallSeconds());
            o.put("stopped_by", s.stoppedBy());
            if (s.oarsNoise() != null) {
                o.put("oars_noise", s.oarsNoise());
                o.put("oars_noise_max", s.oarsNoiseMax());
            }
        }
        return n;
    }
}
