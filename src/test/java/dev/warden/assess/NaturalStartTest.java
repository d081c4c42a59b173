package dev.warden.assess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.data.FashionMnist;
import dev.warden.data.LabeledImages;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Through the default policy's guard: HopSkipJump's noise start is refused at its first query, while the adaptive
 * adversary starts from a natural image of another class, which is answered, and is only detected later.
 */
class NaturalStartTest {
    private static final Path HOME = Path.of("").toAbsolutePath();
    private static final LabeledImages TEST = FashionMnist.bundledTest(HOME);

    private static SampleResult attack(boolean adaptive) {
        List<double[]> natural = new ArrayList<>();
        for (int i = 1000; i < 1100; i++) natural.add(TEST.image(i));
        Sample sample = new Sample(0, TEST.image(0), TEST.label(0));
        Campaign.Spec spec = new Campaign.Spec("hsj", null, new Budget(300, null), Adversary.of(1, adaptive), 1, false);
        try (GuardTarget target = GuardTarget.open(HOME.resolve("policies/default.yaml"), null, List.of(), 1)) {
            return new Campaign(new FakeTicker(), natural).run(target, "guarded", spec, List.of(sample), null).perSample().get(0);
        }
    }

    @Test
    void theAdaptiveAdversaryStartsFromANaturalImageThatTheGuardAnswers() {
        SampleResult plain = attack(false);
        assertThat(plain.queriesToDetection()).isEqualTo(1L);

        SampleResult adaptive = attack(true);
        assertThat(adaptive.queriesToDetection()).as("the natural start is answered, so detection comes later").isGreaterThan(1L);
    }
}
