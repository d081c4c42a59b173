package dev.warden.fuzz.mutate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** The mutations by name, and chains of them: drawing one within the limits and replaying one. */
public final class Mutators {
    public static final List<String> IMAGE_KINDS = List.of("brightness", "contrast", "rotation", "translation", "scale", "blur",
            "noise", "jpeg", "occlusion", "sticker");
    public static final List<String> TABULAR_KINDS = List.of("feature");
    private static final Map<String, Mutator> ALL = new LinkedHashMap<>();

    static {
        for (String k : List.of("brightness", "contrast", "noise", "blur")) ALL.put(k, new Photometric(k));
        for (String k : List.of("rotation", "translation", "scale")) ALL.put(k, new Geometric(k));
        ALL.put("jpeg", new JpegReencode());
        ALL.put("occlusion", new Occlusion(false));
        ALL.put("sticker", new Occlusion(true));
        ALL.put("feature", new FeaturePerturbation());
    }

    private final InputSpace space;
    private final MutationLimits limits;
    private final List<Mutator> usable;

    /** {@code kinds} empty: every kind that fits the input (images or feature rows). */
    public Mutators(InputSpace space, MutationLimits limits, List<String> kinds) {
        this.space = space;
        this.limits = limits;
        List<String> fitting = space.image() ? IMAGE_KINDS : TABULAR_KINDS;
        List<Mutator> u = new ArrayList<>();
        for (String k : kinds.isEmpty() ? fitting : kinds) {
            if (!ALL.containsKey(k)) throw new IllegalArgumentException("unknown mutation '" + k + "' (known: " + ALL.keySet() + ")");
            if (!fitting.contains(k)) throw new IllegalArgumentException("mutation '" + k + "' does not apply to " + (space.image() ? "images" : "feature rows"));
            u.add(ALL.get(k));
        }
        this.usable = List.copyOf(u);
    }

    public InputSpace space() {
        return space;
    }

    public MutationLimits limits() {
        return limits;
    }

    /** One mutation of a kind drawn uniformly from the usable ones. */
    public Mutation draw(SplittableRandom random) {
        return usable.get(random.nextInt(usable.size())).draw(random, limits, space);
    }

    /** Applies a chain to a seed input, in order. */
    public double[] apply(double[] seed, List<Mutation> chain) {
        double[] x = seed;
        for (Mutation m : chain) {
            Mutator mutator = ALL.get(m.kind());
            if (mutator == null) throw new IllegalArgumentException("unknown mutation '" + m.kind() + "'");
            x = mutator.apply(x, m, space);
        }
        return x == seed ? seed.clone() : x;
    }
}
