package nndl.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import nndl.nn.Evaluation;
import nndl.train.EpochResult;
import nndl.train.Monitor;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Accuracy and cost per epoch, on the training and the evaluation data, as in the book's
 * figures on overfitting (chapter 3): one panel for the accuracy (%) and, when a cost was
 * monitored, one for the cost below it, sharing the epoch axis. Only what was measured is
 * drawn: the evaluation accuracy always, the rest as the --monitor switches asked.
 */
public final class LearningCurves implements Drawing {
    static {
        Headless.ensure();
    }

    static final Color TRAINING = new Color(0x1f77b4);
    static final Color EVALUATION = new Color(0xff7f0e);
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 20);
    private static final Font SUBTITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 15);
    private static final Font TICKS = new Font(Font.SANS_SERIF, Font.PLAIN, 13);

    private final JFreeChart chart;
    private final int height;

    /**
     * @param epochs       what each epoch measured, in order
     * @param monitors     the measurements asked for besides the evaluation accuracy
     * @param evaluationName what the evaluation data is, for the legend ("test", "validation")
     * @param subtitle     a line describing the run, or null
     */
    public LearningCurves(List<EpochResult> epochs, Set<Monitor> monitors, String evaluationName, String subtitle) {
        boolean trainingAccuracy = monitors.contains(Monitor.TRAINING_ACCURACY);
        boolean trainingCost = monitors.contains(Monitor.TRAINING_COST);
        boolean evaluationCost = monitors.contains(Monitor.EVALUATION_COST);
        String evaluationLabel = evaluationName + " data";

        NumberAxis epochAxis = axis("Epoch");
        epochAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        if (!epochs.isEmpty()) {
            int first = epochs.get(0).epoch();
            int last = epochs.get(epochs.size() - 1).epoch();
            double margin = Math.max(0.5, 0.02 * (last - first));
            epochAxis.setRange(first - margin, last + margin);
        }
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(epochAxis);
        plot.setGap(18);
        plot.add(panel("Accuracy (%)", 1.0, epochs, e -> 100 * e.accuracy(), trainingAccuracy, true), 3);
        boolean costs = trainingCost || evaluationCost;
        if (costs) {
            plot.add(panel("Cost", 0.01, epochs, Evaluation::cost, trainingCost, evaluationCost), 2);
        }
        LegendItemCollection legend = new LegendItemCollection();
        if (trainingAccuracy || trainingCost) {
            legend.add(legendItem("training data", TRAINING));
        }
        legend.add(legendItem(evaluationLabel, EVALUATION));
        plot.setFixedLegendItems(legend);

        chart = new JFreeChart(costs ? "Accuracy and cost per epoch" : "Accuracy per epoch", TITLE, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(10, 10, 10, 20));
        if (subtitle != null) {
            TextTitle line = new TextTitle(subtitle, SUBTITLE);
            line.setPaint(Color.DARK_GRAY);
            chart.addSubtitle(0, line);
        }
        LegendTitle legendTitle = chart.getLegend();
        legendTitle.setItemFont(LABEL);
        legendTitle.setItemLabelPadding(new RectangleInsets(2, 4, 2, 24));
        legendTitle.setPosition(RectangleEdge.TOP);
        legendTitle.setFrame(org.jfree.chart.block.BlockBorder.NONE);
        height = costs ? 760 : 480;
    }

    @Override
    public int width() {
        return 900;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public void paint(Graphics2D g) {
        chart.draw(g, new Rectangle2D.Double(0, 0, width(), height()));
    }

    /**
     * One panel: the measurement on the training data (series 0) and on the evaluation data
     * (series 1), its axis spanning at least {@code span} (so that a flat curve is not blown up).
     */
    private static XYPlot panel(String label, double span, List<EpochResult> epochs, Function<Evaluation, Double> measure,
                                boolean training, boolean evaluation) {
        XYSeries onTraining = new XYSeries("training data");
        XYSeries onEvaluation = new XYSeries("evaluation data");
        for (EpochResult e : epochs) {
            if (training && e.training() != null) {
                onTraining.add(e.epoch(), measure.apply(e.training()));
            }
            if (evaluation && e.evaluation() != null) {
                onEvaluation.add(e.epoch(), measure.apply(e.evaluation()));
            }
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(onTraining);
        data.addSeries(onEvaluation);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        style(renderer, 0, TRAINING);
        style(renderer, 1, EVALUATION);
        NumberAxis axis = axis(label);
        axis.setAutoRangeIncludesZero(false);
        axis.setAutoRangeMinimumSize(span);
        return paper(new XYPlot(data, null, axis, renderer));
    }

    /** The look of every chart panel here: white, a grey frame, light grid lines. */
    static XYPlot paper(XYPlot panel) {
        panel.setBackgroundPaint(Color.WHITE);
        panel.setOutlinePaint(Color.GRAY);
        panel.setDomainGridlinePaint(new Color(0xdddddd));
        panel.setRangeGridlinePaint(new Color(0xdddddd));
        panel.setDomainGridlineStroke(new BasicStroke(1f));
        panel.setRangeGridlineStroke(new BasicStroke(1f));
        return panel;
    }

    static void style(XYLineAndShapeRenderer renderer, int series, Color colour) {
        renderer.setSeriesPaint(series, colour);
        renderer.setSeriesStroke(series, new BasicStroke(2.5f));
        renderer.setSeriesShape(series, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
    }

    static NumberAxis axis(String label) {
        NumberAxis axis = new NumberAxis(label);
        axis.setLabelFont(LABEL);
        axis.setTickLabelFont(TICKS);
        axis.setLabelPaint(Color.BLACK);
        axis.setTickLabelPaint(Color.BLACK);
        return axis;
    }

    private static LegendItem legendItem(String label, Color colour) {
        LegendItem item = new LegendItem(label, colour);
        item.setLine(new java.awt.geom.Line2D.Double(-12, 0, 12, 0));
        item.setLineStroke(new BasicStroke(2.5f));
        item.setLinePaint(colour);
        item.setLineVisible(true);
        item.setShape(new Ellipse2D.Double(-3.5, -3.5, 7, 7));
        item.setShapeVisible(true);
        item.setFillPaint(colour);
        return item;
    }
}
