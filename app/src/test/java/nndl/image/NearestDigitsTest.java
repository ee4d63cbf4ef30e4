package nndl.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import nndl.data.Dataset;
import nndl.data.Mnist;
import nndl.testing.TestMnist;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rule for "unlike any digit the network knows", checked on digits it was not calibrated on
 * and on scribbles; the nearest digit found against a plain search of every known digit.
 */
class NearestDigitsTest {
    static Mnist mnist;
    static NearestDigits nearest;

    @BeforeAll
    static void calibrate() {
        mnist = TestMnist.mnist();
        nearest = new NearestDigits(mnist.training(), mnist.validation());
    }

    @Test
    void findsTheNearestKnownDigitAsAPlainSearchDoes() {
        assertEquals(NearestDigits.MAX_KNOWN, nearest.size());
        Dataset test = mnist.test();
        for (int q = 0; q < 20; q++) {
            float[] x = test.image(q * 97);
            int best = -1;
            double bestDistance = Double.POSITIVE_INFINITY;
            for (int i = 0; i < nearest.size(); i++) {
                float[] y = mnist.training().image(i);
                double d = 0;
                for (int p = 0; p < 784; p++) {
                    d += (x[p] - y[p]) * (x[p] - y[p]);
                }
                if (d < bestDistance) {
                    bestDistance = d;
                    best = i;
                }
            }
            NearestDigits.Nearest found = nearest.find(x);
            assertEquals(Math.sqrt(bestDistance), found.distance(), 1e-3, "test digit " + q * 97);
            assertEquals(mnist.training().label(best), found.label());
        }
        // A known digit is at distance 0 from itself.
        NearestDigits.Nearest self = nearest.find(mnist.training().image(1234));
        assertEquals(1234, self.index());
        assertEquals(0, self.distance(), 1e-2);
        assertFalse(self.unlike());
    }

    @Test
    void realDigitsAreSeldomUnlike() {
        // Validation digits beyond the thousand the threshold was measured on: about 1 in 100 by construction.
        Dataset fresh = mnist.validation().slice(NearestDigits.CALIBRATION, NearestDigits.CALIBRATION + 2000);
        int unlike = 0;
        for (int i = 0; i < fresh.size(); i++) {
            unlike += nearest.find(fresh.image(i)).unlike() ? 1 : 0;
        }
        assertTrue(unlike <= 60, unlike + " of 2000 validation digits called unlike");
        // Test digits prepared again as a drawing would be (cropped, scaled, centred), likewise.
        int reprepared = 0;
        for (int i = 0; i < 1000; i++) {
            reprepared += nearest.find(DigitPreprocessor.prepare(mnist.test().image(i), 28, 28)).unlike() ? 1 : 0;
        }
        assertTrue(reprepared <= 30, reprepared + " of 1000 prepared test digits called unlike");
    }

    @Test
    void tanglesAreUnlikeAndDrawnDigitsAreNot() {
        Random random = new Random(11);
        int unlike = 0;
        int tangles = 100;
        for (int i = 0; i < tangles; i++) {
            unlike += nearest.find(new PadDrawing(280, 280, Pen.scribble(random, 10), null).prepare()).unlike() ? 1 : 0;
        }
        assertTrue(unlike >= 70, unlike + " of " + tangles + " ten-curve scribbles called unlike");
        assertFalse(nearest.find(new PadDrawing(280, 280, Pen.seven(12, 14, 40), null).prepare()).unlike(), "a drawn 7");
        assertFalse(nearest.find(new PadDrawing(280, 280, Pen.one(120, 100, 60), null).prepare()).unlike(), "a drawn 1");
    }
}
