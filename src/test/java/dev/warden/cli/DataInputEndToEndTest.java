package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.calibrate.CalibrationFile;
import dev.warden.calibrate.ModelInputs;
import dev.warden.data.FashionMnist;
import dev.warden.data.LabeledImages;
import dev.warden.data.ModelSamples;
import dev.warden.data.SampleSource;
import dev.warden.model.ModelMetadata;
import dev.warden.model.OnnxModel;
import dev.warden.server.TestServer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled test images written here as a PNG folder (ImageFolder layout), an .npz and a CSV, then used with
 * the real fashion-cnn by calibrate, infer and assess: each format gives exactly the IDX reader's inputs, and
 * data that does not fit the model is a usage error naming both shapes.
 */
class DataInputEndToEndTest {
    static final int N = 60;
    static final Path CNN = Path.of("models/fashion-cnn.onnx");
    @TempDir
    static Path dir;
    static LabeledImages idx;
    static ModelMetadata meta;

    @BeforeAll
    static void writeTheData() throws IOException {
        idx = FashionMnist.bundledTest(Path.of(""));
        try (OnnxModel model = OnnxModel.load(CNN)) {
            meta = model.metadata();
        }
        byte[] pixels = idx.images().pixels();
        StringBuilder csv = new StringBuilder();
        for (int p = 0; p < 784; p++) csv.append("p").append(p).append(',');
        csv.append("label\n");
        for (int i = 0; i < N; i++) {
            int label = idx.label(i);
            // "T-shirt/top" cannot be a folder name: that class's folder is its index, the others their label
            String folder = label == 0 ? "0" : meta.labels().get(label);
            Path file = dir.resolve("png").resolve(folder).resolve(String.format("%03d.png", i));
            Files.createDirectories(file.getParent());
            BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            for (int p = 0; p < 784; p++) image.getRaster().setSample(p % 28, p / 28, 0, pixels[i * 784 + p] & 0xff);
            ImageIO.write(image, "png", file.toFile());
            for (int p = 0; p < 784; p++) csv.append((pixels[i * 784 + p] & 0xff) / 255.0).append(',');
            csv.append(meta.labels().get(label)).append('\n');
        }
        Files.writeString(dir.resolve("fashion.csv"), csv);
        writeNpz(dir.resolve("fashion.npz"), pixels);
    }

