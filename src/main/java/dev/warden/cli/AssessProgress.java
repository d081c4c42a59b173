package dev.warden.cli;

import dev.warden.assess.Campaign;
import dev.warden.assess.SampleResult;
import java.util.Locale;

/** One line on standard error per attacked image, so a long assessment shows where it is. */
final class AssessProgress {
    private AssessProgress() {
    }

    static void print(Campaign.Spec spec, String target, int done, int total, SampleResult r) {
        String distance = r.l2() == null ? "no adversarial example"
                : String.format(Locale.ROOT, "L2 %.2f, L-inf %.3f", r.l2(), r.linf());
        String refused = r.detected() ? String.format(Locale.ROOT, ", refused after %d queries (%d rejections, %d lockouts)",
                r.queriesToDetection(), r.rejections(), r.lockouts()) : "";
        System.err.printf(Locale.ROOT, "  %-8s %-8s %s [%d/%d] image %d: %s in %d queries, %s%s (%.1f s)%n",
                spec.attack(), target, spec.adversary().adaptive() ? "adaptive" : "plain", done, total, r.index(),
                r.success() ? "success" : "failure (" + r.stoppedBy() + ")", r.success() ? r.queries() : r.queriesTotal(),
                distance, refused, r.wallSeconds());
    }
}
