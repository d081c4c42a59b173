package dev.warden.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the IDX format of MNIST and Fashion-MNIST (plain or gzip-compressed, detected by magic bytes):
 * a big-endian header {@code 0x00 0x00 type dims}, the dimensions as big-endian int32, then the data.
 * Only unsigned-byte data (type 0x08) is supported, which is what these datasets use.
 */
public final class IdxReader {
    private static final int UBYTE = 0x08;

    private IdxReader() {
    }

    public static IdxImages readImages(Path file) {
        return read(file, 3, (dims, in) -> {
            int n = dims[0], rows = dims[1], cols = dims[2];
            long size = (long) n * rows * cols;
            if (size > Integer.MAX_VALUE) throw new IdxFormatException(file + ": " + n + " images of " + rows + "x" + cols + " is too large");
            byte[] pixels = readFully(in, (int) size, file, n + " images of " + rows + "x" + cols);
            return new IdxImages(file, n, rows, cols, pixels);
        });
    }

    public static IdxLabels readLabels(Path file) {
        return read(file, 1, (dims, in) -> {
            byte[] raw = readFully(in, dims[0], file, dims[0] + " labels");
            int[] labels = new int[raw.length];
            for (int i = 0; i < raw.length; i++) labels[i] = raw[i] & 0xff;
            return new IdxLabels(file, labels);
        });
    }

    private interface Body<T> {
        T read(int[] dims, DataInputStream in) throws IOException;
    }

    private static <T> T read(Path file, int expectedDims, Body<T> body) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file));
             DataInputStream in = new DataInputStream(maybeGunzip(raw))) {
            int magic;
            try {
                magic = in.readInt();
            } catch (EOFException e) {
                throw new IdxFormatException(file + ": empty or truncated header: not an IDX file");
            }
            if ((magic >>> 16) != 0) throw new IdxFormatException(file + ": not an IDX file (magic 0x" + Integer.toHexString(magic) + ")");
            int type = (magic >>> 8) & 0xff;
            int dims = magic & 0xff;
            if (type != UBYTE) throw new IdxFormatException(file + ": element type 0x" + Integer.toHexString(type) + " is not supported (only unsigned bytes, 0x08)");
            if (dims != expectedDims) {
                throw new IdxFormatException(file + ": has " + dims + " dimensions, expected " + expectedDims
                        + (expectedDims == 3 ? " (images: count, rows, columns)" : " (labels: count)"));
            }
            int[] shape = new int[dims];
            for (int i = 0; i < dims; i++) {
                try {
                    shape[i] = in.readInt();
                } catch (EOFException e) {
                    throw new IdxFormatException(file + ": truncated header");
                }
                if (shape[i] < 0) throw new IdxFormatException(file + ": dimension " + i + " is negative");
            }
            T result = body.read(shape, in);
            if (in.read() != -1) throw new IdxFormatException(file + ": has bytes after the data its header declares");
            return result;
        } catch (NoSuchFileException e) {
            throw new IdxFormatException("file not found: " + file);
        } catch (ZipException e) {
            throw new IdxFormatException(file + ": corrupt gzip data: " + e.getMessage(), e);
        } catch (EOFException e) {
            throw new IdxFormatException(file + ": truncated gzip stream", e);
        } catch (IOException e) {
            throw new IdxFormatException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static InputStream maybeGunzip(InputStream in) throws IOException {
        in.mark(2);
        int b1 = in.read(), b2 = in.read();
        in.reset();
        return b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(in, 1 << 16) : in;
    }

    private static byte[] readFully(DataInputStream in, int size, Path file, String what) throws IOException {
        byte[] data = new byte[size];
        int off = 0;
        while (off < size) {
            int n = in.read(data, off, size - off);
            if (n < 0) {
                throw new IdxFormatException(file + ": truncated: the header declares " + what + " (" + size
                        + " bytes) but only " + off + " bytes follow");
            }
            off += n;
        }
        return data;
    }
}
