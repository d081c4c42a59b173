package dev.warden.data;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Tabular samples from a CSV file with a header: a {@code label} column (optional; a class name or index)
 * and every other column a feature, in the order the columns appear. Values are taken in the model's input
 * units. The file is parsed once, whole: tabular data sets are small next to images.
 */
final class CsvSource implements SampleSource {
    static final String LABEL = "label";
    private final Path path;
    private final List<String> features;
    private final double[][] rows;
    private final String[] labels;

    private CsvSource(Path path, List<String> features, double[][] rows, String[] labels) {
        this.path = path;
        this.features = List.copyOf(features);
        this.rows = rows;
        this.labels = labels;
    }

    static CsvSource open(Path file) {
        CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY).enable(CsvParser.Feature.TRIM_SPACES);
        List<String[]> lines = new ArrayList<>();
        try (MappingIterator<String[]> it = mapper.readerFor(String[].class).readValues(file.toFile())) {
            while (it.hasNextValue()) {
                String[] line = it.nextValue();
                if (line.length == 1 && line[0].isEmpty()) continue;
                lines.add(line);
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new DataFormatException(file + ": not readable as CSV: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (lines.isEmpty()) throw new DataFormatException(file + ": empty; a CSV needs a header line and one line per sample");
        String[] header = lines.get(0);
        int labelColumn = -1;
        List<String> features = new ArrayList<>();
        for (int c = 0; c < header.length; c++) {
            if (header[c].equals(LABEL)) {
                if (labelColumn >= 0) throw new DataFormatException(file + ": the header names the column 'label' twice");
                labelColumn = c;
            } else {
                features.add(header[c]);
            }
        }
        if (features.isEmpty()) throw new DataFormatException(file + ": the header has no feature columns (only '" + String.join(",", header) + "')");
        if (lines.size() == 1) throw new DataFormatException(file + ": has a header but no samples");
        double[][] rows = new double[lines.size() - 1][];
        String[] labels = labelColumn >= 0 ? new String[rows.length] : null;
        for (int r = 1; r < lines.size(); r++) {
            String[] line = lines.get(r);
            if (line.length != header.length) {
                throw new DataFormatException(file + ": line " + (r + 1) + " has " + line.length + " values, the header " + header.length);
            }
            double[] row = new double[features.size()];
            int f = 0;
            for (int c = 0; c < line.length; c++) {
                if (c == labelColumn) {
                    if (line[c].isEmpty()) throw new DataFormatException(file + ": line " + (r + 1) + " has an empty label");
                    labels[r - 1] = line[c];
                    continue;
                }
                row[f++] = number(line[c], file, r + 1, header[c]);
            }
            rows[r - 1] = row;
        }
        return new CsvSource(file, features, rows, labels);
    }

    private static double number(String text, Path file, int line, String column) {
        try {
            double v = Double.parseDouble(text);
            if (!Double.isFinite(v)) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new DataFormatException(file + ": line " + line + ", column '" + column + "': '" + text + "' is not a finite number");
        }
    }

    /** The feature columns' names, in order. */
    List<String> features() {
        return features;
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public String format() {
        return "CSV";
    }

    @Override
    public int count() {
        return rows.length;
    }

    @Override
    public boolean labelled() {
        return labels != null;
    }

    @Override
    public List<String> labelNames() {
        if (labels == null) return List.of();
        return List.copyOf(new LinkedHashSet<>(List.of(labels)));
    }

    @Override
    public RawSample read(int index) {
        return new RawSample("line " + (index + 2) + " of " + path, rows[index].clone(), new int[]{features.size()},
                RawSample.Arrangement.FEATURES, false, labels == null ? null : labels[index]);
    }

    @Override
    public String label(int index) {
        return labels == null ? null : labels[index];
    }

    @Override
    public String sha256() {
        return Digests.sha256(path);
    }
}
