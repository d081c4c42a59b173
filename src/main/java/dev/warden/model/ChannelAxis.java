package dev.warden.model;

/**
 * Which channel (or feature) a flat row-major element belongs to, for a tensor of a given shape and layout:
 * {@code (i / stride) % count}, stride being the product of the dimensions after the channel axis.
 */
public record ChannelAxis(int count, long stride) {
    public ChannelAxis {
        if (count < 1 || stride < 1) throw new IllegalArgumentException("channel axis needs count and stride >= 1");
    }

    public static ChannelAxis of(long[] shape, Layout layout) {
        int axis = layout.channelAxis(shape.length);
        if (axis < 0 || axis >= shape.length) throw new IllegalArgumentException("shape has no channel axis for " + layout);
        long stride = 1;
        for (int d = axis + 1; d < shape.length; d++) stride *= Math.max(1, shape[d]);
        return new ChannelAxis((int) Math.max(1, shape[axis]), stride);
    }

    public int channel(long flatIndex) {
        return (int) ((flatIndex / stride) % count);
    }
}
