package nndl.math;

import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import nndl.data.Dataset;
import nndl.data.Mnist;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One matrix product per call, C = α·op(A)·op(B) + β·C, at the shapes the network uses, for
 * each backend: nndl's vector kernels, its plain Java kernels, and OpenBLAS (through JavaCPP,
 * with the data kept off-heap, its best case). GFLOP/s = 2·rows·inner·cols / time.
 *
 * <p>{@code shape} is "op:rows×inner×cols" of C = op(A)·op(B) in the network's form (one example
 * per row): AB is the forward pass X·W, AtB the weight gradient Xᵀ·δ added to C (β = 1, C is W's
 * shape), ABt backpropagation δ·Wᵀ. With {@code data=mnist}, the A that is an input mini-batch holds real
 * MNIST images (about 80% zeros) as {@link SparseRows}, a different mini-batch at every call; with
 * {@code dense} all values are random and nonzero, in a {@link Matrix}.
 *
 * <pre>
 * mvn -q -Pbench -DskipTests package
 * java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar KernelBench -p threads=1,2
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g"})
public class KernelBench {
    @Param({"AB:10x784x30", "AB:10x784x100", "AtB:784x10x30", "AtB:784x10x100", "ABt:10x10x30",
            "AB:128x784x1000", "AtB:784x128x1000", "AB:128x1000x10", "ABt:128x10x1000", "AtB:1000x128x10"})
    public String shape;
    @Param({"vector", "java", "openblas"})
    public String backend;
    @Param({"1", "2"})
    public int threads;
    @Param({"mnist", "dense"})
    public String data;

    /** Mini-batches of A, used in turn (a different batch of images at every call, as in training). */
    private static final int BATCHES = 64;
    private Matrix[] as;
    /** The same mini-batches as sparse rows, when they are images (then the kernels take these). */
    private SparseRows[] xs;
    private Matrix b;
    private Matrix c;
    private int next;
    private boolean transposeA;
    private boolean transposeB;
    private Kernels kernels;
    private FloatPointer pa;
    private FloatPointer pb;
    private FloatPointer pc;
    private int m;
    private int k;
    private int n;

    @Setup(Level.Trial)
    public void setUp() {
        String[] parts = shape.split(":");
        String[] dims = parts[1].split("x");
        m = Integer.parseInt(dims[0]);
        k = Integer.parseInt(dims[1]);
        n = Integer.parseInt(dims[2]);
        transposeA = parts[0].equals("AtB");
        transposeB = parts[0].equals("ABt");
        int aRows = transposeA ? k : m;
        int aCols = transposeA ? m : k;
        Random random = new Random(1);
        boolean images = data.equals("mnist") && aCols == Mnist.PIXELS;
        Dataset training = images ? Mnist.load(Path.of(System.getProperty("nndl.data", "data/mnist"))).training() : null;
        as = new Matrix[BATCHES];
        xs = images ? new SparseRows[BATCHES] : null;
        int[] order = new int[BATCHES * aRows];
        java.util.Arrays.setAll(order, i -> i);
        for (int t = 0; t < BATCHES; t++) {
            as[t] = new Matrix(aRows, aCols);
            if (images) {
                xs[t] = new SparseRows(aRows, aCols);
                training.fillBatch(order, t * aRows, xs[t], null);
                for (int i = 0; i < aRows; i++) {
                    for (int p = 0; p < aCols; p++) {
                        as[t].set(i, p, xs[t].get(i, p));
                    }
                }
            } else {
                fill(as[t], random);
            }
        }
        b = transposeB ? new Matrix(n, k) : new Matrix(k, n);
        fill(b, random);
        c = new Matrix(m, n);
        fill(c, random);
        switch (backend) {
            case "vector" -> kernels = new VectorKernels(threads);
            case "java" -> kernels = new JavaKernels(threads);
            case "openblas" -> {
                org.bytedeco.openblas.presets.openblas_nolapack.blas_set_num_threads(threads);
                pa = new FloatPointer(as[0].data);
                pb = new FloatPointer(b.data);
                pc = new FloatPointer(c.data);
            }
            default -> throw new IllegalArgumentException("backend: vector, java or openblas, not " + backend);
        }
    }

    @Benchmark
    public Matrix product() {
        int batch = next++ & (BATCHES - 1);
        Matrix a = as[batch];
        if (kernels == null) {
            // Row-major C (m×n) = op(A)·op(B), leading dimensions = row lengths as stored.
            openblas.cblas_sgemm(openblas.CblasRowMajor,
                    transposeA ? openblas.CblasTrans : openblas.CblasNoTrans,
                    transposeB ? openblas.CblasTrans : openblas.CblasNoTrans,
                    m, n, k, 1f, pa, transposeA ? m : k, pb, transposeB ? k : n, transposeA ? 1f : 0f, pc, n);
        } else if (transposeA && xs != null) {
            kernels.transposeMultiply(1f, xs[batch], b, 1f, c); // the first layer's weight gradient
        } else if (transposeA) {
            kernels.transposeMultiply(1f, a, b, 1f, c); // a weight gradient adds to the weights
        } else if (xs != null) {
            kernels.multiply(1f, xs[batch], b, 0f, c); // the first layer's forward pass
        } else if (transposeB) {
            kernels.multiplyByTranspose(1f, a, b, 0f, c);
        } else {
            kernels.multiply(1f, a, b, 0f, c);
        }
        return c;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (kernels != null) {
            kernels.close();
        }
        if (pa != null) {
            pa.close();
            pb.close();
            pc.close();
        }
    }

    private static void fill(Matrix x, Random random) {
        for (int i = 0; i < x.data.length; i++) {
            x.data[i] = (float) random.nextGaussian() * 0.1f;
        }
    }
}
