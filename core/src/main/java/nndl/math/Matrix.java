package nndl.math;

import java.util.Arrays;

/**
 * A dense matrix of 32-bit floats, stored row by row in one contiguous array:
 * element (i, j) is {@code data[i * cols + j]}.
 *
 * <p>In nndl a mini-batch is a matrix with one row per example (as in PyTorch), so the
 * activations of layer l for m examples form an m × n_l matrix, while weights keep the
 * book's shape: n_out × n_in, row j holding the weights into neuron j.
 */
public final class Matrix {
    public final int rows;
    public final int cols;
    /**
     * The values. Code that writes them directly after a pattern was given with
     * {@link #startNonzeros()} must call {@link #forgetNonzeros()}; the methods here and the
     * kernels' outputs forget it themselves.
     */
    public final float[] data;
    /** Where the nonzeros are, as given by the writer of the values (null until one gives it). */
    private NonzeroPattern given;

    public Matrix(int rows, int cols) {
        this(rows, cols, new float[Math.multiplyExact(rows, cols)]);
    }

    public Matrix(int rows, int cols, float[] data) {
        if (rows < 0 || cols < 0 || data.length != rows * cols) {
            throw new IllegalArgumentException(
                    "a " + rows + "x" + cols + " matrix needs " + rows * cols + " values, got " + data.length);
        }
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    /** A matrix holding a copy of {@code values} (all rows must have the same length). */
    public static Matrix of(float[][] values) {
        int cols = values.length == 0 ? 0 : values[0].length;
        Matrix m = new Matrix(values.length, cols);
        for (int i = 0; i < values.length; i++) {
            if (values[i].length != cols) {
                throw new IllegalArgumentException("row " + i + " has " + values[i].length + " values, not " + cols);
            }
            System.arraycopy(values[i], 0, m.data, i * cols, cols);
        }
        return m;
    }

    public float get(int i, int j) {
        return data[i * cols + j];
    }

    public void set(int i, int j, float value) {
        forgetNonzeros();
        data[i * cols + j] = value;
    }

    public int size() {
        return data.length;
    }

    public void fill(float value) {
        forgetNonzeros();
        Arrays.fill(data, value);
    }

    public void copyFrom(Matrix other) {
        requireSameShape(other);
        forgetNonzeros();
        System.arraycopy(other.data, 0, data, 0, data.length);
    }

    public Matrix copy() {
        return new Matrix(rows, cols, data.clone());
    }

    /**
     * For a writer that knows where the nonzero values are (a mini-batch of images whose ink was
     * found once): it writes the values of each row and gives that row's nonzero columns to the
     * returned pattern ({@link NonzeroPattern#addRow}), row 0 first. Once every row is given, the
     * kernels skip the zeros without looking for them; until then, or after
     * {@link #forgetNonzeros()}, they look for themselves.
     */
    public NonzeroPattern startNonzeros() {
        if (given == null) {
            given = new NonzeroPattern();
        }
        given.start(rows, cols);
        return given;
    }

    /** Forgets the nonzero pattern given with the values, if any (call after changing the values). */
    public void forgetNonzeros() {
        if (given != null) {
            given.forget();
        }
    }

    /** The nonzero pattern given with the current values, or null if none was given in full. */
    NonzeroPattern givenNonzeros() {
        return given != null && given.complete() ? given : null;
    }

    /** Writes this matrix transposed (cols × rows, row by row) into the first rows·cols values of target. */
    public void transposeInto(float[] target) {
        for (int i = 0; i < rows; i++) {
            int row = i * cols;
            for (int j = 0; j < cols; j++) {
                target[j * rows + i] = data[row + j];
            }
        }
    }

    /** Row i as a new array. */
    public float[] row(int i) {
        return Arrays.copyOfRange(data, i * cols, (i + 1) * cols);
    }

    /** The column index of the largest value in row i (the network's guess for example i). */
    public int argmaxOfRow(int i) {
        int best = 0;
        int base = i * cols;
        for (int j = 1; j < cols; j++) {
            if (data[base + j] > data[base + best]) {
                best = j;
            }
        }
        return best;
    }

    public boolean allFinite() {
        for (float v : data) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    public void requireSameShape(Matrix other) {
        if (rows != other.rows || cols != other.cols) {
            throw new IllegalArgumentException("shapes differ: " + shape() + " and " + other.shape());
        }
    }

    public String shape() {
        return rows + "x" + cols;
    }

    @Override
    public String toString() {
        return "Matrix " + shape();
    }
}
