package dev.warden.cli;

import dev.warden.bench.MarkdownSection;
import dev.warden.bench.ShadowCostBenchmark;
import java.nio.file.Path;

/** {@code warden bench update-shadow}: the request latency at 0% and 100% shadow mirroring (docs/updates.md). */
final class UpdateShadowBench {
    private UpdateShadowBench() {
    }

    /** {@code requests}: measured requests, at most 1800 (the bundled 2,000 test images, each once, 200 of them for the warm-up). */
    static int run(int requests, Path markdown) throws java.io.IOException {
        requests = Math.min(requests, 1800);
        DecisionLogLevel.quiet();
        var result = ShadowCostBenchmark.run(Home.dir(), requests);
        String table = result.markdown("./warden bench update-shadow --iterations " + requests);
        System.out.println(table);
        if (markdown != null) MarkdownSection.write(markdown, "update-shadow", table);
        return 0;
    }
}
