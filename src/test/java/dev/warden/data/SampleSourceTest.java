package dev.warden.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each reader on small files written here in its real format: what it reads, its labels, and the errors it gives. */
class SampleSourceTest {
    @TempDir
    Path dir;

    @Test
    void imageFolderReadsGreyAndRgbImagesWithTheirSubfolderAsLabel() throws IOException {
        BufferedImage grey = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(2, 1, 0, 200);
        BufferedImage rgb = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(1, 0, 0x102030);
        Files.createDirectories(dir.resolve("imgs/Sandal"));
        Files.createDirectories(dir.resolve("imgs/Bag/nested"));
        ImageIO.write(grey, "png", dir.resolve("imgs/Sandal/a.png").toFile());
        ImageIO.write(rgb, "png", dir.resolve("imgs/Bag/nested/b.PNG").toFile());
        Files.writeString(dir.resolve("imgs/Bag/notes.txt"), "not an image");

        SampleSource source = SampleSource.open(dir.resolve("imgs"));
        assertThat(source.format()).isEqualTo("image folder");
        assertThat(source.count()).isEqualTo(2);
        assertThat(source.labelNames()).containsExactly("Bag", "Sandal");
        RawSample bag = source.read(0);
        assertThat(bag.label()).isEqualTo("Bag");
        assertThat(bag.dims()).containsExactly(2, 3, 3);
        assertThat(bag.pixels()).isTrue();
        assertThat(bag.values()[3]).isEqualTo(0x10);
        assertThat(bag.values()[4]).isEqualTo(0x20);
        assertThat(bag.values()[5]).isEqualTo(0x30);
        RawSample sandal = source.read(1);
        assertThat(sandal.dims()).containsExactly(2, 3, 1);
        assertThat(sandal.values()[5]).isEqualTo(200);
        assertThat(sandal.values()[0]).isZero();
    }

    @Test
    void aFolderOfLooseImagesIsUnlabelledAndAMixedOneIsRefused() throws IOException {
        Files.createDirectories(dir.resolve("loose"));
        ImageIO.write(new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_GRAY), "png", dir.resolve("loose/1.png").toFile());
        SampleSource loose = SampleSource.open(dir.resolve("loose"));
        assertThat(loose.labelled()).isFalse();
        assertThat(loose.read(0).label()).isNull();

