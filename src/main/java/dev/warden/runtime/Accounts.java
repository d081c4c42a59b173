package dev.warden.runtime;

import dev.warden.guard.Account;
import dev.warden.policy.AccountConfig;
import dev.warden.policy.AnonymousAccess;
import dev.warden.policy.Policy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves API keys to accounts by the SHA-256 of the key, so that the policy never holds a key and a
 * lookup does not compare secrets byte by byte. Admin keys are checked the same way.
 */
public final class Accounts {
    public static final String ADMIN_KEY_ENV = "WARDEN_ADMIN_KEY";
    private final Map<String, AccountConfig> byKeyHash = new HashMap<>();
    private final List<String> adminKeyHashes;
    private final AnonymousAccess anonymous;

    public Accounts(Policy policy, String extraAdminKey) {
        for (AccountConfig a : policy.accounts()) byKeyHash.put(a.keySha256(), a);
        List<String> admins = new java.util.ArrayList<>(policy.admin().keySha256());
        if (extraAdminKey != null && !extraAdminKey.isBlank()) admins.add(sha256(extraAdminKey));
        this.adminKeyHashes = List.copyOf(admins);
        this.anonymous = policy.anonymous();
    }

    public Optional<Account> byKey(String key) {
        AccountConfig a = byKeyHash.get(sha256(key));
        return a == null ? Optional.empty() : Optional.of(new Account(a.id(), a.tier(), false, a.streams()));
    }

    public Optional<AccountConfig> config(String key) {
        return Optional.ofNullable(byKeyHash.get(sha256(key)));
    }

    /**
     * The account a request is sent by: the owner of a valid key, or (when the policy allows anonymous
     * clients) the anonymous account of the source address. Fails UNAUTHENTICATED for a wrong key, or for no
     * key where one is required.
     */
    public Account identify(Credentials credentials, List<String> trustedProxies) {
        if (credentials.apiKey() != null) {
            return byKey(credentials.apiKey()).orElseThrow(() -> new InferenceException(InferenceException.Status.UNAUTHENTICATED,
                    "invalid API key", "invalid_api_key", null));
        }
        if (!anonymousAllowed()) {
            throw new InferenceException(InferenceException.Status.UNAUTHENTICATED,
                    "an API key is required (Authorization: Bearer <key>)", "api_key_required", null);
        }
        return anonymous(credentials.sourceAddress(trustedProxies));
    }

    public boolean anonymousAllowed() {
        return anonymous.allowed();
    }

    public Account anonymous(String sourceAddress) {
        return Account.anonymous(sourceAddress, anonymous.tier());
    }

    public boolean adminConfigured() {
        return !adminKeyHashes.isEmpty();
    }

    public boolean isAdminKey(String key) {
        String hash = sha256(key);
        boolean match = false;
        for (String h : adminKeyHashes) {
            match |= MessageDigest.isEqual(h.getBytes(StandardCharsets.US_ASCII), hash.getBytes(StandardCharsets.US_ASCII));
        }
        return match;
    }

    public static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
