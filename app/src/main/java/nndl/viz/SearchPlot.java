package nndl.viz;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import nndl.search.Parameter;
import nndl.search.Scale;
import nndl.search.TrialRecord;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A search's result as the book draws η: validation accuracy against each searched parameter,
 * one panel per parameter, a point per trial (at the most epochs it was trained), coloured by
 * those epochs. A log range gets a log axis; a list of names gets one place per name.
 */
public final class SearchPlot implements Drawing {
    static {
        Headless.ensure();
    }

    private static final Color[] COLOURS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
        new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b)};
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    private static final int PANEL = 440;
    private static final int COLUMNS = 2;

    private final List<JFreeChart> panels = new ArrayList<>();

    /**
     * @param parameters the searched parameters (those with more than one value are drawn)
     * @param records    every job's record; each trial is drawn once, from its job of the most epochs
     */
    public SearchPlot(List<Parameter> parameters, List<TrialRecord> records) {
        Map<Integer, TrialRecord> furthest = new TreeMap<>();
        for (TrialRecord r : records) {
            if (r.finished()) {
                furthest.merge(r.trial(), r, (a, b) -> a.epochs() >= b.epochs() ? a : b);
            }
        }
        for (Parameter p : parameters) {
            if (p.grid(2).size() > 1) {
                panels.add(panel(p, new ArrayList<>(furthest.values())));
            }
        }
    }

    private static JFreeChart panel(Parameter p, List<TrialRecord> records) {
        List<String> names = p instanceof Parameter.Choice c && !numeric(c.values()) ? c.values() : null;
        Map<Integer, XYSeries> byEpochs = new TreeMap<>();
        for (TrialRecord r : records) {
            String value = r.values().get(p.name());
            if (value == null) {
                continue;
            }
            double x = names != null ? names.indexOf(value) : Double.parseDouble(value);
            byEpochs.computeIfAbsent(r.epochsTrained(), e -> new XYSeries(e + (e == 1 ? " epoch" : " epochs"), false, true))
                    .add(x, 100 * r.accuracy());
        }
        XYSeriesCollection data = new XYSeriesCollection();
        byEpochs.values().forEach(data::addSeries);
        ValueAxis xAxis;
        if (names != null) {
            xAxis = new SymbolAxis(p.name(), names.toArray(new String[0]));
        } else if (p instanceof Parameter.Range r && r.scale() == Scale.LOG) {
            LogAxis log = new LogAxis(p.name() + " (log scale)");
            log.setBase(10);
            log.setSmallestValue(r.low() / 10);
            // plain numbers (0.01, 0.1, 1, 10; 0.025, 0.04, 0.063 within a decade) rather than powers of ten
            log.setNumberFormatOverride(new TwoFigures());
            if (r.high() / r.low() >= 100) {
                log.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(1));
            }
            xAxis = log;
        } else {
            NumberAxis linear = new NumberAxis(p.name());
            linear.setAutoRangeIncludesZero(false);
            xAxis = linear;
        }
        xAxis.setLabelFont(LABEL);
        NumberAxis yAxis = new NumberAxis("Validation accuracy (%)");
        yAxis.setAutoRangeIncludesZero(false);
        yAxis.setLabelFont(LABEL);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
        for (int s = 0; s < data.getSeriesCount(); s++) {
            renderer.setSeriesPaint(s, COLOURS[s % COLOURS.length]);
            renderer.setSeriesShape(s, new Ellipse2D.Double(-4, -4, 8, 8));
        }
        XYPlot plot = Curves.paper(new XYPlot(data, xAxis, yAxis, renderer));
        JFreeChart chart = new JFreeChart(null, TITLE, plot, true);
        chart.setTitle(new TextTitle("Validation accuracy against " + p.name(), TITLE));
        chart.setBackgroundPaint(Color.WHITE);
        chart.getLegend().setPosition(RectangleEdge.BOTTOM);
        return chart;
    }

    private static boolean numeric(List<String> values) {
        try {
            values.forEach(Double::parseDouble);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    @Override
    public int width() {
        return PANEL * Math.min(COLUMNS, Math.max(1, panels.size()));
    }

    @Override
    public int height() {
        return PANEL * Math.max(1, (panels.size() + COLUMNS - 1) / COLUMNS);
    }

    @Override
    public void paint(Graphics2D g) {
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width(), height());
        for (int i = 0; i < panels.size(); i++) {
            panels.get(i).draw(g, new Rectangle2D.Double(PANEL * (i % COLUMNS), PANEL * (i / COLUMNS), PANEL, PANEL));
        }
    }

    /** A tick label to two significant figures, in plain digits: 0.025, 0.4, 1.6, 10, 250. */
    private static final class TwoFigures extends java.text.NumberFormat {
        @Override
        public StringBuffer format(double x, StringBuffer to, java.text.FieldPosition pos) {
            return to.append(java.math.BigDecimal.valueOf(x).round(new java.math.MathContext(2)).stripTrailingZeros().toPlainString());
        }

        @Override
        public StringBuffer format(long x, StringBuffer to, java.text.FieldPosition pos) {
            return format((double) x, to, pos);
        }

        @Override
        public Number parse(String text, java.text.ParsePosition pos) {
            throw new UnsupportedOperationException("tick labels are only written");
        }
    }
}
