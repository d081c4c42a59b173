package dev.warden.tensor;

import java.util.Collection;

/** Rows (items of the batch, the first dimension) picked out of a tensor, in the order given. */
public final class TensorRows {
    private TensorRows() {
    }

    public static Tensor select(Tensor t, Collection<Integer> rows) {
        long batch = t.batchSize();
        if (t.shape().length == 0 || batch < 1) return t;
        int perRow = (int) (t.size() / batch);
        long[] shape = t.shape().clone();
        shape[0] = rows.size();
        if (!t.isNumeric()) {
            String[] out = new String[rows.size() * perRow];
            int at = 0;
            for (int row : rows) {
                System.arraycopy(t.strings(), checked(row, batch) * perRow, out, at, perRow);
                at += perRow;
            }
            return Tensor.bytes(t.name(), shape, out);
        }
        double[] out = new double[rows.size() * perRow];
        int at = 0;
        for (int row : rows) {
            System.arraycopy(t.values(), checked(row, batch) * perRow, out, at, perRow);
            at += perRow;
        }
        return Tensor.numeric(t.name(), t.datatype(), shape, out);
    }

    private static int checked(int row, long batch) {
        if (row < 0 || row >= batch) throw new IndexOutOfBoundsException("row " + row + " of a batch of " + batch);
        return row;
    }
}
