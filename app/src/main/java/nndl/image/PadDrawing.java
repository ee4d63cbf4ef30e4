package nndl.image;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.List;
import nndl.UserException;
import nndl.data.Mnist;

/**
 * A digit drawn on the page's pad: pen strokes, each a run of points in the pad's pixels, perhaps
 * over an MNIST digit put on the pad (a test digit the reader clicked, then drew on).
 *
 * <p>The pad's brush is one size, so a small digit drawn in a corner has strokes as thick as a
 * third of its height: scaled up to MNIST's 20-pixel box it became a blob ("8, 67%"), and a short
 * "1" an oval. Here the strokes are drawn again from their points with a pen in proportion to the
 * digit, as MNIST's are: about {@value DigitPreprocessor#TARGET_STROKE} pixels wide once the digit
 * fills the {@value DigitPreprocessor#BOX}-pixel box (their median, see {@link Strokes}). Over an
 * MNIST digit the pen is that digit's: 2 of its 28 pixels. The ink is then prepared as any image
 * is ({@link DigitPreprocessor#prepare(float[], int, int)}): cropped, scaled, centred.
 *
 * @param width   the pad's width in its pixels
 * @param height  the pad's height
 * @param strokes each stroke's points as x0, y0, x1, y1, ... (a single point is a dot)
 * @param under   the MNIST digit on the pad under the strokes, 784 grey levels 0 (paper) to 1 (ink), or null
 */
public record PadDrawing(int width, int height, List<float[]> strokes, float[] under) {
    /** The most strokes and points a drawing may have (a digit drawn by hand has a few and a few hundred). */
    public static final int MAX_STROKES = 200;
    public static final int MAX_POINTS = 20_000;
    /** The largest pad side, in its pixels. */
    public static final int MAX_SIDE = 4096;
    /** The side the drawing is drawn at again: over five times MNIST's 20-pixel box, so scaling down loses nothing. */
    static final int WORKING = 112;

    public PadDrawing {
        UserException.require(width >= 1 && width <= MAX_SIDE && height >= 1 && height <= MAX_SIDE,
                "the pad is " + width + "x" + height + ": give its width and height, 1 to " + MAX_SIDE + " pixels");
        UserException.require(strokes.size() <= MAX_STROKES, "the drawing has " + strokes.size() + " strokes: at most "
                + MAX_STROKES);
        long points = 0;
        for (float[] s : strokes) {
            UserException.require(s.length >= 2 && s.length % 2 == 0, "each stroke is a list of [x, y] points");
            for (float v : s) {
                UserException.require(Float.isFinite(v) && Math.abs(v) <= 4 * MAX_SIDE,
                        "a point of the drawing is " + v + ": points are pixels of the pad");
            }
            points += s.length / 2;
        }
        UserException.require(points <= MAX_POINTS, "the drawing has " + points + " points: at most " + MAX_POINTS
                + " (leave out points closer than a pixel to the last)");
        UserException.require(under == null || under.length == Mnist.PIXELS, "the digit under the drawing has "
                + (under == null ? 0 : under.length) + " grey levels: it needs 784 (28x28)");
        strokes = List.copyOf(strokes);
    }

    /** The drawing prepared as MNIST's digits are: 784 floats in [0, 1]. Throws "no digit found" for a blank pad. */
    public float[] prepare() {
        BufferedImage page = under != null ? overDigit() : alone();
        int w = page.getWidth();
        int h = page.getHeight();
        int[] grey = page.getRaster().getSamples(0, 0, w, h, 0, new int[w * h]);
        float[] ink = new float[w * h];
        for (int i = 0; i < ink.length; i++) {
            ink[i] = (255 - grey[i]) / 255f;
        }
        return DigitPreprocessor.prepare(ink, w, h);
    }

