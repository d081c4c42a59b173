package dev.warden.assess.attack;

import dev.warden.guard.Reveal;
import java.util.List;
import java.util.Locale;

/**
 * The attacks by name, each with the default settings of its reference implementation (ART) and the
 * default success radius of the run: L2 3.0 for the decision-based attacks, L-inf 0.2 for the others.
 */
public final class Attacks {
    public static final List<String> NAMES = List.of(HopSkipJump.NAME, Boundary.NAME, Simba.NAME, Square.NAME, Nes.NAME);
    public static final double DEFAULT_L2_EPS = 3.0;
    public static final double DEFAULT_LINF_EPS = 0.2;

    private Attacks() {
    }

    public static String canonical(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.equals("hopskipjump")) n = HopSkipJump.NAME;
        if (n.equals("simba-dct")) n = Simba.NAME;
        if (!NAMES.contains(n)) throw new IllegalArgumentException("unknown attack '" + name + "' (known: " + String.join(", ", NAMES) + ")");
        return n;
    }

    public static Norm norm(String name) {
        String n = canonical(name);
        return n.equals(HopSkipJump.NAME) || n.equals(Boundary.NAME) ? Norm.L2 : Norm.LINF;
    }

    public static Needs needs(String name) {
        String n = canonical(name);
        return n.equals(HopSkipJump.NAME) || n.equals(Boundary.NAME) ? Needs.LABELS : Needs.SCORES;
    }

    public static double defaultEps(String name) {
        return norm(name) == Norm.L2 ? DEFAULT_L2_EPS : DEFAULT_LINF_EPS;
    }

    /**
     * Builds an attack for a target that reveals {@code reveals}; refused (UnsupportedTargetException) when
     * the target cannot give what the attack needs. {@code budget} spreads Square's schedule.
     */
    public static Attack create(String name, double eps, long budget, Reveal reveals) {
        int iterations = (int) Math.max(1, Math.min(Integer.MAX_VALUE, budget));
        return switch (canonical(name)) {
            case HopSkipJump.NAME -> new HopSkipJump(HopSkipJumpParams.defaults(), reveals);
            case Boundary.NAME -> new Boundary(BoundaryParams.defaults(), reveals);
            case Simba.NAME -> new Simba(SimbaParams.defaults(eps), reveals);
            case Square.NAME -> new Square(new SquareParams(eps, SquareParams.P_INIT, iterations), reveals);
            case Nes.NAME -> new Nes(NesParams.defaults(eps), reveals);
            default -> throw new IllegalStateException(name);
        };
    }
}
