package nndl.image;

import java.util.Arrays;
import nndl.data.Dataset;
import nndl.data.Mnist;
import nndl.math.Kernels;
import nndl.math.Matrix;
import nndl.math.SparseRows;

/**
 * Whether a drawing is like the digits a network learned from, and which of them it is nearest.
 *
 * <p>A network answers for anything it is shown, and as sure of a scribble ("9, 92%") as of a
 * digit: its ten outputs say which digit a drawing is most like, not whether it is like any. So
 * the drawing is compared with the digits themselves. The rule: <b>a drawing is unlike any digit
 * the network knows when the training digit nearest to it is farther away than the nearest one is
 * for 99 in 100 validation digits</b> (digits the network never learned from). Distance is between
 * prepared 28 × 28 images, √Σ(x_i − y_i)² with ink from 0 to 1; the 99th percentile is measured on
 * the first {@value #CALIBRATION} validation digits (never test digits) against the same known
 * digits. So 1 real digit in 100 is called unlike by construction, and a tangle of strokes, which
 * lies farther from every digit than digits lie from one another, mostly is (docs/lab.md gives the
 * measured rates). The confidence of the network's outputs does not separate the two: on the same
 * scribbles, a threshold on it that flags 1% of digits flagged about a tenth of them.
 *
 * <p>The known digits are the first {@value #MAX_KNOWN} (at most) of those the network was trained
 * on; distances to all of them at once are one product of matrices, |x − y|² = |x|² − 2 x·y + |y|².
 */
public final class NearestDigits {
    /** The most known digits compared with (10,000 keeps a look-up to a few milliseconds). */
    public static final int MAX_KNOWN = 10_000;
    /** Validation digits the threshold is measured on. */
    public static final int CALIBRATION = 1_000;
    /** The share of validation digits called like a known digit. */
    public static final double PERCENTILE = 0.99;
    private static final int QUERY_BATCH = 100;

    private final Dataset known;
    /** The known digits as columns: 784 × n. */
    private final Matrix columns;
    /** |y|² of each known digit. */
    private final float[] norms;
    private final double threshold;

    /** What is nearest to a drawing: a known digit's index and label, the distance, and whether that is farther than the threshold. */
    public record Nearest(int index, int label, double distance, boolean unlike) {
    }

    /**
     * @param training   the digits the network learned from (the first {@value #MAX_KNOWN} are compared with)
     * @param validation digits it did not learn from, to measure the threshold on
     */
    public NearestDigits(Dataset training, Dataset validation) {
        known = training.first(Math.min(MAX_KNOWN, training.size()));
        int n = known.size();
        columns = new Matrix(Mnist.PIXELS, n);
        norms = new float[n];
        for (int i = 0; i < n; i++) {
            float[] y = known.image(i);
            double s = 0;
            for (int p = 0; p < Mnist.PIXELS; p++) {
                columns.data[p * n + i] = y[p];
                s += y[p] * y[p];
            }
            norms[i] = (float) s;
        }
        Dataset calibration = validation.first(Math.min(CALIBRATION, validation.size()));
        double[] d = new double[calibration.size()];
        int[] order = new int[d.length];
        Arrays.setAll(order, i -> i);
        try (Kernels kernels = Kernels.create(1)) {
            for (int from = 0; from < d.length; from += QUERY_BATCH) {
                SparseRows q = new SparseRows(Math.min(QUERY_BATCH, d.length - from), Mnist.PIXELS);
                calibration.fillBatch(order, from, q, null);
                double[] distances = new double[q.rows];
                nearest(q, kernels, distances);
                System.arraycopy(distances, 0, d, from, q.rows);
            }
        }
        Arrays.sort(d);
        threshold = d.length == 0 ? Double.POSITIVE_INFINITY : d[(int) Math.min(d.length - 1, Math.floor(PERCENTILE * d.length))];
    }

    /** The distance beyond which a drawing is unlike every known digit. */
    public double threshold() {
        return threshold;
    }

    /** How many known digits there are. */
    public int size() {
        return known.size();
    }

    /** Known digit i's grey levels, 0-255. */
    public byte[] pixels(int i) {
        return known.imagePixels(i);
    }

    /** The known digit nearest to a prepared image (784 floats in [0, 1]). */
    public Nearest find(float[] prepared) {
        SparseRows q = new SparseRows(1, Mnist.PIXELS);
        q.setRow(0, prepared, 0);
        double[] distance = new double[1];
        int i;
        try (Kernels kernels = Kernels.create(1)) {
            i = nearest(q, kernels, distance)[0];
        }
        return new Nearest(i, known.label(i), distance[0], distance[0] > threshold);
    }

    /** For each row of q, the index of the nearest known digit, its distance put in {@code distances}. */
    private int[] nearest(SparseRows q, Kernels kernels, double[] distances) {
        Matrix dot = new Matrix(q.rows, columns.cols);
        kernels.multiply(1f, q, columns, 0f, dot);
        int[] found = new int[q.rows];
        for (int r = 0; r < q.rows; r++) {
            double self = 0;
            for (int p = 0; p < Mnist.PIXELS; p++) {
                float v = q.get(r, p);
                self += v * v;
            }
            int best = 0;
            float bestSquare = Float.POSITIVE_INFINITY;
            for (int i = 0; i < columns.cols; i++) {
                float square = norms[i] - 2 * dot.data[r * columns.cols + i];
                if (square < bestSquare) {
                    bestSquare = square;
                    best = i;
                }
            }
            distances[r] = Math.sqrt(Math.max(0, self + bestSquare));
            found[r] = best;
        }
        return found;
    }
}
