package dev.warden.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes NPY arrays byte for byte as NumPy's format 1.0 specifies them (magic, version, little-endian header
 * length, a dict literal padded with spaces and a newline to a multiple of 64 bytes, then C-order data), and
 * NPZ archives of them (a zip of {@code NAME.npy} members), so the readers are tested on files of the real format.
 */
final class NpyFiles {
    private NpyFiles() {
    }

    static byte[] uint8(long[] shape, int[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length);
        for (int v : values) b.put((byte) v);
        return npy("|u1", shape, b.array());
    }

    static byte[] float32(long[] shape, double[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) b.putFloat((float) v);
        return npy("<f4", shape, b.array());
    }

    static byte[] int64(long[] shape, long[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) b.putLong(v);
        return npy("<i8", shape, b.array());
    }

    static byte[] npy(String descr, long[] shape, byte[] data) {
        StringBuilder dims = new StringBuilder();
        for (long d : shape) dims.append(d).append(", ");
        String tuple = shape.length == 1 ? "(" + shape[0] + ",)" : "(" + dims.substring(0, dims.length() - 2) + ")";
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + tuple + ", }";
        int unpadded = 10 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(padding) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[]{(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        int len = header.length();
        out.write(len & 0xff);
        out.write(len >>> 8);
        out.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(data);
        return out.toByteArray();
    }

    static Path write(Path file, byte[] npy) throws IOException {
        Files.write(file, npy);
        return file;
    }

    /** An NPZ as numpy.savez writes it: each array a zip member named after it with {@code .npy}. */
    static Path npz(Path file, Map<String, byte[]> arrays) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(raw)) {
            for (Map.Entry<String, byte[]> e : arrays.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return file;
    }
}
