package nndl.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The float sigmoid: the same bits as its definition written here in plain terms (round to an
 * integer, scalb), whichever way it is computed — one at a time, a vector at a time, interpreted
 * or compiled — and within 2 ulps of σ computed in double.
 */
class SigmoidTest {

    /**
     * The definition of {@link Sigmoid#of}, written independently of its bit tricks: n rounded to
     * nearest even with {@code Math.rint} (x·log₂e is exact in double), 2^n·e^r by {@code Math.scalb}
     * (rounded once, as a multiply). Only the polynomial's order of operations has to be the same.
     */
    static float definition(float z) {
        float x = -Math.abs(z);
        if (x < Sigmoid.MIN_X) {
            x = Sigmoid.MIN_X;
        }
        float n = (float) Math.rint((double) x * Sigmoid.LOG2E);
        float r = Math.fma(n, -Sigmoid.LN2_LO, Math.fma(n, -Sigmoid.LN2_HI, x));
        float p = Sigmoid.P0;
        for (float c : new float[] {Sigmoid.P1, Sigmoid.P2, Sigmoid.P3, Sigmoid.P4, Sigmoid.P5, 1f, 1f}) {
            p = Math.fma(p, r, c);
        }
        float e = Math.scalb(p, (int) n);
        return (z >= 0 ? 1f : e) / (1f + e);
    }

    /** σ in double, rounded once to float: what the function approximates. */
    static float inDouble(float z) {
        return (float) (1 / (1 + Math.exp(-(double) z)));
    }

    /** Distance in units of the last place (floats of the same sign are ordered like their bits). */
    static long ulps(float a, float b) {
        return Math.abs((long) Float.floatToIntBits(a) - Float.floatToIntBits(b));
    }

    /** Values that matter: zeros, tiny, where σ rounds to 1 or 0 or goes subnormal, infinities, NaN. */
    static final float[] EDGES = {
        0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, -Float.MIN_NORMAL, 1e-8f, -1e-8f,
        0.34657359f, -0.34657359f, 1f, -1f, 16.6f, 17f, 17.4f, -17f, 80f, -80f, 87.3f, -87.3f, 88.7f, -88.7f,
        100f, -100f, 103.3f, -103.3f, 103.9f, -103.9f, 104f, -104f, 105f, -105f, 200f, -200f, 1e30f, -1e30f,
        Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN,
    };

    @Test
    void specialValues() {
        assertEquals(0.5f, Sigmoid.of(0f));
        assertEquals(0.5f, Sigmoid.of(-0f));
        assertEquals(1f, Sigmoid.of(Float.POSITIVE_INFINITY));
        assertEquals(0f, Sigmoid.of(Float.NEGATIVE_INFINITY));
        assertEquals(1f, Sigmoid.of(100f));
        assertEquals(0f, Sigmoid.of(-105f));
        assertTrue(Float.isNaN(Sigmoid.of(Float.NaN)));
        // e^−100 ≈ 3.72e−44: subnormal, 27 times the smallest float
        assertEquals(27 * Float.MIN_VALUE, Sigmoid.of(-100f));
        assertEquals(Float.MIN_VALUE, Sigmoid.of(-103.5f));
    }

    @Test
    void withinTwoUlpsOfSigmoidInDoubleOverAllFloats() {
        // Every 509th float bit pattern (8.4 million, both signs, every exponent) and the edges.
        long worst = 0;
        for (long bits = 0; bits < 1L << 32; bits += 509) {
            worst = Math.max(worst, checkAccuracy(Float.intBitsToFloat((int) bits)));
        }
        for (float z : EDGES) {
            worst = Math.max(worst, checkAccuracy(z));
        }
        assertTrue(worst >= 1, "the float computation is not exact everywhere, so the check can fail");
    }

    private static long checkAccuracy(float z) {
        float got = Sigmoid.of(z);
        if (Float.isNaN(z)) {
            assertTrue(Float.isNaN(got), "σ(NaN)");
            return 0;
        }
        long d = ulps(got, inDouble(z));
        if (d > 2) {
            assertEquals(inDouble(z), got, "σ(" + z + ") is " + d + " ulps away");
        }
        return d;
    }

