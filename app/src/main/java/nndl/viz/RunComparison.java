package nndl.viz;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.List;
import java.util.function.Function;
import nndl.UserException;
import nndl.nn.Evaluation;
import nndl.train.EpochResult;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Several runs' curves of one measurement on one plot, as the book's chapter-3 figures compare
 * learning rates, costs or regularization: one line per run, labelled with the run's name.
 */
public final class RunComparison implements Drawing {
    static {
        Headless.ensure();
    }

    /** The measurements that can be compared: which data (evaluation, validation, training) and what (accuracy, cost). */
    public static final List<String> METRICS = List.of("evaluation-accuracy", "evaluation-cost", "validation-accuracy",
            "validation-cost", "training-accuracy", "training-cost");
    /** Distinct colours for the runs, in order (matplotlib's "tab10"). */
    private static final Color[] COLOURS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
            new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
            new Color(0xbcbd22), new Color(0x17becf)};

    /** One run: its label and every epoch's results. */
    public record Run(String name, List<EpochResult> epochs) {
    }

    private final JFreeChart chart;

    /** The runs' curves of {@code metric} (one of {@link #METRICS}); a run that did not measure it is a UserException. */
    public RunComparison(List<Run> runs, String metric) {
        UserException.require(METRICS.contains(metric), "unknown metric '" + metric + "': choose one of "
                + String.join(", ", METRICS));
        String data = metric.substring(0, metric.indexOf('-'));
        boolean accuracy = metric.endsWith("accuracy");
        Function<EpochResult, Evaluation> on = data.equals("evaluation") ? EpochResult::evaluation
                : data.equals("validation") ? EpochResult::validation : EpochResult::training;
        XYSeriesCollection series = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (Run run : runs) {
            XYSeries s = new XYSeries(run.name(), false, true);
            for (EpochResult e : run.epochs()) {
                Evaluation measured = on.apply(e);
                if (measured != null) {
                    s.add(e.epoch(), accuracy ? 100 * measured.accuracy() : measured.cost());
                }
            }
            UserException.require(!s.isEmpty(), "run " + run.name() + " did not measure " + metric
                    + (data.equals("training") ? " (train it with --monitor " + metric + ")"
                            : data.equals("validation") ? " (it had no validation data: train it with --run DIR, or --eval validation)" : ""));
            int i = series.getSeriesCount();
            series.addSeries(s);
            Curves.style(renderer, i, COLOURS[i % COLOURS.length]);
        }
        NumberAxis epochs = Curves.axis("Epoch");
        epochs.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        NumberAxis values = Curves.axis(accuracy ? "Accuracy (%)" : "Cost");
        values.setAutoRangeIncludesZero(false);
        values.setAutoRangeMinimumSize(accuracy ? 1.0 : 0.01);
        XYPlot plot = Curves.paper(new XYPlot(series, epochs, values, renderer));
        String title = (accuracy ? "Accuracy" : "Cost") + " on the " + data + " data per epoch";
        chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 20), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(10, 10, 10, 20));
        LegendTitle legend = chart.getLegend();
        legend.setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        legend.setPosition(RectangleEdge.TOP);
        legend.setFrame(org.jfree.chart.block.BlockBorder.NONE);
    }

    @Override
    public int width() {
        return 900;
    }

    @Override
    public int height() {
        return 520;
    }

    @Override
    public void paint(Graphics2D g) {
        chart.draw(g, new Rectangle2D.Double(0, 0, width(), height()));
    }
}
