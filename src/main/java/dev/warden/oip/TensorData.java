package dev.warden.oip;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.warden.tensor.DataType;
import java.io.IOException;
import java.util.Arrays;

/**
 * Reads one tensor's {@code data} array from a streaming parser straight into a primitive array, flat or
 * nested, checking the nesting against the shape as it goes. Nothing is sized from a declared shape that
 * has not passed the element limits first (see {@link OipRequestReader}); when the shape or datatype is
 * not known yet (they came after {@code data} in the object), elements go into a buffer that grows with
 * what the body actually holds, capped at {@code capacity}, and are checked in {@link #finish}.
 */
final class TensorData {
    private final String where;
    private final int capacity;
    private DataType type;
    private long[] shape;
    private double[] numbers;
    private String[] strings;
    private int count;
    /** First element that is not a number / not a string / a boolean, for a datatype learnt later. */
    private int firstNonNumber = -1;
    private int firstNonString = -1;
    private int firstBoolean = -1;
    /** Array lengths seen at each depth (-1: none yet); depth of the scalars (-1: none yet). */
    private final long[] dims;
    private int leafDepth = -1;
    private int arrayDepth = -1;

    private TensorData(String where, DataType type, long[] shape, int capacity, int maxRank) {
        this.where = where;
        this.type = type;
        this.shape = shape;
        this.capacity = capacity;
        this.dims = new long[maxRank];
        Arrays.fill(dims, -1);
        boolean known = type != null && shape != null;
        int initial = known ? capacity : Math.min(capacity, 1024);
        if (type == null || type != DataType.BYTES) numbers = new double[initial];
        if (type == null || type == DataType.BYTES) strings = new String[type == null ? Math.min(initial, 16) : initial];
    }