    /** x: uint8 [N, 28, 28], y: int64 [N], as numpy.savez writes them. */
    private static void writeNpz(Path file, byte[] pixels) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("x.npy"));
            zip.write(npyHeader("|u1", "(" + N + ", 28, 28)"));
            zip.write(pixels, 0, N * 784);
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("y.npy"));
            zip.write(npyHeader("<i8", "(" + N + ",)"));
            ByteBuffer y = ByteBuffer.allocate(N * 8).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < N; i++) y.putLong(idx.label(i));
            zip.write(y.array());
            zip.closeEntry();
        }
    }

    private static byte[] npyHeader(String descr, String shape) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        String header = dict + " ".repeat((64 - (11 + dict.length()) % 64) % 64) + "\n";
        byte[] h = header.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(10 + h.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[]{(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) h.length).put(h);
        return b.array();
    }

    @Test
    void everyFormatGivesTheModelExactlyTheIdxInputsAndLabels() {
        for (String data : new String[]{"png", "fashion.npz", "fashion.csv"}) {
            ModelSamples samples = ModelInputs.samples(SampleSource.open(dir.resolve(data)), meta, null, null);
            assertThat(samples.count()).as(data).isEqualTo(N);
            for (int i = 0; i < N; i++) {
                // the folder lists class by class, so find each PNG's IDX index by its file name
                int at = data.equals("png") ? Integer.parseInt(samples.sampleSource().read(i).origin().replaceAll(".*/(\\d+)\\.png$", "$1")) : i;
                assertThat(samples.image(i)).as(data + " sample " + i).containsExactly(idx.image(at));
                assertThat(samples.label(i)).as(data + " label " + i).isEqualTo(idx.label(at));
            }
        }
    }

    @Test
    void calibrateFitsOnAnImageFolder() {
        Path policy = dir.resolve("p.yaml");
        write(policy, """
                version: 1
                calibration: cal.json
                models:
                  - {name: fashion-cnn, path: %s}
                defenses:
                  - type: ood
                """.formatted(CNN.toAbsolutePath()));
        WardenCommandTest.Run ok = WardenCommandTest.run("calibrate", "--policy", policy.toString(), "--data", dir.resolve("png").toString());
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(ok.err()).contains("image folder, " + N + " samples");
        CalibrationFile c = CalibrationFile.read(dir.resolve("cal.json"));
        assertThat(c.images()).isEqualTo(N);
        assertThat(c.data()).isEqualTo(dir.resolve("png").toString());
        assertThat(c.dataSha256()).isEqualTo(SampleSource.open(dir.resolve("png")).sha256()).hasSize(64);
        assertThat(c.models().get("fashion-cnn").defenses()).singleElement().satisfies(s -> assertThat(s.type()).isEqualTo("ood"));

        WardenCommandTest.Run badFlag = WardenCommandTest.run("calibrate", "--policy", policy.toString(), "--data", dir.resolve("png").toString(),
                "--resize", "3by3");
        assertThat(badFlag.exit()).isEqualTo(2);
        assertThat(badFlag.err()).contains("resize '3by3' is not HEIGHTxWIDTH").doesNotContain("benign data");
        WardenCommandTest.Run wrongSize = WardenCommandTest.run("calibrate", "--policy", policy.toString(), "--data", dir.resolve("png").toString(),
                "--resize", "32x32");
        assertThat(wrongSize.exit()).isEqualTo(2);
        assertThat(wrongSize.err()).contains("--resize 32x32 does not match input 'input', which takes 28x28 images");

        WardenCommandTest.Run tabular = WardenCommandTest.run("calibrate", "--policy", policy.toString(), "--data", tabularCsv().toString());
        assertThat(tabular.exit()).isEqualTo(2);
        assertThat(tabular.err().lines().filter(l -> l.startsWith("warden:"))).hasSize(1);
        assertThat(tabular.err()).doesNotContain("\tat ");
        assertThat(tabular.err()).contains("has shape [13] (13 values)", "input 'input' FP32 [1, 28, 28] (NCHW) takes 784");
    }

    @Test
    void inferSendsCsvSamplesAndReportsTheAccuracy() throws IOException {
        Path serverDir = Files.createDirectories(dir.resolve("server"));
        try (TestServer server = TestServer.start(serverDir, TestServer.cnnPolicy("anonymous: {allowed: true, tier: label}\n"), Duration.ofMinutes(5))) {
            WardenCommandTest.Run fromCsv = WardenCommandTest.run("infer", "--url", server.url(), "--data", dir.resolve("fashion.csv").toString(),
                    "-n", "20", "--batch", "8");
            WardenCommandTest.Run fromIdx = WardenCommandTest.run("infer", "--url", server.url(), "-n", "20", "--batch", "8");
            assertThat(fromCsv.exit()).as(fromCsv.err()).isZero();
            assertThat(fromCsv.out()).contains("0\tAnkle boot\t(true: Ankle boot)").contains("accuracy: ");
            assertThat(fromCsv.out()).isEqualTo(fromIdx.out());

            Path unlabelled = dir.resolve("unlabelled");
            Files.createDirectories(unlabelled);
            Files.copy(dir.resolve("png/Trouser").toFile().listFiles()[0].toPath(), unlabelled.resolve("one.png"));
            WardenCommandTest.Run noLabels = WardenCommandTest.run("infer", "--url", server.url(), "--data", unlabelled.toString());
            assertThat(noLabels.exit()).as(noLabels.err()).isZero();
            assertThat(noLabels.out()).isEqualTo("0\tTrouser\n");
        }
    }

    @Test
    void assessAttacksTheSamplesOfAnNpz() throws IOException {
        Path out = dir.resolve("assess");
        WardenCommandTest.Run ok = WardenCommandTest.run("assess", "--target", "model:" + CNN, "--attack", "simba", "--samples", "2",
                "--budget", "50", "--data", dir.resolve("fashion.npz").toString(), "--out", out.toString());
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(Files.readString(out.resolve("report.json"))).contains("simba");

        WardenCommandTest.Run rgb = WardenCommandTest.run("assess", "--target", "model:" + CNN, "--attack", "simba",
                "--data", rgbNpz().toString(), "--out", out.toString());
        assertThat(rgb.exit()).isEqualTo(2);
        assertThat(rgb.err()).contains("has shape [32, 32, 3]", "[1, 28, 28]").doesNotContain("arraycopy");
        WardenCommandTest.Run unlabelled = WardenCommandTest.run("assess", "--target", "model:" + CNN, "--attack", "simba",
                "--data", dir.resolve("unlabelled-x.npy").toString(), "--out", out.toString());
        assertThat(unlabelled.exit()).isEqualTo(2);
        assertThat(unlabelled.err()).contains("has no labels, and assess");
    }

    @Test
    void benchAndEvaluateTakeTheDataOrSayWhyNot() throws IOException {
        WardenCommandTest.Run bench = WardenCommandTest.run("bench", "guard-overhead", "--iterations", "100", "--warmup", "20",
                "--data", dir.resolve("fashion.npz").toString());
        assertThat(bench.exit()).as(bench.err()).isZero();
        WardenCommandTest.Run misfit = WardenCommandTest.run("bench", "guard-overhead", "--data", rgbNpz().toString());
        assertThat(misfit.exit()).isEqualTo(2);
        assertThat(misfit.err()).contains("has shape [32, 32, 3]");
        WardenCommandTest.Run sanitize = WardenCommandTest.run("evaluate", "sanitize", "--policy", "policies/default.yaml",
                "--data", dir.resolve("unlabelled-x.npy").toString());
        assertThat(sanitize.exit()).isEqualTo(2);
        assertThat(sanitize.err()).contains("has no labels, and evaluate sanitize needs them");
    }

    private static Path tabularCsv() {
        StringBuilder b = new StringBuilder();
        for (int f = 0; f < 13; f++) b.append("f").append(f).append(',');
        b.append("label\n");
        for (int r = 0; r < 3; r++) b.append("1,".repeat(13)).append(r % 2).append('\n');
        Path file = dir.resolve("heart.csv");
        write(file, b.toString());
        return file;
    }

    private static Path rgbNpz() throws IOException {
        Path file = dir.resolve("signs.npz");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("x.npy"));
            zip.write(npyHeader("|u1", "(2, 32, 32, 3)"));
            zip.write(new byte[2 * 32 * 32 * 3]);
            zip.putNextEntry(new ZipEntry("y.npy"));
            zip.write(npyHeader("<i8", "(2,)"));
            zip.write(new byte[16]);
            zip.closeEntry();
        }
        Path x = dir.resolve("unlabelled-x.npy");
        try (var o = Files.newOutputStream(x)) {
            o.write(npyHeader("|u1", "(2, 28, 28)"));
            o.write(new byte[2 * 784]);
        }
        return file;
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
