package dev.warden.cli;

import dev.warden.assess.Adversary;
import dev.warden.assess.Assessment;
import dev.warden.assess.Budget;
import dev.warden.assess.Oars;
import dev.warden.assess.PixelUnits;
import dev.warden.assess.Report;
import dev.warden.assess.Target;
import dev.warden.assess.Targets;
import dev.warden.assess.ThreatModel;
import dev.warden.assess.Ticker;
import dev.warden.assess.attack.Attacks;
import dev.warden.assess.report.ReportHtml;
import dev.warden.assess.report.ReportJson;
import dev.warden.assess.report.WorkFactorTable;
import dev.warden.data.InputConversion;
import dev.warden.data.ModelSamples;
import dev.warden.data.SampleSource;
import dev.warden.model.ModelMetadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "assess", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Attack a model as an adversary would and measure the work factor: queries, accounts and time per success.",
                "Writes DIR/report.json and DIR/report.html and prints the work-factor table."})
final class AssessCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--target", description = "what to attack: an OIP v2 server URL, policy:FILE (its guard, in process) or model:FILE.onnx (the bare model)")
    String target;

    @Option(names = "--policy", description = "attack this policy's guard in process (same as --target policy:FILE)")
    Path policy;

    @Option(names = "--model", description = "model name (default: fashion-cnn over HTTP, the policy's first model in process)")
    String model;

    @Option(names = "--attack", split = ",", description = "attacks: ${COMPLETION-CANDIDATES} (repeat or separate with commas)",
            completionCandidates = AttackNames.class)
    List<String> attacks = new ArrayList<>();

    @Option(names = "--samples", defaultValue = "20", description = "correctly classified samples to attack, the first of the data (default: ${DEFAULT-VALUE})")
    int samples;

    @CommandLine.Mixin
    DataOptions data = new DataOptions();

    private SampleSource source;
    private ModelSamples attacked;
    private PixelUnits units = PixelUnits.UNIT;

    @Option(names = "--budget", defaultValue = "10000", description = "queries per image (default: ${DEFAULT-VALUE})")
    long budget;

    @Option(names = "--time-budget", description = "seconds per image (default: no limit)")
    Long timeBudget;

    @Option(names = "--accounts", defaultValue = "1", description = "accounts the adversary holds; more than one is a Sybil adversary (default: ${DEFAULT-VALUE})")
    int accounts;

    @Option(names = "--eps", description = "success radius: L2 for hsj and boundary (default 3.0), L-inf for simba, square and nes (default 0.2)")
    Double eps;

    @Option(names = "--api-key", description = "API key of an account (repeat for several accounts)")
    List<String> apiKeys = new ArrayList<>();

    @Option(names = "--adaptive", description = "the adversary knows the defenses: retries rejected queries transformed, avoids repeats, backs off on lockout")
    boolean adaptive;

    @Option(names = "--warm-up", paramLabel = "IMAGES", defaultValue = "0", description = "before its first attack query, each account "
            + "sends IMAGES benign images of the data set that are not attacked (a lockout's warm-up of fresh accounts then no longer "
            + "restricts it; docs/stateful.md, \"Sybil economics\"); not counted in the budget (default: ${DEFAULT-VALUE})")
    int warmUp;

    @Option(names = "--disguise", paramLabel = "NOISE", description = "every query carries fresh uniform noise of +-NOISE per pixel "
            + "(kept within eps for L-inf attacks), against near-duplicate detectors (default: 0, none)")
    double disguise;

    @Option(names = "--oars", arity = "0..1", fallbackValue = "default", paramLabel = "SETTINGS", description = "an OARS adversary "
            + "(Feng et al., CCS 2023): every query disguised with noise whose scale it learns from rejections (grown after one, "
            + "shrunk after answers), rejected queries resampled; SETTINGS: key=value,... of start, grow, shrink, floor, cap, "
            + "retries (default: start=0.01,grow=1.5,shrink=0.9,floor=0.002,cap=0.1,retries=10); not with --disguise")
    String oars;

    @Option(names = "--out", required = true, description = "folder for report.json and report.html")
    Path out;

    @Option(names = "--save-examples", description = "also write the target runs' successful adversarial examples to DIR/examples "
            + "(ATTACK-images.idx as float32 IDX, ATTACK-indices.txt: the test image of each), for 'warden evaluate'")
    boolean saveExamples;

    @Option(names = "--baseline", description = "the same model unguarded (URL, policy:FILE or model:FILE), to state the work-factor ratio")
    String baseline;

    @Option(names = "--threat-model", description = "YAML threat model: selects attacks, accounts, budget and adversary models")
    Path threatModel;

    @Option(names = "--seed", defaultValue = "1", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--until", defaultValue = "success", description = "stop each image at the first success within eps, or spend the whole budget improving it: success or budget (default: ${DEFAULT-VALUE})")
    String until;

    @Option(names = "--record-failures", description = "record each successful attack in the failure database (with its evidence) as a new case")
    boolean recordFailures;

    @CommandLine.Mixin
    FailuresCommand.Db db = new FailuresCommand.Db();

    @Option(names = "--batch", defaultValue = "32", description = "images per HTTP request (default: ${DEFAULT-VALUE})")
    int batch;

    static final class AttackNames extends ArrayList<String> {
        AttackNames() {
            super(Attacks.NAMES);
        }
    }

    @Override
    public Integer call() {
        ThreatModel tm = threatModel == null ? null : load(threatModel);
        DecisionLogLevel.quiet();
        Assessment.Plan plan = plan(tm);
        String where = where();
        source = data.source(Home.dir().resolve("data/fashion-test-2000-images-idx3-ubyte.gz"));
        try {
            Files.createDirectories(out);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create " + out + ": " + e.getMessage());
        }
        int maxAccounts = plan.adversaries().stream().mapToInt(Adversary::accounts).max().orElse(1);
        Report report;
        try (Target opened = open(where, maxAccounts, apiKeys); Target openedBaseline = baseline == null ? null : open(baseline, maxAccounts, List.of())) {
            ModelSamples samples = samplesFor(opened.metadata());
            Target t = units.unit(opened);
            Target b = units.unit(openedBaseline);
            refuseUpFront(t, plan, tm == null);
            System.err.printf("warden assess: %s (model %s, reveals %s), %d samples, budget %d queries%s%n", t.describe(), t.model(),
                    t.reveals().name().toLowerCase(), plan.samples(), plan.budget().queries(), b == null ? "" : ", baseline " + b.describe());
            report = new Assessment(Ticker.SYSTEM, AssessProgress::print).run(t, b, plan, units.unit(samples));
            if (recordFailures) recordFailures(t, report);
            if (saveExamples) saveExamples(report, out.resolve("examples"));
        }
        ReportJson.write(report, out.resolve("report.json"));
        ReportHtml.write(report, out.resolve("report.html"));
        System.out.print(WorkFactorTable.render(report));
        System.out.println("report: " + out.resolve("report.json") + ", " + out.resolve("report.html"));
        return 0;
    }

    private void recordFailures(Target t, Report report) {
        var store = db.open();
        var model = new dev.warden.failures.AffectedModel(t.model(), null, t.modelSha256());
        List<String> ids = new dev.warden.assess.FailureCapture(store, model, t.inputName(), t.imageShape(),
                t.labels(), "warden assess", units, attacked.conversion().datatype()).record(report);
        System.out.println("recorded " + ids.size() + " failure case(s) as new: " + String.join(" ", ids)
                + (ids.isEmpty() ? "" : " (confirm one with 'warden failures confirm ID' to block it)"));
    }

    private Assessment.Plan plan(ThreatModel tm) {
        if (samples < 1) throw usage("--samples must be >= 1");
        if (accounts < 1) throw usage("--accounts must be >= 1");
        if (batch < 1) throw usage("--batch must be >= 1");
        if (!(disguise >= 0 && disguise <= 0.5)) throw usage("--disguise must be between 0 and 0.5");
        if (warmUp < 0) throw usage("--warm-up must be >= 0");
        Oars learning;
        try {
            learning = oars == null ? null : Oars.parse(oars);
        } catch (IllegalArgumentException e) {
            throw usage("--oars: " + e.getMessage());
        }
        if (learning != null && disguise > 0) throw usage("--oars learns its own disguise noise: give --oars or --disguise, not both");
        if (timeBudget != null && timeBudget < 1) throw usage("--time-budget must be >= 1 second");
        if (eps != null && !(eps > 0)) throw usage("--eps must be > 0");
        if (!until.equals("success") && !until.equals("budget")) throw usage("--until must be success or budget");
        List<String> names = new ArrayList<>();
        try {
            for (String a : attacks) names.add(Attacks.canonical(a));
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        if (tm == null && names.isEmpty()) throw usage("--attack is required (or give --threat-model)");
        if (eps != null && eps > 1 && names.stream().anyMatch(a -> Attacks.norm(a) == dev.warden.assess.attack.Norm.LINF)) {
            throw usage("--eps " + eps + " is an L-inf radius for " + names + " and must be <= 1");
        }
        if (budget < 1) throw usage("--budget must be >= 1");
        if (tm != null && learning != null) throw usage("--oars with --threat-model: put 'oars: " + oars + "' in the threat model file");
        if (tm != null) {
            List<String> selected = names.isEmpty() ? tm.selectedAttacks() : names;
            Function<String, Double> radius = a -> eps != null ? eps : tm.epsFor(a);
            return new Assessment.Plan(selected, tm.adversaries(), radius, tm.budgetOr(budget), seed, until.equals("budget"),
                    tm.samples() != null ? tm.samples() : samples, tm);
        }
        Budget b = new Budget(budget, timeBudget == null ? null : Duration.ofSeconds(timeBudget));
        return new Assessment.Plan(names, List.of(Adversary.of(accounts, adaptive).withDisguise(disguise).withWarmup(warmUp).withOars(learning)), a -> eps, b, seed,
                until.equals("budget"), samples, null);
    }

    private String where() {
        if (target != null && policy != null) throw usage("give --target or --policy, not both");
        if (target == null && policy == null) throw usage("--target (or --policy) is required");
        return target != null ? target : "policy:" + policy;
    }

    private Target open(String spec, int maxAccounts, List<String> keys) {
        try {
            return Targets.openProbing(spec, model, keys, maxAccounts, batch, Duration.ofSeconds(30), m -> samplesFor(m).image(0));
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        } catch (IllegalStateException e) {
            if (e.getMessage() == null || !e.getMessage().contains("HTTP 403")) throw e;
            // The guard refused the probe (the first sample of --data): the guard at work, not a broken target.
            throw usage(e.getMessage() + "; the probe is the first sample of the data: a guard that has seen it (query, "
                    + "known-failure) or finds it out of distribution refuses it, so start from other samples (--data) or a fresh server");
        }
    }

    /**
     * The data's samples converted for the target's model, once, and the pixel units the attacks see them in:
     * [0, 1], mapped to the model's input range where it is another (e.g. UINT8 [0, 255]).
     */
    private ModelSamples samplesFor(ModelMetadata meta) {
        if (attacked == null) {
            attacked = data.forModel(source, meta, true, "assess (it attacks the samples the target classifies correctly)");
            InputConversion c = attacked.conversion();
            var ranges = meta.domain(c.input()) == null ? List.<dev.warden.model.ValueRange>of() : meta.domain(c.input()).ranges();
            units = ranges.size() > 1 && ranges.size() == c.elements()
                    ? PixelUnits.perElement(ranges.stream().mapToDouble(dev.warden.model.ValueRange::min).toArray(),
                    ranges.stream().mapToDouble(dev.warden.model.ValueRange::max).toArray(), !c.datatype().isFloating())
                    : ranges.isEmpty() && c.layout() == dev.warden.data.InputLayout.FEATURES
                    ? java.util.Objects.requireNonNullElse(PixelUnits.fromSamples(attacked, !c.datatype().isFloating()), PixelUnits.UNIT)
                    : new PixelUnits(c.min(), c.max(), !c.datatype().isFloating());
        }
        return attacked;
    }

    /** Accounts always; attacks only when named on the command line (a threat model's refusals go in the report). */
    private void refuseUpFront(Target t, Assessment.Plan plan, boolean attacksToo) {
        for (String a : attacksToo ? plan.attacks() : List.<String>of()) {
            try {
                Attacks.needs(a).check(a, t.reveals());
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
        }
        for (Adversary adv : plan.adversaries()) {
            if (adv.accounts() > t.accounts()) {
                throw usage("--accounts " + adv.accounts() + " but the target offers " + t.accounts()
                        + " account(s)" + (t.describe().startsWith("http") ? ": give one --api-key per account" : ""));
            }
        }
    }

    private ThreatModel load(Path file) {
        try {
            return ThreatModel.load(file);
        } catch (RuntimeException e) {
            throw usage(e.getMessage());
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /** Writes each target run's successful adversarial examples in the model's input units, with the sample each came from. */
    private void saveExamples(Report report, Path dir) {
        for (dev.warden.assess.RunResult run : report.runs()) {
            if (!run.target().equals("target")) continue;
            String name = run.attack() + (run.adaptive() ? "-adaptive" : "") + (run.accounts() > 1 ? "-" + run.accounts() + "accounts" : "");
            List<double[]> images = new ArrayList<>();
            List<Integer> indices = new ArrayList<>();
            for (dev.warden.assess.SampleResult s : run.perSample()) {
                if (!s.success() || s.adversarial() == null) continue;
                images.add(units.toModel(s.adversarial()));
                indices.add(s.index());
            }
            dev.warden.bench.AdversarialExamples.write(dir, name, images, indices);
        }
        System.out.println("examples: " + dir);
    }
}
