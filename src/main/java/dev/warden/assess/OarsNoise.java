package dev.warden.assess;

/** The noise scale an OARS adversary has learned so far on one image: grown by rejections, shrunk by answers. */
final class OarsNoise {
    private final Oars settings;
    private double scale;
    private double largest;

    OarsNoise(Oars settings) {
        this.settings = settings;
        this.scale = settings.start();
        this.largest = scale;
    }

    double scale() {
        return scale;
    }

    /** The largest scale it had to reach. */
    double largest() {
        return largest;
    }

    void rejected() {
        scale = Math.min(settings.cap(), scale * settings.grow());
        largest = Math.max(largest, scale);
    }

    void answered() {
        scale = Math.max(settings.floor(), scale * settings.shrink());
    }
}
