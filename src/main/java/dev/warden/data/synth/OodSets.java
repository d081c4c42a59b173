package dev.warden.data.synth;

import dev.warden.data.Samples;
import dev.warden.tensor.ColumnStripes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Out-of-distribution evaluation sets for a 28x28 grayscale clothing classifier: things that are not
 * Fashion-MNIST clothing, and clothing corrupted in ways the model was not trained for ({@code stripes}: the
 * random initialisation of the Square attack; {@code noisy}: uniform noise of the same radius). Each set is
 * generated from a seed (and, for {@code inverted}, {@code stripes} and {@code noisy}, from the in-distribution
 * images it changes), so the sets are reproducible and nobody picks the examples by hand.
 */
public final class OodSets {
    public static final List<String> NAMES = List.of("uniform", "gaussian", "inverted", "digits", "letters", "blank", "saturated", "stripes", "noisy");
    public static final int SIZE = 28;
    private static final int[] CHW = {1, SIZE, SIZE};
    private static final String DIGITS = "0123456789";
    private static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private OodSets() {
    }

    /** {@code count} images of set {@code name}, values in [0, 1], each 28x28 row-major. */
    public static List<double[]> generate(String name, int count, long seed, Samples inDistribution) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + name.hashCode());
        List<double[]> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(switch (name) {
                case "uniform" -> noise(random, false);
                case "gaussian" -> noise(random, true);
                case "inverted" -> inverted(inDistribution.image(i % inDistribution.count()));
                case "digits" -> Glyphs.render(DIGITS.charAt(random.nextInt(DIGITS.length())), SIZE, random);
                case "letters" -> Glyphs.render(LETTERS.charAt(random.nextInt(LETTERS.length())), SIZE, random);
                case "blank" -> flat(random, 0.0, 0.1);
                case "saturated" -> flat(random, 0.9, 1.0);
                case "stripes" -> ColumnStripes.of(inDistribution.image(i % inDistribution.count()), CHW, 0.2, random);
                case "noisy" -> uniformNoise(inDistribution.image(i % inDistribution.count()), random, 0.2);
                default -> throw new IllegalArgumentException("unknown OOD set '" + name + "' (known: " + String.join(", ", NAMES) + ")");
            });
        }
        return out;
    }

    public static String describe(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "uniform" -> "uniform noise, each pixel U[0, 1]";
            case "gaussian" -> "Gaussian noise, each pixel N(0.5, 0.25^2) clipped to [0, 1]";
            case "inverted" -> "test images inverted (1 - x)";
            case "digits" -> "digits 0-9 rendered from the JDK's logical fonts (random font, style, size, rotation, offset)";
            case "letters" -> "letters A-Z, a-z rendered the same way";
            case "blank" -> "blank frames: one grey level in [0, 0.1] plus noise of sd 0.01";
            case "saturated" -> "saturated frames: one grey level in [0.9, 1] plus noise of sd 0.01";
            case "stripes" -> "test images plus vertical stripes of +-0.2 (Square's L-inf initialisation), clipped";
            case "noisy" -> "test images plus uniform noise in [-0.2, 0.2] per pixel, clipped";
            default -> name;
        };
    }

    private static double[] noise(SplittableRandom random, boolean gaussian) {
        double[] img = new double[SIZE * SIZE];
        for (int i = 0; i < img.length; i++) {
            img[i] = gaussian ? clip(0.5 + 0.25 * gaussian(random)) : random.nextDouble();
        }
        return img;
    }

    private static double[] inverted(double[] image) {
        double[] img = new double[image.length];
        for (int i = 0; i < img.length; i++) img[i] = 1 - image[i];
        return img;
    }

    private static double[] uniformNoise(double[] image, SplittableRandom random, double eps) {
        double[] img = image.clone();
        for (int i = 0; i < img.length; i++) img[i] = clip(img[i] + random.nextDouble(-eps, eps));
        return img;
    }

    private static double[] flat(SplittableRandom random, double lo, double hi) {
        double level = random.nextDouble(lo, hi);
        double[] img = new double[SIZE * SIZE];
        for (int i = 0; i < img.length; i++) img[i] = clip(level + 0.01 * gaussian(random));
        return img;
    }

    static double gaussian(SplittableRandom random) {
        double u1 = random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }

    static double clip(double v) {
        return v < 0 ? 0 : v > 1 ? 1 : v;
    }
}
