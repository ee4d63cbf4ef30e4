package nndl.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import nndl.data.Dataset;
import nndl.data.Expansion;
import nndl.data.Mnist;
import org.junit.jupiter.api.Test;

/**
 * The nonzero pattern a mini-batch is filled with ({@link Dataset#fillBatch}): it must be the
 * one found by looking at the values (each row's nonzero columns, in order), for plain, sliced,
 * expanded and tail batches, and must never outlive the values it was given with.
 */
class GivenNonzerosTest {
    private static final int PIXELS = Mnist.PIXELS;

    @Test
    void aMiniBatchComesWithThePatternOfItsValues() {
        Random random = new Random(3);
        Dataset data = images(57, random);
        int[] order = shuffled(data.size(), random);
        Matrix x = new Matrix(10, PIXELS);
        Matrix y = new Matrix(10, Dataset.CLASSES);
        Matrix tail = new Matrix(57 % 10, PIXELS);
        Matrix tailY = new Matrix(57 % 10, Dataset.CLASSES);
        for (int start = 0; start < data.size(); start += 10) {
            Matrix batch = start + 10 <= data.size() ? x : tail;
            data.fillBatch(order, start, batch, batch == x ? y : tailY);
            assertGivenPatternIsTheValues(batch, "batch at " + start);
        }
        Matrix consecutive = new Matrix(6, PIXELS);
        data.fillBatch(50, consecutive);
        assertGivenPatternIsTheValues(consecutive, "images 50..55");
    }

    @Test
    void aSliceAndAnExpandedDataSetGiveTheirOwnImagesPatterns() {
        Random random = new Random(4);
        Dataset all = images(40, random);
        Dataset slice = all.slice(13, 31);
        Matrix x = new Matrix(7, PIXELS);
        int[] order = shuffled(slice.size(), random);
        slice.fillBatch(order, 0, x, null);
        assertGivenPatternIsTheValues(x, "slice");
        for (int r = 0; r < x.rows; r++) {
            assertEquals(all.pixel(13 + order[r], 200) / 255f, x.get(r, 200), "row " + r + " is its image");
        }

        // Every variant is made anew (the elastic one at random), so its ink is found as it is made.
        Dataset expanded = slice.expanded(Expansion.parse("shift,rotate,elastic", 5));
        int[] expandedOrder = shuffled(expanded.size(), random);
        Matrix tail = new Matrix(expanded.size() % 32, PIXELS);
        for (int start = 0; start < expanded.size(); start += 32) {
            Matrix batch = start + 32 <= expanded.size() ? new Matrix(32, PIXELS) : tail;
            expanded.fillBatch(expandedOrder, start, batch, null);
            assertGivenPatternIsTheValues(batch, "expanded batch at " + start);
        }
    }

    @Test
    void changedValuesForgetTheGivenPattern() {
        Dataset data = images(20, new Random(5));
        Matrix x = new Matrix(4, PIXELS);
        Runnable[] changes = {
            () -> x.set(0, firstZero(x, 0), 0.5f),
            () -> x.fill(0f),
            () -> x.copyFrom(new Matrix(4, PIXELS)),
            x::forgetNonzeros,
        };
        for (Runnable change : changes) {
            data.fillBatch(0, x);
            assertNotNull(x.givenNonzeros());
            change.run();
            assertNull(x.givenNonzeros(), "values changed, pattern kept");
        }
        try (Kernels k = Kernels.create(1)) {
            Matrix ones = new Matrix(x.rows, 1);
            ones.fill(1f);
            data.fillBatch(0, x);
            k.multiply(1f, ones, new Matrix(1, PIXELS), 0f, x);
            assertNull(x.givenNonzeros(), "a product's output keeps the pattern");
            data.fillBatch(0, x);
            k.addToEachRow(x, new float[PIXELS]);
            assertNull(x.givenNonzeros(), "addToEachRow's output keeps the pattern");
            data.fillBatch(0, x);
            k.sigmoid(x, x);
            assertNull(x.givenNonzeros(), "the sigmoid's output keeps the pattern");
        }
    }

    @Test
    void aProductUsesTheValuesNotAStalePattern() {
        // A background pixel made ink after filling: were the old pattern used, its term would be skipped.
        Dataset data = images(20, new Random(6));
        Matrix x = new Matrix(10, PIXELS);
        Matrix w = new Matrix(PIXELS, 1);
        w.fill(1f);
        try (Kernels k = Kernels.create(1)) {
            data.fillBatch(0, x);
            Matrix before = new Matrix(10, 1);
            k.multiply(1f, x, w, 0f, before); // the kernels know this batch now
            int p = firstZero(x, 3);
            x.set(3, p, 1f);
            Matrix after = new Matrix(10, 1);
            k.multiply(1f, x, w, 0f, after);
            assertEquals(before.get(3, 0) + 1f, after.get(3, 0), 1e-3f);
        }
    }

    @Test
    void productsGiveTheSameBitsWithTheGivenPatternAsByLooking() {
        // 10 rows: Aᵀ·B adds rows of B one nonzero at a time; 40: from the column lists built from the given rows.
        Random random = new Random(7);
        Dataset data = images(60, random);
        for (int m : new int[] {10, 40}) {
            Matrix x = new Matrix(m, PIXELS);
            data.fillBatch(shuffled(data.size(), random), 0, x, null);
            Matrix looked = x.copy(); // the same values, no pattern given
            assertNull(looked.givenNonzeros());
            Matrix w = KernelsTest.dense(PIXELS, 30, random);
            Matrix delta = KernelsTest.dense(m, 30, random);
            for (int threads = 1; threads <= 2; threads++) {
                try (Kernels k = Kernels.create(threads)) {
                    assertArrayEquals(multiply(k, looked, w).data, multiply(k, x, w).data, "X·W, " + m + " rows");
                    assertArrayEquals(gradient(k, looked, delta).data, gradient(k, x, delta).data, "Xᵀ·δ, " + m + " rows");
                }
            }
        }
    }

    private static Matrix multiply(Kernels k, Matrix x, Matrix w) {
        Matrix z = new Matrix(x.rows, w.cols);
        k.multiply(1f, x, w, 0f, z);
        return z;
    }

    private static Matrix gradient(Kernels k, Matrix x, Matrix delta) {
        Matrix g = new Matrix(x.cols, delta.cols);
        g.fill(0.5f);
        k.transposeMultiply(-0.1f, x, delta, 0.999f, g);
        return g;
    }

    /** The given pattern, row by row, against the nonzero columns of the values, found here. */
    private static void assertGivenPatternIsTheValues(Matrix x, String what) {
        NonzeroPattern given = x.givenNonzeros();
        assertNotNull(given, what + ": no pattern given");
        int[] start = given.rowStart();
        int[] index = given.rowIndex();
        for (int r = 0; r < x.rows; r++) {
            List<Integer> expected = new ArrayList<>();
            for (int p = 0; p < x.cols; p++) {
                if (x.get(r, p) != 0f) {
                    expected.add(p);
                }
            }
            int[] actual = Arrays.copyOfRange(index, start[r], start[r + 1]);
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

    private static int firstZero(Matrix x, int row) {
        for (int p = 0; p < x.cols; p++) {
            if (x.get(row, p) == 0f) {
                return p;
            }
        }
        throw new AssertionError("row " + row + " has no zero");
    }
}
