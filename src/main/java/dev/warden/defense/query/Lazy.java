package dev.warden.defense.query;

import java.util.function.Supplier;

/**
 * A value built on first use and kept, for what needs a state store that may be unreachable at start (a
 * fingerprinter keyed with the store's secret): a failed build throws to the caller and is tried again on the
 * next use. Two threads may both build it the first time; either result is the same.
 */
public final class Lazy<T> implements Supplier<T> {
    private final Supplier<T> build;
    private volatile T value;

    public Lazy(Supplier<T> build) {
        this.build = build;
    }

    @Override
    public T get() {
        T v = value;
        if (v == null) {
            v = build.get();
            value = v;
        }
        return v;
    }
}
