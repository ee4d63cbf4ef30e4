package nndl.image;

/**
 * Resizing by area averaging: each new pixel is a square laid over the old image, and its
 * value is the average of the old image over that square, each old pixel counted by the area
 * it shares with it. This is the anti-aliasing of MNIST's size normalization: a pixel half
 * covered by a stroke becomes half grey, and the total amount of ink (and so the centre of
 * mass) is kept. Done in two passes, across and then down (the square's average is the
 * average of row averages).
 */
public final class AreaAverage {
    private AreaAverage() {
    }

    /**
     * Resizes the region of {@code width × height} pixels at ({@code x0}, {@code y0}) of an image
     * stored row by row with {@code stride} pixels per row to {@code newWidth × newHeight} pixels.
     */
    public static float[] resize(float[] image, int stride, int x0, int y0, int width, int height,
                                 int newWidth, int newHeight) {
        if (width < 1 || height < 1 || newWidth < 1 || newHeight < 1) {
            throw new IllegalArgumentException("sizes must be positive: " + width + "x" + height + " -> " + newWidth + "x" + newHeight);
        }
        Weights across = new Weights(width, newWidth);
        Weights down = new Weights(height, newHeight);
        float[] rows = new float[height * newWidth];
        for (int y = 0; y < height; y++) {
            across.apply(image, (y0 + y) * stride + x0, 1, rows, y * newWidth, 1);
        }
        float[] out = new float[newHeight * newWidth];
        for (int x = 0; x < newWidth; x++) {
            down.apply(rows, x, newWidth, out, x, newWidth);
        }
        return out;
    }

    /**
     * Which old pixels each new pixel along one axis covers and by how much: new pixel i spans
     * [i·n/m, (i+1)·n/m) in old pixels, and old pixel j counts with the length of its overlap.
     */
    private static final class Weights {
        final int[] first;
        final int[] count;
        final int[] start;
        final float[] weight;

        Weights(int n, int m) {
            first = new int[m];
            count = new int[m];
            start = new int[m];
            float[] w = new float[n + m];
            int used = 0;
            double step = (double) n / m;
            for (int i = 0; i < m; i++) {
                double a = i * step;
                double b = i == m - 1 ? n : (i + 1) * step;
                int j0 = (int) Math.floor(a);
                int j1 = Math.min(n, (int) Math.ceil(b));
                first[i] = j0;
                start[i] = used;
                for (int j = j0; j < j1; j++) {
                    double overlap = Math.min(b, j + 1) - Math.max(a, j);
                    w[used++] = (float) (overlap / (b - a));
                }
                count[i] = j1 - j0;
            }
            weight = java.util.Arrays.copyOf(w, used);
        }

        /** out[outAt + i·outStep] = Σ_j weight · in[inAt + j·inStep], for each new pixel i. */
        void apply(float[] in, int inAt, int inStep, float[] out, int outAt, int outStep) {
            for (int i = 0; i < first.length; i++) {
                float sum = 0;
                int p = inAt + first[i] * inStep;
                for (int c = 0, k = start[i]; c < count[i]; c++, k++, p += inStep) {
                    sum += weight[k] * in[p];
                }
                out[outAt + i * outStep] = sum;
            }
        }
    }
}
