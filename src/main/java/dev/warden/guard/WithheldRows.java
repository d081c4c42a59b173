package dev.warden.guard;

import dev.warden.tensor.DataType;
import dev.warden.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Blanks the withheld images' rows of every revealed output (class indices become -1, every other number 0,
 * strings empty) and names them in the response parameter {@value #PARAMETER}: {@code [{"index": i,
 * "reason": "..."}]}. The blanks keep the batch's shape for clients that read by position; the parameter is
 * what says a row was not answered.
 */
final class WithheldRows {
    static final String PARAMETER = "withheld";

    private WithheldRows() {
    }

    static void apply(Exchange exchange) {
        Map<Integer, String> rows = exchange.withheld();
        Map<String, Tensor> blanked = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : exchange.revealed().entrySet()) blanked.put(e.getKey(), blank(e.getValue(), rows));
        exchange.reveal(blanked);
        List<Map<String, Object>> listed = new ArrayList<>(rows.size());
        rows.forEach((row, reason) -> listed.add(Map.of("index", row, "reason", reason)));
        exchange.putResponseParameter(PARAMETER, listed);
    }

    private static Tensor blank(Tensor t, Map<Integer, String> rows) {
        long batch = t.batchSize();
        if (batch < 1 || t.size() == 0) return t;
        int perRow = (int) (t.size() / batch);
        if (!t.isNumeric()) {
            String[] s = t.strings().clone();
            for (int row : rows.keySet()) if (row < batch) java.util.Arrays.fill(s, row * perRow, (row + 1) * perRow, "");
            return Tensor.bytes(t.name(), t.shape(), s);
        }
        double fill = isIndex(t) ? -1 : 0;
        double[] v = t.values().clone();
        for (int row : rows.keySet()) if (row < batch) java.util.Arrays.fill(v, row * perRow, (row + 1) * perRow, fill);
        return Tensor.numeric(t.name(), t.datatype(), t.shape(), v);
    }

    private static boolean isIndex(Tensor t) {
        DataType d = t.datatype();
        return t.name().equals("class") && (d == DataType.INT8 || d == DataType.INT16 || d == DataType.INT32 || d == DataType.INT64);
    }
}
