package nndl.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kernel of every backend against a plain double-precision reference written here, on
 * random shapes (sizes of 1, odd sizes that leave part of a vector register empty, shapes big
 * enough to be split across threads), for the α and β cases the network uses and a few more,
 * the products by {@link SparseRows} on mostly zero and on dense values; and the reproducibility
 * contract: the same bits whatever the thread count.
 */
class KernelsTest {
    /** Sizes that fill no vector register, exactly one or two (8 or 16 lanes), or leave a remainder. */
    private static final int[] SIZES = {1, 2, 3, 7, 8, 9, 15, 16, 17, 30, 31, 33, 64, 65, 100};
    private static final float[][] ALPHA_BETA = {
        {1f, 0f}, {1f, 1f}, {-0.3f, 1f}, {0.7f, 0.9f}, {2f, -1.5f}, {0f, 0.5f}, {-1f, 0f},
    };

    /** A·B, A·Bᵀ and Aᵀ·B of matrices, and X·B and Xᵀ·B of sparse rows X. */
    enum Op {
        MULTIPLY, MULTIPLY_BY_TRANSPOSE, TRANSPOSE_MULTIPLY, SPARSE_MULTIPLY, SPARSE_TRANSPOSE_MULTIPLY;

        boolean transposesA() {
            return this == TRANSPOSE_MULTIPLY || this == SPARSE_TRANSPOSE_MULTIPLY;
        }
    }

