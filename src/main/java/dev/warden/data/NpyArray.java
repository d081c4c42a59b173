package dev.warden.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One array in NumPy's NPY format (format versions 1.0 to 3.0): the magic {@code \x93NUMPY}, the version,
 * a little-endian header length, a Python dict literal with {@code descr}, {@code fortran_order} and
 * {@code shape}, then the elements in C order. A strict reader of that documented format: no maintained
 * Java library on the central repository reads it without pulling in a numeric runtime. Booleans, signed
 * and unsigned integers and 32/64-bit floats of either byte order are read; anything else is refused by name.
 */
record NpyArray(String descr, char kind, int itemSize, long[] shape, ByteBuffer data) {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([biuf])(\\d+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    long count() {
        long n = 1;
        for (long d : shape) n *= d;
        return n;
    }

    int rank() {
        return shape.length;
    }

    boolean integral() {
        return kind != 'f';
    }

    /** Element {@code i} in C order. */
    double get(long i) {
        int at = Math.toIntExact(i * itemSize);
        return switch (kind) {
            case 'b' -> data.get(at) != 0 ? 1 : 0;
            case 'u' -> switch (itemSize) {
                case 1 -> data.get(at) & 0xff;
                case 2 -> data.getShort(at) & 0xffff;
                case 4 -> data.getInt(at) & 0xffffffffL;
                default -> unsigned64(data.getLong(at));
            };
            case 'i' -> switch (itemSize) {
                case 1 -> data.get(at);
                case 2 -> data.getShort(at);
                case 4 -> data.getInt(at);
                default -> data.getLong(at);
            };
            default -> itemSize == 4 ? data.getFloat(at) : data.getDouble(at);
        };
    }

    private static double unsigned64(long v) {
        return v >= 0 ? v : (double) (v >>> 1) * 2 + (v & 1);
    }

    /** Parses an NPY image held in {@code bytes} (a whole file or an {@code .npz} member); {@code what} names it in errors. */
    static NpyArray parse(ByteBuffer bytes, String what) {
        ByteBuffer b = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < 10) throw new DataFormatException(what + ": too short to be an NPY array");
        for (byte m : MAGIC) {
            if (b.get() != m) throw new DataFormatException(what + ": not an NPY array (no \\x93NUMPY magic)");
        }
        int major = b.get() & 0xff;
        b.get();
        long headerLength = switch (major) {
            case 1 -> b.getShort() & 0xffff;
            case 2, 3 -> {
                if (b.remaining() < 4) throw new DataFormatException(what + ": truncated NPY header");
                yield b.getInt() & 0xffffffffL;
            }
            default -> throw new DataFormatException(what + ": NPY format version " + major + " is not supported (1 to 3 are)");
        };
        if (headerLength > b.remaining()) throw new DataFormatException(what + ": truncated NPY header");
        byte[] raw = new byte[(int) headerLength];
        b.get(raw);
        String header = new String(raw, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1).trim();
        Matcher descr = DESCR.matcher(header);
        if (!descr.find()) throw new DataFormatException(what + ": element type " + quoted(header, "descr")
                + " is not supported (bool, int8..int64, uint8..uint64, float32, float64 are)");
        char kind = descr.group(2).charAt(0);
        int size = Integer.parseInt(descr.group(3));
        boolean sizeOk = switch (kind) {
            case 'b' -> size == 1;
            case 'i', 'u' -> size == 1 || size == 2 || size == 4 || size == 8;
            default -> size == 4 || size == 8;
        };
        if (!sizeOk) throw new DataFormatException(what + ": element type '" + descr.group(1) + kind + size + "' is not supported");
        Matcher fortran = FORTRAN.matcher(header);
        if (!fortran.find()) throw new DataFormatException(what + ": NPY header has no fortran_order: " + header);
        if (fortran.group(1).equals("True")) {
            throw new DataFormatException(what + ": is stored in Fortran order; save it in C order (numpy.ascontiguousarray)");
        }
        Matcher shapeMatch = SHAPE.matcher(header);
        if (!shapeMatch.find()) throw new DataFormatException(what + ": NPY header has no shape: " + header);
        long[] shape = shape(shapeMatch.group(1), what);
        ByteOrder order = descr.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        long n = 1;
        for (long d : shape) n = Math.multiplyExact(n, d);
        long bytesNeeded = Math.multiplyExact(n, size);
        if (bytesNeeded != b.remaining()) {
            throw new DataFormatException(what + ": the header declares " + Arrays.toString(shape) + " of " + descr.group(2) + size
                    + " (" + bytesNeeded + " bytes) but " + b.remaining() + " bytes follow");
        }
        ByteBuffer data = b.slice().order(order);
        return new NpyArray(descr.group(1) + kind + size, kind, size, shape, data);
    }

    private static long[] shape(String text, String what) {
        List<Long> dims = new ArrayList<>();
        for (String part : text.split(",")) {
            String t = part.trim();
            if (t.isEmpty()) continue;
            try {
                long d = Long.parseLong(t.endsWith("L") ? t.substring(0, t.length() - 1) : t);
                if (d < 0) throw new NumberFormatException();
                dims.add(d);
            } catch (NumberFormatException e) {
                throw new DataFormatException(what + ": NPY shape (" + text + ") is not a tuple of sizes");
            }
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    private static String quoted(String header, String key) {
        Matcher m = Pattern.compile("'" + key + "'\\s*:\\s*('[^']*'|[^,}]*)").matcher(header);
        return m.find() ? m.group(1) : "(none)";
    }
}
