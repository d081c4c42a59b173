package dev.warden.assess;

import dev.warden.guard.Reveal;
import dev.warden.guard.Tier;
import dev.warden.policy.Policy;
import java.util.ArrayList;
import java.util.List;

/**
 * The mitigations "Security and Machine Learning in the Real World" recommends, each with the Warden defenses
 * that implement it and whether a policy has it on: "on", "off", or "n/a" where no policy setting decides it.
 */
public record Mitigation(String mitigation, String source, String implementedBy, String status) {
    private record Item(String text, String source, List<String> defenses) {
    }

    private static final List<Item> ITEMS = List.of(
            new Item("Threat model for adaptive adversaries who possess knowledge of your defenses", "section 5",
                    List.of()),
            new Item("Stop feeding inputs to the model and revealing answers once multiple \"wrong\" inputs are received (lockout)",
                    "section 3.1", List.of("lockout")),
            new Item("Detect and block queries meant to estimate the model's gradient (Chen et al., 2019)", "section 3.1",
                    List.of("query")),
            new Item("Reveal as little as each client needs (labels, not scores)", "section 3.1", List.of("harden")),
            new Item("Sanitize inputs: reject invalid inputs and strip what may trigger a flaw", "section 4.1",
                    List.of("validate", "sanitize")),
            new Item("Anomaly detection and outlier rejection", "section 4.1", List.of("ood")),
            new Item("Increase the cost of an attack with multiple models that sanity-check each other", "section 5",
                    List.of("crosscheck")),
            new Item("Introduce robust input modalities where adversarial inputs are inherently more costly", "section 5",
                    List.of("temporal")),
            new Item("Keep the model unchanged and guard it with hot-patchable defenses", "section 4.3", List.of()),
            new Item("Share knowledge of failures in a common database", "section 4.4", List.of()));

    /** The list for a policy (null: the target's policy is unknown, so every status is "unknown"). */
    public static List<Mitigation> of(Policy policy, boolean adaptiveRunsIncluded) {
        List<Mitigation> out = new ArrayList<>();
        for (Item item : ITEMS) {
            String by = item.defenses().isEmpty() ? "-" : String.join(", ", item.defenses());
            String status;
            if (item.text().startsWith("Threat model")) {
                status = adaptiveRunsIncluded ? "on (this report has adaptive runs)" : "off (no adaptive runs in this report)";
                by = "warden assess --adaptive";
            } else if (item.text().startsWith("Keep the model")) {
                status = "on (policies hot-reload)";
                by = "policy hot reload";
            } else if (item.text().startsWith("Share")) {
                status = "n/a (not a policy setting)";
                by = "warden failures";
            } else if (policy == null) {
                status = "unknown (remote target)";
            } else if (item.defenses().contains("harden")) {
                status = policy.hasDefense("harden") && anonymousSeesLessThanScores(policy) ? "on" : "off";
            } else {
                status = item.defenses().stream().anyMatch(policy::hasDefense) ? "on" : "off";
            }
            out.add(new Mitigation(item.text(), item.source(), by, status));
        }
        return out;
    }

    private static boolean anonymousSeesLessThanScores(Policy policy) {
        if (!policy.anonymous().allowed()) return true;
        Tier tier = policy.tiers().get(policy.anonymous().tier());
        return tier != null && tier.reveal() != Reveal.SCORES;
    }
}
