package nndl.math;

import java.util.Arrays;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Kernels on the JDK's vector API (module jdk.incubator.vector), used when that module is
 * loaded ({@link VectorModule}) ({@code --add-modules jdk.incubator.vector}, as the {@code nndl} launcher does).
 *
 * <p>Every product is computed one row of C at a time, as a sum of rows of B:
 * c_i = β·c_i + Σ_p (α·a_ip)·b_p, with a block of c_i kept in vector registers while the rows
 * of B are multiplied into it, so C is read and written once. Two ways:
 * <ul>
 * <li>A {@link SparseRows} (a mini-batch of MNIST images, about 80% background): only the
 *     nonzero terms are summed, from its lists of nonzero columns, up to eight registers of a row
 *     of C at a time (128 floats with AVX-512): a fifth of the dense work for the first layer's
 *     forward pass and weight gradient. Blocks go column by column over all the rows, so the
 *     column panel of B being read stays in the cache.</li>
 * <li>A {@link Matrix} (activations, errors δ), or sparse rows that are not mostly zero: four
 *     rows of C at a time, so each vector of B loaded serves four fused multiply-adds.</li>
 * </ul>
 *
 * <p>Each element of C is computed as β·c (0 when β = 0), then one fused multiply-add per
 * term in increasing order of the inner index, whatever the thread count; skipping a zero term
 * changes nothing, so both ways give the same bits. Not thread-safe: each training run uses its
 * own instance.
 */
