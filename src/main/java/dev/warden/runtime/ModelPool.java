package dev.warden.runtime;

import dev.warden.model.Model;
import dev.warden.model.ModelSidecar;
import dev.warden.model.OipRemoteModel;
import dev.warden.model.OnnxModel;
import dev.warden.policy.ModelConfig;
import dev.warden.policy.Policy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps loaded models across policy reloads: a model whose config (and file) is unchanged is reused, so a
 * hot reload of the defenses does not reload the model. A model a reload drops is closed after a grace
 * period, once the requests that hold the old snapshot are done.
 */
public final class ModelPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelPool.class);
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(30);

    private record Key(ModelConfig config, Path file, long modified) {
    }

    private final Map<Key, Model> loaded = new HashMap<>();
    private final ScheduledExecutorService closer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "warden-model-closer");
        t.setDaemon(true);
        return t;
    });

    public synchronized Map<String, Model> acquire(Policy policy) {
        Map<Key, Model> keep = new HashMap<>();
        Map<String, Model> byName = new HashMap<>();
        try {
            for (ModelConfig config : policy.models()) {
                Key key = key(config, policy);
                Model model = loaded.get(key);
                if (model == null) model = keep.get(key);
                if (model == null) model = open(config, policy);
                keep.put(key, model);
                byName.put(config.name(), model);
            }
        } catch (RuntimeException e) {
            keep.forEach((k, m) -> {
                if (!loaded.containsKey(k)) m.close();
            });
            throw e;
        }
        loaded.forEach((k, m) -> {
            if (!keep.containsKey(k)) closer.schedule(m::close, CLOSE_GRACE.toSeconds(), TimeUnit.SECONDS);
        });
        loaded.clear();
        loaded.putAll(keep);
        return byName;
    }

    private static Key key(ModelConfig config, Policy policy) {
        if (!config.backend().equals("onnx")) return new Key(config, null, 0);
        Path file = policy.resolve(config.path());
        long modified;
        try {
            modified = Files.getLastModifiedTime(file).toMillis();
        } catch (java.io.IOException e) {
            modified = -1;
        }
        return new Key(config, file, modified);
    }

    private static Model open(ModelConfig config, Policy policy) {
        ModelSidecar sidecar = config.sidecar() == null ? null : ModelSidecar.read(policy.resolve(config.sidecar()));
        LOG.info("loading model {} ({})", config.name(), config.backend());
        return switch (config.backend()) {
            case "onnx" -> OnnxModel.load(policy.resolve(config.path()), config.name(), config.threads(), sidecar);
            case "oip" -> OipRemoteModel.connect(config.url(), config.remoteName(), config.name(),
                    Duration.ofMillis(config.timeoutMillis()),
                    config.apiKeyEnv() == null ? null : System.getenv(config.apiKeyEnv()), sidecar);
            default -> throw new IllegalStateException("unknown backend " + config.backend());
        };
    }

    @Override
    public synchronized void close() {
        loaded.values().forEach(Model::close);
        loaded.clear();
        closer.shutdownNow();
    }
}