    /** The backends under test: name → constructor taking a thread count. */
    static Stream<Arguments> backends() {
        List<Arguments> list = new ArrayList<>();
        list.add(Arguments.of("java", (IntFunction<Kernels>) JavaKernels::new));
        if (VectorModule.LOADED) {
            list.add(Arguments.of("vector", (IntFunction<Kernels>) VectorKernels::new));
        }
        return list.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void multipliesLikeTheReferenceOnRandomShapes(String name, IntFunction<Kernels> backend) {
        Random random = new Random(42);
        try (Kernels one = backend.apply(1); Kernels two = backend.apply(2)) {
            for (int trial = 0; trial < 500; trial++) {
                Op op = Op.values()[trial % Op.values().length];
                checkAgainstReference(op, pick(random), pick(random), pick(random), ALPHA_BETA, random, one, two, name);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void multipliesLikeTheReferenceAtTheNetworksShapes(String name, IntFunction<Kernels> backend) {
        // rows × inner × cols as the network calls them: forward X·W, backprop δ·Wᵀ, gradient Xᵀ·δ,
        // for [784,30,10] at batch 10, and [784,200,10] at batch 128 (big enough to use threads).
        int[][] shapes = {
            {10, 784, 30}, {10, 30, 10}, {10, 10, 30}, {784, 10, 30}, {30, 10, 10},
            {128, 784, 200}, {128, 200, 10}, {128, 10, 200}, {784, 128, 200}, {200, 128, 10},
        };
        float[][] alphaBeta = {{1f, 0f}, {-0.05f, 0.999f}};
        Random random = new Random(7);
        try (Kernels one = backend.apply(1); Kernels two = backend.apply(2)) {
            for (int[] s : shapes) {
                for (Op op : Op.values()) {
                    checkAgainstReference(op, s[0], s[1], s[2], alphaBeta, random, one, two, name);
                }
            }
        }
    }

    /**
     * C = α·op(A)·op(B) + β·C for C m×n with inner size k and each (α, β), compared with the
     * reference; also checks that two threads give the very same bits as one. A has about 60%
     * zeros, or (for sparse rows, one time in three) none.
     */
    private static void checkAgainstReference(Op op, int m, int k, int n, float[][] alphaBeta, Random random,
                                              Kernels one, Kernels two, String name) {
        boolean dense = (op == Op.SPARSE_MULTIPLY || op == Op.SPARSE_TRANSPOSE_MULTIPLY) && random.nextInt(3) == 0;
        Matrix a = op.transposesA() ? sparse(k, m, random) : sparse(m, k, random);
        if (dense) {
            a = dense(a.rows, a.cols, random);
        }
        Matrix b = op == Op.MULTIPLY_BY_TRANSPOSE ? dense(n, k, random) : dense(k, n, random);
        double[] product = new double[m * n];
        double[] magnitude = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                double abs = 0;
                for (int p = 0; p < k; p++) {
                    double x = op.transposesA() ? a.get(p, i) : a.get(i, p);
                    double y = op == Op.MULTIPLY_BY_TRANSPOSE ? b.get(j, p) : b.get(p, j);
                    sum += x * y;
                    abs += Math.abs(x * y);
                }
                product[i * n + j] = sum;
                magnitude[i * n + j] = abs;
            }
        }
        for (float[] ab : alphaBeta) {
            float alpha = ab[0];
            float beta = ab[1];
            Matrix c0 = dense(m, n, random);
            if (beta == 0f) {
                java.util.Arrays.fill(c0.data, Float.NaN); // β = 0 must ignore C entirely
            }
            Matrix c1 = run(one, op, alpha, a, b, beta, c0.copy());
            String what = name + " " + op + (dense ? " (dense values) " : " ") + m + "x" + k + "x" + n
                    + " alpha=" + alpha + " beta=" + beta;
            for (int idx = 0; idx < m * n; idx++) {
                double old = beta == 0f ? 0 : beta * (double) c0.data[idx];
                double expected = alpha * product[idx] + old;
                // Higham's bound for a float sum of k + 1 products: |error| ≤ (k + 2)·u·Σ|terms|, u = 2⁻²⁴.
                double tolerance = (k + 2) * 0x1p-24 * (Math.abs(alpha) * magnitude[idx] + Math.abs(old)) + 1e-30;
                if (!(Math.abs(c1.data[idx] - expected) <= tolerance)) {
                    fail(what + ": element " + idx + " is " + c1.data[idx] + ", expected " + expected);
                }
            }
            Matrix c2 = run(two, op, alpha, a, b, beta, c0.copy());
            assertArrayEquals(c1.data, c2.data, what + ": 1 and 2 threads differ");
        }
    }

    /** C after the product op on A's values (as sparse rows for the sparse ops). */
    private static Matrix run(Kernels kernels, Op op, float alpha, Matrix a, Matrix b, float beta, Matrix c) {
        switch (op) {
            case MULTIPLY -> kernels.multiply(alpha, a, b, beta, c);
            case MULTIPLY_BY_TRANSPOSE -> kernels.multiplyByTranspose(alpha, a, b, beta, c);
            case TRANSPOSE_MULTIPLY -> kernels.transposeMultiply(alpha, a, b, beta, c);
            case SPARSE_MULTIPLY -> kernels.multiply(alpha, sparseRows(a), b, beta, c);
            case SPARSE_TRANSPOSE_MULTIPLY -> kernels.transposeMultiply(alpha, sparseRows(a), b, beta, c);
            default -> throw new AssertionError(op);
        }
        return c;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void sparseRowsGiveTheSameBitsAsTheDenseProducts(String name, IntFunction<Kernels> backend) {
        // A zero term adds nothing, so skipping it changes no bit. Mini-batches of 10 and 40 rows (Xᵀ·B
        // goes one nonzero at a time up to 32 rows, by column lists above), MNIST-like, dense, and a blank row.
        Random random = new Random(9);
        for (int m : new int[] {10, 40}) {
            for (boolean dense : new boolean[] {false, true}) {
                Matrix a = dense ? dense(m, 784, random) : sparse(m, 784, random);
                java.util.Arrays.fill(a.data, 784, 2 * 784, 0f);
                Matrix w = dense(784, 30, random);
                Matrix delta = dense(m, 30, random);
                for (int threads = 1; threads <= 2; threads++) {
                    try (Kernels k = backend.apply(threads)) {
                        for (float[] ab : new float[][] {{1f, 0f}, {-0.1f, 0.999f}}) {
                            String what = name + ", " + m + " rows, " + (dense ? "dense" : "sparse") + ", " + threads
                                    + " threads, alpha=" + ab[0] + " beta=" + ab[1];
                            Matrix z = dense(m, 30, random);
                            Matrix g = dense(784, 30, random);
                            assertArrayEquals(run(k, Op.MULTIPLY, ab[0], a, w, ab[1], z.copy()).data,
                                    run(k, Op.SPARSE_MULTIPLY, ab[0], a, w, ab[1], z.copy()).data, "X·W, " + what);
                            assertArrayEquals(run(k, Op.TRANSPOSE_MULTIPLY, ab[0], a, delta, ab[1], g.copy()).data,
                                    run(k, Op.SPARSE_TRANSPOSE_MULTIPLY, ab[0], a, delta, ab[1], g.copy()).data,
                                    "Xᵀ·δ, " + what);
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void sameBitsWhateverTheThreadCount(String name, IntFunction<Kernels> backend) {
        Random random = new Random(3);
        // Big enough to be split across threads; 3 threads split the rows unevenly.
        SparseRows x = sparseRows(sparse(130, 784, random));
        Matrix w = dense(784, 101, random);
        Matrix delta = dense(130, 101, random);
        Matrix[] results = new Matrix[3];
        for (int t = 1; t <= 3; t++) {
            try (Kernels kernels = backend.apply(t)) {
                Matrix z = new Matrix(130, 101);
                kernels.multiply(1f, x, w, 0f, z);
                Matrix back = new Matrix(130, 784);
                kernels.multiplyByTranspose(1f, z, w, 0f, back);
                Matrix grad = w.copy();
                kernels.transposeMultiply(-0.01f, x, delta, 0.99f, grad);
                Matrix hidden = new Matrix(101, 101); // a dense Aᵀ·B big enough to split
                kernels.transposeMultiply(1f, z, delta, 0f, hidden);
                results[t - 1] = concat(z, back, grad, hidden);
            }
        }
        assertArrayEquals(results[0].data, results[1].data, "1 and 2 threads");
        assertArrayEquals(results[0].data, results[2].data, "1 and 3 threads");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void addsAVectorToEachRow(String name, IntFunction<Kernels> backend) {
        forEachShape(backend, new Random(5), (kernels, rows, cols, random) -> {
            Matrix c = dense(rows, cols, random);
            float[] v = dense(1, cols, random).data;
            Matrix expected = c.copy();
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    expected.set(i, j, c.get(i, j) + v[j]);
                }
            }
            kernels.addToEachRow(c, v);
            assertArrayEquals(expected.data, c.data, rows + "x" + cols);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void sumsRows(String name, IntFunction<Kernels> backend) {
        forEachShape(backend, new Random(6), (kernels, rows, cols, random) -> {
            for (float[] ab : ALPHA_BETA) {
                Matrix a = dense(rows, cols, random);
                float[] out = dense(1, cols, random).data;
                if (ab[1] == 0f) {
                    java.util.Arrays.fill(out, Float.NaN);
                }
                double[] expected = new double[cols];
                double[] scale = new double[cols];
                for (int j = 0; j < cols; j++) {
                    double sum = 0;
                    double abs = 0;
                    for (int i = 0; i < rows; i++) {
                        sum += a.get(i, j);
                        abs += Math.abs(a.get(i, j));
                    }
                    double old = ab[1] == 0f ? 0 : ab[1] * (double) out[j];
                    expected[j] = ab[0] * sum + old;
                    scale[j] = Math.abs(ab[0]) * abs + Math.abs(old);
                }
                kernels.sumRows(ab[0], a, ab[1], out);
                for (int j = 0; j < cols; j++) {
                    assertEquals(expected[j], out[j], (rows + 2) * 0x1p-24 * scale[j] + 1e-30,
                            rows + "x" + cols + " alpha=" + ab[0] + " beta=" + ab[1] + " column " + j);
                }
            }
        });
    }

    /** A check of one rows × cols shape, with values drawn from random. */
    private interface ShapeCheck {
        void run(Kernels kernels, int rows, int cols, Random random);
    }

    /** Runs check for every rows × cols in SIZES × SIZES, on the backend with 2 threads. */
    private static void forEachShape(IntFunction<Kernels> backend, Random random, ShapeCheck check) {
        try (Kernels kernels = backend.apply(2)) {
            for (int rows : SIZES) {
                for (int cols : SIZES) {
                    check.run(kernels, rows, cols, random);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void sigmoidLikeTheReference(String name, IntFunction<Kernels> backend) {
        Random random = new Random(8);
        try (Kernels kernels = backend.apply(1)) {
            for (int rows : SIZES) {
                for (int cols : new int[] {1, 10, 17, 30}) {
                    Matrix z = dense(rows, cols, random);
                    for (int i = 0; i < z.data.length; i++) {
                        z.data[i] *= 20; // well into both tails, where σ is 0 or 1 in float
                    }
                    z.data[0] = 200f;
                    z.data[z.data.length - 1] = -200f;
                    Matrix a = new Matrix(rows, cols);
                    kernels.sigmoid(z, a);
                    for (int i = 0; i < z.data.length; i++) {
                        // Exactly the float sigmoid's definition: the same bits however the JIT has compiled
                        // the loop, so that a seed gives the same training run every time; and close to σ in double.
                        float expected = SigmoidTest.definition(z.data[i]);
                        assertEquals(expected, a.data[i], 0f, name + " sigmoid(" + z.data[i] + ")");
                        assertTrue(SigmoidTest.ulps(a.data[i], SigmoidTest.inDouble(z.data[i])) <= 2,
                                name + " sigmoid(" + z.data[i] + ") near σ in double");
                    }
                    kernels.sigmoid(z, z); // in place
                    assertArrayEquals(a.data, z.data);
                }
            }
            assertThrows(IllegalArgumentException.class, () -> kernels.sigmoid(new Matrix(2, 3), new Matrix(3, 2)));
        }
    }

    @Test
    void unitPixelsAreGreyLevelsOver255() {
        byte[] pixels = new byte[300];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 7); // every value 0..255, signed bytes included
        }
        for (int n : new int[] {0, 1, 7, 15, 16, 17, 33, 256, 299}) {
            float[] target = new float[n + 5];
            java.util.Arrays.fill(target, -1f);
            Kernels.unitPixels(pixels, 1, target, 3, n);
            for (int i = 0; i < target.length; i++) {
                float expected = i < 3 || i >= 3 + n ? -1f : ((pixels[1 + i - 3] & 0xff) / 255f);
                assertEquals(expected, target[i], 0f, "n=" + n + " at " + i);
            }
        }
        float[] one = new float[1];
        Kernels.unitPixels(new byte[] {(byte) 255}, 0, one, 0, 1);
        assertEquals(1f, one[0]);
        float[] plain = new float[299];
        JavaKernels.unitPixels(pixels, 1, plain, 0, 299);
        float[] either = new float[299];
        Kernels.unitPixels(pixels, 1, either, 0, 299);
        assertArrayEquals(plain, either, "the vector and plain conversions give the same values");
    }

    @Test
    void smallProductsByHand() {
        Matrix a = new Matrix(2, 2, new float[] {1, 2, 3, 4});
        Matrix b = new Matrix(2, 2, new float[] {5, 6, 7, 8});
        try (Kernels k = Kernels.create(1)) {
            Matrix c = new Matrix(2, 2, new float[] {1, 1, 1, 1});
            k.multiply(1f, a, b, 1f, c);
            assertArrayEquals(new float[] {20, 23, 44, 51}, c.data); // [[19,22],[43,50]] + 1
            k.multiplyByTranspose(2f, a, b, 0f, c);
            assertArrayEquals(new float[] {34, 46, 78, 106}, c.data); // 2·[[17,23],[39,53]]
            k.transposeMultiply(1f, a, b, -1f, c);
            assertArrayEquals(new float[] {26 - 34, 30 - 46, 38 - 78, 44 - 106}, c.data); // [[26,30],[38,44]] − C
            float[] sums = {100, 100};
            k.sumRows(0.5f, a, 0f, sums);
            assertArrayEquals(new float[] {2, 3}, sums);
            k.addToEachRow(a, new float[] {10, 20});
            assertArrayEquals(new float[] {11, 22, 13, 24}, a.data);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void rejectsShapesThatDoNotFit(String name, IntFunction<Kernels> backend) {
        try (Kernels k = backend.apply(1)) {
            Matrix a = new Matrix(2, 3);
            assertThrows(IllegalArgumentException.class, () -> k.multiply(1f, a, new Matrix(2, 3), 0f, new Matrix(2, 3)));
            assertThrows(IllegalArgumentException.class, () -> k.multiply(1f, a, new Matrix(3, 4), 0f, new Matrix(2, 5)));
            assertThrows(IllegalArgumentException.class,
                    () -> k.multiplyByTranspose(1f, a, new Matrix(4, 2), 0f, new Matrix(2, 4)));
            assertThrows(IllegalArgumentException.class,
                    () -> k.transposeMultiply(1f, a, new Matrix(3, 4), 0f, new Matrix(3, 4)));
            SparseRows x = new SparseRows(2, 3);
            assertThrows(IllegalArgumentException.class, () -> k.multiply(1f, x, new Matrix(2, 3), 0f, new Matrix(2, 3)));
            assertThrows(IllegalArgumentException.class,
                    () -> k.transposeMultiply(1f, x, new Matrix(3, 4), 0f, new Matrix(3, 4)));
            assertThrows(IllegalArgumentException.class, () -> k.addToEachRow(a, new float[2]));
            assertThrows(IllegalArgumentException.class, () -> k.sumRows(1f, a, 0f, new float[2]));
        }
        assertThrows(IllegalArgumentException.class, () -> backend.apply(0));
    }

    @Test
    void createPicksTheVectorKernelsWhenTheModuleIsThere() {
        try (Kernels k = Kernels.create(2)) {
            assertEquals(VectorModule.LOADED ? VectorKernels.class : JavaKernels.class, k.getClass());
        }
    }

    private static int pick(Random random) {
        return SIZES[random.nextInt(SIZES.length)];
    }

    /** Values drawn from the standard normal distribution. */
    static Matrix dense(int rows, int cols, Random random) {
        Matrix m = new Matrix(rows, cols);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = (float) random.nextGaussian();
        }
        return m;
    }

    /** The values of m as sparse rows. */
    static SparseRows sparseRows(Matrix m) {
        SparseRows x = new SparseRows(m.rows, m.cols);
        x.copyFrom(m);
        return x;
    }

    /** About 60% zeros, in runs, like the background of an MNIST image. */
    private static Matrix sparse(int rows, int cols, Random random) {
        Matrix m = new Matrix(rows, cols);
        boolean on = false;
        for (int i = 0; i < m.data.length; i++) {
            if (random.nextInt(4) == 0) {
                on = !on;
            }
            m.data[i] = on && random.nextInt(5) > 0 ? random.nextFloat() : 0f;
        }
        return m;
    }

    private static Matrix concat(Matrix... parts) {
        int size = 0;
        for (Matrix p : parts) {
            size += p.size();
        }
        Matrix all = new Matrix(1, size);
        int at = 0;
        for (Matrix p : parts) {
            System.arraycopy(p.data, 0, all.data, at, p.size());
            at += p.size();
        }
        return all;
    }
}
