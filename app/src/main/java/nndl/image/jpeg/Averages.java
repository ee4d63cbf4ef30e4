package nndl.image.jpeg;

import static nndl.image.jpeg.NotHandled.require;

import nndl.image.GreyImage;

/** The averaged-down luma being filled in: {@code parts} × {@code parts} averages per 8 × 8 block. */
final class Averages {
    /** Image parts per block side we average to: 4 (half size), 2 (quarter) or 1 (an eighth). */
    private static final int[] PARTS = {4, 2, 1};
    final int parts;
    final int width;
    final int height;
    final float[] sum;

    private Averages(int parts, int width, int height) {
        this.parts = parts;
        this.width = width;
        this.height = height;
        this.sum = new float[width * height];
    }

    /**
     * The output for an image averaged down by the most of 2, 4 and 8 that leaves at most
     * maxPixels and a shorter side of at least minSide, or if none does, by the least that
     * leaves at most maxPixels.
     */
    static Averages of(int imageWidth, int imageHeight, long maxPixels, int minSide) throws NotHandled {
        int chosen = 0;
        for (int parts : PARTS) {
            long w = ((long) imageWidth * parts + 7) / 8;
            long h = ((long) imageHeight * parts + 7) / 8;
            if (w * h <= maxPixels && (chosen == 0 || Math.min(w, h) >= minSide)) {
                chosen = parts;
            }
        }
        require(chosen > 0);
        return of(imageWidth, imageHeight, chosen);
    }

    /** The output for an image averaged down to {@code parts} × {@code parts} averages per block. */
    static Averages of(int imageWidth, int imageHeight, int parts) {
        return new Averages(parts, (imageWidth * parts + 7) / 8, (imageHeight * parts + 7) / 8);
    }

    /**
     * Stores a block's averages (centred on 0, as the DCT has them) at block column bx, row by:
     * what its AC coefficients make, {@code ac[from]} onwards, plus its DC coefficient times its
     * weights, {@code weights[0]} onwards.
     */
    void put(float[] ac, int from, float dc, float[] weights, int bx, int by) {
        int x0 = bx * parts;
        int y0 = by * parts;
        if (parts == 2 && x0 + 1 < width && y0 + 1 < height) {
            // The common case, written out: a quarter-size block inside the image.
            int at = y0 * width + x0;
            sum[at] = ac[from] + dc * weights[0];
            sum[at + 1] = ac[from + 1] + dc * weights[1];
            sum[at + width] = ac[from + 2] + dc * weights[2];
            sum[at + width + 1] = ac[from + 3] + dc * weights[3];
            return;
        }
        int columns = Math.min(parts, width - x0);
        int rows = Math.min(parts, height - y0);
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < columns; x++) {
                int i = y * parts + x;
                sum[(y0 + y) * width + x0 + x] = ac[from + i] + dc * weights[i];
            }
        }
    }

    /** The averages as grey levels in [0, 1] (the DCT's levels are centred on 0: 128 is added back), made in place. */
    GreyImage image() {
        for (int i = 0; i < sum.length; i++) {
            sum[i] = Math.max(0f, Math.min(1f, (sum[i] + 128f) / 255f));
        }
        return new GreyImage(width, height, sum);
    }
}
