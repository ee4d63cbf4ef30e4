package nndl.math;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Kernels on the JDK's vector API (module jdk.incubator.vector), used when that module is
 * loaded ({@code --add-modules jdk.incubator.vector}, as the {@code nndl} launcher does).
 *
 * <p>Every product is computed one row of C at a time, as a sum of rows of B:
 * c_i = β·c_i + Σ_p (α·a_ip)·b_p. First the nonzero terms of the row are listed (which rows
 * of B, with what multipliers): MNIST images are about 80% background, so the first layer's
 * forward pass and weight gradient do a fifth of the dense work. Then a block of up to four
 * vector registers of c_i (64 floats with AVX-512) is kept in registers while all the listed
 * rows of B are multiplied into it, so C is read and written once and each term costs one load
 * of B and one fused multiply-add. Blocks go column by column over all the rows, so the
 * column panel of B being read stays in the cache.
 *
 * <p>Each element of C is computed as β·c (0 when β = 0), then one fused multiply-add per
 * nonzero term in increasing order of the inner index: the same sequence as {@link JavaKernels},
 * whatever the thread count. Not thread-safe: each training run uses its own instance.
 */
final class VectorKernels implements Kernels {
    /** The JDK module these kernels need: without it in the JVM, this class cannot even be loaded. */
    static final String MODULE = "jdk.incubator.vector";

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    /** Floats in one vector register: 16 with AVX-512, 8 with AVX2. */
    private static final int L = SPECIES.length();

    private final Workers workers;
    /** Scratch for Bᵀ in {@link #multiplyByTranspose}, grown as needed. */
    private float[] transposed = new float[0];
    /**
     * The nonzero terms of each row of a product, row r's at [r·stride, r·stride + counts[r]):
     * where in B the term's row starts, and its multiplier α·a.
     */
    private int[] offsets = new int[0];
    private float[] multipliers = new float[0];
    private int[] counts = new int[0];
    /** One vector's worth of room per thread, for the lanes of a block that run past the end of a row. */
    private final float[][] spill;

    VectorKernels(int threads) {
        this.workers = new Workers(threads);
        this.spill = new float[threads][L];
    }

    @Override
    public int threads() {
        return workers.threads();
    }

    @Override
    public void multiply(float alpha, Matrix a, Matrix b, float beta, Matrix c) {
        Workers.checkShapes(a.cols == b.rows && c.rows == a.rows && c.cols == b.cols, "A·B", a, b, c);
        multiplyRows(alpha, a.data, a.cols, b.data, beta, c);
    }

    @Override
    public void multiplyByTranspose(float alpha, Matrix a, Matrix b, float beta, Matrix c) {
        Workers.checkShapes(a.cols == b.cols && c.rows == a.rows && c.cols == b.rows, "A·Bᵀ", a, b, c);
        // Transpose B once (k×n), then it is an ordinary product with contiguous rows.
        if (transposed.length < b.size()) {
            transposed = new float[b.size()];
        }
        b.transposeInto(transposed);
        multiplyRows(alpha, a.data, a.cols, transposed, beta, c);
    }

    @Override
    public void transposeMultiply(float alpha, Matrix a, Matrix b, float beta, Matrix c) {
        Workers.checkShapes(a.rows == b.rows && c.rows == a.cols && c.cols == b.cols, "Aᵀ·B", a, b, c);
        int m = a.rows;
        int k = a.cols;
        int n = b.cols;
        float[] av = a.data;
        if (!mostlyZeros(av)) {
            // Row p of C is Σ_i a_ip·b_i: element (p, i) of Aᵀ is at av[p + i·k].
            workers.forRows(k, (long) m * k * n,
                    (part, from, to) -> dense(alpha, av, 1, k, m, b.data, n, beta, c.data, from, to, spill[part]));
            return;
        }
        reserve(k, m);
        workers.forRows(k, (long) m * k * n, (part, from, to) -> {
            // Row p of C sums the rows i of B with a_ip ≠ 0: list them, column p of A, in order of i.
            int[] off = offsets;
            float[] mul = multipliers;
            int[] cnt = counts;
            for (int p = from; p < to; p++) {
                cnt[p] = 0;
            }
            for (int i = 0; i < m; i++) {
                for (int p = from; p < to; p++) {
                    float s = alpha * av[i * k + p];
                    if (s != 0f) {
                        int at = p * m + cnt[p]++;
                        off[at] = i * n;
                        mul[at] = s;
                    }
                }
            }
            sumRowsOfB(m, b.data, n, beta, c.data, from, to, spill[part]);
        });
    }

