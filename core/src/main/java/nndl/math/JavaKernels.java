package nndl.math;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Pure-Java kernels. The inner loops are "axpy" loops over a contiguous row
 * ({@code c[j] += s * b[j]}), which the JIT compiles to vector instructions, and they skip a
 * zero multiplier s outright: MNIST images are about 80% background, so the first layer's
 * forward pass and weight gradient do a fifth of the dense work (with exactly the same result).
 *
 * <p>Large products are split by rows of C across threads; small ones (a mini-batch of 10)
 * stay on the calling thread, where a hand-off would cost more than it saves. Not thread-safe:
 * each training run uses its own instance.
 */
final class JavaKernels implements Kernels {
    /** Below this many multiply-adds a product runs on one thread. */
    private static final long PARALLEL_THRESHOLD = 1 << 20;

    private final int threads;
    private final ExecutorService pool;
    private final List<Future<?>> pending = new ArrayList<>();
    /** Scratch for Bᵀ in {@link #multiplyByTranspose}, grown as needed. */
    private float[] transposed = new float[0];

    JavaKernels(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.threads = threads;
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, r -> {
            Thread t = new Thread(r, "nndl-kernel");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public int threads() {
        return threads;
    }

    @Override
    public void multiply(float alpha, Matrix a, Matrix b, float beta, Matrix c) {
        check(a.cols == b.rows && c.rows == a.rows && c.cols == b.cols, "A·B", a, b, c);
        parallelRows(c.rows, (long) a.rows * a.cols * b.cols,
                (from, to) -> multiplyRows(alpha, a.data, a.cols, b.data, beta, c.data, c.cols, from, to));
    }

    @Override
    public void multiplyByTranspose(float alpha, Matrix a, Matrix b, float beta, Matrix c) {
        check(a.cols == b.cols && c.rows == a.rows && c.cols == b.rows, "A·Bᵀ", a, b, c);
        // Transpose B once (k×n), then it is an ordinary product with contiguous rows.
        int n = b.rows;
        int k = b.cols;
        if (transposed.length < b.size()) {
            transposed = new float[b.size()];
        }
        float[] bt = transposed;
        for (int j = 0; j < n; j++) {
            for (int p = 0; p < k; p++) {
                bt[p * n + j] = b.data[j * k + p];
            }
        }
        parallelRows(c.rows, (long) a.rows * k * n,
                (from, to) -> multiplyRows(alpha, a.data, k, bt, beta, c.data, n, from, to));
    }

    @Override
    public void transposeMultiply(float alpha, Matrix a, Matrix b, float beta, Matrix c) {
        check(a.rows == b.rows && c.rows == a.cols && c.cols == b.cols, "Aᵀ·B", a, b, c);
        int m = a.rows;
        int k = a.cols;
        int n = b.cols;
        parallelRows(c.rows, (long) m * k * n, (from, to) -> {
            scaleRows(beta, c.data, n, from, to);
            for (int i = 0; i < m; i++) {
                int aRow = i * k;
                int bRow = i * n;
                for (int p = from; p < to; p++) {
                    float s = alpha * a.data[aRow + p];
                    if (s != 0f) {
                        axpy(s, b.data, bRow, c.data, p * n, n);
                    }
                }
            }
        });
    }

    @Override
    public void addToEachRow(Matrix c, float[] v) {
        if (v.length != c.cols) {
            throw new IllegalArgumentException("vector of " + v.length + " does not fit rows of " + c.shape());
        }
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
        if (out.length != a.cols) {
            throw new IllegalArgumentException("vector of " + out.length + " does not fit rows of " + a.shape());
        }
        int n = a.cols;
        scaleRows(beta, out, n, 0, 1);
        for (int i = 0; i < a.rows; i++) {
            axpy(alpha, a.data, i * n, out, 0, n);
        }
    }

    /** Rows [from, to) of C = α·A·B + β·C, A with k columns, B k×n. */
    private static void multiplyRows(float alpha, float[] a, int k, float[] b, float beta,
                                     float[] c, int n, int from, int to) {
        scaleRows(beta, c, n, from, to);
        for (int i = from; i < to; i++) {
            int aRow = i * k;
            int cRow = i * n;
            for (int p = 0; p < k; p++) {
                float s = alpha * a[aRow + p];
                if (s != 0f) {
                    axpy(s, b, p * n, c, cRow, n);
                }
            }
        }
    }

    /** Rows [from, to) of C (n columns) times β; β = 0 clears them (even NaN). */
    private static void scaleRows(float beta, float[] c, int n, int from, int to) {
        if (beta == 1f) {
            return;
        }
        if (beta == 0f) {
            java.util.Arrays.fill(c, from * n, to * n, 0f);
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

    private interface RowRange {
        void run(int from, int to);
    }

    /** Runs body over [0, rows), split into one contiguous block per thread when the work is large. */
    private void parallelRows(int rows, long work, RowRange body) {
        int parts = (int) Math.min(threads, rows);
        if (pool == null || parts < 2 || work < PARALLEL_THRESHOLD) {
            body.run(0, rows);
            return;
        }
        pending.clear();
        for (int t = 1; t < parts; t++) {
            int from = (int) ((long) rows * t / parts);
            int to = (int) ((long) rows * (t + 1) / parts);
            pending.add(pool.submit(() -> body.run(from, to)));
        }
        body.run(0, (int) ((long) rows / parts));
        try {
            for (Future<?> f : pending) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while multiplying", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a kernel thread failed", e.getCause());
        }
    }

    private static void check(boolean ok, String what, Matrix a, Matrix b, Matrix c) {
        if (!ok) {
            throw new IllegalArgumentException(
                    what + ": shapes do not fit: A " + a.shape() + ", B " + b.shape() + ", C " + c.shape());
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
