package dev.warden.state;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A Lua script from the classpath ({@code dev/warden/state/<name>.lua}) with its SHA-1 for EVALSHA. */
record RedisScript(String name, String text, String sha1) {
    static RedisScript load(String name) {
        String resource = "/dev/warden/state/" + name + ".lua";
        try (InputStream in = RedisScript.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing resource " + resource);
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
            return new RedisScript(name, text, sha);
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot load " + resource, e);
        }
    }
}
