package nndl.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Drawings as the pad sends them, made in the tests: digits by their strokes, and scribbles. */
public final class Pen {
    private Pen() {
    }

    /** A "7" in the square at (x, y) of side s: across the top, then down to the lower left. */
    public static List<float[]> seven(float x, float y, float s) {
        return List.of(line(x, y, x + s, y, x + 0.35f * s, y + s));
    }

    /** A "1": one stroke straight down the middle of the square at (x, y) of side s. */
    public static List<float[]> one(float x, float y, float s) {
        return List.of(line(x + 0.5f * s, y, x + 0.5f * s, y + s));
    }

    /** A polyline through the points given, with a point every pixel or so between them, as a pen sends them. */
    public static float[] line(float... corners) {
        List<Float> p = new ArrayList<>();
        p.add(corners[0]);
        p.add(corners[1]);
        for (int c = 2; c < corners.length; c += 2) {
            float x0 = corners[c - 2];
            float y0 = corners[c - 1];
            float x1 = corners[c];
            float y1 = corners[c + 1];
            int steps = Math.max(1, (int) Math.ceil(Math.hypot(x1 - x0, y1 - y0)));
            for (int k = 1; k <= steps; k++) {
                p.add(x0 + (x1 - x0) * k / steps);
                p.add(y0 + (y1 - y0) * k / steps);
            }
        }
        float[] out = new float[p.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = p.get(i);
        }
        return out;
    }

    /**
     * A scribble: one stroke of {@code segments} curves (quadratic Béziers) between random points
     * of a 280-pixel pad, as someone scribbling fast draws a tangle.
     */
    public static List<float[]> scribble(Random random, int segments) {
        List<Float> p = new ArrayList<>();
        double x = 40 + 200 * random.nextDouble();
        double y = 40 + 200 * random.nextDouble();
        p.add((float) x);
        p.add((float) y);
        for (int s = 0; s < segments; s++) {
            double cx = 40 + 200 * random.nextDouble();
            double cy = 40 + 200 * random.nextDouble();
            double tx = 40 + 200 * random.nextDouble();
            double ty = 40 + 200 * random.nextDouble();
            for (int k = 1; k <= 40; k++) {
                double t = k / 40.0;
                p.add((float) ((1 - t) * (1 - t) * x + 2 * (1 - t) * t * cx + t * t * tx));
                p.add((float) ((1 - t) * (1 - t) * y + 2 * (1 - t) * t * cy + t * t * ty));
            }
            x = tx;
            y = ty;
        }
        float[] out = new float[p.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = p.get(i);
        }
        return List.of(out);
    }
}
