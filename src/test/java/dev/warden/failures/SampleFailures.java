package dev.warden.failures;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.tensor.Tensor;
import java.util.List;
import java.util.Random;

/** Failure cases with every field filled, varied by a seed: for store, exchange and round-trip tests. */
public final class SampleFailures {
    private SampleFailures() {
    }

    /** A candidate as the server captures it: status new, reported by {@code capture:<account>}. */
    public static FailureCase captured(long seed, String account) {
        return builder(seed).status(Status.NEW).reporter("capture:" + account).build();
    }

    public static FailureCase sample(long seed) {
        return builder(seed).build();
    }

    static FailureCaseBuilder builder(long seed) {
        Random r = new Random(seed);
        double[] pixels = new double[28 * 28];
        for (int i = 0; i < pixels.length; i++) pixels[i] = Math.round(r.nextDouble() * 255) / 255.0;
        Tensor image = Tensor.fp32("input", new long[] {1, 1, 28, 28}, pixels);
        FailureClass[] classes = FailureClass.values();
        ObjectNode observed = JsonNodeFactory.instance.objectNode().put("label", r.nextInt(10)).put("name", "Shirt");
        observed.putArray("scores").add(0.25).add(0.75);
        return FailureCaseBuilder.forModel(new AffectedModel("fashion-cnn", ">=1 <2", "ab".repeat(32)))
                .title("Sample failure " + seed + " with \"quotes\", commas, and ünïcode")
                .description("Seeded sample " + seed + ": a line\nand another; tabs\there.")
                .task("image-classification").modality("image")
                .failureClass(classes[(int) (seed % classes.length)])
                .atlas(List.of("AML.T0043.001", "AML.T0015"))
                .avid(new AvidTaxonomy(List.of("Security"), List.of("S0403: Adversarial Example"), List.of("L06: Deployment"), "0.2"))
                .severity(Severity.values()[(int) (seed % Severity.values().length)])
                .status(Status.values()[(int) (seed % Status.values().length)])
                .input(image)
                .expected(FailureCaseBuilder.label(3, "Dress")).observed(observed)
                .threatModel("black-box, labels only")
                .attack(new AttackParams("hsj", "l2", 1.5 + seed % 7, 1000 + seed, seed))
                .mitigation("defenses: [{type: known-failure}]")
                .reference(new Reference("source", "Warden run " + seed, "https://example.org/runs/" + seed))
                .reporter("tester-" + (seed % 3));
    }
}
