package nndl.viz;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * A chart read back from the SVG that {@link Curves} wrote, as a reader reads it off the page: each
 * curve's points are turned into numbers through the axes' own tick marks and labels (the tick
 * labels of a panel's vertical axis, the epoch labels under the bottom one), not through
 * anything the chart code knows. Curves are the 2.5-pixel strokes of at least three points
 * (the legend's samples are two-point lines); a curve's panel is the plot area it is clipped to.
 */
public final class SvgChart {
    /** A curve: its colour (0xRRGGBB), whether dashed, and its points in data units. */
    public record Curve(int rgb, boolean dashed, double[] x, double[] y) {
    }

    private record Rect(double left, double top, double right, double bottom) {
        boolean holdsY(double y) {
            return y >= top - 0.5 && y <= bottom + 0.5;
        }
    }

    private record Text(double x, double y, String text) {
    }

    private static final Pattern POINT = Pattern.compile("([-0-9.E]+),([-0-9.E]+)");

    private final List<Curve> curves = new ArrayList<>();
    private final List<String> texts = new ArrayList<>();

    private SvgChart() {
    }

    public List<Curve> curves() {
        return curves;
    }

    /** Every piece of text drawn as text (titles, legend, tick labels, reference labels). */
    public List<String> texts() {
        return texts;
    }

    /** The one curve of a colour and dash, or an AssertionError. */
    public Curve curve(int rgb, boolean dashed) {
        List<Curve> found = curves.stream().filter(c -> c.rgb() == rgb && c.dashed() == dashed).toList();
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " curves of colour " + Integer.toHexString(rgb) + (dashed ? " dashed" : " solid"));
        }
        return found.get(0);
    }

    /** The curves of a colour and dash, top panel first. */
    public List<Curve> curves(int rgb, boolean dashed) {
        return curves.stream().filter(c -> c.rgb() == rgb && c.dashed() == dashed).toList();
    }

    public static SvgChart read(Path file) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            Document doc = factory.newDocumentBuilder().parse(file.toFile());
            SvgChart chart = new SvgChart();
            chart.parse(doc);
            return chart;
        } catch (Exception e) {
            throw new AssertionError("cannot read the chart in " + file + ": " + e, e);
        }
    }

    private void parse(Document doc) {
        // Plot areas: the clip rectangles whose id the curves refer to.
        Map<String, Rect> clips = new HashMap<>();
        NodeList clipPaths = doc.getElementsByTagName("clipPath");
        for (int i = 0; i < clipPaths.getLength(); i++) {
            Element clip = (Element) clipPaths.item(i);
            NodeList paths = clip.getElementsByTagName("path");
            if (paths.getLength() == 1) {
                List<double[]> p = points(((Element) paths.item(0)).getAttribute("d"));
                if (p.size() == 4) {
                    double left = p.stream().mapToDouble(q -> q[0]).min().orElseThrow();
                    double right = p.stream().mapToDouble(q -> q[0]).max().orElseThrow();
                    double top = p.stream().mapToDouble(q -> q[1]).min().orElseThrow();
                    double bottom = p.stream().mapToDouble(q -> q[1]).max().orElseThrow();
                    clips.put(clip.getAttribute("id"), new Rect(left, top, right, bottom));
                }
            }
        }
        // Tick marks: 2-pixel lines, horizontal on the left axes, vertical under the bottom one.
        List<double[]> rangeTicks = new ArrayList<>();
        List<double[]> domainTicks = new ArrayList<>();
        NodeList lines = doc.getElementsByTagName("line");
        for (int i = 0; i < lines.getLength(); i++) {
            Element l = (Element) lines.item(i);
            double x1 = Double.parseDouble(l.getAttribute("x1"));
            double y1 = Double.parseDouble(l.getAttribute("y1"));
            double x2 = Double.parseDouble(l.getAttribute("x2"));
            double y2 = Double.parseDouble(l.getAttribute("y2"));
            if (y1 == y2 && Math.abs(x2 - x1) == 2) {
                rangeTicks.add(new double[] {Math.min(x1, x2), y1});
            } else if (x1 == x2 && Math.abs(y2 - y1) == 2) {
                domainTicks.add(new double[] {x1, Math.max(y1, y2)});
            }
        }
        List<Text> numbers = new ArrayList<>();
        NodeList textNodes = doc.getElementsByTagName("text");
        for (int i = 0; i < textNodes.getLength(); i++) {
            Element t = (Element) textNodes.item(i);
            String content = t.getTextContent().trim();
            texts.add(content);
            if (content.matches("-?[0-9][0-9,]*(\\.[0-9]+)?")) {
                numbers.add(new Text(Double.parseDouble(t.getAttribute("x")), Double.parseDouble(t.getAttribute("y")),
                        content.replace(",", "")));
            }
        }
        // The epoch axis: labels well below the lowest plot area (under its tick marks), in order, against the tick marks in order.
        double lowest = clips.values().stream().mapToDouble(Rect::bottom).max().orElseThrow();
        List<Text> epochLabels = numbers.stream().filter(t -> t.y() > lowest + 8).sorted(Comparator.comparingDouble(Text::x)).toList();
        List<double[]> epochTicks = domainTicks.stream().filter(t -> t[1] > lowest).sorted(Comparator.comparingDouble(t -> t[0])).toList();
        double[] xMap = fit(epochTicks.stream().mapToDouble(t -> t[0]).toArray(),
                epochLabels.stream().mapToDouble(t -> Double.parseDouble(t.text())).toArray(), "epoch axis");

        NodeList groups = doc.getElementsByTagName("g");
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            String style = g.getAttribute("style");
            Matcher colour = Pattern.compile("stroke:rgb\\((\\d+),(\\d+),(\\d+)\\)").matcher(style);
            if (!style.contains("stroke-width:2.5") || !colour.find()) {
                continue;
            }
            int rgb = Integer.parseInt(colour.group(1)) << 16 | Integer.parseInt(colour.group(2)) << 8 | Integer.parseInt(colour.group(3));
            boolean dashed = style.contains("stroke-dasharray");
            String clipId = g.getAttribute("clip-path").replaceAll("url\\(#(.*)\\)", "$1");
            Rect area = clips.get(clipId);
            for (Node n = g.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e && e.getTagName().equals("path")) {
                    List<double[]> p = points(e.getAttribute("d"));
                    if (p.size() < 3 || area == null) {
                        continue;
                    }
                    // This panel's vertical axis: its tick marks, each with the label left of the plot
                    // whose baseline lies a few pixels below it (the label is centred on the tick).
                    List<double[]> ticks = rangeTicks.stream().filter(t -> area.holdsY(t[1])).toList();
                    double[] tickY = new double[ticks.size()];
                    double[] tickValue = new double[ticks.size()];
                    for (int k = 0; k < ticks.size(); k++) {
                        double y0 = ticks.get(k)[1];
                        Text label = numbers.stream().filter(t -> t.x() < area.left() && t.y() - y0 > 2 && t.y() - y0 < 9)
                                .findFirst().orElseThrow(() -> new AssertionError("no label beside the tick at y = " + y0));
                        tickY[k] = y0;
                        tickValue[k] = Double.parseDouble(label.text());
                    }
                    double[] yMap = fit(tickY, tickValue, "axis of a panel");
                    double[] x = new double[p.size()];
                    double[] y = new double[p.size()];
                    for (int k = 0; k < p.size(); k++) {
                        x[k] = xMap[0] + xMap[1] * p.get(k)[0];
                        y[k] = yMap[0] + yMap[1] * p.get(k)[1];
                    }
                    curves.add(new Curve(rgb, dashed, x, y));
                }
            }
        }
    }

    /** value = c0 + c1 · pixel, by least squares through (pixel, value) pairs, which must be at least two and line up. */
    private static double[] fit(double[] pixels, double[] values, String what) {
        if (pixels.length != values.length || pixels.length < 2) {
            throw new AssertionError(what + ": " + pixels.length + " tick marks for " + values.length + " labels");
        }
        int n = pixels.length;
        double mp = 0;
        double mv = 0;
        for (int i = 0; i < n; i++) {
            mp += pixels[i] / n;
            mv += values[i] / n;
        }
        double spp = 0;
        double spv = 0;
        for (int i = 0; i < n; i++) {
            spp += (pixels[i] - mp) * (pixels[i] - mp);
            spv += (pixels[i] - mp) * (values[i] - mv);
        }
        double slope = spv / spp;
        double intercept = mv - slope * mp;
        for (int i = 0; i < n; i++) {
            double residual = intercept + slope * pixels[i] - values[i];
            if (Math.abs(residual) > 1e-3 * Math.abs(slope) * 2 + 1e-9 && Math.abs(residual) > 1e-6 * Math.abs(values[i])) {
                throw new AssertionError(what + ": tick " + values[i] + " is off the line by " + residual);
            }
        }
        return new double[] {intercept, slope};
    }

    private static List<double[]> points(String d) {
        List<double[]> p = new ArrayList<>();
        if (d.contains("C") || d.contains("Q")) {
            return p; // a dot or a glyph, not a polyline
        }
        Matcher m = POINT.matcher(d);
        while (m.find()) {
            p.add(new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))});
        }
        return p;
    }
}
