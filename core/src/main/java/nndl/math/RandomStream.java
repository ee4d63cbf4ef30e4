package nndl.math;

/**
 * A stream of random numbers whose whole state is one number that can be read and set: the
 * same 48-bit linear congruential generator as {@link java.util.Random}, giving exactly its
 * sequence for a seed (nextInt(bound), nextFloat, nextDouble are its algorithms), so training
 * keeps the numbers it had with java.util.Random while a checkpoint can save where each stream
 * is and a resumed run go on from there. (java.util.Random's state cannot be read.)
 */
public final class RandomStream {
    private static final long MULTIPLIER = 0x5DEECE66DL;
    private static final long ADDEND = 0xBL;
    private static final long MASK = (1L << 48) - 1;

    private long state;

    /** The stream java.util.Random gives for this seed. */
    public RandomStream(long seed) {
        this.state = (seed ^ MULTIPLIER) & MASK;
    }

    /** Where the stream is: 48 bits, the same as the state java.util.Random keeps inside. */
    public long state() {
        return state;
    }

    /** A stream that goes on from a state given by {@link #state()}. */
    public static RandomStream at(long state) {
        if ((state & ~MASK) != 0) {
            throw new IllegalArgumentException("a random stream's state has 48 bits, not " + Long.toHexString(state));
        }
        RandomStream stream = new RandomStream(0);
        stream.state = state;
        return stream;
    }

    /** The next {@code bits} random bits (java.util.Random.next). */
    private int next(int bits) {
        state = (state * MULTIPLIER + ADDEND) & MASK;
        return (int) (state >>> (48 - bits));
    }

    /** Uniform in [0, bound), as java.util.Random.nextInt(bound): without bias, by rejection. */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        int r = next(31);
        int m = bound - 1;
        if ((bound & m) == 0) { // a power of two: the high bits
            return (int) ((bound * (long) r) >> 31);
        }
        for (int u = r; u - (r = u % bound) + m < 0; u = next(31)) {
            // a draw from the incomplete last block of bound values: draw again
        }
        return r;
    }

    /** Uniform in [0, 1) in steps of 2⁻²⁴, as java.util.Random.nextFloat. */
    public float nextFloat() {
        return next(24) / (float) (1 << 24);
    }

    /** Uniform in [0, 1) in steps of 2⁻⁵³, as java.util.Random.nextDouble. */
    public double nextDouble() {
        return (((long) next(26) << 27) + next(27)) * 0x1.0p-53;
    }
}
