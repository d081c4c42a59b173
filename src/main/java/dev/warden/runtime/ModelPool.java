package dev.warden.runtime;

import dev.warden.model.Model;
import dev.warden.model.ModelSidecar;
import dev.warden.oip.OipRemoteModel;
import dev.warden.model.OnnxModel;
import dev.warden.policy.ModelConfig;
import dev.warden.policy.Policy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps loaded models across policy reloads: a model whose backend settings (and file) are unchanged is
 * reused, so a hot reload of the defenses does not reload the model. Like the state store, the models of a
 * new generation are {@link #prepare prepared} (missing ones opened, nothing closed), then {@link #commit
 * committed} once the new deployment is swapped in (only then are the models it dropped scheduled to close,
 * after a grace period for the requests that hold the old snapshot) or {@link #discard discarded} when it
 * could not be built (closing only what that attempt opened). One acquisition at a time: the live
 * deployment serializes reloads.
 */
public final class ModelPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelPool.class);
    public static final Duration DEFAULT_CLOSE_GRACE = Duration.ofSeconds(30);

    private record Key(ModelConfig backend, Path file, long modified) {
    }

    /** The models of one policy generation, by entry; {@code opened} are those this acquisition loaded. */
    public static final class Lease {
        private final Map<ModelConfig, Model> byEntry = new LinkedHashMap<>();
        private final Map<Key, Model> byKey = new HashMap<>();
        private final List<Model> opened = new ArrayList<>();
        private final Policy policy;

        private Lease(Policy policy) {
            this.policy = policy;
        }

        /** The model of one entry of the policy's {@code models}. */
        public Model model(ModelConfig entry) {
            return Objects.requireNonNull(byEntry.get(entry), () -> "no model for entry " + entry.name());
        }

        /** Each model name's model: for a name with several versions, the default one's. */
        public Map<String, Model> byName() {
            Map<String, Model> names = new HashMap<>();
            for (ModelConfig m : policy.models()) names.computeIfAbsent(m.name(), n -> model(policy.model(n).orElseThrow()));
            return names;
        }
    }

    private final Duration closeGrace;
    private final Map<Key, Model> loaded = new HashMap<>();
    private final ScheduledExecutorService closer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "warden-model-closer");
        t.setDaemon(true);
        return t;
    });

    public ModelPool() {
        this(DEFAULT_CLOSE_GRACE);
    }

    /** {@code closeGrace}: how long a model a reload dropped stays open for requests still holding it. */
    public ModelPool(Duration closeGrace) {
        if (closeGrace == null || closeGrace.isNegative()) throw new IllegalArgumentException("closeGrace must be >= 0");
        this.closeGrace = closeGrace;
    }

    /** Opens the policy's models that are not loaded yet; closes nothing. Throws after closing what it opened. */
    public synchronized Lease prepare(Policy policy) {
        Lease lease = new Lease(policy);
        try {
            for (ModelConfig config : policy.models()) {
                Key key = key(config, policy);
                Model model = loaded.get(key);
                if (model == null) model = lease.byKey.get(key);
                if (model == null) {
                    model = open(config, policy);
                    lease.opened.add(model);
                }
                lease.byKey.put(key, model);
                lease.byEntry.put(config, model);
            }
        } catch (RuntimeException e) {
            closeOpened(lease);
            throw e;
        }
        return lease;
    }

    /** Makes the lease's models the loaded ones, once its deployment is in use; the rest close after the grace. */
    public synchronized void commit(Lease lease) {
        loaded.forEach((k, m) -> {
            if (!lease.byKey.containsKey(k)) closer.schedule(m::close, closeGrace.toMillis(), TimeUnit.MILLISECONDS);
        });
        loaded.clear();
        loaded.putAll(lease.byKey);
    }

    /** Closes what {@code lease} opened, when its deployment could not be built; loaded models stay open. */
    public synchronized void discard(Lease lease) {
        closeOpened(lease);
    }

    /** Prepares and commits at once, for tools that build one generation and keep it: each name's model. */
    public synchronized Map<String, Model> acquire(Policy policy) {
        Lease lease = prepare(policy);
        commit(lease);
        return lease.byName();
    }

    private void closeOpened(Lease lease) {
        for (Model m : lease.opened) {
            if (!loaded.containsValue(m)) m.close();
        }
    }

    private static Key key(ModelConfig config, Policy policy) {
        ModelConfig backend = config.backendSettings();
        if (!config.backend().equals("onnx")) return new Key(backend, null, 0);
        Path file = policy.resolve(config.path());
        long modified;
        try {
            modified = Files.getLastModifiedTime(file).toMillis();
        } catch (java.io.IOException e) {
            modified = -1;
        }
        return new Key(backend, file, modified);
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
