package dev.warden.bench;

import dev.warden.assess.Adversary;
import dev.warden.assess.Budget;
import dev.warden.assess.Campaign;
import dev.warden.assess.GuardTarget;
import dev.warden.assess.ModelTarget;
import dev.warden.assess.Oars;
import dev.warden.assess.Sample;
import dev.warden.assess.SampleResult;
import dev.warden.assess.SampleSet;
import dev.warden.assess.Ticker;
import dev.warden.data.FashionMnist;
import dev.warden.data.LabeledImages;
import dev.warden.model.OnnxModel;
import dev.warden.runtime.Accounts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The attacks of {@code warden assess} against a stateful policy, one attack run per image, each against a
 * fresh deployment of the policy (empty state, accounts never banned before), so that every run is detected
 * or not on its own merits: {@code warden assess --policy} attacks all its images through one guard, and
 * from the second image on a plain adversary is already locked out. It uses assess's own campaign, attacks,
 * adversary models and in-process guard target; images are the first N correctly classified test images.
 * The policy file gets 10 API-key accounts (tier scores) appended, for the score-based attacks and Sybils.
 *
 * <p>Usage: tools/bench.sh attacks POLICY ATTACKS SAMPLES BUDGET ADVERSARY[,ADVERSARY...] [THREADS] [redis], where an
 * adversary is {@code plain}, {@code sybil10}, {@code adaptive} or {@code adaptive-sybil10}, optionally with
 * {@code -disguiseA} (every query carries uniform noise of +-A, e.g. {@code adaptive-disguise0.05}) and/or {@code -warmN}
 * (each account first sends N benign bundled test images, from image 1000 on, so that a lockout's warm-up of fresh
 * accounts no longer restricts it; the same images are an adaptive adversary's natural starts for hsj and boundary; the line then ends with the benign images spent per run) and/or {@code -rotate} (a Sybil
 * that sends each request from the next account, round robin) and/or {@code -oars} (the OARS adversary with its default
 * settings, {@link Oars#DEFAULT}: noise learned from rejections, rejected queries resampled; e.g. {@code oars},
 * {@code sybil10-oars}; settings over the defaults after colons, e.g. {@code oars:retries=0:cap=0.05}; the line then ends
 * with the learned noise per image), and an attack may
 * carry its success radius ({@code square@0.1}; default: assess's). With {@code redis}, the policy's state moves to
 * the Redis on 127.0.0.1:6379, each deployment under a key prefix of its own ({@code warden-eval:...}).
 */
public final class AttackDetectionEval {
    static final int ACCOUNTS = 10;
    /** A warming adversary's benign images: bundled test images from this one on, far past the attacked ones. */
    static final int WARMUP_FROM = 1000;

    public static void main(String[] args) throws Exception {
        Path source = Path.of(args[0]).toAbsolutePath();
        List<String> attacks = List.of(args[1].split(","));
        int samples = Integer.parseInt(args[2]);
        long budget = Long.parseLong(args[3]);
        List<String> adversaries = List.of(args[4].split(","));
        int threads = args.length > 5 ? Integer.parseInt(args[5]) : 1;
        boolean redis = args.length > 6 && args[6].equals("redis");
        Path policy = withAccounts(source);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) keys.add(key(i));
        List<Sample> chosen;
        Path home = Path.of("").toAbsolutePath();
        try (ModelTarget bare = new ModelTarget(OnnxModel.load(home.resolve("models/fashion-cnn.onnx"), "fashion-cnn", 1), "model", true)) {
            chosen = SampleSet.firstCorrect(bare, FashionMnist.bundledTest(home), samples).samples();
        }
        System.out.printf(Locale.ROOT, "policy %s; %d images (first correctly classified), budget %d queries each, one fresh deployment per run%n",
                source, samples, budget);
        System.out.println("attack       adversary         success  detected  q-to-detection median/max  q-to-success median  accounts used median/max  stopped by");
        for (String adversary : adversaries) {
            for (String attack : attacks) {
                List<SampleResult> results = run(policy, keys, attack, adversary, chosen, budget, threads, redis);
                String line = summary(attack, adversary, results);
                if (adversary.contains("warm")) {
                    int n = Integer.parseInt(adversary.replaceAll(".*warm([0-9]+).*", "$1"));
                    line += "  warm-up images median/max " + median(new ArrayList<>(results.stream().map(r -> (long) r.accountsUsed() * n).toList()))
                            + " / " + max(results.stream().map(r -> (long) r.accountsUsed() * n).toList());
                }
                if (adversary.contains("oars")) line += "  " + oarsNoise(results);
                System.out.println(line);
            }
        }
    }

    static List<SampleResult> run(Path policy, List<String> keys, String attack, String adversary, List<Sample> samples,
                                  long budget, int threads, boolean redis) throws Exception {
        boolean adaptive = adversary.startsWith("adaptive");
        int accounts = adversary.contains("sybil10") ? ACCOUNTS : 1;
        java.util.regex.Matcher noise = java.util.regex.Pattern.compile("disguise([0-9.]+)").matcher(adversary);
        double disguise = noise.find() ? Double.parseDouble(noise.group(1)) : 0;
        java.util.regex.Matcher warm = java.util.regex.Pattern.compile("warm([0-9]+)").matcher(adversary);
        int warmup = warm.find() ? Integer.parseInt(warm.group(1)) : 0;
        String[] nameEps = attack.split("@");
        Double eps = nameEps.length > 1 ? Double.valueOf(nameEps[1]) : null;
        Adversary model = Adversary.of(accounts, adaptive).withDisguise(disguise).withWarmup(warmup);
        if (adversary.contains("rotate")) model = model.rotating();
        java.util.regex.Matcher oars = java.util.regex.Pattern.compile("oars((?::[a-z]+=[0-9.]+)*)").matcher(adversary);
        if (oars.find()) model = model.withOars(Oars.parse(oars.group(1).replace(':', ',').replaceFirst("^,", "")));
        Campaign.Spec spec = new Campaign.Spec(nameEps[0], eps, new Budget(budget, null), model, 1, false);
        List<double[]> benign = new ArrayList<>();
        if (warmup > 0 || adaptive) {
            LabeledImages test = FashionMnist.bundledTest(Path.of("").toAbsolutePath());
            for (int i = WARMUP_FROM; i < test.count(); i++) benign.add(test.image(i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<SampleResult>> futures = new ArrayList<>();
            for (Sample sample : samples) {
                futures.add(pool.submit(() -> {
                    // With Redis, each deployment gets a key prefix of its own: as fresh as the memory store's.
                    Path deployment = redis ? withRedisPrefix(policy, "warden-eval:" + Long.toHexString(System.nanoTime()) + ":" + sample.index() + ":")
                            : policy;
                    try (GuardTarget target = GuardTarget.open(deployment, null, keys, accounts)) {
                        return new Campaign(Ticker.SYSTEM, benign).run(target, "guarded", spec, List.of(sample), null).perSample().get(0);
                    }
                }));
            }
            List<SampleResult> out = new ArrayList<>();
            for (Future<SampleResult> f : futures) out.add(f.get());
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    static String summary(String attack, String adversary, List<SampleResult> results) {
        int n = results.size();
        long success = results.stream().filter(SampleResult::success).count();
        List<Long> detection = new ArrayList<>(results.stream().filter(SampleResult::detected).map(SampleResult::queriesToDetection).toList());
        List<Long> toSuccess = new ArrayList<>(results.stream().filter(SampleResult::success).map(SampleResult::queries).toList());
        List<Long> used = new ArrayList<>(results.stream().map(r -> (long) r.accountsUsed()).toList());
        Map<String, Integer> stopped = new TreeMap<>();
        for (SampleResult r : results) stopped.merge(r.stoppedBy(), 1, Integer::sum);
        return String.format(Locale.ROOT, "%-12s %-17s %3d/%-3d %4d/%-3d  %8s / %-8s          %8s              %4s / %-4s           %s",
                attack, adversary, success, n, detection.size(), n, median(detection), max(detection), median(toSuccess),
                median(used), max(used), stopped);
    }

    /** The OARS adversary's learned noise over the images: at the end and the largest reached, median / max. */
    static String oarsNoise(List<SampleResult> results) {
        List<Double> end = results.stream().map(SampleResult::oarsNoise).sorted().toList();
        List<Double> top = results.stream().map(SampleResult::oarsNoiseMax).sorted().toList();
        return String.format(Locale.ROOT, "oars noise at end median/max %.4f / %.4f, largest median/max %.4f / %.4f",
                end.get(end.size() / 2), end.get(end.size() - 1), top.get(top.size() / 2), top.get(top.size() - 1));
    }

    static String median(List<Long> values) {
        if (values.isEmpty()) return "-";
        Collections.sort(values);
        int m = values.size() / 2;
        return values.size() % 2 == 1 ? Long.toString(values.get(m)) : String.format(Locale.ROOT, "%.1f", (values.get(m - 1) + values.get(m)) / 2.0);
    }

    static String max(List<Long> values) {
        return values.isEmpty() ? "-" : Long.toString(Collections.max(values));
    }

    static String key(int i) {
        return "eval-attacker-key-" + i;
    }

    /** The policy with its model path made absolute and ACCOUNTS score-tier accounts in place of {@code accounts: []}. */
    static Path withAccounts(Path source) throws Exception {
        StringBuilder accounts = new StringBuilder("accounts:\n");
        for (int i = 0; i < ACCOUNTS; i++) {
            accounts.append("  - {id: attacker").append(i).append(", tier: scores, keySha256: \"").append(Accounts.sha256(key(i))).append("\"}\n");
        }
        String yaml = Files.readString(source).replace("accounts: []\n", accounts.toString())
                .replace("path: ../models/", "path: " + source.getParent().resolve("../models").normalize() + "/");
        if (!yaml.contains("attacker9")) throw new IllegalStateException(source + " has no 'accounts: []' line to fill");
        Path dir = Files.createTempDirectory("warden-attack-eval");
        yaml = yaml.replace("dataDir: warden-data", "dataDir: " + dir);
        Path out = dir.resolve(source.getFileName());
        Files.writeString(out, yaml);
        copyCalibration(source, dir);
        return out;
    }

    /** A copy of {@code policy} beside it, on the Redis store under {@code prefix}. */
    static Path withRedisPrefix(Path policy, String prefix) throws java.io.IOException {
        Path out = policy.resolveSibling(prefix.replace(':', '-') + policy.getFileName());
        Files.writeString(out, RedisPolicy.of(Files.readString(policy), prefix, policy));
        return out;
    }

    /** Policies with an {@code ood} defense read {@code <policy name>.calibration.json} beside them. */
    static void copyCalibration(Path source, Path dir) throws java.io.IOException {
        String name = source.getFileName().toString().replaceFirst("\\.ya?ml$", "") + ".calibration.json";
        // A policy may name another policy's calibration file (eval-smooth.yaml uses eval-plain's).
        java.util.regex.Matcher named = java.util.regex.Pattern.compile("(?m)^calibration:\\s*(\\S+)").matcher(Files.readString(source));
        if (named.find()) name = named.group(1);
        Path calibration = source.resolveSibling(name);
        if (Files.isRegularFile(calibration) && !Files.exists(dir.resolve(name))) Files.copy(calibration, dir.resolve(name));
    }
}