    /** C = α·A·B + β·C for A (c.rows × k, values in a) and B (k × n, values in b). */
    private void multiplyRows(float alpha, float[] a, int k, float[] b, float beta, Matrix c) {
        int m = c.rows;
        int n = c.cols;
        if (!mostlyZeros(a)) {
            workers.forRows(m, (long) m * k * n,
                    (part, from, to) -> dense(alpha, a, k, 1, k, b, n, beta, c.data, from, to, spill[part]));
            return;
        }
        reserve(m, k);
        workers.forRows(m, (long) m * k * n, (part, from, to) -> {
            // Row i of C sums the rows p of B with a_ip ≠ 0: list them, row i of A, in order of p.
            int[] off = offsets;
            float[] mul = multipliers;
            int[] cnt = counts;
            for (int i = from; i < to; i++) {
                int row = i * k;
                int count = 0;
                for (int p = 0; p < k; p++) {
                    float s = alpha * a[row + p];
                    if (s != 0f) {
                        off[row + count] = p * n;
                        mul[row + count] = s;
                        count++;
                    }
                }
                cnt[i] = count;
            }
            sumRowsOfB(k, b, n, beta, c.data, from, to, spill[part]);
        });
    }

    /**
     * Whether at least half of a sample of the values are 0 (then listing the nonzero terms
     * pays). The sample depends on the values alone, so the choice does not depend on the
     * thread count; and both ways give the same result (a zero term adds nothing).
     */
    private static boolean mostlyZeros(float[] a) {
        int samples = Math.min(a.length, 256);
        int zeros = 0;
        for (int t = 0; t < samples; t++) {
            zeros += a[(int) ((long) t * a.length / samples)] == 0f ? 1 : 0;
        }
        return samples > 0 && 2 * zeros >= samples;
    }

    /** Room for the term lists of {@code rows} rows of up to {@code stride} terms each. */
    private void reserve(int rows, int stride) {
        int size = Math.multiplyExact(rows, stride);
        if (offsets.length < size) {
            offsets = new int[size];
            multipliers = new float[size];
        }
        if (counts.length < rows) {
            counts = new int[rows];
        }
    }

    /**
     * Rows [from, to) of C (n columns): c_i = β·c_i + Σ_t multiplier_t · (row of B at offset_t),
     * over the listed terms of row i, four vector registers of columns at a time.
     */
    private void sumRowsOfB(int stride, float[] b, int n, float beta, float[] c, int from, int to, float[] spill) {
        int[] off = offsets;
        float[] mul = multipliers;
        int[] cnt = counts;
        for (int j = 0; j < n; j += 4 * L) {
            int width = Math.min(4 * L, n - j);
            for (int i = from; i < to; i++) {
                int first = i * stride;
                int end = first + cnt[i];
                int cAt = i * n + j;
                if (first == end && beta == 1f) {
                    continue;
                }
                if (width > 3 * L) {
                    block4(off, mul, first, end, b, j, width - 3 * L, beta, c, cAt, spill);
                } else if (width > 2 * L) {
                    block2(off, mul, first, end, b, j, L, beta, c, cAt, spill);
                    block1(off, mul, first, end, b, j + 2 * L, width - 2 * L, beta, c, cAt + 2 * L, spill);
                } else if (width > L) {
                    block2(off, mul, first, end, b, j, width - L, beta, c, cAt, spill);
                } else {
                    block1(off, mul, first, end, b, j, width, beta, c, cAt, spill);
                }
            }
        }
    }

    // The blocks: 4, 2 or 1 vectors of columns [j, j + ...) of one row of C, at c[cAt...], summing
    // the terms [first, end). The last vector holds `last` columns (1..L); past them its lanes pick up
    // whatever follows in B and C and are never stored. Terms whose row of B is too near the end of
    // b for a whole last vector come last (the offsets increase) and go through the spill buffer.

