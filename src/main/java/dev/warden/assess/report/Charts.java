package dev.warden.assess.report;

import dev.warden.assess.RunResult;
import dev.warden.assess.SampleResult;
import dev.warden.assess.WorkFactor;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The report's plots, drawn headless by JFreeChart and returned as base64 PNG for a data: URI. */
final class Charts {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 480;
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
            new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf)};

    private Charts() {
    }

    /** Share of images broken within each number of queries, one step line per run; baseline runs dashed. */
    static String successAgainstBudget(List<RunResult> runs, List<RunResult> baselineRuns) {
        XYSeriesCollection data = new XYSeriesCollection();
        long maxBudget = 1;
        for (RunResult r : concat(runs, baselineRuns)) {
            XYSeries s = new XYSeries(label(r), true, true);
            s.add(1, r.successRateAt(1));
            for (SampleResult x : r.perSample()) if (x.success()) s.add(x.queries(), r.successRateAt(x.queries()));
            s.add(r.budget(), r.successRateAt(r.budget()));
            data.addSeries(s);
            maxBudget = Math.max(maxBudget, r.budget());
        }
        JFreeChart chart = ChartFactory.createXYLineChart("Success rate against query budget", "queries per image (log scale)",
                "images broken", data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        LogAxis x = new LogAxis("queries per image (log scale)");
        x.setRange(1, maxBudget);
        x.setSmallestValue(1);
        x.setTickUnit(new NumberTickUnit(1.0));
        x.setMinorTickCount(9);
        x.setNumberFormatOverride(java.text.NumberFormat.getIntegerInstance(Locale.ROOT));
        plot.setDomainAxis(x);
        NumberAxis y = (NumberAxis) plot.getRangeAxis();
        y.setRange(0, 1.02);
        y.setNumberFormatOverride(java.text.NumberFormat.getPercentInstance(Locale.ROOT));
        XYStepRenderer renderer = new XYStepRenderer();
        for (int i = 0; i < data.getSeriesCount(); i++) {
            boolean baseline = i >= runs.size();
            renderer.setSeriesPaint(i, PALETTE[(baseline ? i - runs.size() : i) % PALETTE.length]);
            renderer.setSeriesStroke(i, baseline
                    ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[]{6f, 4f}, 0f)
                    : new BasicStroke(2.2f));
        }
        plot.setRenderer(renderer);
        style(chart);
        return png(chart);
    }

    /** Queries per success for each attack, the target's next to the baseline's. */
    static String workFactor(List<RunResult> runs, List<WorkFactor> factors) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        if (factors.isEmpty()) {
            for (RunResult r : runs) {
                if (r.queriesPerSuccess() != null) data.addValue(r.queriesPerSuccess(), "target", category(r.attack(), r.adaptive(), r.accounts(), r.disguise()));
            }
        } else {
            for (WorkFactor w : factors) {
                String c = category(w.attack(), w.adaptive(), w.accounts(), w.disguise());
                data.addValue(w.guardedQueriesPerSuccess(), "target", c);
                data.addValue(w.baselineQueriesPerSuccess(), "baseline (unguarded)", c);
            }
        }
        JFreeChart chart = ChartFactory.createBarChart("Work factor: queries spent per successful adversarial example", "attack",
                "queries per success", data, PlotOrientation.VERTICAL, true, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        BarRenderer bars = (BarRenderer) plot.getRenderer();
        bars.setBarPainter(new StandardBarPainter());
        bars.setShadowVisible(false);
        bars.setMaximumBarWidth(0.12);
        bars.setSeriesPaint(0, PALETTE[1]);
        bars.setSeriesPaint(1, PALETTE[0]);
        style(chart);
        return png(chart);
    }

    private static void style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getPlot().setBackgroundPaint(new Color(0xfafafa));
    }

    private static List<RunResult> concat(List<RunResult> a, List<RunResult> b) {
        List<RunResult> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String label(RunResult r) {
        return r.attack() + " (" + r.target() + ", " + (r.adaptive() ? "adaptive" : "plain")
                + (r.accounts() > 1 ? ", " + r.accounts() + " accounts" : "") + (r.disguise() > 0 ? ", disguised" : "") + (r.oars() ? ", OARS" : "") + ")";
    }

    private static String category(String attack, boolean adaptive, int accounts, double disguise) {
        return attack + (adaptive ? " adaptive" : "") + (accounts > 1 ? " x" + accounts : "") + (disguise > 0 ? " disguised" : "");
    }

    private static String png(JFreeChart chart) {
        BufferedImage image = chart.createBufferedImage(WIDTH, HEIGHT);
        try {
            return Base64.getEncoder().encodeToString(ChartUtils.encodeAsPNG(image));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
