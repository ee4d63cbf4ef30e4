package nndl.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.function.Consumer;
import nndl.UserException;
import nndl.data.Dataset;
import nndl.testing.TestMnist;
import org.junit.jupiter.api.Test;

class DigitPreprocessorTest {
    static final Color WHITE = Color.WHITE;
    static final Color BLACK = Color.BLACK;

    /** A page of the given type and paper colour with something drawn on it in ink colour. */
    static BufferedImage page(int w, int h, int type, Color paper, Color ink, Consumer<Graphics2D> draw) {
        BufferedImage image = new BufferedImage(w, h, type);
        Graphics2D g = image.createGraphics();
        g.setColor(paper);
        g.fillRect(0, 0, w, h);
        g.setColor(ink);
        draw.accept(g);
        g.dispose();
        return image;
    }

    static BufferedImage rectangle(int x, int y, int w, int h) {
        return page(400, 300, BufferedImage.TYPE_BYTE_GRAY, WHITE, BLACK, g -> g.fillRect(x, y, w, h));
    }

    /** {left, top, right, bottom} of the pixels with any ink. */
    static int[] bounds(float[] image) {
        int[] b = {28, 28, -1, -1};
        for (int p = 0; p < image.length; p++) {
            if (image[p] > 0) {
                b[0] = Math.min(b[0], p % 28);
                b[1] = Math.min(b[1], p / 28);
                b[2] = Math.max(b[2], p % 28);
                b[3] = Math.max(b[3], p / 28);
            }
        }
        return b;
    }

    /** {x, y} centre of mass in pixel indices. */
    static double[] centreOfMass(float[] image) {
        double m = 0;
        double x = 0;
        double y = 0;
        for (int p = 0; p < image.length; p++) {
            m += image[p];
            x += image[p] * (p % 28);
            y += image[p] * (p / 28);
        }
        return new double[] {x / m, y / m};
    }

    static double sum(float[] image) {
        double s = 0;
        for (float v : image) {
            s += v;
        }
        return s;
    }

    /** Σ |a − b|, pixel by pixel. */
    static double l1(float[] a, float[] b) {
        double d = 0;
        for (int p = 0; p < a.length; p++) {
            d += Math.abs(a[p] - b[p]);
        }
        return d;
    }

    /** The centre of mass is at the centre, (14, 14), to within half a pixel. */
    static void assertCentred(float[] image) {
        double[] c = centreOfMass(image);
        assertEquals(14.0, c[0], 0.5);
        assertEquals(14.0, c[1], 0.5);
    }

