package dev.warden.assess.attack;

/** The distance an attack's success radius is measured in. */
public enum Norm {
    L2, LINF;

    public double distance(double[] a, double[] b) {
        return this == L2 ? Vectors.l2(a, b) : Vectors.linf(a, b);
    }

    public String label() {
        return this == L2 ? "L2" : "L-inf";
    }
}
