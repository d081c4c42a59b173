package dev.warden.data;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * A folder of PNG/JPEG images in torchvision's ImageFolder layout: one subfolder per class, named by the
 * class (a label of the model, or its index), images anywhere below it. A folder holding images and no
 * subfolders is unlabelled data. Files are listed once and decoded one at a time when read. Grey-scale
 * images give one channel, every other kind three (RGB; an alpha channel is dropped).
 */
final class ImageFolderSource implements SampleSource {
    private final Path root;
    private final List<Path> files;
    private final List<String> labels;
    private final List<String> classes;

    private ImageFolderSource(Path root, List<Path> files, List<String> labels, List<String> classes) {
        this.root = root;
        this.files = List.copyOf(files);
        this.labels = labels;
        this.classes = List.copyOf(classes);
    }

    static ImageFolderSource open(Path root) {
        List<Path> subfolders;
        List<Path> loose;
        try (Stream<Path> entries = Files.list(root)) {
            List<Path> all = entries.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
            subfolders = all.stream().filter(Files::isDirectory).toList();
            loose = all.stream().filter(ImageFolderSource::isImage).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
        }
        if (!subfolders.isEmpty() && !loose.isEmpty()) {
            throw new DataFormatException("image folder " + root + " holds both images (" + loose.get(0).getFileName()
                    + ", ...) and subfolders (" + subfolders.get(0).getFileName() + ", ...): put every image in its class's subfolder, "
                    + "or keep unlabelled images in a folder without subfolders");
        }
        if (subfolders.isEmpty()) {
            if (loose.isEmpty()) throw new DataFormatException("image folder " + root + " holds no PNG or JPEG images");
            return new ImageFolderSource(root, loose, null, List.of());
        }
        List<Path> files = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<String> classes = new ArrayList<>();
        for (Path dir : subfolders) {
            List<Path> images = imagesBelow(dir);
            if (images.isEmpty()) continue;
            String name = dir.getFileName().toString();
            classes.add(name);
            for (Path f : images) {
                files.add(f);
                labels.add(name);
            }
        }
        if (files.isEmpty()) throw new DataFormatException("image folder " + root + " holds no PNG or JPEG images in its subfolders");
        return new ImageFolderSource(root, files, labels, classes);
    }

    private static List<Path> imagesBelow(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).filter(ImageFolderSource::isImage).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return !n.startsWith(".") && (n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg"));
    }

    @Override
    public Path path() {
        return root;
    }

    @Override
    public String format() {
        return "image folder";
    }

    @Override
    public int count() {
        return files.size();
    }

    @Override
    public boolean labelled() {
        return labels != null;
    }

    @Override
    public List<String> labelNames() {
        return classes;
    }

    @Override
    public RawSample read(int index) {
        Path file = files.get(index);
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new DataFormatException(file + ": cannot decode the image: " + e.getMessage(), e);
        }
        if (image == null) throw new DataFormatException(file + ": not a readable PNG or JPEG image");
        return new RawSample(file.toString(), pixels(image), dims(image), RawSample.Arrangement.HWC, true,
                labels == null ? null : labels.get(index));
    }

    private static boolean grey(BufferedImage image) {
        return image.getColorModel().getNumColorComponents() == 1 && image.getColorModel().getColorSpace().getType()
                == java.awt.color.ColorSpace.TYPE_GRAY && image.getType() != BufferedImage.TYPE_BYTE_INDEXED;
    }

    private static int[] dims(BufferedImage image) {
        return new int[]{image.getHeight(), image.getWidth(), grey(image) ? 1 : 3};
    }

    /** Grey levels straight from the raster (getRGB would apply a colour-space conversion to them); colour through getRGB. */
    private static double[] pixels(BufferedImage image) {
        int h = image.getHeight(), w = image.getWidth();
        if (grey(image)) {
            Raster raster = image.getRaster();
            int bits = image.getColorModel().getComponentSize(0);
            double scale = 255.0 / ((1 << bits) - 1);
            double[] out = new double[h * w];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) out[y * w + x] = bits == 8 ? raster.getSample(x, y, 0) : Math.round(raster.getSample(x, y, 0) * scale);
            }
            return out;
        }
        double[] out = new double[h * w * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = image.getRGB(x, y);
                int at = (y * w + x) * 3;
                out[at] = (rgb >> 16) & 0xff;
                out[at + 1] = (rgb >> 8) & 0xff;
                out[at + 2] = rgb & 0xff;
            }
        }
        return out;
    }

    @Override
    public String label(int index) {
        return labels == null ? null : labels.get(index);
    }

    @Override
    public String sha256() {
        return Digests.sha256(root, files);
    }
}
