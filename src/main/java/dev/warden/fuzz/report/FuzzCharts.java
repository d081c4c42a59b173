package dev.warden.fuzz.report;

import dev.warden.fuzz.Checkpoint;
import dev.warden.fuzz.RunResult;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The fuzz report's plots, drawn headless by JFreeChart (as the assess report's) and returned as base64 PNG. */
final class FuzzCharts {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 420;
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
            new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf)};

    private FuzzCharts() {
    }

    /** One line per run: a value of its checkpoints against the queries spent. */
    static String overBudget(String title, String yLabel, List<RunResult> runs, ToDoubleFunction<Checkpoint> value) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (RunResult r : runs) {
            XYSeries s = new XYSeries(r.label() + " (seed " + r.randomSeed() + ")", true, true);
            for (Checkpoint c : r.timeline()) s.add(c.queries(), value.applyAsDouble(c));
            data.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, "queries", yLabel, data, PlotOrientation.VERTICAL, true, false, false);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        chart.getXYPlot().setRenderer(renderer);
        return png(chart);
    }

    /** Distinct failures per mutation kind in a run's findings. */
    static String byKind(Map<String, Integer> byKind) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        byKind.forEach((k, n) -> data.addValue(n, "distinct failures", k));
        JFreeChart chart = ChartFactory.createBarChart("Distinct failures by mutation kind (a failure counts for each kind in its chain)",
                "mutation", "distinct failures", data, PlotOrientation.VERTICAL, false, false, false);
        return png(chart);
    }

    /** Mean distinct failures of each strategy across seeds, with the standard deviation as error bars. */
    static String strategies(Comparison c, String oracle) {
        DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
        for (Comparison.Row row : c.rows()) {
            Comparison.Spread s = row.distinct().get(oracle);
            double sd = Math.sqrt(s.values().stream().mapToDouble(v -> (v - s.mean()) * (v - s.mean())).sum() / Math.max(1, s.values().size() - 1));
            data.add(s.mean(), sd, oracle, row.strategy());
        }
        JFreeChart chart = ChartFactory.createBarChart("Distinct " + oracle + " failures per strategy at the same budget (mean, sd over seeds)",
                "strategy", "distinct failures", data, PlotOrientation.VERTICAL, false, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        double top = 0;
        for (Comparison.Row row : c.rows()) top = Math.max(top, row.distinct().get(oracle).max());
        org.jfree.chart.axis.NumberAxis y = (org.jfree.chart.axis.NumberAxis) plot.getRangeAxis();
        y.setRange(0, Math.max(1, top * 1.15));   // counts: from zero, and a readable axis when every run found none
        y.setStandardTickUnits(org.jfree.chart.axis.NumberAxis.createIntegerTickUnits());
        StatisticalBarRenderer bars = new StatisticalBarRenderer();
        bars.setSeriesPaint(0, PALETTE[0]);
        bars.setErrorIndicatorPaint(Color.BLACK);
        bars.setMaximumBarWidth(0.12);
        plot.setRenderer(bars);
        return png(chart);
    }

    private static String png(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getPlot().setBackgroundPaint(new Color(0xfafafa));
        try {
            return Base64.getEncoder().encodeToString(ChartUtils.encodeAsPNG(chart.createBufferedImage(WIDTH, HEIGHT)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
