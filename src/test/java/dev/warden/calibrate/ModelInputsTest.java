package dev.warden.calibrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.data.DataFormatException;
import dev.warden.data.InputConversion;
import dev.warden.data.InputLayout;
import dev.warden.data.ModelSamples;
import dev.warden.data.Resize;
import dev.warden.data.SampleSource;
import dev.warden.model.Model;
import dev.warden.model.ModelMetadata;
import dev.warden.model.TensorSpec;
import dev.warden.model.ValueRange;
import dev.warden.tensor.DataType;
import dev.warden.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model metadata to conversion, for the three kinds of model the issue names: an RGB NCHW [N, 3, 32, 32]
 * classifier taking [0, 1] pixels, the same network taking UINT8 NHWC [N, 32, 32, 3], and a 13-feature
 * tabular classifier; and batches that stay under a remote backend's body limit.
 */
class ModelInputsTest {
    @TempDir
    Path dir;

    private static ModelMetadata meta(DataType type, long[] shape, String layout, ValueRange range, List<String> labels) {
        return new ModelMetadata("m", null, null, List.of(new TensorSpec("input", type, shape)),
                List.of(new TensorSpec("logits", DataType.FP32, new long[]{-1, 2})), labels, range, layout, null, null, null, null);
    }

    @Test
    void oneImageFolderFeedsTheNchwFloatAndTheNhwcUint8VersionOfANetwork() throws IOException {
        BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        image.setRGB(5, 2, 0xff8000);
        Files.createDirectories(dir.resolve("signs/stop"));
        ImageIO.write(image, "png", dir.resolve("signs/stop/1.png").toFile());
        SampleSource folder = SampleSource.open(dir.resolve("signs"));

        ModelMetadata nchw = meta(DataType.FP32, new long[]{-1, 3, 32, 32}, "NCHW", new ValueRange(0, 1), List.of("go", "stop"));
        ModelSamples floats = ModelInputs.samples(folder, nchw, null, null);
        assertThat(floats.label(0)).isEqualTo(1);
        double[] x = floats.image(0);
        assertThat(x[2 * 32 + 5]).isEqualTo(1.0);                   // R of (y=2, x=5)
        assertThat(x[1024 + 2 * 32 + 5]).isEqualTo(128 / 255.0);   // G
        assertThat(x[2048 + 2 * 32 + 5]).isZero();                   // B

        ModelMetadata nhwc = meta(DataType.UINT8, new long[]{-1, 32, 32, 3}, null, null, List.of("go", "stop"));
        InputConversion c = ModelInputs.conversion(nhwc, null, null);
        assertThat(c.layout()).isEqualTo(InputLayout.NHWC);
        assertThat(c.max()).isEqualTo(255);
        double[] u = ModelInputs.samples(folder, nhwc, null, null).image(0);
        assertThat(u[(2 * 32 + 5) * 3]).isEqualTo(255);
        assertThat(u[(2 * 32 + 5) * 3 + 1]).isEqualTo(128);
    }

    @Test
    void aTabularModelTakesCsvRowsAndRefusesImages() throws IOException {
        StringBuilder csv = new StringBuilder();
        for (int f = 0; f < 13; f++) csv.append("f").append(f).append(',');
        csv.append("label\n");
        for (int f = 0; f < 13; f++) csv.append(f * 0.5).append(',');
        csv.append("sick\n");
        Files.writeString(dir.resolve("heart.csv"), csv);
        ModelMetadata tabular = meta(DataType.FP32, new long[]{-1, 13}, null, null, List.of("healthy", "sick"));
        ModelSamples rows = ModelInputs.samples(SampleSource.open(dir.resolve("heart.csv")), tabular, null, null);
        assertThat(rows.conversion().layout()).isEqualTo(InputLayout.FEATURES);
        assertThat(rows.image(0)[12]).isEqualTo(6.0);
        assertThat(rows.label(0)).isEqualTo(1);

        ModelMetadata unknownLabel = meta(DataType.FP32, new long[]{-1, 13}, null, null, List.of("a", "b"));
        assertThatThrownBy(() -> ModelInputs.samples(SampleSource.open(dir.resolve("heart.csv")), unknownLabel, null, null))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("class 'sick' is neither a label of the model nor a class index")
                .hasMessageContaining("[a, b]");
        assertThatThrownBy(() -> ModelInputs.conversion(tabular, new Resize(32, 32), null)).hasMessageContaining("nothing to resize");
    }

