package dev.warden.data.synth;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Renders characters as 28x28 grayscale images the way MNIST-style data looks (light glyph on black, centred),
 * with Java2D headless, in the JDK's logical fonts (serif, sans-serif, monospaced; plain, bold, italic), each
 * at a random size, rotation and offset. Which physical font a logical one maps to depends on the fonts
 * installed (Debian: fonts-dejavu-core).
 */
public final class Glyphs {
    static final List<String> FAMILIES = List.of(Font.SANS_SERIF, Font.SERIF, Font.MONOSPACED);
    static final int[] STYLES = {Font.PLAIN, Font.BOLD, Font.ITALIC};

    static {
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    private Glyphs() {
    }

    /** One image of {@code c}, values in [0, 1], row-major, {@code size} x {@code size}. */
    public static double[] render(char c, int size, SplittableRandom random) {
        String family = FAMILIES.get(random.nextInt(FAMILIES.size()));
        int style = STYLES[random.nextInt(STYLES.length)];
        float points = (float) (size * (0.6 + 0.3 * random.nextDouble()));
        double angle = Math.toRadians(random.nextDouble(-15, 15));
        double dx = random.nextDouble(-2, 2);
        double dy = random.nextDouble(-2, 2);
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            Font font = new Font(family, style, 1).deriveFont(points);
            FontRenderContext frc = g.getFontRenderContext();
            GlyphVector gv = font.createGlyphVector(frc, String.valueOf(c));
            Rectangle2D box = gv.getVisualBounds();
            AffineTransform at = new AffineTransform();
            at.translate(size / 2.0 + dx, size / 2.0 + dy);
            at.rotate(angle);
            at.translate(-box.getCenterX(), -box.getCenterY());
            g.setTransform(at);
            g.setColor(java.awt.Color.WHITE);
            g.fill(gv.getOutline());
        } finally {
            g.dispose();
        }
        Raster r = img.getRaster();
        double[] out = new double[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) out[y * size + x] = r.getSample(x, y, 0) / 255.0;
        }
        return out;
    }
}
