package dev.warden.oip;

/** A request or response body that does not follow the Open Inference Protocol v2; the message says where. */
public class OipFormatException extends RuntimeException {
    public OipFormatException(String message) {
        super(message);
    }
}
