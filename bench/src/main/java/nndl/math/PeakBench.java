package nndl.math;

import java.util.Random;
import java.util.concurrent.TimeUnit;
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
 * The machine's practical single-precision limit: OpenBLAS SGEMM on large squares (size³·2
 * flops per call), at 1 and 2 threads, the figure "% of peak" is measured against.
 *
 * <pre>java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar PeakBench</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g"})
public class PeakBench {
    @Param({"2048"})
    public int size;
    @Param({"1", "2"})
    public int threads;

    private FloatPointer a;
    private FloatPointer b;
    private FloatPointer c;

    @Setup(Level.Trial)
    public void setUp() {
        org.bytedeco.openblas.presets.openblas_nolapack.blas_set_num_threads(threads);
        Random random = new Random(1);
        float[] values = new float[size * size];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextFloat();
        }
        a = new FloatPointer(values);
        b = new FloatPointer(values);
        c = new FloatPointer(values);
    }

    @Benchmark
    public FloatPointer sgemm() {
        openblas.cblas_sgemm(openblas.CblasRowMajor, openblas.CblasNoTrans, openblas.CblasNoTrans,
                size, size, size, 1f, a, size, b, size, 0f, c, size);
        return c;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        a.close();
        b.close();
        c.close();
    }
}
