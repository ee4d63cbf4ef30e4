package nndl.math;

/**
 * σ(z) = 1/(1 + e^−z) in float, one value at a time, from operations IEEE 754 rounds exactly
 * (+, −, ×, fused multiply-add, /, comparisons, bit operations): so it gives the same bits
 * interpreted or compiled, and {@link VectorKernels} computes the same steps a vector at a time
 * to the same bits. (Neither {@code Math.exp} in float nor the vector API's exponential promise
 * that; {@code Math.exp} in double does, at about 8× the cost.)
 *
 * <p>The exponential is e^x for x = −|z| ≤ 0, so it cannot overflow. Cephes' {@code expf}:
 * <ul>
 * <li>Cody–Waite range reduction: x = n·ln 2 + r with n = round(x·log₂e) and |r| ≤ ln 2 / 2,
 *     ln 2 in two parts so that r keeps its bits;</li>
 * <li>e^r by Cephes' minimax polynomial, 1 + r + r²·P(r) with P of degree 5, by Horner's
 *     rule with fused multiply-adds;</li>
 * <li>e^x = 2^n·e^r, 2^n made from exponent bits, in two halves so that results down to the
 *     smallest subnormal float come out right; below x = −104, e^x rounds to 0.</li>
 * </ul>
 * Then σ(z) = 1/(1 + e) for z ≥ 0 and e/(1 + e) for z &lt; 0, with e = e^−|z|: within 2 ulps of
 * σ computed in double and rounded, over all floats. σ(+∞) = 1, σ(−∞) = 0, σ(NaN) = NaN.
 */
final class Sigmoid {
    /** Below this x, e^x is under half the smallest subnormal float: 0. */
    static final float MIN_X = -104f;
    static final float LOG2E = 1.44269504f;
    /** 1.5·2²³: x + ROUND rounds x (|x| &lt; 2²²) to an integer, held in the low bits of the sum. */
    static final float ROUND = 12582912f;
    static final int ROUND_BITS = Float.floatToRawIntBits(ROUND);
    private static final int ONE_BITS = Float.floatToRawIntBits(1f);
    /** ln 2 = LN2_HI + LN2_LO, LN2_HI with few bits (Cody and Waite). */
    static final float LN2_HI = 0.693359375f;
    static final float LN2_LO = -2.12194440e-4f;
    /** Cephes' P(r), highest power first: e^r ≈ 1 + r + r²·P(r) for |r| ≤ ln 2 / 2. */
    static final float P0 = 1.9875691500e-4f;
    static final float P1 = 1.3981999507e-3f;
    static final float P2 = 8.3334519073e-3f;
    static final float P3 = 4.1665795894e-2f;
    static final float P4 = 1.6666665459e-1f;
    static final float P5 = 5.0000001201e-1f;

    private Sigmoid() {
    }

    /** σ(z); {@link VectorKernels} does exactly these steps a vector at a time. */
    static float of(float z) {
        float x = Math.max(-Math.abs(z), MIN_X);
        float t = Math.fma(x, LOG2E, ROUND);
        float n = t - ROUND;
        float r = Math.fma(n, -LN2_LO, Math.fma(n, -LN2_HI, x));
        float p = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(P0, r, P1), r, P2), r, P3), r, P4), r, P5);
        float expR = Math.fma(Math.fma(p, r, 1f), r, 1f);
        int k = Float.floatToRawIntBits(t) - ROUND_BITS; // n as an int
        int half = k >> 1;
        float e = expR * powerOfTwo(half) * powerOfTwo(k - half);
        // The numerator, e for z < 0 and 1 for z ≥ 0, picked by z's sign bit without a branch (which
        // would go the wrong way half the time: 3× slower). −0 takes e = e^0 = 1; NaN gives NaN either way.
        int negative = Float.floatToRawIntBits(z) >> 31; // all ones or all zeros
        float numerator = Float.intBitsToFloat((Float.floatToRawIntBits(e) & negative) | (ONE_BITS & ~negative));
        return numerator / (1f + e);
    }

    /** 2^k for −126 ≤ k ≤ 127, from its exponent bits. */
    private static float powerOfTwo(int k) {
        return Float.intBitsToFloat((k + 127) << 23);
    }

    /** a[i] = σ(z[i]) for i in [from, to). */
    static void range(float[] z, float[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            a[i] = of(z[i]);
        }
    }
}
