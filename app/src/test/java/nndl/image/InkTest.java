package nndl.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import nndl.UserException;
import org.junit.jupiter.api.Test;

class InkTest {
    /** A 10x10 grey image of the given paper level with a 3x4 block of ink. */
    static GreyImage block(float paper, float ink) {
        float[] l = new float[100];
        java.util.Arrays.fill(l, paper);
        for (int y = 3; y < 7; y++) {
            for (int x = 4; x < 7; x++) {
                l[y * 10 + x] = ink;
            }
        }
        return new GreyImage(10, 10, l);
    }

    @Test
    void darkInkOnLightPaper() {
        Ink ink = Ink.detect(block(0.9f, 0.1f));
        assertTrue(ink.darkOnLight());
        assertEquals(0.9f, ink.paper(), 1f / 255);
        assertEquals(0.1f, ink.ink(), 1f / 255);
        assertEquals(0.8f, ink.contrast(), 1f / 255);
    }

    @Test
    void lightInkOnDarkPaper() {
        Ink ink = Ink.detect(block(0.05f, 0.95f));
        assertFalse(ink.darkOnLight());
        assertEquals(0.05f, ink.paper(), 1f / 255);
        assertEquals(0.95f, ink.ink(), 1f / 255);
    }

    @Test
    void darkInkOnGreyPaperDarkerThanHalf() {
        // Paper at 0.4 is "dark" by a fixed threshold, but the ink (0.1) differs from it far more than anything light.
        assertTrue(Ink.detect(block(0.4f, 0.1f)).darkOnLight());
        assertFalse(Ink.detect(block(0.6f, 0.9f)).darkOnLight());
    }

    @Test
    void thePaperIsTheBorderNotTheMajority() {
        // Ink covering most of the image (a fat digit cropped tight) is still ink: the border is paper.
        float[] l = new float[100];
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 10; x++) {
                l[y * 10 + x] = x == 0 || y == 0 || x == 9 || y == 9 ? 1f : 0f;
            }
        }
        Ink ink = Ink.detect(new GreyImage(10, 10, l));
        assertTrue(ink.darkOnLight());
        assertEquals(1f, ink.paper());
    }

    @Test
    void amountsArePaperZeroInkOneAndNoiseCutOff() {
        GreyImage image = new GreyImage(5, 1, new float[] {0.9f, 0.9f, 0.1f, 0.5f, 0.86f});
        Ink ink = new Ink(true, 0.9f, 0.1f);
        // (paper − l)/(paper − ink): 0, 0, 1, 0.5, 0.05; then (a − 0.1)/0.9, cut at 0.
        assertArrayEquals(new float[] {0, 0, 1, (0.5f - 0.1f) / 0.9f, 0}, ink.amounts(image), 1e-6f);
        GreyImage light = new GreyImage(3, 1, new float[] {0.2f, 1f, 0.6f});
        assertArrayEquals(new float[] {0, 1, (0.5f - 0.1f) / 0.9f}, new Ink(false, 0.2f, 1f).amounts(light), 1e-6f);
    }

    @Test
    void aFewStrayPixelsDoNotSetTheInkLevel() {
        // A 1000x1000 page: ink at 0.3 in a block, plus five black specks. They are ignored (k = 10 pixels).
        float[] l = new float[1000 * 1000];
        java.util.Arrays.fill(l, 1f);
        for (int i = 0; i < 100; i++) {
            l[(50 + i / 10) * 1000 + 50 + i % 10] = 0.3f;
        }
        for (int i = 0; i < 5; i++) {
            l[(500 + 10 * i) * 1000 + 500] = 0f;
        }
        assertEquals(0.3f, Ink.detect(new GreyImage(1000, 1000, l)).ink(), 1f / 255);
    }

    @Test
    void uniformImagesAreBlank() {
        for (float level : new float[] {0f, 0.5f, 1f}) {
            UserException e = assertThrows(UserException.class, () -> Ink.detect(block(level, level + (level < 1 ? 0.05f : -0.05f))));
            assertTrue(e.getMessage().startsWith("no digit found: the image is blank"), e.getMessage());
        }
    }
}
