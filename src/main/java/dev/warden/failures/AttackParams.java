package dev.warden.failures;

/**
 * The attack that produced a failure, enough to reproduce it: the attack's name (hsj, square, ...), the
 * norm its budget is measured in (l2, linf), the success radius, the queries it spent and its random seed.
 * Every part is optional.
 */
public record AttackParams(String attack, String norm, Double epsilon, Long queries, Long seed) {
    public AttackParams {
        if (epsilon != null && !(epsilon >= 0)) throw new IllegalArgumentException("epsilon must be >= 0");
        if (queries != null && queries < 0) throw new IllegalArgumentException("queries must be >= 0");
    }

    public boolean isEmpty() {
        return attack == null && norm == null && epsilon == null && queries == null && seed == null;
    }
}
