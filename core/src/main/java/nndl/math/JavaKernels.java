package nndl.math;

import java.util.Arrays;

/**
 * Plain Java kernels, the fallback when the JDK's vector module is not loaded. The inner loops
 * are "axpy" loops over a contiguous row ({@code c[j] += s * b[j]}), which the JIT compiles to
 * vector instructions. The products by {@link SparseRows} take only the listed nonzero terms: a
 * fifth of the dense work for the first layer's forward pass and weight gradient on MNIST.
 *
 * <p>Each element of C is computed as β·c (0 when β = 0), then one multiply and one add per
 * term in increasing order of the inner index. (Not fused: the JIT of JDK 17 does not
 * vectorize a loop of {@code Math.fma}, which made these kernels 3× slower; so the last bits
 * differ from {@link VectorKernels}.) Not thread-safe: each training run uses its own instance.
 */
final class JavaKernels extends ThreadedKernels {

    JavaKernels(int threads) {
        super(threads);
    }

    @Override
    void product(float alpha, Matrix a, float[] b, float beta, Matrix c) {
        int k = a.cols;
        int n = c.cols;
        workers.forRows(c.rows, (long) a.rows * k * n, (part, from, to) -> {
            scaleRows(beta, c.data, n, from, to);
            for (int i = from; i < to; i++) {
                for (int p = 0; p < k; p++) {
                    axpy(alpha * a.data[i * k + p], b, p * n, c.data, i * n, n);
                }
            }
        });
    }

    @Override
    void transposedProduct(float alpha, Matrix a, Matrix b, float beta, Matrix c) {
        int m = a.rows;
        int k = a.cols;
        int n = b.cols;
        workers.forRows(c.rows, (long) m * k * n, (part, from, to) -> {
            scaleRows(beta, c.data, n, from, to);
            for (int i = 0; i < m; i++) {
                for (int p = from; p < to; p++) {
                    axpy(alpha * a.data[i * k + p], b.data, i * n, c.data, p * n, n);
                }
            }
        });
    }

    @Override
    void product(float alpha, SparseRows x, Matrix b, float beta, Matrix c) {
        int n = c.cols;
        workers.forRows(c.rows, (long) x.rows * x.cols * n, (part, from, to) -> {
            scaleRows(beta, c.data, n, from, to);
            for (int i = from; i < to; i++) {
                for (int t = x.rowStart[i]; t < x.rowEnd[i]; t++) {
                    int p = x.columns[t];
                    axpy(alpha * x.values[i * x.cols + p], b.data, p * n, c.data, i * n, n);
                }
            }
        });
    }

    @Override
    void transposedProduct(float alpha, SparseRows x, Matrix b, float beta, Matrix c) {
        int n = b.cols;
        workers.forRows(c.rows, (long) x.rows * x.cols * n, (part, from, to) -> {
            scaleRows(beta, c.data, n, from, to);
            for (int i = 0; i < x.rows; i++) {
                for (int t = x.rowStart[i]; t < x.rowEnd[i]; t++) {
                    int p = x.columns[t];
                    if (p >= from && p < to) {
                        axpy(alpha * x.values[i * x.cols + p], b.data, i * n, c.data, p * n, n);
                    }
                }
            }
        });
    }

    @Override
    public void addToEachRow(Matrix c, float[] v) {
        checkVector(v, c);
        int n = c.cols;
        for (int i = 0; i < c.rows; i++) {
            int row = i * n;
            for (int j = 0; j < n; j++) {
                c.data[row + j] += v[j];
            }
        }
    }

    @Override
    public void sumRows(float alpha, Matrix a, float beta, float[] out) {
        checkVector(out, a);
        int n = a.cols;
        scaleRows(beta, out, n, 0, 1);
        for (int i = 0; i < a.rows; i++) {
            axpy(alpha, a.data, i * n, out, 0, n);
        }
    }

    /** See {@link Kernels#unitPixels}. */
    static void unitPixels(byte[] pixels, int from, float[] target, int at, int n) {
        for (int i = 0; i < n; i++) {
            target[at + i] = (pixels[from + i] & 0xff) / 255f;
        }
    }

    /** Rows [from, to) of C (n columns) times β; β = 0 clears them (even NaN). */
    private static void scaleRows(float beta, float[] c, int n, int from, int to) {
        if (beta == 1f) {
            return;
        }
        if (beta == 0f) {
            Arrays.fill(c, from * n, to * n, 0f);
            return;
        }
        for (int idx = from * n, end = to * n; idx < end; idx++) {
            c[idx] *= beta;
        }
    }

    /** y[yOff..yOff+n) += s · x[xOff..xOff+n): the loop the JIT vectorizes. */
    private static void axpy(float s, float[] x, int xOff, float[] y, int yOff, int n) {
        for (int j = 0; j < n; j++) {
            y[yOff + j] += s * x[xOff + j];
        }
    }
}