    /** The strokes alone, drawn to fit {@link #WORKING} pixels with the pen in proportion to their size. */
    private BufferedImage alone() {
        if (strokes.isEmpty()) {
            throw new UserException("no digit found: the drawing is blank");
        }
        float left = Float.POSITIVE_INFINITY;
        float top = Float.POSITIVE_INFINITY;
        float right = Float.NEGATIVE_INFINITY;
        float bottom = Float.NEGATIVE_INFINITY;
        for (float[] s : strokes) {
            for (int i = 0; i < s.length; i += 2) {
                left = Math.min(left, s[i]);
                right = Math.max(right, s[i]);
                top = Math.min(top, s[i + 1]);
                bottom = Math.max(bottom, s[i + 1]);
            }
        }
        // The pen t such that the digit, ink included (its extent E plus t), scaled to the box has
        // strokes TARGET_STROKE wide: t / (E + t) = TARGET / BOX, t = E · TARGET / (BOX − TARGET).
        double extent = Math.max(right - left, bottom - top);
        double pen = extent > 0 ? extent * DigitPreprocessor.TARGET_STROKE / (DigitPreprocessor.BOX - DigitPreprocessor.TARGET_STROKE)
                : Math.max(width, height) / 20.0;
        double scale = WORKING / (extent + pen);
        int margin = 2;
        int w = (int) Math.ceil((right - left + pen) * scale) + 2 * margin;
        int h = (int) Math.ceil((bottom - top + pen) * scale) + 2 * margin;
        double dx = margin + pen * scale / 2 - left * scale;
        double dy = margin + pen * scale / 2 - top * scale;
        return draw(w, h, scale, dx, dy, pen * scale);
    }

    /**
     * The MNIST digit under the strokes, each of its pixels a square of the pad (4 × 4 at the working
     * size of a square pad, so that preparing it again averages back what it was), with the strokes
     * over it in that digit's pen.
     */
    private BufferedImage overDigit() {
        double scale = (double) WORKING / Math.max(width, height);
        int w = Math.max(1, (int) Math.round(width * scale));
        int h = Math.max(1, (int) Math.round(height * scale));
        BufferedImage page = draw(w, h, scale, 0, 0, Math.max(width, height) * DigitPreprocessor.TARGET_STROKE / Mnist.IMAGE_SIDE * scale);
        // The digit under it, as ink (darker wins where the strokes cross it).
        BufferedImage digit = new BufferedImage(Mnist.IMAGE_SIDE, Mnist.IMAGE_SIDE, BufferedImage.TYPE_BYTE_GRAY);
        int[] levels = new int[Mnist.PIXELS];
        for (int i = 0; i < levels.length; i++) {
            levels[i] = Math.round(255 * (1 - Math.max(0, Math.min(1, under[i]))));
        }
        digit.getRaster().setSamples(0, 0, Mnist.IMAGE_SIDE, Mnist.IMAGE_SIDE, 0, levels);
        BufferedImage scaled = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = scaled.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            g.drawImage(digit, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        int[] a = page.getRaster().getSamples(0, 0, w, h, 0, new int[w * h]);
        int[] b = scaled.getRaster().getSamples(0, 0, w, h, 0, new int[w * h]);
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.min(a[i], b[i]);
        }
        page.getRaster().setSamples(0, 0, w, h, 0, a);
        return page;
    }

    /** The strokes in black on white, each point p drawn at p · scale + (dx, dy), with a round pen {@code pen} pixels wide. */
    private BufferedImage draw(int w, int h, double scale, double dx, double dy, double pen) {
        BufferedImage page = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = page.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            g.setColor(Color.BLACK);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setStroke(new BasicStroke((float) pen, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            for (float[] s : strokes) {
                if (s.length == 2) {
                    g.fill(new Ellipse2D.Double(s[0] * scale + dx - pen / 2, s[1] * scale + dy - pen / 2, pen, pen));
                    continue;
                }
                Path2D.Double path = new Path2D.Double();
                path.moveTo(s[0] * scale + dx, s[1] * scale + dy);
                for (int i = 2; i < s.length; i += 2) {
                    path.lineTo(s[i] * scale + dx, s[i + 1] * scale + dy);
                }
                g.draw(path);
            }
        } finally {
            g.dispose();
        }
        return page;
    }
}
