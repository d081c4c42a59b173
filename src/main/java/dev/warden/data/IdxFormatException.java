package dev.warden.data;

/** An IDX file that cannot be read; the message names the file and what is wrong with it. */
public class IdxFormatException extends DataFormatException {
    public IdxFormatException(String message) {
        super(message);
    }

    public IdxFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
