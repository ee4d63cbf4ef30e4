package nndl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import nndl.UserException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ExpansionTest {
    static Dataset five;

    @BeforeAll
    static void load() {
        five = Mnist.load(MnistTest.bundled()).training().first(5);
    }

    /** Image i shifted by hand: out[r][c] = in[r − down][c − right], 0 where that is outside. */
    static int[] shiftedByHand(Dataset d, int i, int down, int right) {
        int[] out = new int[784];
        for (int r = 0; r < 28; r++) {
            for (int c = 0; c < 28; c++) {
                int sr = r - down;
                int sc = c - right;
                out[r * 28 + c] = sr < 0 || sr > 27 || sc < 0 || sc > 27 ? 0 : d.pixel(i, sr * 28 + sc);
            }
        }
        return out;
    }

    static int[] pixels(Dataset d, int i) {
        byte[] bytes = d.imagePixels(i);
        int[] out = new int[784];
        for (int p = 0; p < 784; p++) {
            out[p] = bytes[p] & 0xff;
        }
        return out;
    }

    @Test
    void theBooksShiftsInTheBooksOrder() {
        Dataset expanded = five.expanded(Expansion.parse("shift", 1));
        assertEquals(25, expanded.size());
        int[][] shifts = {{0, 0}, {1, 0}, {-1, 0}, {0, 1}, {0, -1}}; // itself, down, up, right, left
        for (int i = 0; i < 5; i++) {
            for (int v = 0; v < 5; v++) {
                assertArrayEquals(shiftedByHand(five, i, shifts[v][0], shifts[v][1]), pixels(expanded, 5 * i + v),
                        "image " + i + " variant " + v);
                assertEquals(five.label(i), expanded.label(5 * i + v));
            }
        }
    }

    @Test
    void rotationsKeepTheInkAndMoveIt() {
        Dataset expanded = five.expanded(Expansion.parse("rotate", 1));
        assertEquals(15, expanded.size());
        for (int i = 0; i < 5; i++) {
            long ink = Arrays.stream(pixels(five, i)).sum();
            assertArrayEquals(pixels(five, i), pixels(expanded, 3 * i), "variant 0 is the image itself");
            for (int v = 1; v <= 2; v++) {
                int[] rotated = pixels(expanded, 3 * i + v);
                assertFalse(Arrays.equals(pixels(five, i), rotated));
                assertEquals(ink, Arrays.stream(rotated).sum(), 0.1 * ink, "rotation keeps about the same ink");
            }
        }
    }

    @Test
    void aQuarterTurnOfAPointByHand() {
        Expansion e = Expansion.parse("none", 1);
        byte[] image = new byte[784];
        image[5 * 28 + 13] = (byte) 200;         // row 5, column 13: above the centre (13.5, 13.5)
        byte[] out = new byte[784];
        // Rotating 90° counter-clockwise moves a point above the centre to its left.
        e.rotate(image, 0, out, 0, 90);
        int at = -1;
        for (int p = 0; p < 784; p++) {
            if ((out[p] & 0xff) > 100) {
                at = p;
            }
        }
        assertEquals(14 * 28 + 5, at, "row " + at / 28 + ", column " + at % 28);
    }

    @Test
    void elasticDistortionsAreRandomButReproducible() {
        Dataset a = five.expanded(Expansion.parse("elastic", 3));
        Dataset b = five.expanded(Expansion.parse("elastic", 3));
        assertEquals(10, a.size());
        int[] first = pixels(a, 1);
        assertArrayEquals(first, pixels(b, 1), "same seed, same distortion");
        assertFalse(Arrays.equals(pixels(five, 0), first), "distorted");
        long ink = Arrays.stream(pixels(five, 0)).sum();
        assertEquals(ink, Arrays.stream(first).sum(), 0.25 * ink);
        assertFalse(Arrays.equals(first, pixels(a, 1)), "a fresh distortion each time");
    }

    @Test
    void unknownExpansionIsAUserError() {
        assertThrows(UserException.class, () -> Expansion.parse("shift,zoom", 1));
    }
}
