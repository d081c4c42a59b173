package dev.warden.update;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.defense.DefenseRegistry;
import dev.warden.model.Model;
import dev.warden.policy.DefenseSpec;
import dev.warden.policy.ModelConfig;
import dev.warden.policy.Policy;
import dev.warden.policy.PolicyException;
import dev.warden.policy.UpdateSettings;
import dev.warden.runtime.Deployment;
import dev.warden.runtime.LiveDeployment;
import dev.warden.runtime.RequestObserver;
import dev.warden.runtime.Rollout;
import dev.warden.runtime.VersionPlan;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives model updates through their stages (offline → shadow → canary → promoted, or rolled back from any):
 * prepares and compares the candidate, mirrors shadow traffic, sets the canary share, checks the gates before a
 * canary and a promotion, rolls back by itself on a canary breach, and keeps the stage in the {@link UpdateStore}
 * so that a restart or another replica continues from it (each replica polls the store every
 * {@code update.refreshMillis} and applies a newer record). Stage changes swap the deployment atomically
 * ({@link LiveDeployment#plan}): requests in flight finish on the version they started on.
 */
public final class UpdateManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UpdateManager.class);
    static final ObjectMapper JSON = new ObjectMapper();
    public static final String DEFAULT_DATA = "data/fashion-test-2000-images-idx3-ubyte.gz";

    /**
     * What {@code warden update start} asks for. Everything but {@code candidate} may be null; {@code assess} names
     * attacks to run against both versions ({@code hsj,square}), with {@code assessBudget} queries per sample.
     */
    public record StartRequest(String model, String candidate, String data, Integer shadow, String version, Integer calibrationSamples,
                               String assess, Long assessBudget) {
        public StartRequest(String model, String candidate, String data, Integer shadow, String version, Integer calibrationSamples) {
            this(model, candidate, data, shadow, version, calibrationSamples, null, null);
        }
    }

    private final LiveDeployment live;
    private final DefenseRegistry registry;
    private final ShadowMirror mirror;
    private final Clock clock;
    private final Path home;
    private final UpdateStore store;
    private final CanaryWatch canary;
    private final ScoreAnswers answers = new ScoreAnswers();
    private final Map<String, UpdateRecord> applied = new HashMap<>();
    private final ScheduledExecutorService refresher;

    public UpdateManager(LiveDeployment live, DefenseRegistry registry, ShadowMirror mirror, Clock clock, Path home) {
        this.live = live;
        this.registry = registry;
        this.mirror = mirror;
        this.clock = clock;
        this.home = home;
        Policy policy = live.current().policy();
        this.store = UpdateStores.open(policy);
        this.canary = new CanaryWatch(this::breached);
        this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "warden-update-refresh");
            t.setDaemon(true);
            return t;
        });
        refreshQuietly();
        long every = policy.update().refreshMillis();
        refresher.scheduleWithFixedDelay(this::refreshQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    /** The hook {@link dev.warden.runtime.InferenceService} tells about every finished request (the canary's health). */
    public RequestObserver observer() {
        return canary;
    }

    /** The hook that puts a candidate's scores on the serving version's scale ({@code update.mapScores}). */
    public dev.warden.runtime.AnswerMapper answerMapper() {
        return answers;
    }

    private UpdateSettings settings() {
        return live.current().policy().update();
    }

    private String modelName(String model) {
        Deployment d = live.current();
        if (model != null) {
            if (!d.rollouts().containsKey(model)) throw new UpdateRefused(404, "model_not_found", "model '" + model + "' is not served (served: "
                    + new java.util.TreeSet<>(d.rollouts().keySet()) + ")");
            return model;
        }
        if (d.rollouts().size() == 1) return d.rollouts().keySet().iterator().next();
        throw new UpdateRefused(400, "model_required", "the server serves several models " + new java.util.TreeSet<>(d.rollouts().keySet()) + ": name one");
    }

    /** The offline stage, then shadow: prepares, compares, replays; the candidate is then served beside (shadow only). */
    public synchronized Map<String, Object> start(StartRequest request) {
        String model = modelName(request.model());
        if (request.candidate() == null || request.candidate().isBlank()) throw new UpdateRefused(400, "bad_request", "candidate (a model file) is required");
        int shadow = request.shadow() == null ? 100 : request.shadow();
        if (shadow < 0 || shadow > 100) throw new UpdateRefused(400, "bad_request", "shadow must be a percent between 0 and 100, not " + shadow);
        List<String> attacks = request.assess() == null ? null : VersionAssessment.attacks(request.assess());
        long assessBudget = request.assessBudget() == null ? VersionAssessment.DEFAULT_BUDGET : request.assessBudget();
        if (assessBudget < 1 || assessBudget > 100_000) throw new UpdateRefused(400, "bad_request", "assess_budget must be between 1 and 100000");
        UpdateRecord existing = store.load(model).orElse(null);
        if (existing != null && !existing.stage().finished()) {
            throw new UpdateRefused(409, "update_in_progress", "model " + model + " already has an update in stage " + existing.stage().wire()
                    + " (candidate version " + existing.candidateVersion() + "): promote or roll it back first");
        }
        if (existing != null && existing.stage() == UpdateStage.PROMOTED) {
            throw new UpdateRefused(409, "promotion_not_in_policy", "model " + model + " runs promoted version " + existing.candidateVersion()
                    + " from " + existing.candidatePath() + " on top of the policy: write it into the policy first");
        }
        Deployment d = live.current();
        Rollout rollout = d.rollouts().get(model);
        OfflineStage.Result offline = new OfflineStage(registry, clock, home).run(d, model, request, attacks, assessBudget);
        try {
            ModelConfig entry = offline.entry();
            UpdateRecord record = new UpdateRecord(model, rollout.serving(), entry.version(), entry.path(), entry.sidecar(), entry.calibration(),
                    offline.knnThreshold(), UpdateStage.SHADOW, shadow, 0, null, existing == null ? 1 : existing.sequence() + 1,
                    clock.instant().toString(), JSON.valueToTree(offline.report()));
            apply(record);
            store.save(record);
            LOG.warn("update of {}: candidate version {} ({}) in shadow at {}%; offline gates: {}", model, record.candidateVersion(),
                    Path.of(entry.path()).getFileName(), shadow, failedMessages(record));
            return status(model);
        } finally {
            offline.model().close();
        }
    }

    /** Gives the candidate {@code share} percent of accounts; the offline gates must hold. */
    public synchronized Map<String, Object> canary(String modelOrNull, int share) {
        String model = modelName(modelOrNull);
        if (share < 0 || share > 100) throw new UpdateRefused(400, "bad_request", "share must be a percent between 0 and 100, not " + share);
        UpdateRecord r = active(model);
        List<GateVerdict> failed = Gates.failed(offlineGates(r));
        if (!failed.isEmpty()) {
            throw new UpdateRefused(409, "gate_failed", "canary refused for " + model + " version " + r.candidateVersion() + ": "
                    + String.join("; ", failed.stream().map(GateVerdict::message).toList()));
        }
        UpdateRecord next = r.next(UpdateStage.CANARY, r.shadowShare(), share, null, clock.instant().toString(), r.report());
        apply(next);
        store.save(next);
        LOG.warn("update of {}: canary at {}% of accounts for version {}", model, share, r.candidateVersion());
        return status(model);
    }

    /** Changes the percent of answered queries mirrored to the candidate (shadow or canary stage). */
    public synchronized Map<String, Object> shadow(String modelOrNull, int share) {
        String model = modelName(modelOrNull);
        if (share < 0 || share > 100) throw new UpdateRefused(400, "bad_request", "shadow must be a percent between 0 and 100, not " + share);
        UpdateRecord r = active(model);
        UpdateRecord next = r.next(r.stage(), share, r.canaryShare(), null, clock.instant().toString(), r.report());
        ShadowMirror.Target t = mirror.target(model);
        if (t != null) mirror.attach(model, new ShadowMirror.Target(t.serving(), t.candidate(), share, t.counts()));
        else apply(next);
        store.save(next);
        applied.put(model, next);
        return status(model);
    }

    /** Makes the candidate answer everyone; every gate must hold. */
    public synchronized Map<String, Object> promote(String modelOrNull) {
        String model = modelName(modelOrNull);
        UpdateRecord r = active(model);
        List<GateVerdict> failed = Gates.failed(allGates(r));
        if (!failed.isEmpty()) {
            throw new UpdateRefused(409, "gate_failed", "promotion refused for " + model + " version " + r.candidateVersion() + ": "
                    + String.join("; ", failed.stream().map(GateVerdict::message).toList()));
        }
        UpdateRecord next = r.next(UpdateStage.PROMOTED, 0, 100, null, clock.instant().toString(), withLive(r));
        apply(next);
        store.save(next);
        LOG.warn("update of {}: version {} promoted", model, r.candidateVersion());
        return status(model);
    }

    /** Takes the candidate out of service (any stage before promotion, or after it); {@code reason} is recorded. */
    public synchronized Map<String, Object> rollback(String modelOrNull, String reason) {
        String model = modelName(modelOrNull);
        UpdateRecord r = store.load(model).orElseThrow(() -> new UpdateRefused(404, "no_update", "model " + model + " has no update to roll back"));
        if (r.stage() == UpdateStage.ROLLED_BACK) throw new UpdateRefused(409, "already_rolled_back", "the update of " + model + " is already rolled back");
        String why = reason == null || reason.isBlank() ? "rolled back by an operator" : reason;
        UpdateRecord next = r.next(UpdateStage.ROLLED_BACK, 0, 0, why, clock.instant().toString(), withLive(r));
        apply(next);
        store.save(next);
        LOG.warn("update of {}: version {} rolled back: {}", model, r.candidateVersion(), why);
        return status(model);
    }

    private void breached(String model, String reason) {
        // Not on the request thread: the rollback rebuilds the deployment.
        refresher.execute(() -> {
            try {
                synchronized (this) {
                    UpdateRecord r = store.load(model).orElse(null);
                    if (r == null || r.stage() != UpdateStage.CANARY) return;
                    LOG.error("update of {}: canary breach, rolling back automatically: {}", model, reason);
                    rollback(model, "automatic rollback: " + reason);
                }
            } catch (RuntimeException e) {
                LOG.error("update of {}: automatic rollback failed: {}", model, e.toString());
            }
        });
    }

    public synchronized Map<String, Object> status(String modelOrNull) {
        String model = modelName(modelOrNull);
        UpdateRecord r = store.load(model).orElseThrow(() -> new UpdateRefused(404, "no_update", "model " + model + " has no update"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", model);
        out.put("stage", r.stage().wire());
        out.put("serving_version", r.servingVersion());
        out.put("candidate_version", r.candidateVersion());
        out.put("answering_version", r.stage() == UpdateStage.PROMOTED ? r.candidateVersion() : r.servingVersion());
        out.put("shadow_share", r.shadowShare());
        out.put("canary_share", r.canaryShare());
        if (r.reason() != null) out.put("reason", r.reason());
        out.put("updated_at", r.updatedAt());
        out.put("store", store.describe());
        out.put("shadow", shadowFigures(model, r));
        Map<String, Object> c = canary.json(model);
        if (c != null) out.put("canary", c);
        else if (r.report() != null && r.report().has("canary")) out.put("canary", r.report().get("canary"));
        out.put("gates", allGates(r).stream().map(GateVerdict::json).toList());
        if (r.report() != null && r.report().has("offline")) {
            JsonNode o = r.report().get("offline");
            Map<String, Object> brief = new LinkedHashMap<>();
            for (String k : List.of("accuracy_old", "accuracy_new", "negative_flip_rate", "btc", "bec")) brief.put(k, o.get(k).asDouble());
            out.put("offline", brief);
        }
        return out;
    }

    /** The whole report: offline figures, replay, score mapping, live shadow and canary figures, gates, stage. */
    public synchronized Map<String, Object> report(String modelOrNull) {
        String model = modelName(modelOrNull);
        UpdateRecord r = store.load(model).orElseThrow(() -> new UpdateRefused(404, "no_update", "model " + model + " has no update"));
        @SuppressWarnings("unchecked")
        Map<String, Object> out = JSON.convertValue(withLive(r), LinkedHashMap.class);
        out.put("stage", r.stage().wire());
        if (r.reason() != null) out.put("reason", r.reason());
        out.put("updated_at", r.updatedAt());
        out.put("gates", allGates(r).stream().map(GateVerdict::json).toList());
        return out;
    }

    /** The report with the live shadow and canary figures folded in (kept when the update ends). */
    private JsonNode withLive(UpdateRecord r) {
        ObjectNode report = r.report() == null ? JSON.createObjectNode() : ((ObjectNode) r.report()).deepCopy();
        report.set("shadow", JSON.valueToTree(shadowFigures(r.model(), r)));
        Map<String, Object> c = canary.json(r.model());
        if (c != null) report.set("canary", JSON.valueToTree(c));
        return report;
    }

    private Map<String, Object> shadowFigures(String model, UpdateRecord r) {
        ShadowMirror.Target t = mirror.target(model);
        if (t != null) {
            Map<String, Object> m = t.counts().json();
            m.put("share", t.share());
            m.put("queued", mirror.queued());
            return m;
        }
        if (r.report() != null && r.report().has("shadow")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> kept = JSON.convertValue(r.report().get("shadow"), LinkedHashMap.class);
            return kept;
        }
        return ShadowMirror.none();
    }

    private List<GateVerdict> offlineGates(UpdateRecord r) {
        JsonNode report = r.report();
        @SuppressWarnings("unchecked")
        Map<String, Object> offline = JSON.convertValue(report.get("offline"), LinkedHashMap.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> latency = JSON.convertValue(report.get("latency"), LinkedHashMap.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> replay = JSON.convertValue(report.get("replay"), LinkedHashMap.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> noise = report.has("noise_robustness") ? JSON.convertValue(report.get("noise_robustness"), LinkedHashMap.class) : null;
        return Gates.offline(settings(), offline, latency, replay, noise);
    }

    private List<GateVerdict> allGates(UpdateRecord r) {
        List<GateVerdict> all = new ArrayList<>(offlineGates(r));
        Map<String, Object> shadow = shadowFigures(r.model(), r);
        // A finished update's record has a shadow share of 0; the figures it kept say at what share it mirrored.
        int mirroredAt = Math.max(r.shadowShare(), shadow.get("share") instanceof Number n ? n.intValue() : 0);
        all.addAll(Gates.shadow(settings(), shadow, mirroredAt));
        return all;
    }

    private String failedMessages(UpdateRecord r) {
        List<GateVerdict> failed = Gates.failed(offlineGates(r));
        return failed.isEmpty() ? "all pass" : String.join("; ", failed.stream().map(GateVerdict::message).toList());
    }

    private UpdateRecord active(String model) {
        UpdateRecord r = store.load(model).orElseThrow(() -> new UpdateRefused(404, "no_update", "model " + model + " has no update: start one first"));
        if (r.stage().finished()) {
            throw new UpdateRefused(409, "update_finished", "the update of " + model + " is " + r.stage().wire() + (r.reason() == null ? "" : " (" + r.reason() + ")")
                    + ": start a new one");
        }
        return r;
    }

    /** Makes the running deployment, the mirror and the canary watch match {@code r}. */
    private void apply(UpdateRecord r) {
        String model = r.model();
        Deployment d = live.current();
        Policy policy = d.policy();
        if (!d.rollouts().containsKey(model)) {
            LOG.error("update of {}: the policy no longer serves the model; the update stays stored in stage {}", model, r.stage().wire());
            return;
        }
        ModelConfig entry = candidateEntry(policy, r);
        try {
            switch (r.stage()) {
                case OFFLINE, SHADOW -> live.plan(model, new VersionPlan(entry, 0, false));
                case CANARY -> live.plan(model, new VersionPlan(entry, r.canaryShare(), false));
                case PROMOTED -> live.plan(model, new VersionPlan(entry, 0, true));
                case ROLLED_BACK -> live.plan(model, null);
            }
        } catch (PolicyException | IllegalArgumentException e) {
            throw new UpdateRefused(422, "candidate_unusable", "the candidate cannot be served: " + e.getMessage());
        }
        if (r.stage() == UpdateStage.SHADOW && r.shadowShare() > 0) {
            ShadowMirror.Target current = mirror.target(model);
            Deployment now = live.current();
            Model servingModel = now.rollouts().get(model).versions().get(r.servingVersion()).guard().model();
            Model candidateModel = now.rollouts().get(model).versions().get(r.candidateVersion()).guard().model();
            if (current == null || current.serving() != servingModel.metadata()) {
                ScratchGuard guard = OfflineStage.scratch(registry, clock, policy, entry, now.models(), candidateModel, entry);
                mirror.attach(model, new ShadowMirror.Target(servingModel.metadata(), guard, r.shadowShare(), new ShadowCounts()));
            }
        } else if (r.stage() != UpdateStage.CANARY) {
            mirror.detach(model);
        }
        if (r.stage() == UpdateStage.CANARY) {
            if (canary.json(model) == null) canary.watch(model, r.servingVersion(), r.candidateVersion(), policy.update());
        } else {
            canary.stop(model);
        }
        if (policy.update().mapScores() && r.stage() != UpdateStage.ROLLED_BACK && r.report() != null && r.report().has("score_mapping")) {
            JsonNode sm = r.report().get("score_mapping");
            answers.set(model, r.candidateVersion(), ScoreMapping.of(JSON.convertValue(sm.get("from"), double[][].class),
                    JSON.convertValue(sm.get("to"), double[][].class)));
        } else {
            answers.clear(model);
        }
        applied.put(model, r);
    }

    /** The candidate's model entry from its record, with the knn threshold carried over into the route's chain. */
    private static ModelConfig candidateEntry(Policy policy, UpdateRecord r) {
        ModelConfig serving = policy.model(r.model()).orElseThrow();
        List<DefenseSpec> chain = null;
        if (r.knnThreshold() != null) {
            chain = new ArrayList<>(policy.forRoute(serving).defenses());
            for (int i = 0; i < chain.size(); i++) {
                DefenseSpec s = chain.get(i);
                if (!s.type().equals("knn")) continue;
                ObjectNode settings = ((ObjectNode) s.settings()).deepCopy();
                settings.put("threshold", r.knnThreshold());
                chain.set(i, new DefenseSpec(s.type(), s.mode(), settings, s.path()));
            }
        } else if (serving.defenses() != null) {
            chain = serving.defenses();
        }
        return new ModelConfig(r.model(), "onnx", r.candidatePath(), null, null, null, null, r.candidateSidecar(), serving.threads(), true,
                r.candidateVersion(), false, r.calibration(), chain);
    }


    /** Applies records another replica (or an earlier run of this server) stored. */
    synchronized void refresh() {
        for (UpdateRecord r : store.all()) {
            UpdateRecord mine = applied.get(r.model());
            if (mine != null && mine.sequence() >= r.sequence()) continue;
            if (mine == null && r.stage() == UpdateStage.ROLLED_BACK) {
                applied.put(r.model(), r);
                continue;
            }
            try {
                apply(r);
                LOG.info("update of {}: following the stored stage {} (sequence {})", r.model(), r.stage().wire(), r.sequence());
            } catch (RuntimeException e) {
                applied.put(r.model(), r);
                LOG.error("update of {}: cannot follow the stored stage {}: {}", r.model(), r.stage().wire(), e.getMessage());
            }
        }
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.warn("update store {} not read: {}", store.describe(), e.toString());
        }
    }

    /** Waits for the mirror's queue to empty (tests, the report). */
    public void drainShadow(long millis) {
        mirror.drain(millis);
    }

    @Override
    public void close() {
        refresher.shutdownNow();
        store.close();
    }
}
