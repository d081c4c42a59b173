package dev.warden.fuzz.report;

import dev.warden.fuzz.Oracle;
import dev.warden.fuzz.RunResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Strategies compared at the same budget across random seeds: for each strategy (random, coverage:GUIDE),
 * the mean, minimum and maximum over seeds of each oracle's distinct failures and of each criterion's final
 * coverage, and each guided strategy's ratio of mean distinct bypasses to random's.
 */
public record Comparison(List<Row> rows) {
    /** mean, min and max over the seeds. */
    public record Spread(double mean, double min, double max, List<Double> values) {
        static Spread of(List<Double> v) {
            return new Spread(v.stream().mapToDouble(Double::doubleValue).average().orElse(0),
                    v.stream().mapToDouble(Double::doubleValue).min().orElse(0), v.stream().mapToDouble(Double::doubleValue).max().orElse(0),
                    List.copyOf(v));
        }
    }

    public record Row(String strategy, List<Long> seeds, Map<String, Spread> distinct, Map<String, Spread> coverage,
                      Spread inputsPerSecond, Double bypassRatioToRandom, Double failureRatioToRandom) {
    }

    public static Comparison of(List<RunResult> runs, List<Oracle> oracles) {
        Map<String, List<RunResult>> byLabel = new LinkedHashMap<>();
        for (RunResult r : runs) byLabel.computeIfAbsent(r.label(), k -> new ArrayList<>()).add(r);
        List<RunResult> random = byLabel.getOrDefault("random", List.of());
        double randomBypass = mean(random, Oracle.BYPASS), randomAll = meanAll(random);
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, List<RunResult>> e : byLabel.entrySet()) {
            List<RunResult> rs = e.getValue();
            Map<String, Spread> distinct = new LinkedHashMap<>();
            for (Oracle o : oracles) distinct.put(o.wire(), Spread.of(rs.stream().map(r -> (double) r.distinct(o)).toList()));
            distinct.put("all", Spread.of(rs.stream().map(r -> (double) r.findings().size()).toList()));
            Map<String, Spread> coverage = new LinkedHashMap<>();
            for (String c : rs.get(0).coverage().keySet()) coverage.put(c, Spread.of(rs.stream().map(r -> r.coverage().get(c)).toList()));
            boolean guided = !e.getKey().equals("random") && !random.isEmpty();
            Double bypass = guided && oracles.contains(Oracle.BYPASS) && randomBypass > 0 ? mean(rs, Oracle.BYPASS) / randomBypass : null;
            Double all = guided && randomAll > 0 ? meanAll(rs) / randomAll : null;
            rows.add(new Row(e.getKey(), rs.stream().map(RunResult::randomSeed).toList(), distinct, coverage,
                    Spread.of(rs.stream().map(RunResult::inputsPerSecond).toList()), bypass, all));
        }
        return new Comparison(rows);
    }

    private static double mean(List<RunResult> rs, Oracle o) {
        return rs.stream().mapToDouble(r -> r.distinct(o)).average().orElse(0);
    }

    private static double meanAll(List<RunResult> rs) {
        return rs.stream().mapToDouble(r -> r.findings().size()).average().orElse(0);
    }
}
