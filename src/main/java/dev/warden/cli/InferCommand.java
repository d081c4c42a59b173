package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.calibrate.ModelInputs;
import dev.warden.data.InputConversion;
import dev.warden.data.ModelSamples;
import dev.warden.data.SampleSource;
import dev.warden.model.ModelMetadata;
import dev.warden.oip.ImageQueries;
import dev.warden.oip.InferRequest;
import dev.warden.oip.OipClient;
import dev.warden.tensor.Tensor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "infer", mixinStandardHelpOptions = true,
        description = {"Send samples (--data: an image folder, .npy/.npz, CSV or IDX) to an OIP v2 server; print each predicted",
                "label, and the accuracy when the data is labelled."})
final class InferCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--url", required = true, description = "server, e.g. http://127.0.0.1:8080")
    String url;

    @Option(names = "--model", defaultValue = "fashion-cnn", description = "model name (default: ${DEFAULT-VALUE})")
    String model;

    @CommandLine.Mixin
    DataOptions data = new DataOptions();

    @Option(names = {"-n", "--count"}, defaultValue = "10", description = "how many samples, from the first (default: ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--batch", defaultValue = "16", description = "samples per request (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--api-key", description = "API key (default: anonymous)")
    String apiKey;

    @Override
    public Integer call() {
        if (count < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--count must be >= 1");
        if (batch < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--batch must be >= 1");
        SampleSource source = data.source(Home.dir().resolve("data/fashion-test-2000-images-idx3-ubyte.gz"));
        OipClient client = new OipClient(url, Duration.ofSeconds(30));
        JsonNode metadata = client.get("/v2/models/" + model, apiKey);
        ModelMetadata meta = ModelInputs.fromOip(metadata, model);
        ModelSamples samples = data.forModel(source, meta, false, "infer");
        InputConversion conversion = samples.conversion();
        List<String> names = meta.labels();
        java.io.PrintWriter stdout = spec.commandLine().getOut();
        int n = Math.min(count, samples.count());
        int correct = 0;
        for (int start = 0; start < n; start += batch) {
            int end = Math.min(n, start + batch);
            InferRequest request = request("infer-" + start, conversion, samples, start, end);
            OipClient.Result result = client.infer(model, request, apiKey);
            if (!result.ok()) {
                throw new IllegalStateException("server answered HTTP " + result.status() + ": " + result.error()
                        + (result.reason() != null ? " (" + result.reason() + ")" : ""));
            }
            int[] predicted = ImageQueries.predictedClasses(result.response(), end - start);
            for (int j = 0; j < predicted.length; j++) {
                int i = start + j;
                String line = i + "\t" + Labels.name(names, predicted[j]);
                if (samples.labelled()) {
                    int truth = samples.label(i);
                    boolean ok = predicted[j] == truth;
                    if (ok) correct++;
                    line += "\t(true: " + Labels.name(names, truth) + (ok ? ")" : ", wrong)");
                }
                stdout.println(line);
            }
        }
        if (samples.labelled()) stdout.printf("accuracy: %d/%d = %.2f%%%n", correct, n, 100.0 * correct / n);
        stdout.flush();
        return 0;
    }

    /** Samples {@code from..to-1} as one request, in the input's own datatype (UINT8 inputs get UINT8 tensors). */
    static InferRequest request(String id, InputConversion conversion, ModelSamples samples, int from, int to) {
        int size = conversion.elements();
        double[] flat = new double[(to - from) * size];
        for (int i = from; i < to; i++) System.arraycopy(samples.image(i), 0, flat, (i - from) * size, size);
        Tensor input = Tensor.numeric(conversion.input(), conversion.datatype(), conversion.batchShape(to - from), flat);
        return new InferRequest(id, Map.of(), List.of(input), List.of());
    }
}
