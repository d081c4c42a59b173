package dev.warden.log;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes secrets out of text before it is logged or put into an error: the password (or lone user info) of URLs
 * ({@code redis://:pw@host}, {@code postgresql://u:pw@host}), secret parameters ({@code ?user=u&password=pw},
 * {@code ;password=pw}, {@code token=}, {@code apiKey=} ...), bearer and basic credentials, Warden API keys
 * ({@code wk_...}), and any literal registered with {@link #register} (the passwords of the configured Redis
 * and failure database, the admin key). What is removed becomes {@value #MASK}; the rest stays readable.
 */
public final class Redactor {
    public static final String MASK = "***";
    /** Registered literals shorter than this are not masked: they would mask ordinary words. */
    static final int MIN_SECRET_LENGTH = 4;
    private static final int MAX_SECRETS = 64;

    // scheme://userinfo@ : the password after the colon, or the whole user info when it has no colon (redis://pw@host).
    private static final Pattern URL_USER_INFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)([^/@\\s:'\"]*)(?::([^/@\\s'\"]*))?@");
    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "(?i)\\b(password|passwd|pwd|secret|token|access[_-]?token|refresh[_-]?token|api[_-]?key|apikey|admin[_-]?key|sslpassword|auth)"
                    + "(\\s*=\\s*|[\"']\\s*:\\s*)(\"[^\"]*\"|'[^']*'|[^\\s&;,'\")}\\]]+)");
    /** Lower-case fragments every secret parameter name contains one of. */
    private static final String[] PARAMETER_HINTS = {"passw", "pwd", "secret", "token", "key", "auth"};
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "(?i)(authorization\\s*[:=]\\s*[A-Za-z-]+|\\bbearer)\\s+[A-Za-z0-9._~+/=-]{4,}");
    private static final Pattern API_KEY = Pattern.compile("\\bwk_[A-Za-z0-9_-]{8,}");

    /** The admin key's environment variable (the runtime reads it); its value is masked from the start. */
    static final String ADMIN_KEY_ENV = "WARDEN_ADMIN_KEY";

    private static final List<String> SECRETS = new CopyOnWriteArrayList<>();

    static {
        register(System.getenv(ADMIN_KEY_ENV));
    }

    private Redactor() {
    }

    /** {@code text} with every secret this class knows of masked; null stays null. */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) return text;
        String out = text;
        for (String secret : SECRETS) {
            if (out.contains(secret)) out = out.replace(secret, MASK);
        }
        // Most lines hold none of the words the patterns start with: cheap checks first keep the regular
        // expressions off them (every log line, decision lines included, passes through here).
        if (out.indexOf("://") >= 0 && out.indexOf('@') >= 0) out = maskUserInfo(out);
        String lower = out.toLowerCase(Locale.ROOT);
        if (containsAny(lower, PARAMETER_HINTS)) {
            out = SECRET_PARAMETER.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + m.group(2) + MASK));
        }
        if (lower.contains("bearer") || lower.contains("authorization")) {
            out = AUTHORIZATION.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + " " + MASK));
        }
        if (out.contains("wk_")) out = API_KEY.matcher(out).replaceAll("wk_" + MASK);
        return out;
    }

    /**
     * Remembers {@code secret} so that {@link #redact} masks it wherever it appears; blanks and values shorter
     * than {@value #MIN_SECRET_LENGTH} characters are ignored. At most {@value #MAX_SECRETS} are kept (the first).
     */
    public static void register(String secret) {
        if (secret == null || secret.isBlank() || secret.length() < MIN_SECRET_LENGTH || secret.equals(MASK)) return;
        synchronized (SECRETS) {
            if (SECRETS.size() < MAX_SECRETS && !SECRETS.contains(secret)) SECRETS.add(secret);
        }
    }

    /** Registers the password (and lone user info) of {@code url}'s user info and secret parameters; returns the URL redacted. */
    public static String registerUrl(String url) {
        if (url == null) return null;
        Matcher m = URL_USER_INFO.matcher(url);
        while (m.find()) {
            String secret = m.group(3) != null ? m.group(3) : m.group(2);
            register(secret);
            register(decode(secret));
        }
        Matcher p = SECRET_PARAMETER.matcher(url);
        while (p.find()) {
            register(unquote(p.group(3)));
            register(decode(unquote(p.group(3))));
        }
        return redact(url);
    }

    private static boolean containsAny(String text, String[] fragments) {
        for (String f : fragments) {
            if (text.contains(f)) return true;
        }
        return false;
    }

    private static String maskUserInfo(String text) {
        return URL_USER_INFO.matcher(text).replaceAll(m -> {
            if (m.group(3) != null) return Matcher.quoteReplacement(m.group(1) + m.group(2) + ":" + MASK + "@");
            return m.group(2).isEmpty() ? Matcher.quoteReplacement(m.group(0)) : Matcher.quoteReplacement(m.group(1) + MASK + "@");
        });
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    private static String decode(String value) {
        if (value.indexOf('%') < 0) return value;
        try {
            return java.net.URLDecoder.decode(value.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return value;
        }
    }
}
