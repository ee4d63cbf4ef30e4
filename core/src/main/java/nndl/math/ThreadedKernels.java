package nndl.math;

/**
 * What the kernel implementations share: the worker threads that split large products by rows
 * of C, the scratch buffer for Bᵀ, and the sigmoid split the same way.
 */
abstract class ThreadedKernels implements Kernels {
    /**
     * One σ costs about as much as this many multiply-adds of a product, for deciding when to split
     * the sigmoid: about 15 vector operations a value. Measured on one thread, σ of 128×1000 values
     * against a dense 128×1000×100 product: 13.5 with the vector kernels (0.26 ns a value, 0.019 ns
     * a multiply-add), 8 with the plain ones.
     */
    private static final long SIGMOID_WORK = 14;

    final Workers workers;
    /** Scratch for Bᵀ in multiplyByTranspose, grown as needed. */
    private float[] transposed = new float[0];

    ThreadedKernels(int threads) {
        this.workers = new Workers(threads);
    }

    /** Bᵀ (b.cols × b.rows) in the scratch buffer, so that A·Bᵀ becomes a product with contiguous rows. */
    final float[] transposeOf(Matrix b) {
        if (transposed.length < b.size()) {
            transposed = new float[b.size()];
        }
        b.transposeInto(transposed);
        return transposed;
    }

    /** σ split by rows across the threads when the matrix is large (a wide layer at a large mini-batch). */
    @Override
    public void sigmoid(Matrix z, Matrix a) {
        z.requireSameShape(a);
        a.forgetNonzeros();
        int n = z.cols;
        workers.forRows(z.rows, z.size() * SIGMOID_WORK, (part, from, to) -> sigmoid(z.data, a.data, from * n, to * n));
    }

    /** a[i] = σ(z[i]) for i in [from, to); each element on its own, so any split gives the same bits. */
    void sigmoid(float[] z, float[] a, int from, int to) {
        Sigmoid.range(z, a, from, to);
    }

    @Override
    public int threads() {
        return workers.threads();
    }

    @Override
    public void close() {
        workers.close();
    }
}
