package dev.warden.assess;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.assess.attack.Attacks;
import dev.warden.assess.attack.Needs;
import dev.warden.policy.PolicyLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Who the adversary is, from a YAML file: what answers it gets ({@code access: labels | scores}), how many
 * accounts it holds, its budget per sample ({@code budget.queries}, {@code budget.seconds}), whether it
 * knows which defenses are on ({@code knowsDefenses}), and optionally which attacks, how many samples and
 * which radii ({@code eps.l2}, {@code eps.linf}). It selects the attacks (every one its access allows,
 * unless listed) and the adversary models: one account; K accounts (Sybil) when K > 1; when it knows the
 * defenses, K accounts adaptive; with {@code disguise} (noise per pixel), the adaptive one again with every
 * query disguised; and with {@code oars} ({@code default} or OARS settings as {@code key=value,...}), K adaptive
 * accounts that learn their disguise from the defense's rejections (see {@link Adversary}, {@link Oars}).
 */
public record ThreatModel(String access, Integer accounts, BudgetSpec budget, Boolean knowsDefenses,
                          List<String> attacks, Integer samples, EpsSpec eps, Double disguise, String oars) {
    public record BudgetSpec(Long queries, Long seconds) {
        public BudgetSpec {
            if (queries != null && queries < 1) throw new IllegalArgumentException("queries must be >= 1");
            if (seconds != null && seconds < 1) throw new IllegalArgumentException("seconds must be >= 1");
        }
    }

    public record EpsSpec(Double l2, Double linf) {
        public EpsSpec {
            if (l2 != null && !(l2 > 0)) throw new IllegalArgumentException("l2 must be > 0");
            if (linf != null && !(linf > 0 && linf <= 1)) throw new IllegalArgumentException("linf must be in (0, 1]");
        }
    }

    public ThreatModel {
        access = access == null ? null : access.toLowerCase(Locale.ROOT);
        if (!"labels".equals(access) && !"scores".equals(access)) throw new IllegalArgumentException("access must be labels or scores");
        accounts = accounts == null ? 1 : accounts;
        if (accounts < 1) throw new IllegalArgumentException("accounts must be >= 1");
        budget = budget == null ? new BudgetSpec(null, null) : budget;
        knowsDefenses = knowsDefenses != null && knowsDefenses;
        attacks = attacks == null ? List.of() : attacks.stream().map(Attacks::canonical).toList();
        if (samples != null && samples < 1) throw new IllegalArgumentException("samples must be >= 1");
        eps = eps == null ? new EpsSpec(null, null) : eps;
        disguise = disguise == null ? 0 : disguise;
        if (!(disguise >= 0 && disguise <= 0.5)) throw new IllegalArgumentException("disguise must be between 0 and 0.5");
        if (oars != null) {
            try {
                Oars.parse(oars);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("oars: " + e.getMessage());
            }
        }
        if ("labels".equals(access)) {
            for (String a : attacks) {
                if (Attacks.needs(a) == Needs.SCORES) throw new IllegalArgumentException("attacks: " + a + " needs scores but access is labels");
            }
        }
    }

    public static ThreatModel load(Path file) {
        try {
            JsonNode root = PolicyLoader.YAML.readTree(Files.readString(file));
            if (root == null || !root.isObject()) throw new IllegalArgumentException(file + ": a threat model is a YAML mapping");
            return PolicyLoader.bindNode(root, "threat model", ThreatModel.class, file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read threat model " + file + ": " + e.getMessage());
        }
    }

    public List<String> selectedAttacks() {
        if (!attacks.isEmpty()) return attacks;
        return access.equals("labels") ? Attacks.NAMES.stream().filter(a -> Attacks.needs(a) == Needs.LABELS).toList() : Attacks.NAMES;
    }

    public List<Adversary> adversaries() {
        List<Adversary> out = new ArrayList<>();
        out.add(Adversary.of(1, false));
        if (accounts > 1) out.add(Adversary.of(accounts, false));
        if (knowsDefenses) out.add(Adversary.of(accounts, true));
        if (disguise > 0) out.add(Adversary.of(accounts, true).withDisguise(disguise));
        if (oars != null) out.add(Adversary.of(accounts, true).withOars(Oars.parse(oars)));
        return out;
    }

    public Budget budgetOr(long defaultQueries) {
        return new Budget(budget.queries() != null ? budget.queries() : defaultQueries,
                budget.seconds() != null ? Duration.ofSeconds(budget.seconds()) : null);
    }

    public Double epsFor(String attack) {
        return Attacks.norm(attack) == dev.warden.assess.attack.Norm.L2 ? eps.l2() : eps.linf();
    }
}
