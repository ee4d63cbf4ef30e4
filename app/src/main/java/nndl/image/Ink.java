package nndl.image;

import nndl.UserException;

/**
 * Which grey level is paper and which is ink. MNIST digits are light ink (1) on a black
 * background (0); a person's image may be a pen on white paper, chalk on a blackboard, or a
 * photo of grey paper. The paper is the median grey level of the image's border; the ink is
 * the extreme grey level furthest from it, dark or light (ignoring the few most extreme pixels,
 * which may be dust or sensor noise). The difference between the two is the contrast; an image
 * with almost none has no digit on it.
 *
 * @param darkOnLight true for dark ink on lighter paper
 * @param paper       the paper's grey level in [0, 1]
 * @param ink         the ink's grey level in [0, 1] (at its strongest)
 */
public record Ink(boolean darkOnLight, float paper, float ink) {
    /** Less contrast than this (about 25 of 255 grey levels) and the image is taken to be blank. */
    public static final float MIN_CONTRAST = 0.1f;
    /** Ink fainter than this fraction of the contrast is paper texture or noise, and set to 0. */
    public static final float NOISE = 0.1f;

    private static final int LEVELS = 256;

    /** Finds paper and ink in an image; throws "no digit found" when it is blank (uniform). */
    public static Ink detect(GreyImage image) {
        int w = image.width();
        int h = image.height();
        float[] l = image.lightness();
        int[] all = new int[LEVELS];
        for (float v : l) {
            all[bin(v)]++;
        }
        int[] border = new int[LEVELS];
        for (int x = 0; x < w; x++) {
            border[bin(l[x])]++;
            if (h > 1) {
                border[bin(l[(h - 1) * w + x])]++;
            }
        }
        for (int y = 1; y < h - 1; y++) {
            border[bin(l[y * w])]++;
            if (w > 1) {
                border[bin(l[y * w + w - 1])]++;
            }
        }
        long borderPixels = 0;
        for (int c : border) {
            borderPixels += c;
        }
        float paper = level(border, (borderPixels + 1) / 2, false);
        // The k-th darkest and k-th lightest pixels: a handful of stray pixels do not count as ink.
        long k = Math.max(1, (long) w * h / 100_000);
        float darkest = level(all, k, false);
        float lightest = level(all, k, true);
        boolean darkOnLight = paper - darkest >= lightest - paper;
        Ink ink = new Ink(darkOnLight, paper, darkOnLight ? darkest : lightest);
        if (ink.contrast() < MIN_CONTRAST) {
            throw new UserException("no digit found: the image is blank (all of it is close to grey level "
                    + Math.round(paper * 255) + " of 255)");
        }
        return ink;
    }

    /** How far the ink's grey level is from the paper's, in [0, 1]. */
    public float contrast() {
        return Math.abs(paper - ink);
    }

    /**
     * The amount of ink at each pixel, MNIST's way round: 0 for paper (and anything fainter than
     * {@link #NOISE}), 1 for the strongest ink, in between for the anti-aliased edges of strokes.
     */
    public float[] amounts(GreyImage image) {
        float[] l = image.lightness();
        float[] out = new float[l.length];
        float scale = 1f / ((ink - paper) * (1 - NOISE));
        float offset = NOISE / (1 - NOISE);
        for (int i = 0; i < l.length; i++) {
            // (l − paper)/(ink − paper) is 0 on paper and 1 on ink, whichever is darker; then noise is cut off.
            float v = (l[i] - paper) * scale - offset;
            out[i] = v <= 0 ? 0 : Math.min(v, 1f);
        }
        return out;
    }

    /** The histogram bin of a grey level in [0, 1]: the nearest of the 256 levels. */
    private static int bin(float lightness) {
        return (int) (lightness * (LEVELS - 1) + 0.5f);
    }

    /** The grey level (in [0, 1]) of the k-th pixel (k ≥ 1) of a histogram, counting from the dark or the light end. */
    private static float level(int[] histogram, long k, boolean fromLight) {
        long seen = 0;
        for (int i = 0; i < LEVELS; i++) {
            int level = fromLight ? LEVELS - 1 - i : i;
            seen += histogram[level];
            if (seen >= k) {
                return level / (float) (LEVELS - 1);
            }
        }
        return fromLight ? 0f : 1f;
    }
}