final class VectorKernels extends ThreadedKernels {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    /** Floats in one vector register: 16 with AVX-512, 8 with AVX2. */
    private static final int L = SPECIES.length();
    /** As many bytes, and ints, as a vector holds floats (no bytes with vectors of 4 floats: 32 bits is too short). */
    private static final VectorSpecies<Byte> BYTES = L < 8 ? null : VectorSpecies.of(byte.class, VectorShape.forBitSize(8 * L));
    private static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, SPECIES.vectorShape());
    /** Up to this many rows of sparse X, Xᵀ·B adds rows of B into C one nonzero at a time. */
    private static final int FEW_ROWS = 32;
    /** NEW_LANES[t]: the last t lanes of a vector. */
    private static final VectorMask<Float>[] NEW_LANES = newLanes();

    /** One vector's worth of room per thread, for the lanes of a block that run past the end of a row. */
    private final float[][] spill;
    /**
     * Scratch for Xᵀ·B with many rows: the nonzero rows of X's column p are
     * columnRows[columnStart[p] .. columnEnd[p]), in increasing order (X's rows read as Xᵀ's).
     */
    private int[] columnStart = new int[0];
    private int[] columnEnd = new int[0];
    private int[] columnRows = new int[0];

    @SuppressWarnings("unchecked")
    private static VectorMask<Float>[] newLanes() {
        VectorMask<Float>[] masks = new VectorMask[L + 1];
        for (int t = 0; t <= L; t++) {
            boolean[] lanes = new boolean[L];
            Arrays.fill(lanes, L - t, L, true);
            masks[t] = VectorMask.fromArray(SPECIES, lanes, 0);
        }
        return masks;
    }

    VectorKernels(int threads) {
        super(threads);
        this.spill = new float[threads][L];
    }

    @Override
    void product(float alpha, Matrix a, float[] b, float beta, Matrix c) {
        int k = a.cols;
        // Element (i, p) of A is at a[i·k + p].
        workers.forRows(c.rows, (long) a.rows * k * c.cols,
                (part, from, to) -> dense(alpha, a.data, k, 1, k, b, c.cols, beta, c.data, from, to, spill[part]));
    }

    @Override
    void transposedProduct(float alpha, Matrix a, Matrix b, float beta, Matrix c) {
        int m = a.rows;
        int k = a.cols;
        // Row p of C is Σ_i a_ip·b_i: element (p, i) of Aᵀ is at a[p + i·k].
        workers.forRows(k, (long) m * k * b.cols,
                (part, from, to) -> dense(alpha, a.data, 1, k, m, b.data, b.cols, beta, c.data, from, to, spill[part]));
    }

    @Override
    void product(float alpha, SparseRows x, Matrix b, float beta, Matrix c) {
        if (!mostlyZero(x)) {
            product(alpha, x.dense(), b.data, beta, c);
            return;
        }
        // Row i of C sums the rows p of B with x_ip ≠ 0, its nonzero columns.
        workers.forRows(c.rows, (long) x.rows * x.cols * c.cols, (part, from, to) -> sumRowsOfB(x.rowStart, x.rowEnd,
                x.columns, alpha, x.values, x.cols, 1, b.data, c.cols, beta, c.data, from, to, spill[part]));
    }

    @Override
    void transposedProduct(float alpha, SparseRows x, Matrix b, float beta, Matrix c) {
        int m = x.rows;
        int k = x.cols;
        int n = b.cols;
        long work = (long) m * k * n;
        if (!mostlyZero(x)) {
            transposedProduct(alpha, x.dense(), b, beta, c);
        } else if (m <= FEW_ROWS && n >= L) {
            // A few rows of X (a small mini-batch): each nonzero x_ip adds α·x_ip·b_i to row p of C.
            workers.forRows(k, work, (part, from, to) -> addScaledRows(x.rowStart, x.rowEnd, x.columns, m, k,
                    alpha, x.values, b.data, n, beta, c.data, from, to));
        } else {
            // Row p of C sums the rows i of B with x_ip ≠ 0, the nonzero rows of column p of X.
            findColumns(x);
            int[] start = columnStart;
            int[] end = columnEnd;
            int[] rows = columnRows;
            workers.forRows(k, work, (part, from, to) ->
                    sumRowsOfB(start, end, rows, alpha, x.values, 1, k, b.data, n, beta, c.data, from, to, spill[part]));
        }
    }

    /**
     * Whether at least half of X's values are 0, so that skipping the zero terms pays. Either way
     * gives the same bits (a zero term adds nothing), so the choice never changes a result.
     */
    private static boolean mostlyZero(SparseRows x) {
        long nonzeros = 0;
        for (int i = 0; i < x.rows; i++) {
            nonzeros += x.nonzeros(i);
        }
        return 2 * nonzeros <= (long) x.rows * x.cols;
    }

    /** X's nonzeros column by column into the scratch lists: counted per column, then placed row by row. */
    private void findColumns(SparseRows x) {
        int k = x.cols;
        if (columnStart.length < k) {
            columnStart = new int[k];
            columnEnd = new int[k];
        }
        int[] start = columnStart;
        int[] end = columnEnd;
        Arrays.fill(end, 0, k, 0);
        int total = 0;
        for (int i = 0; i < x.rows; i++) {
            for (int t = x.rowStart[i]; t < x.rowEnd[i]; t++) {
                end[x.columns[t]]++;
            }
            total += x.nonzeros(i);
        }
        if (columnRows.length < total) {
            columnRows = new int[Math.max(total, x.values.length / 4)];
        }
        for (int p = 0, at = 0; p < k; p++) {
            start[p] = at;
            at += end[p];
            end[p] = start[p]; // from here on, where column p's next row goes
        }
        int[] rows = columnRows;
        for (int i = 0; i < x.rows; i++) {
            for (int t = x.rowStart[i]; t < x.rowEnd[i]; t++) {
                rows[end[x.columns[t]]++] = i;
            }
        }
    }

    /**
     * Rows [from, to) of C (n ≥ L columns) = α·Aᵀ·B + β·C for a sparse A (m × k) with few rows,
     * row i's nonzero columns at index[termStart[i] .. termEnd[i]): first β·C, then for each nonzero
     * a_ip in order of i, c_p += (α·a_ip)·b_i, a vector at a time.
     */
    private static void addScaledRows(int[] termStart, int[] termEnd, int[] index, int m, int k, float alpha, float[] a,
                                      float[] b, int n, float beta, float[] c, int from, int to) {
        if (beta != 1f) {
            for (int at = from * n, end = to * n; at < end; at += L) {
                int v = Math.min(at, end - L); // ends with the range: a lane may be scaled once, never twice
                FloatVector scaled = start(beta, c, v);
                (v < at ? FloatVector.fromArray(SPECIES, c, v).blend(scaled, NEW_LANES[end - at]) : scaled).intoArray(c, v);
            }
        }
        int tail = n - L;
        int lastWhole = Math.max(0, (n - 1) / L - 1) * L; // vectors before the last two
        for (int i = 0; i < m; i++) {
            int t = termStart[i];
            int stop = termEnd[i];
            while (t < stop && index[t] < from) {
                t++;
            }
            int bRow = i * n;
            for (; t < stop && index[t] < to; t++) {
                int p = index[t];
                FloatVector s = FloatVector.broadcast(SPECIES, alpha * a[i * k + p]);
                int cRow = p * n;
                int j = 0;
                for (; j < lastWhole; j += L) {
                    FloatVector.fromArray(SPECIES, b, bRow + j).fma(s, FloatVector.fromArray(SPECIES, c, cRow + j))
                            .intoArray(c, cRow + j);
                }
                // The last vector ends with the row; it may share lanes with the one before, so both are
                // read before either is written, and the shared lanes get the same value twice.
                FloatVector before = FloatVector.fromArray(SPECIES, c, cRow + j);
                FloatVector last = FloatVector.fromArray(SPECIES, c, cRow + tail);
                FloatVector.fromArray(SPECIES, b, bRow + j).fma(s, before).intoArray(c, cRow + j);
                FloatVector.fromArray(SPECIES, b, bRow + tail).fma(s, last).intoArray(c, cRow + tail);
            }
        }
    }

    /**
     * Rows [from, to) of C (n columns): c_r = β·c_r + Σ_t (α·a[r·rs + q_t·qs])·b_{q_t} over the
     * terms q_t = index[termStart[r] .. termEnd[r]) of row r, eight vector registers of columns at
     * a time, then up to four for the rest of the row.
     */
    private static void sumRowsOfB(int[] termStart, int[] termEnd, int[] index, float alpha, float[] a, int rs, int qs,
                                   float[] b, int n, float beta, float[] c, int from, int to, float[] spill) {
        for (int j = 0, width; j < n; j += width) {
            width = n - j >= 8 * L ? 8 * L : Math.min(4 * L, n - j);
            for (int r = from; r < to; r++) {
                int first = termStart[r];
                int end = termEnd[r];
                int cAt = r * n + j;
                if (first == end && beta == 1f) {
                    continue;
                }
                int aAt = r * rs;
                if (width == 8 * L) {
                    block8(index, first, end, alpha, a, aAt, qs, b, n, j, beta, c, cAt);
                } else if (width > 3 * L) {
                    block4(index, first, end, alpha, a, aAt, qs, b, n, j, width - 3 * L, beta, c, cAt, spill);
                } else if (width > 2 * L) {
                    block3(index, first, end, alpha, a, aAt, qs, b, n, j, width - 2 * L, beta, c, cAt, spill);
                } else if (width > L) {
                    block2(index, first, end, alpha, a, aAt, qs, b, n, j, width - L, beta, c, cAt, spill);
                } else {
                    block1(index, first, end, alpha, a, aAt, qs, b, n, j, width, beta, c, cAt, spill);
                }
            }
        }
    }

    // The blocks: 8, 4, 3, 2 or 1 vectors of columns [j, j + ...) of one row of C, at c[cAt...], summing
    // the terms [first, end): term t is row q = index[t] of B times α·a[aAt + q·qs]. Each is written
    // out for its number of vectors, so that the JIT keeps them all in registers. Below 8, the last
    // vector holds `last` columns (1..L); past them its lanes pick up whatever follows in B and C and
    // are never stored. Terms whose row of B is too near the end of b for a whole last vector come last
    // (q increases) and go through the spill buffer.

    private static void block8(int[] index, int first, int end, float alpha, float[] a, int aAt, int qs,
                               float[] b, int n, int j, float beta, float[] c, int cAt) {
        FloatVector c0 = start(beta, c, cAt);
        FloatVector c1 = start(beta, c, cAt + L);
        FloatVector c2 = start(beta, c, cAt + 2 * L);
        FloatVector c3 = start(beta, c, cAt + 3 * L);
        FloatVector c4 = start(beta, c, cAt + 4 * L);
        FloatVector c5 = start(beta, c, cAt + 5 * L);
        FloatVector c6 = start(beta, c, cAt + 6 * L);
        FloatVector c7 = start(beta, c, cAt + 7 * L);
        for (int t = first; t < end; t++) {
            int q = index[t];
            FloatVector s = FloatVector.broadcast(SPECIES, alpha * a[aAt + q * qs]);
            int o = q * n + j;
            c0 = FloatVector.fromArray(SPECIES, b, o).fma(s, c0);
            c1 = FloatVector.fromArray(SPECIES, b, o + L).fma(s, c1);
            c2 = FloatVector.fromArray(SPECIES, b, o + 2 * L).fma(s, c2);
            c3 = FloatVector.fromArray(SPECIES, b, o + 3 * L).fma(s, c3);
            c4 = FloatVector.fromArray(SPECIES, b, o + 4 * L).fma(s, c4);
            c5 = FloatVector.fromArray(SPECIES, b, o + 5 * L).fma(s, c5);
            c6 = FloatVector.fromArray(SPECIES, b, o + 6 * L).fma(s, c6);
            c7 = FloatVector.fromArray(SPECIES, b, o + 7 * L).fma(s, c7);
        }
        c0.intoArray(c, cAt);
        c1.intoArray(c, cAt + L);
        c2.intoArray(c, cAt + 2 * L);
        c3.intoArray(c, cAt + 3 * L);
        c4.intoArray(c, cAt + 4 * L);
        c5.intoArray(c, cAt + 5 * L);
        c6.intoArray(c, cAt + 6 * L);
        c7.intoArray(c, cAt + 7 * L);
    }

    private static void block4(int[] index, int first, int end, float alpha, float[] a, int aAt, int qs,
                               float[] b, int n, int j, int last, float beta, float[] c, int cAt, float[] spill) {
        FloatVector c0 = start(beta, c, cAt);
        FloatVector c1 = start(beta, c, cAt + L);
        FloatVector c2 = start(beta, c, cAt + 2 * L);
        int shift = shift(last, n);
        boolean whole = last == L || shift < 0;
        FloatVector c3 = startLast(beta, c, cAt + 3 * L + shift, last, shift, spill);
        int safe = safeEnd(index, first, end, n, b.length - j - 4 * L - shift);
        int t = first;
        for (; t < safe; t++) {
            int q = index[t];
            FloatVector s = FloatVector.broadcast(SPECIES, alpha * a[aAt + q * qs]);
            int o = q * n + j;
            c0 = FloatVector.fromArray(SPECIES, b, o).fma(s, c0);
            c1 = FloatVector.fromArray(SPECIES, b, o + L).fma(s, c1);
            c2 = FloatVector.fromArray(SPECIES, b, o + 2 * L).fma(s, c2);
            c3 = FloatVector.fromArray(SPECIES, b, o + 3 * L + shift).fma(s, c3);
        }
        for (; t < end; t++) {
            int q = index[t];
            FloatVector s = FloatVector.broadcast(SPECIES, alpha * a[aAt + q * qs]);
            int o = q * n + j;
            c0 = FloatVector.fromArray(SPECIES, b, o).fma(s, c0);
            c1 = FloatVector.fromArray(SPECIES, b, o + L).fma(s, c1);
            c2 = FloatVector.fromArray(SPECIES, b, o + 2 * L).fma(s, c2);
            c3 = load(b, o + 3 * L, last, spill).fma(s, c3);
        }
        c0.intoArray(c, cAt);
        c1.intoArray(c, cAt + L);
        c2.intoArray(c, cAt + 2 * L);
        storeLast(c3, c, cAt + 3 * L + shift, whole, last, shift, spill);
    }

    private static void block3(int[] index, int first, int end, float alpha, float[] a, int aAt, int qs,
                               float[] b, int n, int j, int last, float beta, float[] c, int cAt, float[] spill) {
        FloatVector c0 = start(beta, c, cAt);
        FloatVector c1 = start(beta, c, cAt + L);
        int shift = shift(last, n);
        boolean whole = last == L || shift < 0;
        FloatVector c2 = startLast(beta, c, cAt + 2 * L + shift, last, shift, spill);
        int safe = safeEnd(index, first, end, n, b.length - j - 3 * L - shift);
        int t = first;
        for (; t < safe; t++) {
            int q = index[t];
            FloatVector s = FloatVector.broadcast(SPECIES, alpha * a[aAt + q * qs]);
            int o = q * n + j;
            c0 = FloatVector.fromArray(SPECIES, b, o).fma(s, c0);
            c1 = FloatVector.fromArray(SPECIES, b, o + L).fma(s, c1);
            c2 = FloatVector.fromArray(SPECIES, b, o + 2 * L + shift).fma(s, c2);
        }
        for (; t < end; t++) {
            int q = index[t];
            FloatVector s = FloatVector.broadcast(SPECIES, alpha * a[aAt + q * qs]);
            int o = q * n + j;
            c0 = FloatVector.fromArray(SPECIES, b, o).fma(s, c0);
            c1 = FloatVector.fromArray(SPECIES, b, o + L).fma(s, c1);
            c2 = load(b, o + 2 * L, last, spill).fma(s, c2);
        }
        c0.intoArray(c, cAt);
        c1.intoArray(c, cAt + L);
        storeLast(c2, c, cAt + 2 * L + shift, whole, last, shift, spill);
    }

    private static void block2(int[] index, int first, int end, float alpha, float[] a, int aAt, int qs,
                               float[] b, int n, int j, int last, float beta, float[] c, int cAt, float[] spill) {
        FloatVector c0 = start(beta, c, cAt);
        int shift = shift(last, n);
        boolean whole = last == L || shift < 0;
        FloatVector c1 = startLast(beta, c, cAt + L + shift, last, shift, spill);
        int safe = safeEnd(index, first, end, n, b.length - j - 2 * L - shift);
        int t = first;
        for (; t < safe; t++) {
            int q = index[t];
            FloatVector s = FloatVector.broadcast(SPECIES, alpha * a[aAt + q * qs]);
            int o = q * n + j;
            c0 = FloatVector.fromArray(SPECIES, b, o).fma(s, c0);
            c1 = FloatVector.fromArray(SPECIES, b, o + L + shift).fma(s, c1);
        }
        for (; t < end; t++) {
            int q = index[t];
            FloatVector s = FloatVector.broadcast(SPECIES, alpha * a[aAt + q * qs]);
            int o = q * n + j;
            c0 = FloatVector.fromArray(SPECIES, b, o).fma(s, c0);
            c1 = load(b, o + L, last, spill).fma(s, c1);
        }
        c0.intoArray(c, cAt);
        storeLast(c1, c, cAt + L + shift, whole, last, shift, spill);
    }

    private static void block1(int[] index, int first, int end, float alpha, float[] a, int aAt, int qs,
                               float[] b, int n, int j, int last, float beta, float[] c, int cAt, float[] spill) {
        int shift = shift(last, n);
        boolean whole = last == L;
        FloatVector c0 = startLast(beta, c, cAt + shift, last, shift, spill);
        int safe = safeEnd(index, first, end, n, b.length - j - L - shift);
        int t = first;
        for (; t < safe; t++) {
            int q = index[t];
            c0 = FloatVector.fromArray(SPECIES, b, q * n + j + shift).fma(FloatVector.broadcast(SPECIES, alpha * a[aAt + q * qs]), c0);
        }
        for (; t < end; t++) {
            int q = index[t];
            c0 = load(b, q * n + j, last, spill).fma(FloatVector.broadcast(SPECIES, alpha * a[aAt + q * qs]), c0);
        }
        storeLast(c0, c, cAt + shift, whole, last, shift, spill);
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
        int shift = shift(last, n);
        boolean whole = last == L || shift < 0;
        int jl = j + L + shift;
        FloatVector c00 = start(beta, c, r * n + j);
        FloatVector c01 = startLast(beta, c, r * n + jl, last, shift, spill);
        FloatVector c10 = start(beta, c, r1 * n + j);
        FloatVector c11 = startLast(beta, c, r1 * n + jl, last, shift, spill);
        FloatVector c20 = start(beta, c, r2 * n + j);
        FloatVector c21 = startLast(beta, c, r2 * n + jl, last, shift, spill);
        FloatVector c30 = start(beta, c, r3 * n + j);
        FloatVector c31 = startLast(beta, c, r3 * n + jl, last, shift, spill);
        int a0 = r * rs;
        int a1 = r1 * rs;
        int a2 = r2 * rs;
        int a3 = r3 * rs;
        int safe = safeRows(b.length - jl - L, n, k);
        for (int p = 0; p < k; p++) {
            int o = p * n;
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, o + j);
            FloatVector b1 = p < safe ? FloatVector.fromArray(SPECIES, b, o + jl) : load(b, o + jl, last, spill);
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
        storeLast(c01, c, r * n + jl, whole, last, shift, spill);
        if (rows > 1) {
            c10.intoArray(c, r1 * n + j);
            storeLast(c11, c, r1 * n + jl, whole, last, shift, spill);
        }
        if (rows > 2) {
            c20.intoArray(c, r2 * n + j);
            storeLast(c21, c, r2 * n + jl, whole, last, shift, spill);
        }
        if (rows > 3) {
            c30.intoArray(c, r3 * n + j);
            storeLast(c31, c, r3 * n + jl, whole, last, shift, spill);
        }
    }

    private static void dense4x1(float alpha, float[] a, int rs, int ps, int k, int r, int rows, float[] b, int n,
                                 int j, int last, float beta, float[] c, float[] spill) {
        int r1 = r + Math.min(1, rows - 1);
        int r2 = r + Math.min(2, rows - 1);
        int r3 = r + Math.min(3, rows - 1);
        int shift = shift(last, n);
        boolean whole = last == L;
        int jl = j + shift;
        FloatVector c0 = startLast(beta, c, r * n + jl, last, shift, spill);
        FloatVector c1 = startLast(beta, c, r1 * n + jl, last, shift, spill);
        FloatVector c2 = startLast(beta, c, r2 * n + jl, last, shift, spill);
        FloatVector c3 = startLast(beta, c, r3 * n + jl, last, shift, spill);
        int a0 = r * rs;
        int a1 = r1 * rs;
        int a2 = r2 * rs;
        int a3 = r3 * rs;
        int safe = safeRows(b.length - jl - L, n, k);
        for (int p = 0; p < k; p++) {
            int o = p * n + jl;
            FloatVector b0 = p < safe ? FloatVector.fromArray(SPECIES, b, o) : load(b, o, last, spill);
            int at = p * ps;
            c0 = b0.fma(FloatVector.broadcast(SPECIES, alpha * a[a0 + at]), c0);
            c1 = b0.fma(FloatVector.broadcast(SPECIES, alpha * a[a1 + at]), c1);
            c2 = b0.fma(FloatVector.broadcast(SPECIES, alpha * a[a2 + at]), c2);
            c3 = b0.fma(FloatVector.broadcast(SPECIES, alpha * a[a3 + at]), c3);
        }
        storeLast(c0, c, r * n + jl, whole, last, shift, spill);
        if (rows > 1) {
            storeLast(c1, c, r1 * n + jl, whole, last, shift, spill);
        }
        if (rows > 2) {
            storeLast(c2, c, r2 * n + jl, whole, last, shift, spill);
        }
        if (rows > 3) {
            storeLast(c3, c, r3 * n + jl, whole, last, shift, spill);
        }
    }

    /** How many rows p of B (n columns) have b[p·n + limit] in range, i.e. p·n ≤ limit; at most k. */
    private static int safeRows(int limit, int n, int k) {
        return limit < 0 ? 0 : (int) Math.min(k, (long) limit / n + 1);
    }

    /** The end of the terms whose row of B starts at most at limit (index[t]·n ≤ limit; q increases). */
    private static int safeEnd(int[] index, int first, int end, int n, int limit) {
        int t = end;
        while (t > first && (long) index[t - 1] * n > limit) {
            t--;
        }
        return t;
    }

    // The helpers below that make or take vectors are kept under 35 bytes of bytecode, so that the
    // JIT inlines them even where it has no profile (else each call would box a vector).

    /** β·c for a whole vector of C (0 when β = 0, even if C holds NaN; c·1 is c). */
    private static FloatVector start(float beta, float[] c, int at) {
        return beta == 0f ? FloatVector.zero(SPECIES) : FloatVector.fromArray(SPECIES, c, at).mul(beta);
    }

    /**
     * Where the last vector of a block goes, relative to its place: when it holds fewer than L
     * columns of a row of at least L, it moves left by the difference (to end with the row, so
     * all its loads stay within the row) and only its last {@code last} lanes are stored; in a row
     * narrower than L it stays, and the lanes past the row go through the spill buffer.
     */
    private static int shift(int last, int n) {
        return last < L && n >= L ? last - L : 0;
    }

    /**
     * β·c for the last vector of a block (at its shifted place); lanes past the row are whatever
     * follows. One call of start, always taken: a second call on the rarely taken spill path was
     * not inlined in about half the JVMs (once start had been compiled on its own, "already
     * compiled into a medium method"), which boxed the block's vectors and made every epoch of
     * the wide network about 2× slower.
     */
    private static FloatVector startLast(float beta, float[] c, int at, int last, int shift, float[] spill) {
        float[] x = wholeOrSpilled(c, at, last, spill);
        return start(beta, x, x == c ? at : 0);
    }

    /** c itself when a whole vector from at fits in it, else the spill buffer holding c[at .. at + valid). */
    private static float[] wholeOrSpilled(float[] c, int at, int valid, float[] spill) {
        return at + L <= c.length ? c : spilled(c, at, valid, spill);
    }

    /** A vector from x[at...] of which the first {@code valid} lanes count, even at the very end of x. */
    private static FloatVector load(float[] x, int at, int valid, float[] spill) {
        return at + L <= x.length ? FloatVector.fromArray(SPECIES, x, at)
                : FloatVector.fromArray(SPECIES, spilled(x, at, valid, spill), 0);
    }

    /** The spill buffer holding x[at .. at + valid). */
    private static float[] spilled(float[] x, int at, int valid, float[] spill) {
        System.arraycopy(x, at, spill, 0, valid);
        return spill;
    }

    /**
     * Stores the last vector of a block ({@code last} new columns at its end): whole when it is
     * all new or was moved left over a vector of the same block (the lanes they share hold the
     * same values, computed from the same old C, terms and order); else only its new lanes.
     */
    private static void storeLast(FloatVector v, float[] c, int at, boolean whole, int last, int shift, float[] spill) {
        if (whole) {
            v.intoArray(c, at);
        } else {
            storePart(v, c, at, last, shift, spill);
        }
    }

    private static void storePart(FloatVector v, float[] c, int at, int last, int shift, float[] spill) {
        if (shift < 0) {
            FloatVector.fromArray(SPECIES, c, at).blend(v, NEW_LANES[last]).intoArray(c, at);
        } else {
            v.intoArray(spill, 0);
            System.arraycopy(spill, 0, c, at, last);
        }
    }

    @Override
    public void addToEachRow(Matrix c, float[] v) {
        checkVector(v, c);
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

    /**
     * σ a vector at a time: exactly the steps of {@link Sigmoid#of} (see there), lane by lane, so
     * the same bits; the last few values, fewer than a vector, one at a time by Sigmoid itself.
     */
    @Override
    void sigmoid(float[] z, float[] a, int from, int to) {
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        FloatVector minusLn2Hi = FloatVector.broadcast(SPECIES, -Sigmoid.LN2_HI);
        FloatVector minusLn2Lo = FloatVector.broadcast(SPECIES, -Sigmoid.LN2_LO);
        FloatVector p2 = FloatVector.broadcast(SPECIES, Sigmoid.P2);
        FloatVector p3 = FloatVector.broadcast(SPECIES, Sigmoid.P3);
        FloatVector p4 = FloatVector.broadcast(SPECIES, Sigmoid.P4);
        FloatVector p5 = FloatVector.broadcast(SPECIES, Sigmoid.P5);
        int i = from;
        for (int whole = to - L; i <= whole; i += L) {
            FloatVector zv = FloatVector.fromArray(SPECIES, z, i);
            FloatVector x = zv.abs().neg().max(Sigmoid.MIN_X);
            FloatVector t = x.fma(Sigmoid.LOG2E, Sigmoid.ROUND);
            FloatVector n = t.sub(Sigmoid.ROUND);
            FloatVector r = n.fma(minusLn2Lo, n.fma(minusLn2Hi, x));
            FloatVector p = r.fma(Sigmoid.P0, Sigmoid.P1).fma(r, p2).fma(r, p3).fma(r, p4).fma(r, p5);
            FloatVector expR = p.fma(r, one).fma(r, one);
            IntVector k = t.reinterpretAsInts().sub(Sigmoid.ROUND_BITS);
            IntVector half = k.lanewise(VectorOperators.ASHR, 1);
            FloatVector e = expR.mul(powerOfTwo(half)).mul(powerOfTwo(k.sub(half)));
            one.blend(e, zv.reinterpretAsInts().lt(0).cast(SPECIES)).div(e.add(one)).intoArray(a, i);
        }
        Sigmoid.range(z, a, i, to);
    }

    /** 2^k lane by lane for −126 ≤ k ≤ 127, from its exponent bits. */
    private static FloatVector powerOfTwo(IntVector k) {
        return k.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    }

    /** See {@link Kernels#unitPixels}: L bytes at a time, widened to ints, masked to 0..255, to floats, divided. */
    static void unitPixels(byte[] pixels, int from, float[] target, int at, int n) {
        int i = 0;
        for (int whole = BYTES == null ? -1 : n - L; i <= whole; i += L) {
            ((IntVector) ByteVector.fromArray(BYTES, pixels, from + i).convertShape(VectorOperators.B2I, INTS, 0))
                    .and(0xff).convert(VectorOperators.I2F, 0).reinterpretAsFloats().div(255f).intoArray(target, at + i);
        }
        JavaKernels.unitPixels(pixels, from + i, target, at + i, n - i);
    }

    @Override
    public void sumRows(float alpha, Matrix a, float beta, float[] out) {
        checkVector(out, a);
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
}
