package dev.warden.cli;

import dev.warden.data.FashionMnist;
import dev.warden.data.IdxImages;
import dev.warden.data.IdxLabels;
import dev.warden.data.IdxReader;
import dev.warden.oip.ImageQueries;
import dev.warden.oip.InferRequest;
import dev.warden.oip.OipClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "infer", mixinStandardHelpOptions = true,
        description = "Send images from an IDX file to an OIP v2 server; print each predicted label and the accuracy.")
final class InferCommand implements Callable<Integer> {
    @Option(names = "--url", required = true, description = "server, e.g. http://127.0.0.1:8080")
    String url;

    @Option(names = "--model", defaultValue = "fashion-cnn", description = "model name (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--images", description = "IDX images file (default: the bundled 2,000 test images)")
    Path images;

    @Option(names = "--labels", description = "IDX labels file (default: beside the images, by name)")
    Path labels;

    @Option(names = {"-n", "--count"}, defaultValue = "10", description = "how many images, from the first (default: ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--batch", defaultValue = "16", description = "images per request (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--api-key", description = "API key (default: anonymous)")
    String apiKey;

    @Override
    public Integer call() {
        if (count < 1) throw new IllegalArgumentException("--count must be >= 1");
        if (batch < 1) throw new IllegalArgumentException("--batch must be >= 1");
        Path imageFile = images != null ? images : Home.dir().resolve("data/fashion-test-2000-images-idx3-ubyte.gz");
        IdxImages idx = IdxReader.readImages(imageFile);
        Path labelFile = labels != null ? labels : FashionMnist.labelsFor(imageFile);
        IdxLabels truth = Files.isRegularFile(labelFile) ? IdxReader.readLabels(labelFile) : null;
        int n = Math.min(count, idx.count());
        OipClient client = new OipClient(url, Duration.ofSeconds(30));
        var metadata = client.get("/v2/models/" + model, apiKey);
        ImageQueries queries = ImageQueries.fromMetadata(metadata);
        List<String> names = Labels.of(metadata);
        int correct = 0;
        for (int start = 0; start < n; start += batch) {
            int end = Math.min(n, start + batch);
            List<double[]> chunk = new ArrayList<>();
            for (int i = start; i < end; i++) chunk.add(idx.image(i));
            InferRequest request = queries.request("infer-" + start, chunk);
            OipClient.Result result = client.infer(model, request, apiKey);
            if (!result.ok()) {
                throw new IllegalStateException("server answered HTTP " + result.status() + ": " + result.error()
                        + (result.reason() != null ? " (" + result.reason() + ")" : ""));
            }
            int[] predicted = ImageQueries.predictedClasses(result.response(), chunk.size());
            for (int j = 0; j < predicted.length; j++) {
                int i = start + j;
                String line = i + "\t" + Labels.name(names, predicted[j]);
                if (truth != null) {
                    boolean ok = predicted[j] == truth.label(i);
                    if (ok) correct++;
                    line += "\t(true: " + Labels.name(names, truth.label(i)) + (ok ? ")" : ", wrong)");
                }
                System.out.println(line);
            }
        }
        if (truth != null) System.out.printf("accuracy: %d/%d = %.2f%%%n", correct, n, 100.0 * correct / n);
        return 0;
    }
}
