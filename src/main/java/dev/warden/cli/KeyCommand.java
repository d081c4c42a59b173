package dev.warden.cli;

import dev.warden.runtime.Accounts;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "key", mixinStandardHelpOptions = true,
        description = "Make API keys: 'key new' prints a fresh key and the hash the policy stores; 'key hash' hashes a key read from standard input.")
final class KeyCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "new or hash")
    String action;

    @Override
    public Integer call() throws Exception {
        String key;
        switch (action) {
            case "new" -> {
                byte[] bytes = new byte[32];
                new SecureRandom().nextBytes(bytes);
                key = "wk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
                System.out.println("key:       " + key);
            }
            case "hash" -> {
                key = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                if (key == null || key.isBlank()) throw new IllegalArgumentException("no key on standard input");
                key = key.trim();
            }
            default -> throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "unknown action '" + action + "' (new or hash)");
        }
        System.out.println("keySha256: \"" + Accounts.sha256(key) + "\"   # put this in the policy (quoted), never the key");
        return 0;
    }
}
