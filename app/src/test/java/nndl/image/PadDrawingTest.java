package nndl.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import nndl.UserException;
import nndl.data.Mnist;
import nndl.nn.Initializer;
import nndl.nn.Network;
import nndl.testing.TestMnist;
import nndl.train.Sgd;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PadDrawingTest {
    static final int PAD = 280;
    /** The page's brush: 7.5% of the pad, 21 pixels. */
    static final float BRUSH = PAD * 0.075f;
    static Network network;

    @BeforeAll
    static void train() {
        // The book's network after one epoch on 20,000 digits: about 93% right.
        Mnist mnist = TestMnist.mnist();
        network = new Network(784, 30, 10).initialize(Initializer.DEFAULT, new java.util.Random(1));
        new Sgd(1, 10, 3.0).seed(1).threads(1).train(network, mnist.training().first(20_000), null, null);
    }

    /** Stroke width in the prepared 28 x 28 image, the way {@link Strokes} measures MNIST's. */
    static double strokeWidth(float[] prepared) {
        return Strokes.width(prepared, 28, 0, 0, 28, 28);
    }

    /** The pad as the page drew it before: the fixed brush, the canvas prepared as an image. */
    static float[] withTheFixedBrush(List<float[]> strokes) {
        BufferedImage page = new BufferedImage(PAD, PAD, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = page.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, PAD, PAD);
        g.setColor(Color.BLACK);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setStroke(new BasicStroke(BRUSH, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        for (float[] s : strokes) {
            Path2D.Float p = new Path2D.Float();
            p.moveTo(s[0], s[1]);
            for (int i = 2; i < s.length; i += 2) {
                p.lineTo(s[i], s[i + 1]);
            }
            g.draw(p);
        }
        g.dispose();
        return DigitPreprocessor.prepare(page);
    }

    static float[] prepared(List<float[]> strokes) {
        return new PadDrawing(PAD, PAD, strokes, null).prepare();
    }

    @Test
    void aSmallSevenInACornerKeepsItsShape() {
        List<float[]> small = Pen.seven(12, 14, 40);
        List<float[]> large = Pen.seven(40, 40, 200);
        float[] a = prepared(small);
        float[] b = prepared(large);
        // The pen in proportion to the digit: MNIST's two pixels at either size, the same picture.
        assertEquals(2.0, strokeWidth(a), 0.6, "small");
        assertEquals(2.0, strokeWidth(b), 0.6, "large");
        double difference = 0;
        for (int i = 0; i < a.length; i++) {
            difference += Math.abs(a[i] - b[i]);
        }
        assertTrue(difference < 8, "the small and the large seven prepare alike: L1 " + difference);
        assertEquals(7, network.predict(a));
        assertEquals(7, network.predict(b));
        // The page's fixed brush made the small one a blob, strokes a third of its height.
        assertTrue(strokeWidth(withTheFixedBrush(small)) > 4.5, "the fixed brush: " + strokeWidth(withTheFixedBrush(small)));
    }

    @Test
    void aShortOneStaysALine() {
        float[] one = prepared(Pen.one(120, 120, 30));
        int left = 28;
        int right = -1;
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                if (one[y * 28 + x] > 0.25f) {
                    left = Math.min(left, x);
                    right = Math.max(right, x);
                }
            }
        }
        assertTrue(right - left + 1 <= 4, "a thin line, " + (right - left + 1) + " pixels wide");
        assertEquals(1, network.predict(one));
        // With the fixed brush the same short stroke is an oval as wide as half its height.
        float[] oval = withTheFixedBrush(Pen.one(120, 120, 30));
        int ovalLeft = 28;
        int ovalRight = -1;
        for (int i = 0; i < 784; i++) {
            if (oval[i] > 0.25f) {
                ovalLeft = Math.min(ovalLeft, i % 28);
                ovalRight = Math.max(ovalRight, i % 28);
            }
        }
        assertTrue(ovalRight - ovalLeft + 1 >= 7, "the fixed brush's oval is " + (ovalRight - ovalLeft + 1) + " wide");
    }

    @Test
    void aDigitPutOnThePadPreparesAsItself() {
        Mnist mnist = TestMnist.mnist();
        float[] digit = mnist.test().image(0);
        float[] alone = new PadDrawing(PAD, PAD, List.of(), digit).prepare();
        float[] direct = DigitPreprocessor.prepare(digit, 28, 28);
        double difference = 0;
        double ink = 0;
        for (int i = 0; i < 784; i++) {
            difference += Math.abs(alone[i] - direct[i]);
            ink += direct[i];
        }
        assertTrue(difference < 0.05 * ink, "L1 " + difference + " of " + ink);
        assertEquals(network.predict(direct), network.predict(alone));
        // A stroke drawn over it adds ink where it goes: a bar across the bottom of the pad, under the 7,
        // makes a long row of ink in the lower half, where the 7 has only its stem.
        float[] barred = new PadDrawing(PAD, PAD, List.of(Pen.line(40, 250, 240, 250)), digit).prepare();
        assertTrue(widestLowRow(alone) < 6, "the 7's stem: " + widestLowRow(alone));
        assertTrue(widestLowRow(barred) >= 12, "the bar: " + widestLowRow(barred));
    }

    /** The most solid pixels in one row of the lower half. */
    static int widestLowRow(float[] prepared) {
        int widest = 0;
        for (int y = 14; y < 28; y++) {
            int solid = 0;
            for (int x = 0; x < 28; x++) {
                solid += prepared[y * 28 + x] > 0.5f ? 1 : 0;
            }
            widest = Math.max(widest, solid);
        }
        return widest;
    }

    @Test
    void aDotIsADot() {
        float[] dot = prepared(List.of(new float[] {100, 100}));
        int inked = 0;
        for (float v : dot) {
            inked += v > 0.5f ? 1 : 0;
        }
        assertTrue(inked > 100, "a dot fills the box, as any single blob does: " + inked);
    }

    @Test
    void badDrawingsAreRefusedWithOneLine() {
        assertThrows(UserException.class, () -> prepared(List.of()), "blank");
        assertEquals("no digit found: the drawing is blank", assertThrows(UserException.class, () -> prepared(List.of())).getMessage());
        assertThrows(UserException.class, () -> new PadDrawing(0, 280, List.of(), null));
        assertThrows(UserException.class, () -> new PadDrawing(280, 280, List.of(new float[] {1, Float.NaN}), null));
        assertThrows(UserException.class, () -> new PadDrawing(280, 280, List.of(new float[] {1, 2, 3}), null));
        List<float[]> many = new ArrayList<>();
        for (int i = 0; i < PadDrawing.MAX_STROKES + 1; i++) {
            many.add(new float[] {i, i});
        }
        assertThrows(UserException.class, () -> new PadDrawing(280, 280, many, null));
        assertThrows(UserException.class, () -> new PadDrawing(280, 280, List.of(new float[2 * PadDrawing.MAX_POINTS + 2]), null));
        assertThrows(UserException.class, () -> new PadDrawing(280, 280, List.of(), new float[10]));
    }

    @Test
    void scribblesAreDrawnToo() {
        float[] s = prepared(Pen.scribble(new Random(1), 8));
        double ink = 0;
        for (float v : s) {
            ink += v;
        }
        assertTrue(ink > 50, "a tangle has ink: " + ink);
    }
}
