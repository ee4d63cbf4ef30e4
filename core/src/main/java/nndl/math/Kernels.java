package nndl.math;

/**
 * The matrix kernels: the one place where speed work happens. The network code says what to
 * compute with these few calls; an implementation decides how (loop order, vector
 * registers, threads, a native library), and can be replaced without touching the network.
 *
 * <p>All matrices are row-major {@link Matrix} objects. Each multiply has the BLAS form
 * C = α·op(A)·op(B) + β·C, so a caller can scale, accumulate or overwrite in one pass; with
 * β = 0 the old contents of C are ignored (even NaN). Shapes are checked.
 *
 * <p>Contract for reproducibility: every element of C is computed by the same sequence of
 * floating-point operations whatever the thread count, so results are identical bit for bit.
 */
public interface Kernels extends AutoCloseable {

    /** C = α·A·B + β·C, with A m×k, B k×n and C m×n. (The forward pass: Z = A·W.) */
    void multiply(float alpha, Matrix a, Matrix b, float beta, Matrix c);

    /** C = α·A·Bᵀ + β·C, with A m×k, B n×k and C m×n. (Backpropagating δ: δ·Wᵀ.) */
    void multiplyByTranspose(float alpha, Matrix a, Matrix b, float beta, Matrix c);

    /** C = α·Aᵀ·B + β·C, with A m×k, B m×n and C k×n. (Weight gradients: Aᵀ·δ.) */
    void transposeMultiply(float alpha, Matrix a, Matrix b, float beta, Matrix c);

    /**
     * C = α·X·B + β·C, with X m×k, B k×n and C m×n, summing only the terms of X's nonzero values.
     * (The first layer's forward pass: Z = X·W for a mini-batch of images.) The same values as
     * {@link #multiply(float, Matrix, Matrix, float, Matrix)} gives for X's values: a zero term adds nothing.
     */
    void multiply(float alpha, SparseRows x, Matrix b, float beta, Matrix c);

    /**
     * C = α·Xᵀ·B + β·C, with X m×k, B m×n and C k×n, summing only the terms of X's nonzero values.
     * (The first layer's weight gradient: Xᵀ·δ.) The same values as
     * {@link #transposeMultiply(float, Matrix, Matrix, float, Matrix)} gives for X's values.
     */
    void transposeMultiply(float alpha, SparseRows x, Matrix b, float beta, Matrix c);

    /** Adds the vector v (length c.cols) to every row of C. (Z = A·W + b.) */
    void addToEachRow(Matrix c, float[] v);

    /** out = α·(sum of the rows of A) + β·out, out of length a.cols. (Bias gradients: Σ δ.) */
    void sumRows(float alpha, Matrix a, float beta, float[] out);

    /**
     * a = σ(z) = 1/(1 + e^−z), element by element, z and a of the same shape (may be the same
     * matrix). The sigmoid neurons' activation, the one element-wise step that costs as much as a
     * product: an exponential per neuron and example. Computed in float from exactly rounded
     * operations alone ({@link Sigmoid}), so it gives the same bits whether the JIT has compiled
     * the loop or not, a vector at a time or not, and within 2 ulps of σ in double. (The vector
     * API's exponential does not: its compiled and interpreted forms round differently, which
     * made training with the same seed give different numbers from run to run.)
     */
    void sigmoid(Matrix z, Matrix a);

    /** Stops the worker threads, if any. */
    @Override
    void close();

    /**
     * The kernels with this many threads (at least 1): on the JDK's vector API when the JVM runs
     * with {@code --add-modules jdk.incubator.vector} (as the {@code nndl} launcher does), else
     * plain Java loops (which round differently in the last bits: the vector kernels fuse each
     * multiply-add). The system property {@code nndl.kernels=java} forces the plain ones.
     */
    static Kernels create(int threads) {
        boolean vector = VectorModule.LOADED && !"java".equals(System.getProperty("nndl.kernels"));
        return vector ? new VectorKernels(threads) : new JavaKernels(threads);
    }

    /**
     * target[at + i] = (pixels[from + i] & 0xff) / 255 for i &lt; n: grey levels 0..255 as the
     * network's inputs, 0.0 for white to 1.0 for black. Vectorized when the vector module is
     * loaded (3× faster; filling the mini-batches was 30% of an epoch of [784,30,10] at batch 10),
     * with exactly the same values either way.
     */
    static void unitPixels(byte[] pixels, int from, float[] target, int at, int n) {
        if (VectorModule.LOADED) {
            VectorKernels.unitPixels(pixels, from, target, at, n);
        } else {
            JavaKernels.unitPixels(pixels, from, target, at, n);
        }
    }
}