        Files.createDirectories(dir.resolve("loose/cat"));
        assertThatThrownBy(() -> SampleSource.open(dir.resolve("loose"))).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("both images").hasMessageContaining("subfolders");
        Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> SampleSource.open(dir.resolve("empty"))).hasMessageContaining("no PNG or JPEG images");
    }

    @Test
    void npzHoldsUint8PixelsInXAndIntegerLabelsInY() throws IOException {
        int[] pixels = new int[2 * 2 * 2 * 3];
        for (int i = 0; i < pixels.length; i++) pixels[i] = i * 10;
        Map<String, byte[]> arrays = new LinkedHashMap<>();
        arrays.put("x", NpyFiles.uint8(new long[]{2, 2, 2, 3}, pixels));
        arrays.put("y", NpyFiles.int64(new long[]{2}, new long[]{7, 3}));
        SampleSource source = SampleSource.open(NpyFiles.npz(dir.resolve("signs.npz"), arrays));
        assertThat(source.format()).isEqualTo("NPZ");
        assertThat(source.count()).isEqualTo(2);
        assertThat(source.labelNames()).containsExactly("3", "7");
        RawSample second = source.read(1);
        assertThat(second.label()).isEqualTo("3");
        assertThat(second.pixels()).isTrue();
        assertThat(second.arrangement()).isEqualTo(RawSample.Arrangement.ARRAY);
        assertThat(second.dims()).containsExactly(2, 2, 3);
        assertThat(second.values()[0]).isEqualTo(120);
        assertThat(second.values()[11]).isEqualTo(230);
    }

    @Test
    void npyOfFloatsIsFeaturesInModelUnitsLabelledByItsLabelsFile() throws IOException {
        NpyFiles.write(dir.resolve("tab.npy"), NpyFiles.float32(new long[]{3, 2}, new double[]{0.5, -1, 2, 3, 4.25, 5}));
        SampleSource unlabelled = SampleSource.open(dir.resolve("tab.npy"));
        assertThat(unlabelled.labelled()).isFalse();
        RawSample row = unlabelled.read(2);
        assertThat(row.values()).containsExactly(4.25, 5);
        assertThat(row.pixels()).isFalse();
        assertThat(row.arrangement()).isEqualTo(RawSample.Arrangement.FEATURES);

        NpyFiles.write(dir.resolve("tab-labels.npy"), NpyFiles.int64(new long[]{3}, new long[]{0, 1, 1}));
        SampleSource labelled = SampleSource.open(dir.resolve("tab.npy"));
        assertThat(labelled.label(1)).isEqualTo("1");
    }

    @Test
    void malformedArraysAreRefusedNamingTheProblem() throws IOException {
        byte[] good = NpyFiles.float32(new long[]{2, 2}, new double[]{1, 2, 3, 4});
        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 3);
        NpyFiles.write(dir.resolve("cut.npy"), truncated);
        assertThatThrownBy(() -> SampleSource.open(dir.resolve("cut.npy"))).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("the header declares [2, 2]").hasMessageContaining("13 bytes follow");
        NpyFiles.write(dir.resolve("c.npy"), NpyFiles.npy("<c16", new long[]{1}, new byte[16]));
        assertThatThrownBy(() -> SampleSource.open(dir.resolve("c.npy"))).hasMessageContaining("is not supported");
        Files.writeString(dir.resolve("text.npy"), "hello, world");
        assertThatThrownBy(() -> SampleSource.open(dir.resolve("text.npy"))).hasMessageContaining("not an NPY array");
        NpyFiles.npz(dir.resolve("other.npz"), Map.of("images", good));
        assertThatThrownBy(() -> SampleSource.open(dir.resolve("other.npz")))
                .hasMessageContaining("no array 'x'").hasMessageContaining("[images]");
        NpyFiles.npz(dir.resolve("ragged.npz"), Map.of("x", good, "y", NpyFiles.int64(new long[]{3}, new long[]{1, 2, 3})));
        assertThatThrownBy(() -> SampleSource.open(dir.resolve("ragged.npz"))).hasMessageContaining("y must be [2]");
    }

    @Test
    void csvHasAHeaderALabelColumnAndFeaturesInColumnOrder() throws IOException {
        Files.writeString(dir.resolve("t.csv"), "age,label,chol\n63,1,233\n 37 ,0,250.5\n");
        SampleSource source = SampleSource.open(dir.resolve("t.csv"));
        assertThat(source.format()).isEqualTo("CSV");
        assertThat(source.count()).isEqualTo(2);
        assertThat(source.read(1).values()).containsExactly(37, 250.5);
        assertThat(source.read(1).label()).isEqualTo("0");
        assertThat(source.labelNames()).containsExactly("1", "0");

        Files.writeString(dir.resolve("bad.csv"), "a,b,label\n1,2,x\n1,oops,y\n");
        assertThatThrownBy(() -> SampleSource.open(dir.resolve("bad.csv")))
                .hasMessageContaining("line 3, column 'b': 'oops' is not a finite number");
        Files.writeString(dir.resolve("short.csv"), "a,b\n1,2\n3\n");
        assertThatThrownBy(() -> SampleSource.open(dir.resolve("short.csv"))).hasMessageContaining("line 3 has 1 values, the header 2");
        Files.writeString(dir.resolve("nolabel.csv"), "a,b\n1,2\n");
        assertThat(SampleSource.open(dir.resolve("nolabel.csv")).labelled()).isFalse();
    }

    @Test
    void theFormatGoesByFolderOrExtensionAndAnUnknownOneListsTheSupportedOnes() throws IOException {
        Files.writeString(dir.resolve("data.parquet"), "PAR1");
        assertThatThrownBy(() -> SampleSource.open(dir.resolve("data.parquet"))).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("not in a supported format")
                .hasMessageContaining("PNG/JPEG").hasMessageContaining(".npy").hasMessageContaining(".npz")
                .hasMessageContaining(".csv").hasMessageContaining("IDX");
        assertThatThrownBy(() -> SampleSource.open(dir.resolve("missing.csv"))).hasMessageContaining("not found");
        SampleSource idx = SampleSource.open(Path.of("data/fashion-test-2000-images-idx3-ubyte.gz"));
        assertThat(idx.format()).isEqualTo("IDX");
        assertThat(idx.count()).isEqualTo(2000);
        assertThat(idx.label(0)).isEqualTo("9");
        assertThat(idx.read(0).dims()).containsExactly(28, 28, 1);
    }
}
