package nndl.image.jpeg;

import java.util.Arrays;

/**
 * The weight of each DCT coefficient in each of a block's averages: the inverse DCT averaged
 * over a part of the block. For the coefficient in zigzag place k and part (i, j) the weight is
 * at [k · parts² + j · parts + i], dequantized (times the coefficient's quantization step). There
 * are four sets: for a block inside the image, in the last column of blocks, in the last row,
 * and the corner block, whose parts the image's edge may cut.
 */
final class Weights {
    /** Zigzag order: the k-th coefficient of a block as stored is at row NATURAL[k] / 8, column NATURAL[k] % 8. */
    private static final int[] NATURAL = {
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5,
        12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
        35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51,
        58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
    };

    final int parts;
    private final float[][] weights = new float[4][];
    /** For each kind of block, the zigzag places of the coefficients that weigh in some average. */
    private final int[][] used = new int[4][];
    private final int lastBlockColumn;
    private final int lastBlockRow;

    Weights(int parts, int width, int height, int[] quantization) {
        this.parts = parts;
        lastBlockColumn = (width - 1) / 8;
        lastBlockRow = (height - 1) / 8;
        int columns = width - 8 * lastBlockColumn;
        int rows = height - 8 * lastBlockRow;
        for (int edge = 0; edge < 4; edge++) {
            double[][] a = average(parts, (edge & 1) == 0 ? 8 : columns);
            double[][] b = average(parts, (edge & 2) == 0 ? 8 : rows);
            float[] w = new float[64 * parts * parts];
            for (int k = 0; k < 64; k++) {
                for (int j = 0; j < parts; j++) {
                    for (int i = 0; i < parts; i++) {
                        w[(k * parts + j) * parts + i] = (float) (quantization[k] * a[NATURAL[k] % 8][i] * b[NATURAL[k] / 8][j]);
                    }
                }
            }
            weights[edge] = w;
            int[] places = new int[64];
            int n = 0;
            for (int k = 0; k < 64; k++) {
                for (int i = 0; i < parts * parts; i++) {
                    if (w[k * parts * parts + i] != 0) {
                        places[n++] = k;
                        break;
                    }
                }
            }
            used[edge] = Arrays.copyOf(places, n);
        }
    }

    /** Which of the four kinds of block the luma block in block column bx and row by is. */
    int edge(int bx, int by) {
        return (bx == lastBlockColumn ? 1 : 0) | (by == lastBlockRow ? 2 : 0);
    }

    /** The weights for a kind of block. */
    float[] of(int edge) {
        return weights[edge];
    }

    /** The zigzag places of the coefficients that weigh in a kind of block's averages (25 of 64 at a quarter of the size). */
    int[] used(int edge) {
        return used[edge];
    }

    /**
     * Whether a kind of block's AC coefficients weigh in its averages: with whole 8 × 8 parts
     * only the DC does, except where the image's edge cuts the block.
     */
    boolean acCounts(int edge) {
        return used[edge].length > 1;
    }

    /**
     * a(u, i): the average over part i's pixels x (below {@code extent}) of
     * (C_u / 2) cos((2x + 1)uπ/16). The inverse DCT (JPEG's A.3.3) is f(x, y) =
     * ¼ Σ_u Σ_v C_u C_v F(u, v) cos((2x + 1)uπ/16) cos((2y + 1)vπ/16), with C_0 = 1/√2 and
     * C_u = 1 otherwise; averaged over the columns x of part i and the rows y of part j, each
     * cosine averages on its own, so F(u, v) weighs a(u, i) · a(v, j) in the part's average
     * (F(0, 0) weighs 1/8 in every whole part). At the image's right and bottom edges only
     * the first {@code extent} columns or rows of a block are the image's (the rest pads the
     * block out), and a part's average is over those alone.
     */
    private static double[][] average(int parts, int extent) {
        int size = 8 / parts;
        double[][] a = new double[8][parts];
        for (int u = 0; u < 8; u++) {
            double cu = u == 0 ? Math.sqrt(0.5) : 1;
            for (int i = 0; i < parts; i++) {
                double sum = 0;
                int end = Math.min((i + 1) * size, extent);
                for (int x = i * size; x < end; x++) {
                    sum += cu / 2 * Math.cos((2 * x + 1) * u * Math.PI / 16);
                }
                a[u][i] = Math.abs(sum) < 1e-9 || end <= i * size ? 0 : sum / (end - i * size);
            }
        }
        return a;
    }
}
