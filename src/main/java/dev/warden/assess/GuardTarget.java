package dev.warden.assess;

import dev.warden.defense.DefenseRegistry;
import dev.warden.defense.validate.ValidateConfig;
import dev.warden.guard.Account;
import dev.warden.guard.Guard;
import dev.warden.guard.Outcome;
import dev.warden.guard.Query;
import dev.warden.guard.Reveal;
import dev.warden.guard.Tier;
import dev.warden.model.ModelMetadata;
import dev.warden.model.TensorSpec;
import dev.warden.policy.Policy;
import dev.warden.runtime.Deployment;
import dev.warden.runtime.LiveDeployment;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A policy's guard, in process: the same defenses as {@code warden serve} without HTTP (so without the
 * per-account rate limit, which the HTTP layer applies). Accounts are the policy's API keys when given,
 * else distinct anonymous source addresses, which is what a Sybil adversary without keys has.
 */
public final class GuardTarget implements Target {
    private final LiveDeployment live;
    private final Guard guard;
    private final Path policyFile;
    private final List<Account> accounts;
    private final TensorSpec input;
    private final long[] imageShape;
    private final int classes;
    private final Reveal reveal;
    private final int maxBatch;

    private GuardTarget(LiveDeployment live, Guard guard, Path policyFile, List<Account> accounts, Reveal reveal) {
        this.live = live;
        this.guard = guard;
        this.policyFile = policyFile;
        this.accounts = List.copyOf(accounts);
        ModelMetadata meta = guard.model().metadata();
        this.input = meta.inputs().get(0);
        this.imageShape = ModelTarget.perImage(input.shape());
        this.classes = ModelTarget.classesOf(meta);
        this.reveal = reveal;
        this.maxBatch = live.current().policy().defenses().stream().filter(d -> d.type().equals("validate"))
                .mapToInt(d -> d.settings().path("maxBatch").asInt(ValidateConfig.DEFAULT_MAX_BATCH)).min()
                .orElse(ModelTarget.DEFAULT_MAX_BATCH);
    }

    /** {@code model} null: the policy's first served model. {@code accountCount} is used when there are no keys. */
    public static GuardTarget open(Path policyFile, String model, List<String> apiKeys, int accountCount) {
        LiveDeployment live = new LiveDeployment(policyFile, DefenseRegistry.standard(), new SimpleMeterRegistry(),
                Clock.systemUTC(), null, List.of());
        try {
            Deployment d = live.current();
            String name = model != null ? model : d.guards().keySet().stream().sorted().findFirst().orElseThrow();
            Guard guard = d.guard(name).orElseThrow(() -> new IllegalArgumentException(
                    "policy " + policyFile + " serves no model '" + name + "' (it serves " + d.guards().keySet() + ")"));
            List<Account> accounts = new ArrayList<>();
            for (String key : apiKeys) {
                accounts.add(d.accounts().byKey(key).orElseThrow(() -> new IllegalArgumentException(
                        "an API key is not one of policy " + policyFile + "'s accounts")));
            }
            if (accounts.isEmpty()) {
                if (!d.accounts().anonymousAllowed()) throw new IllegalArgumentException("policy " + policyFile + " refuses anonymous clients: give --api-key");
                for (int i = 0; i < accountCount; i++) accounts.add(d.accounts().anonymous("198.51.100." + (i + 1)));
            }
            Reveal least = Reveal.SCORES;
            for (Account a : accounts) {
                Tier tier = d.policy().tiers().get(a.tier());
                if (tier.reveal().ordinal() > least.ordinal()) least = tier.reveal();
            }
            return new GuardTarget(live, guard, policyFile, accounts, least);
        } catch (RuntimeException e) {
            live.close();
            throw e;
        }
    }

    @Override
    public String describe() {
        return "policy:" + policyFile;
    }

    @Override
    public ModelMetadata metadata() {
        return guard.model().metadata();
    }

    @Override
    public String inputName() {
        return input.name();
    }

    @Override
    public List<String> labels() {
        return guard.model().metadata().labels();
    }

    @Override
    public String modelSha256() {
        return guard.model().metadata().sha256();
    }

    @Override
    public String model() {
        return guard.model().metadata().name();
    }

    @Override
    public Reveal reveals() {
        return reveal;
    }

    @Override
    public long[] imageShape() {
        return imageShape.clone();
    }

    @Override
    public int classes() {
        return classes;
    }

    @Override
    public int accounts() {
        return accounts.size();
    }

    @Override
    public int maxBatch() {
        return maxBatch;
    }

    @Override
    public Optional<Policy> policy() {
        return Optional.of(live.current().policy());
    }

    @Override
    public Answer query(int account, List<double[]> images) {
        Query q = Query.of(model(), accounts.get(account),
                Map.of(input.name(), ModelTarget.batch(input, imageShape, images)), Clock.systemUTC().instant());
        Outcome outcome = guard.handle(q);
        return switch (outcome.decision().action()) {
            case ALLOW, FLAG -> {
                ModelMetadata meta = guard.model().metadata();
                yield Predictions.decode(outcome.outputs().values(), meta.scoresOutputOrFirst(), meta.scoresKind(), classes, images.size(),
                        dev.warden.oip.ImageQueries.withheldRows(outcome.parameters()));
            }
            case INVALID, REJECT -> Answer.rejected(outcome.decision().reason());
            case LOCKOUT -> Answer.lockedOut(outcome.decision().retryAfter(), outcome.decision().reason());
        };
    }

    @Override
    public void close() {
        live.close();
    }
}
