package nndl.math;

import java.util.Arrays;

/**
 * Where the nonzero values of a mostly-zero matrix A (m×k) are: for each row, its nonzero
 * columns in increasing order, and for each column, its nonzero rows (compressed sparse rows and
 * columns). The kernels use it to skip the zero terms of a product, as a mini-batch of MNIST
 * images is about 80% background. It keeps a copy of the values it was taken from, so the
 * kernels can tell that the same input comes back (the forward pass and the weight gradient of
 * the first layer both multiply by the mini-batch) and need not look for the nonzeros again.
 *
 * <p>A writer that already knows where the nonzeros are (a mini-batch of images whose ink was
 * found once per image) gives the pattern along with the values instead, row by row
 * ({@link Matrix#startNonzeros()}, {@link #addRow}), and the kernels need not look at all.
 */
public final class NonzeroPattern {
    private float[] values = new float[0];
    private int rows = -1;
    private int cols = -1;
    private int[] rowStart = new int[1];
    private int[] rowIndex = new int[0];
    private int[] colStart = new int[1];
    private int[] colIndex = new int[0];
    private boolean columnsReady;
    /** Rows given so far by {@link #addRow}, for a pattern written along with the values. */
    private int rowsGiven;

    NonzeroPattern() {
    }

    /** Whether this is the pattern of a matrix equal to a, value for value. */
    boolean matches(Matrix a) {
        return a.rows == rows && a.cols == cols && Arrays.equals(values, 0, a.size(), a.data, 0, a.size());
    }

    /** Takes the pattern of a (and a copy of its values). */
    void take(Matrix a) {
        reshape(a.rows, a.cols);
        int size = a.size();
        if (values.length < size) {
            values = new float[size];
            rowIndex = new int[size];
        }
        System.arraycopy(a.data, 0, values, 0, size);
        float[] v = a.data;
        int[] index = rowIndex;
        int count = 0;
        for (int i = 0; i < rows; i++) {
            rowStart[i] = count;
            for (int p = 0, at = i * cols; p < cols; p++, at++) {
                // Written always, kept only if nonzero: no branch to mispredict at every edge of a digit.
                index[count] = p;
                count += v[at] != 0f ? 1 : 0;
            }
        }
        rowStart[rows] = count;
    }

    /** Starts a pattern given row by row for a rows × cols matrix: none of it is known yet. */
    void start(int rows, int cols) {
        reshape(rows, cols);
        rowsGiven = 0;
        rowStart[0] = 0;
    }

    /** A new shape, with room for its row and column starts; the column lists are not built. */
    private void reshape(int rows, int cols) {
        this.rows = rows;
        this.cols = cols;
        if (rowStart.length < rows + 1) {
            rowStart = new int[rows + 1];
        }
        if (colStart.length < cols + 1) {
            colStart = new int[cols + 1];
        }
        columnsReady = false;
    }

    /**
     * Gives the next row's nonzero columns, columns[from .. to), in increasing order: every
     * column whose value is not 0 and no other. (Given wrong, products would skip real terms.)
     */
    public void addRow(short[] columns, int from, int to) {
        if (rowsGiven >= rows) {
            throw new IllegalStateException("all " + rows + " rows are given already");
        }
        int count = rowStart[rowsGiven];
        int n = to - from;
        if (rowIndex.length < count + n) {
            rowIndex = Arrays.copyOf(rowIndex, Math.max(count + n, 2 * rowIndex.length));
        }
        int[] index = rowIndex;
        for (int t = 0; t < n; t++) {
            index[count + t] = columns[from + t];
        }
        rowStart[++rowsGiven] = count + n;
    }

    /** Whether every row was given (a pattern being given is of use only then). */
    boolean complete() {
        return rowsGiven == rows;
    }

    /** Forgets a given pattern (the values changed). */
    void forget() {
        rowsGiven = 0;
    }

    /** Row i's nonzero columns are rowIndex()[rowStart()[i] .. rowStart()[i + 1]), in increasing order. */
    int[] rowStart() {
        return rowStart;
    }

    int[] rowIndex() {
        return rowIndex;
    }

    /** Column p's nonzero rows are colIndex()[colStart()[p] .. colStart()[p + 1]), in increasing order. */
    int[] colStart() {
        buildColumns();
        return colStart;
    }

    int[] colIndex() {
        buildColumns();
        return colIndex;
    }

    /** The column lists, by counting the entries of each column, then placing them row by row. */
    private void buildColumns() {
        if (columnsReady) {
            return;
        }
        Arrays.fill(colStart, 0, cols + 1, 0);
        int nonzeros = rowStart[rows];
        if (colIndex.length < nonzeros) {
            colIndex = new int[rowIndex.length]; // only products by Aᵀ need the columns
        }
        for (int t = 0; t < nonzeros; t++) {
            colStart[rowIndex[t] + 1]++;
        }
        for (int p = 0; p < cols; p++) {
            colStart[p + 1] += colStart[p];
        }
        // colStart[p] now counts up as column p fills; afterwards it holds the end of column p.
        for (int i = 0; i < rows; i++) {
            for (int t = rowStart[i]; t < rowStart[i + 1]; t++) {
                colIndex[colStart[rowIndex[t]]++] = i;
            }
        }
        for (int p = cols; p > 0; p--) {
            colStart[p] = colStart[p - 1];
        }
        colStart[0] = 0;
        columnsReady = true;
    }
}