    @Test
    void anAmbiguousLayoutMustBeDeclaredAndFreeImageSizesComeFromTheResize() {
        assertThatThrownBy(() -> ModelInputs.conversion(meta(DataType.FP32, new long[]{-1, 3, 32, 3}, null, null, List.of()), null, null))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("cannot tell whether input").hasMessageContaining("declare \"layout\"");
        InputConversion free = ModelInputs.conversion(meta(DataType.FP32, new long[]{-1, 3, -1, -1}, "NCHW", null, List.of()), new Resize(64, 48), null);
        assertThat(free.shape()).containsExactly(3, 64, 48);
        assertThatThrownBy(() -> ModelInputs.conversion(meta(DataType.FP32, new long[]{-1, 3, -1, -1}, "NCHW", null, List.of()), null, null))
                .hasMessageContaining("free dimension").hasMessageContaining("--resize");
    }

    @Test
    void remoteBatchesAreSplitToStayUnderTheBodyLimit() {
        List<Integer> batches = new ArrayList<>();
        ModelMetadata m = meta(DataType.FP32, new long[]{-1, 4}, null, null, List.of());
        Model echo = new Model() {
            @Override
            public ModelMetadata metadata() {
                return m;
            }

            @Override
            public Map<String, Tensor> infer(Map<String, Tensor> inputs) {
                Tensor in = inputs.get("input");
                batches.add((int) in.batchSize());
                return Map.of("logits", Tensor.fp32("logits", new long[]{in.batchSize(), 4}, in.values().clone()));
            }
        };
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < 10; i++) rows.add(new double[]{i, i + 0.25, i + 0.5, i + 0.75});
        long oneRow = dev.warden.oip.OipCodec.writeRequest(new dev.warden.oip.InferRequest(null, null,
                List.of(BatchInference.batch(m.inputs().get(0), rows.subList(0, 3))), null)).length;
        Map<String, double[][]> out = BatchInference.run(echo, rows, new BatchLimits(8, oneRow));
        assertThat(batches).allMatch(b -> b <= 3).hasSizeGreaterThan(3);
        assertThat(batches.stream().mapToInt(Integer::intValue).sum()).isEqualTo(10);
        for (int i = 0; i < 10; i++) assertThat(out.get("logits")[i]).containsExactly(rows.get(i));
        assertThatThrownBy(() -> BatchInference.run(echo, rows, new BatchLimits(8, 20)))
                .hasMessageContaining("one sample makes a request body of").hasMessageContaining("--max-body");
    }

    /** Kept for symmetry with the .npz path: a CHW uint8 array for an NHWC model is transposed, no flag needed. */
    @Test
    void aChannelsFirstUint8ArrayFeedsAnNhwcModelTransposed() throws IOException {
        byte[] x = new byte[3 * 2 * 2];
        for (int i = 0; i < x.length; i++) x[i] = (byte) (i * 20);
        String dict = "{'descr': '|u1', 'fortran_order': False, 'shape': (1, 3, 2, 2), }";
        String header = dict + " ".repeat((64 - (11 + dict.length()) % 64) % 64) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + x.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[]{(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length())
                .put(header.getBytes(StandardCharsets.ISO_8859_1)).put(x);
        Files.write(dir.resolve("chw.npy"), b.array());
        ModelMetadata nhwc = meta(DataType.UINT8, new long[]{-1, 2, 2, 3}, "NHWC", null, List.of());
        double[] v = ModelInputs.samples(SampleSource.open(dir.resolve("chw.npy")), nhwc, null, null).image(0);
        // pixel (0, 1): channel k was at k * 4 + 1 in CHW
        assertThat(v[3]).isEqualTo(20);
        assertThat(v[4]).isEqualTo(100);
        assertThat(v[5]).isEqualTo(180);
    }
}
