package nndl.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Curves over epochs, in panels stacked one above the other that share the epoch axis (JFreeChart):
 * train's accuracy and cost ({@link LearningCurves}) and the book's chapter-3 figures. A panel may
 * carry horizontal lines at values the book reports, labelled, so that a run and the book's
 * figure are read side by side. One legend for all panels: each label once.
 */
public final class Curves implements Drawing {
    static {
        Headless.ensure();
    }

    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 20);
    private static final Font SUBTITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 15);
    private static final Font TICKS = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final Color REFERENCE = new Color(0x555555);
    /** Curves with at most this many points get a dot at each point; longer ones are lines only. */
    private static final int DOTS_UP_TO = 60;
    private static final float WIDTH = 2.5f;

    /**
     * One curve: its label in the legend, its colour, whether it is dashed, and its points
     * (x[i], y[i]) in order. Curves with the same label share one legend entry.
     */
    public record Series(String label, Color colour, boolean dashed, double[] x, double[] y) {
        public Series {
            if (x.length != y.length) {
                throw new IllegalArgumentException(x.length + " x values for " + y.length + " y values");
            }
        }

        /** A solid curve of y against 0, 1, 2, ... */
        public static Series of(String label, Color colour, double[] y) {
            return new Series(label, colour, false, indices(y.length), y);
        }
    }

    /** A horizontal dashed line at {@code value}, labelled (e.g. "book: 82.27% at best"). */
    public record Reference(String label, double value) {
    }

    /**
     * One panel: its vertical axis label, how much of the height it takes relative to the
     * others, the least span of its axis (so that a flat curve is not blown up), and what it shows.
     */
    public record Panel(String axis, int weight, double minimumSpan, List<Series> series, List<Reference> references) {
        public Panel(String axis, int weight, double minimumSpan, List<Series> series) {
            this(axis, weight, minimumSpan, series, List.of());
        }
    }

    private final JFreeChart chart;
    private final int width;
    private final int height;

    /**
     * @param title    the chart's title
     * @param subtitles lines under the title: what was run, what the book reports
     * @param xAxis    the shared horizontal axis' label ("Epoch")
     * @param panels   top to bottom
     */
    public Curves(String title, List<String> subtitles, String xAxis, List<Panel> panels, int width, int height) {
        this.width = width;
        this.height = height;
        NumberAxis epochAxis = axis(xAxis);
        epochAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        double first = Double.POSITIVE_INFINITY;
        double last = Double.NEGATIVE_INFINITY;
        Map<String, Series> legend = new LinkedHashMap<>();
        for (Panel p : panels) {
            for (Series s : p.series()) {
                if (s.x().length > 0) {
                    first = Math.min(first, s.x()[0]);
                    last = Math.max(last, s.x()[s.x().length - 1]);
                }
                legend.putIfAbsent(s.label(), s);
            }
        }
        if (first <= last) {
            double margin = Math.max(0.5, 0.02 * (last - first));
            epochAxis.setRange(first - margin, last + margin);
        }
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(epochAxis);
        plot.setGap(18);
        for (Panel p : panels) {
            plot.add(panel(p), p.weight());
        }
        LegendItemCollection items = new LegendItemCollection();
        for (Series s : legend.values()) {
            items.add(legendItem(s));
        }
        plot.setFixedLegendItems(items);

        chart = new JFreeChart(title, TITLE, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(10, 10, 10, 20));
        for (int i = 0; i < subtitles.size(); i++) {
            TextTitle line = new TextTitle(subtitles.get(i), SUBTITLE);
            line.setPaint(Color.DARK_GRAY);
            chart.addSubtitle(i, line);
        }
        LegendTitle legendTitle = chart.getLegend();
        legendTitle.setItemFont(LABEL);
        legendTitle.setItemLabelPadding(new RectangleInsets(2, 4, 2, 24));
        legendTitle.setPosition(RectangleEdge.TOP);
        legendTitle.setFrame(BlockBorder.NONE);
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public void paint(Graphics2D g) {
        chart.draw(g, new Rectangle2D.Double(0, 0, width, height));
    }

    /** 0, 1, ..., n − 1. */
    public static double[] indices(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
        }
        return x;
    }

    private static XYPlot panel(Panel p) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        renderer.setDrawSeriesLineAsPath(true); // one path a curve, so that dashes run along it
        List<Series> drawn = new ArrayList<>();
        for (Series s : p.series()) {
            // Series keys must differ within a panel; the legend shows the label.
            XYSeries points = new XYSeries(drawn.size() + ": " + s.label(), false, true);
            for (int i = 0; i < s.x().length; i++) {
                points.add(s.x()[i], s.y()[i]);
            }
            int index = drawn.size();
            data.addSeries(points);
            style(renderer, index, s.colour());
            renderer.setSeriesStroke(index, stroke(s.dashed()));
            renderer.setSeriesShapesVisible(index, s.x().length <= DOTS_UP_TO);
            drawn.add(s);
        }
        NumberAxis axis = axis(p.axis());
        axis.setAutoRangeIncludesZero(false);
        axis.setAutoRangeMinimumSize(p.minimumSpan());
        XYPlot panel = paper(new XYPlot(data, null, axis, renderer));
        for (Reference r : p.references()) {
            ValueMarker marker = new ValueMarker(r.value(), REFERENCE,
                    new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {3f, 4f}, 0f));
            marker.setLabel(r.label());
            marker.setLabelFont(TICKS);
            marker.setLabelPaint(REFERENCE);
            marker.setLabelBackgroundColor(new Color(255, 255, 255, 0));
            marker.setLabelAnchor(RectangleAnchor.TOP_LEFT);
            marker.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
            marker.setLabelOffset(new RectangleInsets(2, 6, 2, 2));
            panel.addRangeMarker(0, marker, Layer.BACKGROUND);
        }
        if (!p.references().isEmpty()) {
            includeReferences(axis, data, p.references());
        }
        return panel;
    }

    /** Sets the axis' range to hold the data and every reference line (the book's value may lie outside the run's). */
    private static void includeReferences(NumberAxis axis, XYSeriesCollection data, List<Reference> references) {
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (int s = 0; s < data.getSeriesCount(); s++) {
            XYSeries series = data.getSeries(s);
            if (series.getItemCount() > 0) {
                low = Math.min(low, series.getMinY());
                high = Math.max(high, series.getMaxY());
            }
        }
        for (Reference r : references) {
            low = Math.min(low, r.value());
            high = Math.max(high, r.value());
        }
        double span = Math.max(high - low, axis.getAutoRangeMinimumSize());
        double margin = 0.08 * span;
        double mid = (low + high) / 2;
        axis.setRange(mid - span / 2 - margin, mid + span / 2 + margin);
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

    /** A curve's look: its colour, a 2.5-pixel line and a dot at each point. */
    static void style(XYLineAndShapeRenderer renderer, int series, Color colour) {
        renderer.setSeriesPaint(series, colour);
        renderer.setSeriesStroke(series, new BasicStroke(WIDTH));
        renderer.setSeriesShape(series, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
    }

    private static BasicStroke stroke(boolean dashed) {
        return dashed
                ? new BasicStroke(WIDTH, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {8f, 5f}, 0f)
                : new BasicStroke(WIDTH);
    }

    /** An axis with the label and tick fonts of every chart here. */
    static NumberAxis axis(String label) {
        NumberAxis axis = new NumberAxis(label);
        axis.setLabelFont(LABEL);
        axis.setTickLabelFont(TICKS);
        axis.setLabelPaint(Color.BLACK);
        axis.setTickLabelPaint(Color.BLACK);
        return axis;
    }

    private static LegendItem legendItem(Series s) {
        LegendItem item = new LegendItem(s.label(), s.colour());
        item.setLine(new Line2D.Double(-12, 0, 12, 0));
        item.setLineStroke(stroke(s.dashed()));
        item.setLinePaint(s.colour());
        item.setLineVisible(true);
        item.setShape(new Ellipse2D.Double(-3.5, -3.5, 7, 7));
        item.setShapeVisible(s.x().length <= DOTS_UP_TO);
        item.setFillPaint(s.colour());
        return item;
    }
}
