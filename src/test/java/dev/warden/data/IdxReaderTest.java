package dev.warden.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path dir;

    static byte[] idx(int type, int[] dims, int dataBytes) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt((type << 8) | dims.length);
        for (int d : dims) out.writeInt(d);
        for (int i = 0; i < dataBytes; i++) out.writeByte(i % 256);
        return bytes.toByteArray();
    }

    Path write(String name, byte[] content, boolean gzip) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(content);
        }
        return file;
    }

    @Test
    void readsTheBundledSubsets() {
        LabeledImages test = FashionMnist.bundledTest(Path.of(""));
        assertThat(test.count()).isEqualTo(2000);
        assertThat(test.images().rows()).isEqualTo(28);
        assertThat(test.label(0)).isEqualTo(9);
        assertThat(Arrays.stream(test.image(0)).max().orElseThrow()).isLessThanOrEqualTo(1.0);
        assertThat(FashionMnist.bundledTrain(Path.of("")).count()).isEqualTo(10_000);
    }

    @Test
    void readsPlainAndGzippedFiles() throws IOException {
        byte[] content = idx(0x08, new int[]{2, 3, 4}, 24);
        IdxImages plain = IdxReader.readImages(write("a.idx", content, false));
        IdxImages gz = IdxReader.readImages(write("a.idx.gz", content, true));
        assertThat(plain.count()).isEqualTo(2);
        assertThat(gz.pixels()).isEqualTo(plain.pixels());
        assertThat(plain.image(1)[0]).isEqualTo(12 / 255.0);
    }

    @Test
    void truncatedDataNamesTheFileAndTheShortfall() throws IOException {
        byte[] content = Arrays.copyOf(idx(0x08, new int[]{10, 28, 28}, 7840), 16 + 100);
        Path file = write("short.gz", content, true);
        assertThatThrownBy(() -> IdxReader.readImages(file)).isInstanceOf(IdxFormatException.class)
                .hasMessageContaining("short.gz").hasMessageContaining("truncated").hasMessageContaining("only 100 bytes");
    }

    @Test
    void wrongFilesGetClearErrors() throws IOException {
        Path labels = write("labels", idx(0x08, new int[]{5}, 5), false);
        assertThatThrownBy(() -> IdxReader.readImages(labels)).hasMessageContaining("has 1 dimensions, expected 3");
        Path text = write("text.txt", "hello world, not idx".getBytes(), false);
        assertThatThrownBy(() -> IdxReader.readLabels(text)).hasMessageContaining("text.txt: not an IDX file");
        Path floats = write("floats", idx(0x0D, new int[]{1}, 4), false);
        assertThatThrownBy(() -> IdxReader.readLabels(floats)).hasMessageContaining("element type 0xd is not supported");
        Path empty = write("empty", new byte[0], false);
        assertThatThrownBy(() -> IdxReader.readLabels(empty)).hasMessageContaining("empty or truncated header");
        Path trailing = write("trailing", idx(0x08, new int[]{2}, 3), false);
        assertThatThrownBy(() -> IdxReader.readLabels(trailing)).hasMessageContaining("bytes after the data");
        byte[] gz = Files.readAllBytes(write("x.gz", idx(0x08, new int[]{2}, 2), true));
        Path corrupt = write("corrupt.gz", Arrays.copyOf(gz, gz.length - 6), false);
        assertThatThrownBy(() -> IdxReader.readLabels(corrupt)).isInstanceOf(IdxFormatException.class).hasMessageContaining("corrupt.gz");
        assertThatThrownBy(() -> IdxReader.readLabels(dir.resolve("missing"))).hasMessageContaining("file not found");
    }

    @Test
    void imageAndLabelCountsMustAgree() throws IOException {
        Path images = write("i", idx(0x08, new int[]{2, 2, 2}, 8), false);
        Path labels = write("l", idx(0x08, new int[]{3}, 3), false);
        assertThatThrownBy(() -> LabeledImages.read(images, labels)).hasMessageContaining("2 images but").hasMessageContaining("3 labels");
    }
}