    /**
     * Reads the array the parser stands on. With type and shape known, {@code capacity} is the exact element
     * count of the shape; otherwise it is the most the buffer may grow to.
     */
    static TensorData read(JsonParser p, String where, DataType type, long[] shape, int capacity, int maxRank) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) throw new OipFormatException(where + ": 'data' must be an array");
        TensorData data = new TensorData(where, type, shape, capacity, maxRank);
        data.readArrays(p);
        return data;
    }

    private void readArrays(JsonParser p) throws IOException {
        long[] children = new long[dims.length];
        boolean[] holdsArrays = new boolean[dims.length];
        boolean[] holdsScalars = new boolean[dims.length];
        int depth = 0;
        while (true) {
            JsonToken t = p.nextToken();
            if (t == null) throw new OipFormatException(where + ": 'data' is not closed");
            if (t == JsonToken.END_ARRAY) {
                closeArray(depth, children[depth], holdsArrays[0]);
                if (depth == 0) return;
                depth--;
                continue;
            }
            children[depth]++;
            if (t == JsonToken.START_ARRAY) {
                if (holdsScalars[depth]) throw new OipFormatException(where + ": data mixes arrays and scalars");
                holdsArrays[depth] = true;
                if (depth + 1 >= dims.length) throw new OipFormatException(OipFormatException.TOO_DEEP, where + ": data is nested deeper than " + dims.length + " levels");
                if (shape != null && depth + 1 >= shape.length) {
                    throw new OipFormatException(where + ": nested data is deeper than shape " + Arrays.toString(shape));
                }
                depth++;
                children[depth] = 0;
                holdsArrays[depth] = false;
                holdsScalars[depth] = false;
                continue;
            }
            if (holdsArrays[depth]) throw new OipFormatException(where + ": data mixes arrays and scalars");
            holdsScalars[depth] = true;
            if (leafDepth < 0) leafDepth = depth;
            else if (leafDepth != depth) throw new OipFormatException(where + ": data mixes arrays and scalars");
            if (shape != null && depth > 0 && depth != shape.length - 1) throw mismatch(depth);
            element(p, t);
        }
    }

    private void closeArray(int depth, long length, boolean nested) {
        if (dims[depth] < 0) dims[depth] = length;
        else if (dims[depth] != length) throw mismatch(depth);
        // Nested data must follow the shape level by level; flat data is only counted.
        if (shape != null && nested && (depth >= shape.length || length != shape[depth])) throw mismatch(depth);
        arrayDepth = Math.max(arrayDepth, depth);
    }

    private OipFormatException mismatch(int depth) {
        return new OipFormatException(where + ": nested data does not match shape "
                + (shape == null ? "" : Arrays.toString(shape)) + " at depth " + depth);
    }

    private void element(JsonParser p, JsonToken t) throws IOException {
        int index = count;
        boolean number = t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT;
        boolean bool = t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE;
        boolean string = t == JsonToken.VALUE_STRING;
        if (!number && !bool && !string) {
            throw new OipFormatException(where + ": element " + index + " is " + (t == JsonToken.VALUE_NULL ? "null" : "an object"));
        }
        if (type != null) {
            if (type == DataType.BYTES && !string) throw new OipFormatException(where + ": element " + index + " of BYTES data is not a string");
            if (type != DataType.BYTES && !(number || (bool && type == DataType.BOOL))) {
                throw new OipFormatException(where + ": element " + index + " is not a number");
            }
        } else {
            if (!number && !bool && firstNonNumber < 0) firstNonNumber = index;
            if (!string && firstNonString < 0) firstNonString = index;
            if (bool && firstBoolean < 0) firstBoolean = index;
        }
        count++;
        if (index >= capacity) {
            // Past what the shape (or the limit) allows: count on without storing, so the message can say how many.
            if (shape == null || type == null) {
                throw new OipFormatException(OipFormatException.TOO_MANY_ELEMENTS, where + ": data has more than " + capacity + " elements");
            }
            return;
        }
        if (numbers != null && !string) {
            if (index >= numbers.length) numbers = Arrays.copyOf(numbers, grow(numbers.length));
            numbers[index] = number ? p.getDoubleValue() : (t == JsonToken.VALUE_TRUE ? 1 : 0);
        }
        if (strings != null && string) {
            if (index >= strings.length) strings = Arrays.copyOf(strings, grow(strings.length));
            strings[index] = p.getText();
        }
    }

    private int grow(int length) {
        return (int) Math.min(capacity, Math.max(16L, length * 2L));
    }

    /** The flat values once type and shape are known; checks the element count and, for nested data, each level. */
    Values finish(DataType finalType, long[] finalShape, long expected) {
        if (type == null) {
            type = finalType;
            if (finalType == DataType.BYTES && firstNonString >= 0) {
                throw new OipFormatException(where + ": element " + firstNonString + " of BYTES data is not a string");
            }
            if (finalType != DataType.BYTES && firstNonNumber >= 0) throw new OipFormatException(where + ": element " + firstNonNumber + " is not a number");
            if (finalType != DataType.BYTES && finalType != DataType.BOOL && firstBoolean >= 0) {
                throw new OipFormatException(where + ": element " + firstBoolean + " is not a number");
            }
        }
        if (shape == null) {
            shape = finalShape;
            if (arrayDepth > 0) {
                if (arrayDepth >= shape.length) throw new OipFormatException(where + ": nested data is deeper than shape " + Arrays.toString(shape));
                for (int d = 0; d <= arrayDepth; d++) if (dims[d] != shape[d]) throw mismatch(d);
            }
        }
        if (count != expected) {
            throw new OipFormatException(where + ": data has " + count + " elements but shape " + Arrays.toString(shape) + " needs " + expected);
        }
        if (type == DataType.BYTES) return new Values(null, strings.length == count ? strings : Arrays.copyOf(strings, count));
        if (numbers.length < count) numbers = Arrays.copyOf(numbers, count);
        return new Values(numbers.length == count ? numbers : Arrays.copyOf(numbers, count), null);
    }

    record Values(double[] numbers, String[] strings) {
    }
}
