package nndl.nn;

/**
 * The book's adder built from NAND perceptrons (chapter 1, "Perceptrons"): a half adder that
 * adds two bits, x1 ⊕ x2 with carry x1·x2, and from it a full adder and a ripple-carry adder of
 * whole numbers. Every gate is the same perceptron: weights −2, −2, bias 3.
 */
public final class NandAdder {
    private final Perceptron nand = Perceptron.nand();

    private int nand(int x1, int x2) {
        return nand.output(x1, x2);
    }

    /** The book's circuit: returns {sum, carry} of two bits, with four NAND gates and one for the carry. */
    public int[] halfAdd(int x1, int x2) {
        int n1 = nand(x1, x2);
        int sum = nand(nand(x1, n1), nand(x2, n1));
        int carry = nand(n1, n1);
        return new int[] {sum, carry};
    }

    /** Adds three bits: {sum, carry}, from two half adders and a NAND-built OR of their carries. */
    public int[] fullAdd(int x1, int x2, int carryIn) {
        int[] first = halfAdd(x1, x2);
        int[] second = halfAdd(first[0], carryIn);
        int carry = nand(nand(first[1], first[1]), nand(second[1], second[1])); // c1 OR c2
        return new int[] {second[0], carry};
    }

    /** Adds two non-negative numbers of at most {@code bits} bits, bit by bit; the result has bits + 1 bits. */
    public long add(long a, long b, int bits) {
        if (bits < 1 || bits > 62 || a < 0 || b < 0 || a >> bits != 0 || b >> bits != 0) {
            throw new IllegalArgumentException(a + " and " + b + " must be non-negative numbers of at most " + bits + " bits");
        }
        long result = 0;
        int carry = 0;
        for (int i = 0; i < bits; i++) {
            int[] sc = fullAdd((int) (a >> i) & 1, (int) (b >> i) & 1, carry);
            result |= (long) sc[0] << i;
            carry = sc[1];
        }
        return result | (long) carry << bits;
    }
}
