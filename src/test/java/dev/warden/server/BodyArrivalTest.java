package dev.warden.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.bench.RawHttp;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A body that arrives whole with its head is taken at once; one that arrives in parts is read as it comes: both
 * reach the model and get the same answer, and a body that ends early is still refused as truncated.
 */
class BodyArrivalTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aBodyWholeAtOnceAndTheSameBodyInPartsGetTheSameAnswer(@TempDir Path dir) throws Exception {
        try (TestServer server = TestServer.start(dir, TestServer.cnnPolicy("""
                anonymous: {allowed: true, tier: scores}
                server: {rateLimit: {enabled: false}}
                defenses: [{type: validate}]
                """), null)) {
            RawHttp http = new RawHttp(URI.create(server.url()));
            byte[] body = TestServer.imagesBody("a", TestServer.testImages().image(3)).getBytes(StandardCharsets.UTF_8);
            byte[] request = http.postJson("/v2/models/fashion-cnn/infer", body);

            RawHttp.Answer whole = http.exchange(request, false, 10_000);
            RawHttp.Answer parts = inParts(http, request, request.length - body.length / 2);
            assertThat(whole.status()).as(whole.body()).isEqualTo(200);
            assertThat(parts.status()).as(parts.body()).isEqualTo(200);
            assertThat(JSON.readTree(parts.body()).get("outputs")).isEqualTo(JSON.readTree(whole.body()).get("outputs"));

            byte[] truncated = Arrays.copyOf(request, request.length - 10);
            RawHttp.Answer cut = http.exchange(truncated, true, 10_000);
            assertThat(cut.status()).as(cut.body()).isEqualTo(400);
            assertThat(JSON.readTree(cut.body()).get("reason").asText()).isEqualTo("truncated_body");
        }
    }

    /** Sends the first {@code split} bytes, waits, then the rest, and reads the answer. */
    private static RawHttp.Answer inParts(RawHttp http, byte[] request, int split) throws Exception {
        try (Socket socket = http.connect(10_000)) {
            OutputStream out = socket.getOutputStream();
            out.write(request, 0, split);
            out.flush();
            Thread.sleep(300);
            out.write(request, split, request.length - split);
            out.flush();
            InputStream in = socket.getInputStream();
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(text.substring(9, 12));
            return new RawHttp.Answer(status, text, text.substring(text.indexOf("\r\n\r\n") + 4), 0);
        }
    }
}
