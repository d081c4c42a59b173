package dev.warden.oip;

import java.nio.ByteBuffer;

/**
 * The raw bytes after the JSON header of a binary tensor extension message, handed out in order to the
 * tensors that declare {@code binary_data_size}; whatever is left when the message ends is an error, as is a
 * tensor that declares more than is left.
 */
final class BinarySection {
    private final int headerLength;
    private final ByteBuffer rest;

    private BinarySection(int headerLength, ByteBuffer rest) {
        this.headerLength = headerLength;
        this.rest = rest;
    }

    static BinarySection of(byte[] body, int headerLength, String what) {
        int length = body == null ? 0 : body.length;
        if (headerLength == OipRequestReader.NO_BINARY) return new BinarySection(length, null);
        if (headerLength <= 0 || headerLength > length) {
            throw new OipFormatException(OipFormatException.BAD_BINARY_DATA, "Inference-Header-Content-Length is " + headerLength
                    + " but the " + what + " body has " + length + " bytes; the JSON header must be 1 to " + length + " bytes");
        }
        return new BinarySection(headerLength, ByteBuffer.wrap(body, headerLength, length - headerLength).slice());
    }

    int headerLength() {
        return headerLength;
    }

    ByteBuffer take(String where, long size) {
        if (rest == null) {
            throw new OipFormatException(OipFormatException.BAD_BINARY_DATA, where
                    + " declares parameters.binary_data_size but the message has no Inference-Header-Content-Length header");
        }
        if (size > rest.remaining()) {
            throw new OipFormatException(OipFormatException.BAD_BINARY_DATA, where + ": binary_data_size is " + size
                    + " bytes but only " + rest.remaining() + " bytes of binary data are left");
        }
        ByteBuffer part = rest.slice().limit((int) size);
        rest.position(rest.position() + (int) size);
        return part;
    }

    void requireConsumed() {
        if (rest != null && rest.hasRemaining()) {
            throw new OipFormatException(OipFormatException.BAD_BINARY_DATA, rest.remaining()
                    + " bytes of binary data after the last tensor that declares binary_data_size");
        }
    }
}
