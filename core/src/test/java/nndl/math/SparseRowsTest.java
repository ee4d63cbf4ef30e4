package nndl.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import nndl.data.Dataset;
import nndl.data.Expansion;
import nndl.data.Mnist;
import org.junit.jupiter.api.Test;

/**
 * Sparse rows against a dense reference: a row's list of nonzero columns is exactly where its
 * values are not 0, however the row was written (a mini-batch filled by {@link Dataset#fillBatch}
 * from plain, sliced and expanded data sets, with a tail batch; floats; grey levels; a row
 * written again), and the products by sparse rows give the very bits of the dense products of
 * their values.
 */
class SparseRowsTest {
    private static final int PIXELS = Mnist.PIXELS;

    @Test
    void aMiniBatchHoldsItsImagesWithTheirInk() {
        Random random = new Random(3);
        Dataset data = images(57, random);
        int[] order = shuffled(data.size(), random);
        SparseRows x = new SparseRows(10, PIXELS);
        SparseRows tail = new SparseRows(57 % 10, PIXELS);
        Matrix y = new Matrix(10, Dataset.CLASSES);
        for (int start = 0; start < data.size(); start += 10) {
            SparseRows batch = start + 10 <= data.size() ? x : tail;
            data.fillBatch(order, start, batch, batch == x ? y : null);
            assertListsAreTheNonzeros(batch, "batch at " + start);
            for (int r = 0; r < batch.rows; r++) {
                for (int p = 0; p < PIXELS; p++) {
                    assertEquals(data.pixel(order[start + r], p) / 255f, batch.get(r, p), 0f,
                            "batch at " + start + ", row " + r + ", pixel " + p);
                }
            }
        }
    }

    @Test
    void aSliceAndAnExpandedDataSetGiveTheirOwnImagesInk() {
        Random random = new Random(4);
        Dataset all = images(40, random);
        Dataset slice = all.slice(13, 31);
        SparseRows x = new SparseRows(7, PIXELS);
        int[] order = shuffled(slice.size(), random);
        slice.fillBatch(order, 0, x, null);
        assertListsAreTheNonzeros(x, "slice");
        for (int r = 0; r < x.rows; r++) {
            for (int p = 0; p < PIXELS; p++) {
                assertEquals(all.pixel(13 + order[r], p) / 255f, x.get(r, p), 0f, "row " + r + " is its image");
            }
        }

        // Every variant is made anew (the elastic one at random), so its ink is found as it is made.
        Dataset expanded = slice.expanded(Expansion.parse("shift,rotate,elastic", 5));
        int[] expandedOrder = shuffled(expanded.size(), random);
        SparseRows tail = new SparseRows(expanded.size() % 32, PIXELS);
        for (int start = 0; start < expanded.size(); start += 32) {
            SparseRows batch = start + 32 <= expanded.size() ? new SparseRows(32, PIXELS) : tail;
            expanded.fillBatch(expandedOrder, start, batch, null);
            assertListsAreTheNonzeros(batch, "expanded batch at " + start);
        }
    }

    @Test
    void aRowWrittenAgainReplacesItsValuesAndList() {
        Random random = new Random(5);
        Dataset data = images(20, random);
        SparseRows x = new SparseRows(4, PIXELS);
        data.fillBatch(shuffled(20, random), 0, x, null);
        float[] ink = KernelsTest.dense(1, PIXELS, random).data;
        ink[0] = 0f;
        x.setRow(1, ink, 0); // all but one pixel ink
        float[] blank = new float[PIXELS + 3];
        x.setRow(2, blank, 3); // no ink at all
        Matrix values = new Matrix(2, PIXELS);
        values.data[PIXELS + 7] = 0.25f;
        SparseRows copied = new SparseRows(2, PIXELS);
        copied.copyFrom(values);
        for (SparseRows rows : new SparseRows[] {x, copied}) {
            assertListsAreTheNonzeros(rows, rows.shape());
        }
        assertEquals(PIXELS - 1, x.nonzeros(1));
        assertEquals(0, x.nonzeros(2));
        assertEquals(0.25f, copied.get(1, 7));
        assertEquals(ink[5], x.get(1, 5));
    }

