package dev.warden.fuzz.mutate;

/**
 * What a real camera or user can do to an input, declared up front: each mutation is drawn within these
 * bounds, and a chain has at most {@code maxChain} of them. Brightness and noise are fractions of the input
 * range; occlusion and sticker sizes fractions of the image side; feature steps fractions of each
 * feature's calibration range.
 */
public record MutationLimits(double brightness, double contrast, double rotationDegrees, int translationPixels, double scale,
                             double blurSigma, double noiseSigma, int jpegQualityMin, double occlusion, double sticker,
                             double featureStep, int maxChain) {
    public static final MutationLimits DEFAULTS = new MutationLimits(0.2, 0.3, 15, 3, 0.15, 1.0, 0.05, 20, 0.3, 0.25, 0.1, 4);

    public MutationLimits {
        check("brightness", brightness, 0, 1);
        check("contrast", contrast, 0, 0.95);
        check("rotationDegrees", rotationDegrees, 0, 180);
        check("translationPixels", translationPixels, 0, 1000);
        check("scale", scale, 0, 0.9);
        check("blurSigma", blurSigma, 0, 10);
        check("noiseSigma", noiseSigma, 0, 1);
        check("jpegQualityMin", jpegQualityMin, 1, 100);
        check("occlusion", occlusion, 0, 1);
        check("sticker", sticker, 0, 1);
        check("featureStep", featureStep, 0, 1);
        check("maxChain", maxChain, 1, 64);
    }

    private static void check(String name, double v, double min, double max) {
        if (!(v >= min && v <= max)) throw new IllegalArgumentException("mutation limit " + name + " must be in [" + min + ", " + max + "], not " + v);
    }
}
