package dev.warden.oip;

/**
 * A request or response body that does not follow the Open Inference Protocol v2, or that asks the parser
 * for more than its limits allow; the message says where, {@code reason} is the machine-readable code
 * (one of the constants here).
 */
public class OipFormatException extends RuntimeException {
    /** Malformed JSON or a message that does not follow the protocol. */
    public static final String BAD_REQUEST = "bad_request";
    /** The declared shape implies more elements than {@code maxElements}. */
    public static final String TOO_MANY_ELEMENTS = "too_many_elements";
    /** The declared shape implies more elements than a body of this size can carry. */
    public static final String SHAPE_EXCEEDS_BODY = "shape_exceeds_body";
    /** The declared shape's element count does not fit in 63 bits. */
    public static final String SHAPE_OVERFLOW = "shape_overflow";
    /** The declared shape is not the one the model declares for that input. */
    public static final String SHAPE_MISMATCH = "shape_mismatch";
    /** JSON nested deeper than {@code maxDepth}, or a shape of higher rank. */
    public static final String TOO_DEEP = "too_deep";
    /** Binary tensor extension: a header length or binary section that does not add up. */
    public static final String BAD_BINARY_DATA = "bad_binary_data";
    /** Binary tensor extension: a tensor's {@code binary_data_size} is not what its datatype and shape take. */
    public static final String BINARY_SIZE_MISMATCH = "binary_size_mismatch";

    private final String reason;

    public OipFormatException(String message) {
        this(BAD_REQUEST, message);
    }

    public OipFormatException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
