package nndl.math;

/**
 * What the kernel implementations share: the shape checks, the worker threads that split large
 * products by rows of C, A·Bᵀ turned into a product by B's transpose (in a scratch buffer), and the
 * sigmoid split the same way. An implementation computes C = α·A·B + β·C and C = α·Aᵀ·B + β·C.
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

    @Override
    public final void multiply(float alpha, Matrix a, Matrix b, float beta, Matrix c) {
        checkShapes(a.cols == b.rows && c.rows == a.rows && c.cols == b.cols, "A·B", a, b, c);
        product(alpha, a, b.data, beta, c);
    }

    @Override
    public final void multiplyByTranspose(float alpha, Matrix a, Matrix b, float beta, Matrix c) {
        checkShapes(a.cols == b.cols && c.rows == a.rows && c.cols == b.rows, "A·Bᵀ", a, b, c);
        product(alpha, a, transposeOf(b), beta, c);
    }

    @Override
    public final void transposeMultiply(float alpha, Matrix a, Matrix b, float beta, Matrix c) {
        checkShapes(a.rows == b.rows && c.rows == a.cols && c.cols == b.cols, "Aᵀ·B", a, b, c);
        transposedProduct(alpha, a, b, beta, c);
    }

    @Override
    public final void multiply(float alpha, SparseRows x, Matrix b, float beta, Matrix c) {
        checkShapes(x.cols == b.rows && c.rows == x.rows && c.cols == b.cols, "X·B", x.shape(), b, c);
        product(alpha, x, b, beta, c);
    }

    @Override
    public final void transposeMultiply(float alpha, SparseRows x, Matrix b, float beta, Matrix c) {
        checkShapes(x.rows == b.rows && c.rows == x.cols && c.cols == b.cols, "Xᵀ·B", x.shape(), b, c);
        transposedProduct(alpha, x, b, beta, c);
    }

    /** C = α·A·B + β·C, B (a.cols × c.cols) given by its values, row by row; the shapes fit. */
    abstract void product(float alpha, Matrix a, float[] b, float beta, Matrix c);

    /** C = α·Aᵀ·B + β·C; the shapes fit. */
    abstract void transposedProduct(float alpha, Matrix a, Matrix b, float beta, Matrix c);

    /** C = α·X·B + β·C over X's nonzero terms; the shapes fit. */
    abstract void product(float alpha, SparseRows x, Matrix b, float beta, Matrix c);

    /** C = α·Xᵀ·B + β·C over X's nonzero terms; the shapes fit. */
    abstract void transposedProduct(float alpha, SparseRows x, Matrix b, float beta, Matrix c);

    private static void checkShapes(boolean ok, String what, Matrix a, Matrix b, Matrix c) {
        checkShapes(ok, what, a.shape(), b, c);
    }

    private static void checkShapes(boolean ok, String what, String a, Matrix b, Matrix c) {
        if (!ok) {
            throw new IllegalArgumentException(
                    what + ": shapes do not fit: A " + a + ", B " + b.shape() + ", C " + c.shape());
        }
    }

    /** Checks that v has one value per column of m (addToEachRow, sumRows). */
    static void checkVector(float[] v, Matrix m) {
        if (v.length != m.cols) {
            throw new IllegalArgumentException("vector of " + v.length + " does not fit rows of " + m.shape());
        }
    }

    /** Bᵀ (b.cols × b.rows) in the scratch buffer, so that A·Bᵀ becomes a product with contiguous rows. */
    private float[] transposeOf(Matrix b) {
        if (transposed.length < b.size()) {
            transposed = new float[b.size()];
        }
        float[] t = transposed;
        for (int i = 0; i < b.rows; i++) {
            for (int j = 0; j < b.cols; j++) {
                t[j * b.rows + i] = b.data[i * b.cols + j];
            }
        }
        return t;
    }

    /** σ split by rows across the threads when the matrix is large (a wide layer at a large mini-batch). */
    @Override
    public void sigmoid(Matrix z, Matrix a) {
        z.requireSameShape(a);
        int n = z.cols;
        workers.forRows(z.rows, z.size() * SIGMOID_WORK, (part, from, to) -> sigmoid(z.data, a.data, from * n, to * n));
    }

    /** a[i] = σ(z[i]) for i in [from, to); each element on its own, so any split gives the same bits. */
    void sigmoid(float[] z, float[] a, int from, int to) {
        Sigmoid.range(z, a, from, to);
    }

    @Override
    public void close() {
        workers.close();
    }
}