    /**
     * The mean difference of two prepared images, the smallest over shifts of b by up to one pixel
     * each way: centring rounds to whole pixels, and a little loss (JPEG's, anti-aliasing) may
     * round it the other way.
     */
    static double meanDifference(float[] a, float[] b) {
        int side = DigitPreprocessor.SIDE;
        double best = Double.MAX_VALUE;
        for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
                double sum = 0;
                for (int y = 0; y < side; y++) {
                    for (int x = 0; x < side; x++) {
                        int bx = x + dx;
                        int by = y + dy;
                        float v = bx >= 0 && bx < side && by >= 0 && by < side ? b[by * side + bx] : 0;
                        sum += Math.abs(a[y * side + x] - v);
                    }
                }
                best = Math.min(best, sum / (side * side));
            }
        }
        return best;
    }

    /** The L shape: a heavy bar along the bottom pulls the centre of mass down. */
    static final Consumer<Graphics2D> L = g -> {
        g.fillRect(100, 50, 20, 200);
        g.fillRect(100, 210, 150, 40);
    };

    @Test
    void aTallRectangleIsScaledToTwentyPixelsHighAndCentred() {
        // 60 x 150 pixels: scaled by 20/150 to 8 x 20, solid ink (1) inside.
        float[] x = DigitPreprocessor.prepare(rectangle(50, 100, 60, 150));
        int[] b = bounds(x);
        assertEquals(20, b[3] - b[1] + 1, "height");
        assertEquals(8, b[2] - b[0] + 1, "width");
        assertEquals(160, sum(x), 1e-3, "8 x 20 pixels of full ink");
        assertCentred(x);
        // An even-sided block cannot have its centre on pixel 14: it is half a pixel to one side.
        assertTrue(b[1] == 4 || b[1] == 5, "top row " + b[1]);
        assertTrue(b[0] == 10 || b[0] == 11, "left column " + b[0]);
    }

    @Test
    void aWideRectangleIsScaledToTwentyPixelsWide() {
        float[] x = DigitPreprocessor.prepare(rectangle(10, 10, 200, 50));
        int[] b = bounds(x);
        assertEquals(20, b[2] - b[0] + 1, "width");
        assertEquals(5, b[3] - b[1] + 1, "height");
        assertCentred(x);
    }

    @Test
    void aSmallShapeIsEnlargedToTheBox() {
        float[] x = DigitPreprocessor.prepare(page(40, 40, BufferedImage.TYPE_BYTE_GRAY, WHITE, BLACK, g -> g.fillRect(30, 2, 5, 10)));
        int[] b = bounds(x);
        assertEquals(20, b[3] - b[1] + 1);
        assertEquals(10, b[2] - b[0] + 1);
    }

    @Test
    void theCentreOfMassNotTheBoxIsCentred() {
        // An L: a heavy bar along the bottom pulls the centre of mass down, so the box sits high.
        float[] x = DigitPreprocessor.prepare(page(300, 300, BufferedImage.TYPE_BYTE_GRAY, WHITE, BLACK, L));
        assertCentred(x);
        int[] b = bounds(x);
        assertEquals(20, b[3] - b[1] + 1);
        assertTrue(b[1] < 4, "the box starts above row 4: " + b[1]);
    }

    @Test
    void aBigPhotoIsAveragedDownFirstWithTheSameResult() {
        // 3000 x 2000 pixels (6 megapixels, averaged by 2 x 2 blocks): the same L as on a 300 x 300 page,
        // eight times smaller, but for the edges, where a block is partly paper.
        float[] small = DigitPreprocessor.prepare(page(300, 300, BufferedImage.TYPE_BYTE_GRAY, WHITE, BLACK, L));
        float[] big = DigitPreprocessor.prepare(page(3000, 2000, BufferedImage.TYPE_3BYTE_BGR, WHITE, BLACK, g -> {
            g.fillRect(1233, 201, 160, 1600);
            g.fillRect(1233, 1481, 1200, 320);
        }));
        assertArrayEquals(bounds(small), bounds(big));
        assertArrayEquals(small, big, 0.05f);
        assertArrayEquals(centreOfMass(small), centreOfMass(big), 0.01);
    }

    @Test
    void aBigColourPhotoReadAsItsLumaIsPreparedAsTheFullColourPhotoIs() {
        // prepare(bytes) decodes a big colour JPEG to its luma alone, averaged down by GreyImage; the
        // independent expectation is the full-resolution colour path: the same JPEG decoded by
        // ImageIO to blue-green-red, made grey pixel by pixel and averaged alike. MNIST test digits
        // on 4000 x 3000 (averaged by 3 x 3) and 3000 x 2000 (2 x 2) photos, large and small on the page.
        Dataset test = TestMnist.mnist().test();
        int[][] photos = {{4000, 3000, 8}, {4000, 3000, 50}, {3000, 2000, 25}};
        for (int i = 0; i < photos.length; i++) {
            int[] photo = photos[i];
            byte[] jpeg = Scans.encode(Scans.photo(test, i, photo[0], photo[1], photo[2] / 100.0, true), "jpeg");
            float[] full;
            try {
                java.awt.image.BufferedImage colour = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(jpeg));
                full = DigitPreprocessor.prepare(GreyImage.of(colour, DigitPreprocessor.WORKING_PIXELS), Orientation.NORMAL);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            float[] luma = DigitPreprocessor.prepare(jpeg, "photo");
            String which = photo[0] + "x" + photo[1] + ", digit " + photo[2] + "% of the height";
            assertArrayEquals(bounds(full), bounds(luma), which);
            assertArrayEquals(centreOfMass(full), centreOfMass(luma), 0.05, which);
            double difference = l1(luma, full);
            assertTrue(difference < 0.02 * sum(full), which + ": L1 " + difference + " of " + sum(full));
            assertArrayEquals(full, luma, 0.1f, which);
        }
    }

    @Test
    void whereTheDigitIsOnThePageDoesNotMatter() {
        float[] a = DigitPreprocessor.prepare(rectangle(20, 30, 60, 150));
        float[] b = DigitPreprocessor.prepare(rectangle(317, 141, 60, 150));
        assertArrayEquals(a, b);
    }

    @Test
    void inkAndPaperMayBeAnyColours() {
        Shape seven = new java.awt.geom.Path2D.Double() {
            {
                moveTo(60, 40);
                lineTo(200, 40);
                lineTo(110, 260);
            }
        };
        Consumer<Graphics2D> draw = g -> {
            g.setStroke(new BasicStroke(22));
            g.draw(seven);
        };
        float[] reference = DigitPreprocessor.prepare(page(300, 300, BufferedImage.TYPE_BYTE_GRAY, WHITE, BLACK, draw));
        BufferedImage[] others = {
            page(300, 300, BufferedImage.TYPE_BYTE_GRAY, BLACK, WHITE, draw),                       // chalk on a blackboard
            page(300, 300, BufferedImage.TYPE_INT_RGB, new Color(240, 235, 215), new Color(20, 30, 140), draw),  // blue pen, cream paper
            page(300, 300, BufferedImage.TYPE_INT_RGB, new Color(10, 60, 20), new Color(250, 250, 210), draw),   // light on green
            page(300, 300, BufferedImage.TYPE_BYTE_GRAY, new Color(110, 110, 110), new Color(20, 20, 20), draw), // dim grey paper
            page(300, 300, BufferedImage.TYPE_INT_ARGB, new Color(0, 0, 0, 0), BLACK, draw),        // black on transparent
        };
        for (BufferedImage other : others) {
            float[] x = DigitPreprocessor.prepare(other);
            assertArrayEquals(reference, x, 2.5f / 255, "image type " + other.getType());
        }
    }

    @Test
    void faintSpecksAndNoiseAreIgnored() {
        float[] clean = DigitPreprocessor.prepare(rectangle(50, 100, 60, 150));
        // The same rectangle with faint grey specks (8% of the contrast) far from it, and one faint smudge.
        BufferedImage noisy = page(400, 300, BufferedImage.TYPE_BYTE_GRAY, WHITE, BLACK, g -> {
            g.fillRect(50, 100, 60, 150);
            g.setColor(new Color(235, 235, 235));
            for (int i = 0; i < 40; i++) {
                g.fillRect(200 + (i * 37) % 190, 5 + (i * 53) % 290, 2, 2);
            }
            g.setColor(new Color(215, 215, 215));
            g.fillRect(300, 20, 60, 30);
        });
        assertArrayEquals(clean, DigitPreprocessor.prepare(noisy));
    }

    @Test
    void mnistDigitsComeBackAsTheyWere() {
        // MNIST test digits handed over as 28x28 grey images (light on dark) and prepared again come back
        // the same, give or take a pixel of shift (centring rounds to whole pixels) and anti-aliasing:
        // after the best shift by at most one pixel, they differ by under 15% of their ink. The
        // exceptions are mostly the 1% of MNIST digits whose strokes are thin enough to be widened.
        Dataset test = TestMnist.mnist().test();
        int n = 1000;
        int same = 0;
        for (int i = 0; i < n; i++) {
            float[] original = test.image(i);
            float[] x = DigitPreprocessor.prepare(Scans.digit(test, i));
            same += meanDifference(original, x) * 784 < 0.15 * sum(original) ? 1 : 0;
        }
        assertTrue(same >= 0.97 * n, same + " of " + n + " digits came back as they were");
    }

    @Test
    void thinPenStrokesAreWidenedToMnistsWidth() {
        // A 2-pixel pen line on a 600-pixel page: 0.13 pixels once scaled, unless widened.
        Consumer<Graphics2D> four = g -> {
            g.setStroke(new BasicStroke(2));
            g.drawLine(300, 100, 200, 350);
            g.drawLine(200, 350, 400, 350);
            g.drawLine(340, 220, 340, 500);
        };
        float[] x = DigitPreprocessor.prepare(page(600, 600, BufferedImage.TYPE_BYTE_GRAY, WHITE, BLACK, four));
        double width = Strokes.width(x, 28, 0, 0, 28, 28);
        assertTrue(width >= 1.3 && width <= 3.0, "stroke width " + width + " pixels (MNIST's median: 2)");
        // A marker that is MNIST-wide already is left as it is.
        Consumer<Graphics2D> marker = g -> g.fill(new Rectangle2D.Double(100, 100, 30, 400));
        float[] y = DigitPreprocessor.prepare(page(600, 600, BufferedImage.TYPE_BYTE_GRAY, WHITE, BLACK, marker));
        assertEquals(40, sum(y), 1e-3, "a 20-pixel bar 1.5 pixels wide, rounded to 2");
    }

    @Test
    void aBlankPageHasNoDigit() {
        for (Color paper : new Color[] {WHITE, BLACK, new Color(128, 128, 128)}) {
            BufferedImage blank = page(200, 100, BufferedImage.TYPE_INT_RGB, paper, paper, g -> { });
            UserException e = assertThrows(UserException.class, () -> DigitPreprocessor.prepare(blank));
            assertTrue(e.getMessage().startsWith("no digit found: the image is blank"), e.getMessage());
        }
        // A JPEG of a white page with barely visible grey noise (under 10% of full contrast).
        BufferedImage faint = page(300, 300, BufferedImage.TYPE_BYTE_GRAY, WHITE, new Color(240, 240, 240),
                g -> g.fillRect(100, 100, 50, 80));
        byte[] jpeg = Scans.encode(faint, "jpeg");
        UserException e = assertThrows(UserException.class, () -> DigitPreprocessor.prepare(jpeg, "page.jpg"));
        assertEquals("page.jpg: no digit found: the image is blank (all of it is close to grey level 255 of 255)", e.getMessage());
    }

    @Test
    void allFourFormatsGiveTheSameDigit() {
        BufferedImage image = page(120, 160, BufferedImage.TYPE_INT_RGB, WHITE, BLACK, g -> {
            g.setStroke(new BasicStroke(12));
            g.drawOval(30, 30, 60, 100);
        });
        float[] reference = DigitPreprocessor.prepare(image);
        for (String format : new String[] {"png", "gif", "bmp", "jpeg"}) {
            float[] x = DigitPreprocessor.prepare(Scans.encode(image, format), format);
            double difference = l1(x, reference);
            assertTrue(difference < (format.equals("jpeg") ? 0.05 : 1e-6) * sum(reference), format + ": L1 " + difference);
        }
    }

    @Test
    void thePreparedImageIsWhiteInkOnBlack() {
        float[] x = DigitPreprocessor.prepare(rectangle(50, 100, 60, 150));
        BufferedImage image = DigitPreprocessor.toImage(x);
        assertEquals(28, image.getWidth());
        assertEquals(28, image.getHeight());
        assertEquals(255, image.getRaster().getSample(14, 14, 0));
        assertEquals(0, image.getRaster().getSample(0, 0, 0));
        // Read back, it is the same 784 grey levels.
        float[] back = GreyImage.of(image).lightness();
        assertArrayEquals(x, back, 1e-6f);
    }
}