    private static void block4(int[] off, float[] mul, int first, int end, float[] b, int j, int last,
                               float beta, float[] c, int cAt, float[] spill) {
        FloatVector c0 = start(beta, c, cAt);
        FloatVector c1 = start(beta, c, cAt + L);
        FloatVector c2 = start(beta, c, cAt + 2 * L);
        FloatVector c3 = startLast(beta, c, cAt + 3 * L, last, spill);
        int safe = safeEnd(off, first, end, b.length - j - 4 * L);
        int t = first;
        for (; t < safe; t++) {
            FloatVector s = FloatVector.broadcast(SPECIES, mul[t]);
            int o = off[t] + j;
            c0 = FloatVector.fromArray(SPECIES, b, o).fma(s, c0);
            c1 = FloatVector.fromArray(SPECIES, b, o + L).fma(s, c1);
            c2 = FloatVector.fromArray(SPECIES, b, o + 2 * L).fma(s, c2);
            c3 = FloatVector.fromArray(SPECIES, b, o + 3 * L).fma(s, c3);
        }
        for (; t < end; t++) {
            FloatVector s = FloatVector.broadcast(SPECIES, mul[t]);
            int o = off[t] + j;
            c0 = FloatVector.fromArray(SPECIES, b, o).fma(s, c0);
            c1 = FloatVector.fromArray(SPECIES, b, o + L).fma(s, c1);
            c2 = FloatVector.fromArray(SPECIES, b, o + 2 * L).fma(s, c2);
            c3 = load(b, o + 3 * L, last, spill).fma(s, c3);
        }
        c0.intoArray(c, cAt);
        c1.intoArray(c, cAt + L);
        c2.intoArray(c, cAt + 2 * L);
        storeLast(c3, c, cAt + 3 * L, last, spill);
    }

    private static void block2(int[] off, float[] mul, int first, int end, float[] b, int j, int last,
                               float beta, float[] c, int cAt, float[] spill) {
        FloatVector c0 = start(beta, c, cAt);
        FloatVector c1 = startLast(beta, c, cAt + L, last, spill);
        int safe = safeEnd(off, first, end, b.length - j - 2 * L);
        int t = first;
        for (; t < safe; t++) {
            FloatVector s = FloatVector.broadcast(SPECIES, mul[t]);
            int o = off[t] + j;
            c0 = FloatVector.fromArray(SPECIES, b, o).fma(s, c0);
            c1 = FloatVector.fromArray(SPECIES, b, o + L).fma(s, c1);
        }
        for (; t < end; t++) {
            FloatVector s = FloatVector.broadcast(SPECIES, mul[t]);
            int o = off[t] + j;
            c0 = FloatVector.fromArray(SPECIES, b, o).fma(s, c0);
            c1 = load(b, o + L, last, spill).fma(s, c1);
        }
        c0.intoArray(c, cAt);
        storeLast(c1, c, cAt + L, last, spill);
    }

    private static void block1(int[] off, float[] mul, int first, int end, float[] b, int j, int last,
                               float beta, float[] c, int cAt, float[] spill) {
        FloatVector c0 = startLast(beta, c, cAt, last, spill);
        int safe = safeEnd(off, first, end, b.length - j - L);
        int t = first;
        for (; t < safe; t++) {
            c0 = FloatVector.fromArray(SPECIES, b, off[t] + j).fma(FloatVector.broadcast(SPECIES, mul[t]), c0);
        }
        for (; t < end; t++) {
            c0 = load(b, off[t] + j, last, spill).fma(FloatVector.broadcast(SPECIES, mul[t]), c0);
        }
        storeLast(c0, c, cAt, last, spill);
    }

    /**
     * Rows [from, to) of C (n columns) = α·Ã·B + β·C without skipping zeros, for a matrix Ã
     * (k inner values) whose element (r, p) is at a[r·rs + p·ps]: four rows of C at a time, so
     * each vector of B loaded serves four fused multiply-adds.
     */
    private static void dense(float alpha, float[] a, int rs, int ps, int k, float[] b, int n, float beta,
                              float[] c, int from, int to, float[] spill) {
        for (int j = 0; j < n; j += 2 * L) {
            int width = Math.min(2 * L, n - j);
            for (int r = from; r < to; r += 4) {
                int rows = Math.min(4, to - r);
                if (width > L) {
                    dense4x2(alpha, a, rs, ps, k, r, rows, b, n, j, width - L, beta, c, spill);
                } else {
                    dense4x1(alpha, a, rs, ps, k, r, rows, b, n, j, width, beta, c, spill);
                }
            }
        }
    }

