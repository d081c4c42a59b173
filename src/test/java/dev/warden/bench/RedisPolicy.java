package dev.warden.bench;

/** Switches a measurement copy of a policy from the memory store to Redis under a key prefix of its own. */
final class RedisPolicy {
    private RedisPolicy() {
    }

    /** {@code yaml} with {@code state.store: redis} and {@code keyPrefix} set; fails if the policy lacks the commented redis block. */
    static String of(String yaml, String prefix, Object source) {
        String out = yaml.replace("  store: memory ", "  store: redis ").replace("  # redis:\n", "  redis:\n")
                .replace("  #   keyPrefix: \"warden:default:\"", "    keyPrefix: \"" + prefix + "\"");
        if (!out.contains(prefix)) throw new IllegalStateException("cannot switch " + source + " to the redis store");
        return out;
    }
}
