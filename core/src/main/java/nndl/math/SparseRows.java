package nndl.math;

import java.util.Arrays;

/**
 * A matrix of floats whose rows are mostly zero, each held with the list of its nonzero columns:
 * a mini-batch of input images, one image per row (MNIST's are about 80% background). The first
 * layer multiplies by it with its own kernel calls, Z = X·W
 * ({@link Kernels#multiply(float, SparseRows, Matrix, float, Matrix)}) and the weight gradient
 * Xᵀ·δ ({@link Kernels#transposeMultiply(float, SparseRows, Matrix, float, Matrix)}), which skip
 * the zero terms.
 *
 * <p>A row is written whole, its values and its list together: from floats, whose nonzeros are
 * found by looking, or from grey levels whose nonzero pixels are known already (an image's ink,
 * found once per image by the data set).
 */
public final class SparseRows {
    public final int rows;
    public final int cols;
    /** Element (i, p) at values[i·cols + p], zeros included (so a product may also take it as dense). */
    final float[] values;
    /**
     * Row i's nonzero columns, in increasing order, are columns[rowStart[i] .. rowEnd[i]): each row
     * has room for all its columns from rowStart[i] = i·cols, so rows can be written in any order.
     */
    final int[] columns;
    final int[] rowStart;
    final int[] rowEnd;

    /** A rows × cols matrix of zeros. */
    public SparseRows(int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("a matrix cannot be " + rows + "x" + cols);
        }
        this.rows = rows;
        this.cols = cols;
        this.values = new float[Math.multiplyExact(rows, cols)];
        this.columns = new int[values.length];
        this.rowStart = new int[rows];
        this.rowEnd = new int[rows];
        Arrays.setAll(rowStart, i -> i * cols);
        System.arraycopy(rowStart, 0, rowEnd, 0, rows);
    }

    public float get(int i, int p) {
        return values[i * cols + p];
    }

    /** How many values of row i are not 0. */
    public int nonzeros(int i) {
        return rowEnd[i] - rowStart[i];
    }

    /** Sets row i to source[from .. from + cols), finding its nonzeros by looking. */
    public void setRow(int i, float[] source, int from) {
        int at = rowStart[i];
        System.arraycopy(source, from, values, at, cols);
        int count = at;
        for (int p = 0; p < cols; p++) {
            // Written always, kept only if nonzero: no branch to mispredict at every edge of a digit.
            columns[count] = p;
            count += values[at + p] != 0f ? 1 : 0;
        }
        rowEnd[i] = count;
    }

    /** Sets every row to that of m (of the same shape), finding the nonzeros by looking. */
    public void copyFrom(Matrix m) {
        if (m.rows != rows || m.cols != cols) {
            throw new IllegalArgumentException("shapes differ: " + rows + "x" + cols + " and " + m.shape());
        }
        for (int i = 0; i < rows; i++) {
            setRow(i, m.data, i * cols);
        }
    }

    /**
     * Sets row i to grey levels 0..255 as the network's inputs, level / 255 (from 0.0 for white
     * to 1.0 for black: {@link Kernels#unitPixels}), from levels[from .. from + cols), whose
     * nonzero levels are at the columns ink[first .. end), listed in increasing order, as unsigned
     * 16-bit numbers (0..65535). The list must be exactly that: an image's ink, found once by the
     * data set, so that it is not looked for in every mini-batch. (A wrong list would make the
     * products skip terms or add terms the values do not have; with assertions enabled, as in the
     * tests, it is checked against the levels.)
     */
    public void setRow(int i, byte[] levels, int from, short[] ink, int first, int end) {
        int at = rowStart[i];
        Kernels.unitPixels(levels, from, values, at, cols);
        int count = at;
        for (int t = first; t < end; t++) {
            columns[count++] = ink[t] & 0xffff;
        }
        rowEnd[i] = count;
        assert listsTheNonzeros(i) : "row " + i + ": the ink given is not where the levels are nonzero";
    }

    /** Whether row i's list is exactly the columns of its nonzero values, in increasing order. */
    private boolean listsTheNonzeros(int i) {
        int t = rowStart[i];
        for (int p = 0; p < cols; p++) {
            if (values[rowStart[i] + p] != 0f && (t == rowEnd[i] || columns[t++] != p)) {
                return false;
            }
        }
        return t == rowEnd[i];
    }

    /** The values as a dense matrix (not a copy: for the kernels, when X is not mostly zero). */
    Matrix dense() {
        return new Matrix(rows, cols, values);
    }

    public String shape() {
        return rows + "x" + cols;
    }

    @Override
    public String toString() {
        return "SparseRows " + shape();
    }
}
