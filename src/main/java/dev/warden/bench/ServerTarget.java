package dev.warden.bench;

import dev.warden.data.LabeledImages;
import dev.warden.oip.InferRequest;
import dev.warden.oip.OipCodec;
import dev.warden.server.RunningServer;
import dev.warden.tensor.Tensor;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * The server a request-path benchmark talks to: a given loopback URL, or a Warden started in process from
 * a policy on a free loopback port. Valid traffic is the bundled Fashion-MNIST test images, one per request,
 * for a model taking a 1x1x28x28 FP32 input named {@code input} (the bundled CNN).
 */
public final class ServerTarget implements AutoCloseable {
    private final RunningServer server;
    private final URI url;
    private final String model;
    private final LabeledImages images;
    private final RawHttp http;

    private ServerTarget(RunningServer server, URI url, String model, LabeledImages images) {
        this.server = server;
        this.url = url;
        this.model = model;
        this.images = images;
        this.http = new RawHttp(url);
    }

    public static ServerTarget url(String url, String model, LabeledImages images) {
        URI uri = URI.create(url);
        if (uri.getPort() < 0) throw new IllegalArgumentException("give the port in --url, e.g. http://127.0.0.1:8080");
        return new ServerTarget(null, uri, model, images);
    }

    public static ServerTarget start(Path policy, String model, LabeledImages images) {
        RunningServer server = RunningServer.start(policy, "127.0.0.1", 0, null);
        try {
            return new ServerTarget(server, URI.create(server.url()), model, images);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    public RawHttp http() {
        return http;
    }

    public URI url() {
        return url;
    }

    public String model() {
        return model;
    }

    public String inferPath() {
        return "/v2/models/" + model + "/infer";
    }

    public double[] image(int i) {
        return images.image(Math.floorMod(i, images.count()));
    }

    /** The i-th valid request: image i of the bundled set, on its own connection. */
    public byte[] valid(int i) {
        byte[] body = OipCodec.writeRequest(new InferRequest("v" + i, null,
                List.of(Tensor.fp32("input", new long[]{1, 1, 28, 28}, image(i))), null));
        return http.postJson(inferPath(), body);
    }

    @Override
    public void close() {
        if (server != null) server.close();
    }
}