    @Test
    void aRowOfGreyLevelsIsTheLevelsOver255WithTheirInk() {
        byte[] levels = new byte[PIXELS];
        levels[3] = (byte) 255;
        levels[40] = 51;
        levels[783] = (byte) 200;
        SparseRows x = new SparseRows(2, PIXELS);
        x.setRow(1, KernelsTest.dense(1, PIXELS, new Random(6)).data, 0); // written over below
        x.setRow(1, levels, 0, new short[] {9, 3, 40, 783}, 1, 4);
        assertListsAreTheNonzeros(x, "grey levels");
        assertEquals(3, x.nonzeros(1));
        assertEquals(1f, x.get(1, 3));
        assertEquals(51 / 255f, x.get(1, 40));
        assertEquals(200 / 255f, x.get(1, 783));
        assertEquals(0f, x.get(1, 9));
        assertThrows(IllegalArgumentException.class, () -> x.copyFrom(new Matrix(3, PIXELS)));
        // A wrong list is caught where assertions are enabled (the tests run with them).
        assumeTrue(SparseRows.class.desiredAssertionStatus());
        assertThrows(AssertionError.class, () -> x.setRow(0, levels, 0, new short[] {3, 40}, 0, 2), "misses one");
        assertThrows(AssertionError.class, () -> x.setRow(0, levels, 0, new short[] {3, 9, 40, 783}, 0, 4), "a zero");
        assertThrows(AssertionError.class, () -> x.setRow(0, levels, 0, new short[] {40, 3, 783}, 0, 3), "order");
    }

    @Test
    void productsOfAMiniBatchGiveTheBitsOfTheDenseProducts() {
        // 10 rows: Xᵀ·δ adds rows of δ one nonzero at a time; 40: by the lists of each column's nonzero rows.
        Random random = new Random(7);
        Dataset data = images(60, random);
        for (int m : new int[] {10, 40}) {
            SparseRows x = new SparseRows(m, PIXELS);
            data.fillBatch(shuffled(data.size(), random), 0, x, null);
            x.setRow(m - 1, KernelsTest.dense(1, PIXELS, random).data, 0); // and one row all ink
            Matrix dense = dense(x);
            Matrix w = KernelsTest.dense(PIXELS, 30, random);
            Matrix delta = KernelsTest.dense(m, 30, random);
            for (int threads = 1; threads <= 2; threads++) {
                try (Kernels k = Kernels.create(threads)) {
                    Matrix z = new Matrix(m, 30);
                    Matrix expectedZ = new Matrix(m, 30);
                    k.multiply(1f, x, w, 0f, z);
                    k.multiply(1f, dense, w, 0f, expectedZ);
                    assertArrayEquals(expectedZ.data, z.data, "X·W, " + m + " rows");
                    Matrix g = new Matrix(PIXELS, 30);
                    Arrays.fill(g.data, 0.5f);
                    Matrix expectedG = g.copy();
                    k.transposeMultiply(-0.1f, x, delta, 0.999f, g);
                    k.transposeMultiply(-0.1f, dense, delta, 0.999f, expectedG);
                    assertArrayEquals(expectedG.data, g.data, "Xᵀ·δ, " + m + " rows");
                }
            }
        }
    }

    /** The values of x as a dense matrix, read one by one. */
    private static Matrix dense(SparseRows x) {
        Matrix m = new Matrix(x.rows, x.cols);
        for (int i = 0; i < x.rows; i++) {
            for (int p = 0; p < x.cols; p++) {
                m.set(i, p, x.get(i, p));
            }
        }
        return m;
    }

    /** Each row's list of nonzero columns against the columns where its values are not 0, found here. */
    private static void assertListsAreTheNonzeros(SparseRows x, String what) {
        for (int r = 0; r < x.rows; r++) {
            List<Integer> expected = new ArrayList<>();
            for (int p = 0; p < x.cols; p++) {
                if (x.get(r, p) != 0f) {
                    expected.add(p);
                }
            }
            int[] actual = Arrays.copyOfRange(x.columns, x.rowStart[r], x.rowEnd[r]);
            assertArrayEquals(expected.stream().mapToInt(Integer::intValue).toArray(), actual, what + ", row " + r);
        }
    }

    /**
     * n 28×28 images with a random blob of ink each (grey levels 1..255 on 0), one blank image and
     * one all ink, so that rows of every density occur.
     */
    private static Dataset images(int n, Random random) {
        byte[] pixels = new byte[n * PIXELS];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) random.nextInt(Dataset.CLASSES);
            if (i == 1) {
                continue; // blank
            }
            int r0 = random.nextInt(14);
            int c0 = random.nextInt(14);
            for (int r = 0; r < 28; r++) {
                for (int c = 0; c < 28; c++) {
                    boolean ink = i == 2 || (r >= r0 && r < r0 + 12 && c >= c0 && c < c0 + 10 && random.nextInt(3) > 0);
                    pixels[i * PIXELS + r * 28 + c] = ink ? (byte) (1 + random.nextInt(255)) : 0;
                }
            }
        }
        return new Dataset(pixels, labels, PIXELS);
    }

    private static int[] shuffled(int n, Random random) {
        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
