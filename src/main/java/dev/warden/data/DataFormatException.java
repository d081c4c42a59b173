package dev.warden.data;

/** Data that cannot be read or does not fit the model it is meant for; the message names the file and the problem. */
public class DataFormatException extends RuntimeException {
    public DataFormatException(String message) {
        super(message);
    }

    public DataFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
