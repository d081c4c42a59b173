package dev.warden.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The Markdown table of {@code bench benign-traffic}: one row per policy and scenario. */
public final class BenignTrafficTable {
    private BenignTrafficTable() {
    }

    public static String markdown(List<String> policies, List<BenignTraffic.Result> results, String command, int firstImage, int lastImage) {
        StringBuilder out = new StringBuilder();
        out.append("```\n").append(command).append("\n```\n\n");
        out.append(String.format(Locale.ROOT, "Fashion-MNIST test images %d to %d (outside the bundled subset), each sent once; simulated clock. \"Hurt\" leaves out ood's refusals (inputs unlike the training data, at its calibrated rate).%n%n",
                firstImage, lastImage - 1));
        out.append("| policy | scenario | queries | refused (by defense) | emptied | locked out | hurt (refused as attack, emptied, locked out) | accounts hurt / banned | detector signals (by defense) | accuracy of answered | answered below a scores tier (warm-up, degradation) |\n");
        out.append("|---|---|---:|---|---:|---:|---:|---:|---|---:|---:|\n");
        for (int i = 0; i < results.size(); i++) out.append(row(policies.get(i), results.get(i))).append('\n');
        return out.toString();
    }

    public static String row(String policy, BenignTraffic.Result r) {
        BenignTraffic.Scenario s = r.scenario();
        String scenario = String.format(Locale.ROOT, "%s: %d accounts (%s) x %d images at %.3g/s, jitter %.2f, %.0f s", s.name(), s.accounts(), s.tier(),
                s.imagesPerAccount(), s.rate(), s.jitter(), r.simulatedSeconds());
        return String.format(Locale.ROOT, "| %s | %s | %d | %s | %d | %d | %d (%.3f%%) | %d / %d | %s | %.2f%% | %d |", policy, scenario, r.queries(),
                counts(r.refusedAsAttack()), r.emptied(), r.lockedOut(), r.hurt(), 100 * r.hurtShare(), r.accountsHurt(), r.accountsBanned(),
                counts(r.strikeCauses()), r.answered() == 0 ? 0 : 100.0 * r.correct() / r.answered(), r.restricted());
    }

    private static String counts(Map<String, Integer> byDefense) {
        if (byDefense.isEmpty()) return "0";
        StringBuilder b = new StringBuilder();
        byDefense.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
        return b.toString();
    }
}
