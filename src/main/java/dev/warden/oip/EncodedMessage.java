package dev.warden.oip;

/**
 * An encoded OIP message: its body, and the length of its JSON header when binary tensors follow it
 * ({@code Inference-Header-Content-Length}); {@code jsonLength == body.length} means a plain JSON body.
 */
public record EncodedMessage(byte[] body, int jsonLength) {
    public boolean hasBinary() {
        return jsonLength < body.length;
    }
}
