package nndl.math;

import java.util.Arrays;

/**
 * A dense matrix of 32-bit floats, stored row by row in one contiguous array:
 * element (i, j) is {@code data[i * cols + j]}. A plain holder of values: nothing about them is
 * remembered elsewhere, so they may be written directly.
 *
 * <p>In nndl a mini-batch is a matrix with one row per example (as in PyTorch and Keras), so the
 * activations of layer l for m examples form an m × n_l matrix, and a layer's weights are stored
 * n_in × n_out (the book's w transposed, see {@code nndl.nn.Layer}), so that the layer computes
 * Z = A·W + b for the whole mini-batch.
 */
public final class Matrix {
    public final int rows;
    public final int cols;
    public final float[] data;

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

    public float get(int i, int j) {
        return data[i * cols + j];
    }

    public void set(int i, int j, float value) {
        data[i * cols + j] = value;
    }

    public int size() {
        return data.length;
    }

    public void copyFrom(Matrix other) {
        requireSameShape(other);
        System.arraycopy(other.data, 0, data, 0, data.length);
    }

    public Matrix copy() {
        return new Matrix(rows, cols, data.clone());
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