    @Test
    void sameBitsAsTheDefinition() {
        for (long bits = 0; bits < 1L << 32; bits += 2053) {
            float z = Float.intBitsToFloat((int) bits);
            assertSameBits(definition(z), Sigmoid.of(z), "σ(" + z + ")");
        }
        for (float z : EDGES) {
            assertSameBits(definition(z), Sigmoid.of(z), "σ(" + z + ")");
        }
    }

    @Test
    void vectorsGiveTheSameBitsAsOneAtATime() {
        Random random = new Random(3);
        try (Kernels plain = new JavaKernels(1); Kernels vector = Kernels.create(1)) {
            for (int length = 1; length <= 70; length++) {
                for (int trial = 0; trial < 20; trial++) {
                    float[] z = values(length, random);
                    float[] expected = new float[length];
                    for (int i = 0; i < length; i++) {
                        expected[i] = definition(z[i]);
                    }
                    for (Kernels k : List.of(plain, vector)) {
                        Matrix a = new Matrix(1, length);
                        k.sigmoid(new Matrix(1, length, z), a);
                        assertSameBits(expected, a.data, k.getClass().getSimpleName() + ", length " + length);
                    }
                }
            }
        }
    }

    @Test
    void sameBitsOnAnyThreadCount() {
        // 301 × 203 values: enough to be split across threads, rows that are not whole vectors.
        float[] z = values(301 * 203, new Random(4));
        float[] expected = new float[z.length];
        for (int i = 0; i < z.length; i++) {
            expected[i] = definition(z[i]);
        }
        for (int threads = 1; threads <= 3; threads++) {
            for (Kernels k : List.of(new JavaKernels(threads), Kernels.create(threads))) {
                try (k) {
                    Matrix a = new Matrix(301, 203, z.clone());
                    k.sigmoid(a, a);
                    assertSameBits(expected, a.data, k.getClass().getSimpleName() + " on " + threads + " threads, in place");
                }
            }
        }
    }

    @Test
    void sameBitsInterpretedAndCompiled() throws IOException, InterruptedException {
        // Compiled: this JVM after calling it many times. Interpreted: a fresh JVM with -Xint.
        float[] z = values(4099, new Random(5));
        float[] compiled = new float[z.length];
        float[] first = null;
        try (Kernels k = Kernels.create(1)) {
            for (int round = 0; round < 3000; round++) {
                k.sigmoid(new Matrix(1, z.length, z), new Matrix(1, z.length, compiled));
                if (first == null) {
                    first = compiled.clone();
                }
            }
        }
        assertSameBits(first, compiled, "first call and after 3000 calls");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xint",
                "-cp", System.getProperty("java.class.path")));
        if (VectorModule.LOADED) {
            command.addAll(List.of("--add-modules", VectorModule.NAME));
        }
        command.add(Interpreted.class.getName());
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        assertEquals(0, process.waitFor(), "the -Xint JVM");
        String[] lines = out.split("\n");
        assertEquals(z.length, lines.length);
        for (int i = 0; i < z.length; i++) {
            assertEquals(Float.floatToIntBits(compiled[i]), Integer.parseInt(lines[i].trim()), "σ(" + z[i] + ")");
        }
    }

    /** Run with -Xint by the test above: prints the bits of σ of the same values, one per line. */
    static final class Interpreted {
        public static void main(String[] args) {
            float[] z = values(4099, new Random(5));
            Matrix a = new Matrix(1, z.length);
            try (Kernels k = Kernels.create(1)) {
                k.sigmoid(new Matrix(1, z.length, z), a);
            }
            StringBuilder out = new StringBuilder();
            for (float v : a.data) {
                out.append(Float.floatToIntBits(v)).append('\n');
            }
            System.out.print(out);
        }
    }

    /** The edges, then values of every magnitude: random bit patterns and random normal values up to ±120. */
    static float[] values(int length, Random random) {
        float[] z = new float[length];
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(3);
            z[i] = kind == 0 ? EDGES[random.nextInt(EDGES.length)]
                    : kind == 1 ? Float.intBitsToFloat(random.nextInt()) : (float) (random.nextGaussian() * 40);
        }
        return z;
    }

    private static void assertSameBits(float expected, float actual, String what) {
        assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(actual), what + ": " + expected + " vs " + actual);
    }

    private static void assertSameBits(float[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertSameBits(expected[i], actual[i], what + ", at " + i);
        }
    }
}