    // Rows r .. r + rows − 1 (rows ≤ 4) of C, two or one vectors of columns from j; the last vector
    // holds `last` columns. With fewer than four rows the last one is computed again and not stored.

    private static void dense4x2(float alpha, float[] a, int rs, int ps, int k, int r, int rows, float[] b, int n,
                                 int j, int last, float beta, float[] c, float[] spill) {
        int r1 = r + Math.min(1, rows - 1);
        int r2 = r + Math.min(2, rows - 1);
        int r3 = r + Math.min(3, rows - 1);
        FloatVector c00 = start(beta, c, r * n + j);
        FloatVector c01 = startLast(beta, c, r * n + j + L, last, spill);
        FloatVector c10 = start(beta, c, r1 * n + j);
        FloatVector c11 = startLast(beta, c, r1 * n + j + L, last, spill);
        FloatVector c20 = start(beta, c, r2 * n + j);
        FloatVector c21 = startLast(beta, c, r2 * n + j + L, last, spill);
        FloatVector c30 = start(beta, c, r3 * n + j);
        FloatVector c31 = startLast(beta, c, r3 * n + j + L, last, spill);
        int a0 = r * rs;
        int a1 = r1 * rs;
        int a2 = r2 * rs;
        int a3 = r3 * rs;
        int safe = safeRows(b.length - j - 2 * L, n, k);
        for (int p = 0; p < k; p++) {
            int o = p * n + j;
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, o);
            FloatVector b1 = p < safe ? FloatVector.fromArray(SPECIES, b, o + L) : load(b, o + L, last, spill);
            int at = p * ps;
            FloatVector s0 = FloatVector.broadcast(SPECIES, alpha * a[a0 + at]);
            FloatVector s1 = FloatVector.broadcast(SPECIES, alpha * a[a1 + at]);
            FloatVector s2 = FloatVector.broadcast(SPECIES, alpha * a[a2 + at]);
            FloatVector s3 = FloatVector.broadcast(SPECIES, alpha * a[a3 + at]);
            c00 = b0.fma(s0, c00);
            c01 = b1.fma(s0, c01);
            c10 = b0.fma(s1, c10);
            c11 = b1.fma(s1, c11);
            c20 = b0.fma(s2, c20);
            c21 = b1.fma(s2, c21);
            c30 = b0.fma(s3, c30);
            c31 = b1.fma(s3, c31);
        }
        c00.intoArray(c, r * n + j);
        storeLast(c01, c, r * n + j + L, last, spill);
        if (rows > 1) {
            c10.intoArray(c, r1 * n + j);
            storeLast(c11, c, r1 * n + j + L, last, spill);
        }
        if (rows > 2) {
            c20.intoArray(c, r2 * n + j);
            storeLast(c21, c, r2 * n + j + L, last, spill);
        }
        if (rows > 3) {
            c30.intoArray(c, r3 * n + j);
            storeLast(c31, c, r3 * n + j + L, last, spill);
        }
    }

    private static void dense4x1(float alpha, float[] a, int rs, int ps, int k, int r, int rows, float[] b, int n,
                                 int j, int last, float beta, float[] c, float[] spill) {
        int r1 = r + Math.min(1, rows - 1);
        int r2 = r + Math.min(2, rows - 1);
        int r3 = r + Math.min(3, rows - 1);
        FloatVector c0 = startLast(beta, c, r * n + j, last, spill);
        FloatVector c1 = startLast(beta, c, r1 * n + j, last, spill);
        FloatVector c2 = startLast(beta, c, r2 * n + j, last, spill);
        FloatVector c3 = startLast(beta, c, r3 * n + j, last, spill);
        int a0 = r * rs;
        int a1 = r1 * rs;
        int a2 = r2 * rs;
        int a3 = r3 * rs;
        int safe = safeRows(b.length - j - L, n, k);
        for (int p = 0; p < k; p++) {
            int o = p * n + j;
            FloatVector b0 = p < safe ? FloatVector.fromArray(SPECIES, b, o) : load(b, o, last, spill);
            int at = p * ps;
            c0 = b0.fma(FloatVector.broadcast(SPECIES, alpha * a[a0 + at]), c0);
            c1 = b0.fma(FloatVector.broadcast(SPECIES, alpha * a[a1 + at]), c1);
            c2 = b0.fma(FloatVector.broadcast(SPECIES, alpha * a[a2 + at]), c2);
            c3 = b0.fma(FloatVector.broadcast(SPECIES, alpha * a[a3 + at]), c3);
        }
        storeLast(c0, c, r * n + j, last, spill);
        if (rows > 1) {
            storeLast(c1, c, r1 * n + j, last, spill);
        }
        if (rows > 2) {
            storeLast(c2, c, r2 * n + j, last, spill);
        }
        if (rows > 3) {
            storeLast(c3, c, r3 * n + j, last, spill);
        }
    }

    /** How many rows p of B (n columns) have b[p·n + limit] in range, i.e. p·n ≤ limit; at most k. */
    private static int safeRows(int limit, int n, int k) {
        return limit < 0 ? 0 : (int) Math.min(k, (long) limit / n + 1);
    }

    /** The end of the terms whose offset is at most limit (the offsets increase). */
    private static int safeEnd(int[] off, int first, int end, int limit) {
        int t = end;
        while (t > first && off[t - 1] > limit) {
            t--;
        }
        return t;
    }

    /** β·c for a whole vector of C (0 when β = 0, even if C holds NaN). */
    private static FloatVector start(float beta, float[] c, int at) {
        if (beta == 0f) {
            return FloatVector.zero(SPECIES);
        }
        FloatVector v = FloatVector.fromArray(SPECIES, c, at);
        return beta == 1f ? v : v.mul(beta);
    }

    /** β·c for the last vector of a block, of which only {@code last} lanes are in the row. */
    private static FloatVector startLast(float beta, float[] c, int at, int last, float[] spill) {
        if (beta == 0f) {
            return FloatVector.zero(SPECIES);
        }
        FloatVector v = load(c, at, last, spill);
        return beta == 1f ? v : v.mul(beta);
    }

    /** A vector from x[at...] of which the first {@code valid} lanes count, even at the very end of x. */
    private static FloatVector load(float[] x, int at, int valid, float[] spill) {
        if (at + L <= x.length) {
            return FloatVector.fromArray(SPECIES, x, at);
        }
        System.arraycopy(x, at, spill, 0, valid);
        return FloatVector.fromArray(SPECIES, spill, 0);
    }

    /** Stores the first {@code last} lanes of v at c[at...], leaving what follows untouched. */
    private static void storeLast(FloatVector v, float[] c, int at, int last, float[] spill) {
        if (last == L) {
            v.intoArray(c, at);
        } else {
            v.intoArray(spill, 0);
            System.arraycopy(spill, 0, c, at, last);
        }
    }

    @Override
    public void addToEachRow(Matrix c, float[] v) {
        Workers.checkVector(v, c);
        int n = c.cols;
        int whole = SPECIES.loopBound(n);
        for (int i = 0; i < c.rows; i++) {
            int row = i * n;
            int j = 0;
            for (; j < whole; j += L) {
                FloatVector.fromArray(SPECIES, c.data, row + j).add(FloatVector.fromArray(SPECIES, v, j))
                        .intoArray(c.data, row + j);
            }
            for (; j < n; j++) {
                c.data[row + j] += v[j];
            }
        }
    }

    @Override
    public void sumRows(float alpha, Matrix a, float beta, float[] out) {
        Workers.checkVector(out, a);
        int n = a.cols;
        int whole = SPECIES.loopBound(n);
        FloatVector s = FloatVector.broadcast(SPECIES, alpha);
        int j = 0;
        for (; j < whole; j += L) {
            FloatVector sum = start(beta, out, j);
            for (int i = 0; i < a.rows; i++) {
                sum = FloatVector.fromArray(SPECIES, a.data, i * n + j).fma(s, sum);
            }
            sum.intoArray(out, j);
        }
        for (; j < n; j++) {
            float sum = beta == 0f ? 0f : beta == 1f ? out[j] : out[j] * beta;
            for (int i = 0; i < a.rows; i++) {
                sum = Math.fma(a.data[i * n + j], alpha, sum);
            }
            out[j] = sum;
        }
    }

    @Override
    public void close() {
        workers.close();
    }
}
