package dev.warden.server;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Undoes a request's {@code Content-Encoding} (identity, gzip, deflate) with the body limit applied to the
 * decompressed size while inflating, so a small compressed bomb is refused after {@code limit} bytes of
 * output instead of filling the heap.
 */
final class BodyDecoder {
    private BodyDecoder() {
    }

    /** True for the encodings this decoder undoes; null or empty means identity. */
    static boolean supports(String encoding) {
        return coding(encoding) != null;
    }

    static byte[] decode(byte[] raw, String encoding, long limit) {
        String coding = coding(encoding);
        if (coding == null) throw new BodyException(415, "Content-Encoding '" + encoding + "' is not supported (identity, gzip, deflate)", "unsupported_encoding");
        if (coding.equals("identity")) return raw;
        try (InputStream in = coding.equals("gzip") ? new GZIPInputStream(new ByteArrayInputStream(raw))
                : new InflaterInputStream(new ByteArrayInputStream(raw), new Inflater(!isZlib(raw)))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(limit, Math.max(1024L, raw.length * 4L)));
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = in.read(buffer)) != -1) {
                if (out.size() + (long) n > limit) {
                    throw new BodyException(413, "request body is larger than the limit of " + limit + " bytes once decompressed", "too_large");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new BodyException(400, "request body is not valid " + coding + " data: " + e.getMessage(), "bad_encoding");
        }
    }

    private static String coding(String encoding) {
        if (encoding == null) return "identity";
        String e = encoding.trim().toLowerCase(Locale.ROOT);
        return switch (e) {
            case "", "identity" -> "identity";
            case "gzip", "x-gzip" -> "gzip";
            case "deflate" -> "deflate";
            default -> null;
        };
    }

    /** HTTP's deflate is zlib-wrapped (RFC 9110), but some clients send raw deflate: tell them apart by the zlib header. */
    private static boolean isZlib(byte[] raw) {
        return raw.length >= 2 && (raw[0] & 0x0F) == 8 && ((raw[0] & 0xFF) * 256 + (raw[1] & 0xFF)) % 31 == 0;
    }
}
