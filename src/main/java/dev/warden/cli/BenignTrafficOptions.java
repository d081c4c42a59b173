package dev.warden.cli;

import dev.warden.bench.BenignTraffic;
import dev.warden.bench.BenignTrafficTable;
import dev.warden.bench.MarkdownSection;
import dev.warden.data.FashionMnist;
import dev.warden.data.LabeledImages;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code bench benign-traffic}: honest clients through each policy's guard on a simulated clock (docs/stateful.md,
 * "Honest busy clients"). Without {@code --accounts}, two scenarios: many small accounts and a few busy ones.
 */
final class BenignTrafficOptions {
    @Option(names = "--accounts", description = "benign-traffic: accounts (default: both scenarios, 100 accounts at 1/s and 4 busy accounts at --rate)")
    Integer accounts;

    @Option(names = "--images", description = "benign-traffic: distinct images each account sends (default: all available images split between the accounts)")
    Integer images;

    @Option(names = "--jitter", defaultValue = "0.5", description = "benign-traffic: each gap is 1/rate x (1 + jitter x U(-1, 1)) (default: ${DEFAULT-VALUE})")
    double jitter;

    @Option(names = "--tier", defaultValue = "label", description = "benign-traffic: the accounts' tier (default: ${DEFAULT-VALUE})")
    String tier;

    @Option(names = "--first-image", defaultValue = "2000", description = "benign-traffic: the Fashion-MNIST test images from this one on are sent "
            + "(default: ${DEFAULT-VALUE}, past the bundled subset that thresholds are set or checked on)")
    int firstImage;

    @Option(names = "--seed", defaultValue = "1", description = "benign-traffic: order of the images and the gaps (default: ${DEFAULT-VALUE})")
    long seed;

    int run(List<Path> policies, double rate, Path markdown) throws java.io.IOException {
        DecisionLogLevel.quiet();
        LabeledImages test = FashionMnist.fullTest().orElseThrow(() -> new IllegalArgumentException(
                "benign-traffic needs the full Fashion-MNIST test set in " + FashionMnist.DEBIAN_DIR + " (Debian package dataset-fashion-mnist)"));
        if (firstImage < 0 || firstImage >= test.count()) throw new IllegalArgumentException("--first-image must be between 0 and " + (test.count() - 1));
        int available = test.count() - firstImage;
        int[] shuffled = dev.warden.bench.BenignTraffic.order(firstImage, test.count(), seed);
        List<BenignTraffic.Scenario> scenarios = new ArrayList<>();
        if (accounts != null) {
            int each = images != null ? images : available / accounts;
            scenarios.add(new BenignTraffic.Scenario("custom", accounts, each, rate, jitter, tier));
        } else {
            scenarios.add(new BenignTraffic.Scenario("many", 100, images != null ? images : available / 100, 1, jitter, tier));
            scenarios.add(new BenignTraffic.Scenario("busy", 4, images != null ? images : available / 4, rate, jitter, tier));
        }
        List<Path> files = policies.isEmpty() ? List.of(Home.defaultPolicy()) : policies;
        List<BenignTraffic.Result> results = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Path p : files) {
            for (BenignTraffic.Scenario s : scenarios) {
                results.add(BenignTraffic.run(p, s, test, shuffled, seed));
                names.add(Home.dir().relativize(p.toAbsolutePath().normalize()).toString());
                System.err.println(BenignTrafficTable.row(names.get(names.size() - 1), results.get(results.size() - 1)));
            }
        }
        StringBuilder command = new StringBuilder("./warden bench benign-traffic");
        for (Path p : files) command.append(" --policy ").append(Home.dir().relativize(p.toAbsolutePath().normalize()));
        if (accounts != null) command.append(" --accounts ").append(accounts);
        if (images != null) command.append(" --images ").append(images);
        command.append(" --rate ").append(rate).append(" --jitter ").append(jitter).append(" --tier ").append(tier)
                .append(" --first-image ").append(firstImage).append(" --seed ").append(seed);
        String table = BenignTrafficTable.markdown(names, results, command.toString(), firstImage, test.count());
        System.out.println(table);
        if (markdown != null) MarkdownSection.write(markdown, "benign-traffic", table);
        return 0;
    }
}
