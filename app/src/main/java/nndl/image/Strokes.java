package nndl.image;

/**
 * The pen strokes of a digit: how wide they are, and widening thin ones. MNIST's strokes are
 * about 2 pixels wide in the 20 × 20 box (the median over the training set, measured the way
 * {@link #width} does); a ballpoint pen on a big photo shrinks to a faint half-pixel line, which
 * the network has never seen. Such strokes are widened before scaling down.
 */
public final class Strokes {
    /** Ink at least this strong counts as stroke when measuring. */
    static final float SOLID = 0.5f;

    private Strokes() {
    }

    /**
     * The mean width of the strokes in a region of an ink map, in pixels: 2 · area / perimeter
     * of the solid ink (a stroke of width t and length L has area tL and perimeter about 2L).
     * 0 when there is no solid ink.
     */
    public static double width(float[] ink, int stride, int x0, int y0, int w, int h) {
        long area = 0;
        long perimeter = 0;
        for (int y = y0; y < y0 + h; y++) {
            for (int x = x0; x < x0 + w; x++) {
                if (ink[y * stride + x] >= SOLID) {
                    area++;
                    perimeter += (x == x0 || ink[y * stride + x - 1] < SOLID ? 1 : 0)
                            + (x == x0 + w - 1 || ink[y * stride + x + 1] < SOLID ? 1 : 0)
                            + (y == y0 || ink[(y - 1) * stride + x] < SOLID ? 1 : 0)
                            + (y == y0 + h - 1 || ink[(y + 1) * stride + x] < SOLID ? 1 : 0);
                }
            }
        }
        return perimeter == 0 ? 0 : 2.0 * area / perimeter;
    }

    /**
     * Widens strokes by r pixels on each side: every pixel takes the strongest ink within a
     * disc of radius r around it (a grey-level dilation). The image grows by r on every side, so
     * the result is (w + 2r) × (h + 2r).
     */
    public static float[] thicken(float[] ink, int w, int h, int r) {
        int ow = w + 2 * r;
        int oh = h + 2 * r;
        float[] out = new float[ow * oh];
        for (int dy = -r; dy <= r; dy++) {
            for (int dx = -r; dx <= r; dx++) {
                if (dx * dx + dy * dy > r * r + r) {
                    continue;
                }
                // Source pixel (x, y) lands on (x + r + dx, y + r + dy) of the output.
                for (int y = 0; y < h; y++) {
                    int to = (y + r + dy) * ow + r + dx;
                    int from = y * w;
                    for (int x = 0; x < w; x++) {
                        float v = ink[from + x];
                        if (v > out[to + x]) {
                            out[to + x] = v;
                        }
                    }
                }
            }
        }
        return out;
    }
}
