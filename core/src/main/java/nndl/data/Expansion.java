package nndl.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import nndl.UserException;
import nndl.math.RandomStream;

/**
 * Artificially expanded training data (book, chapter 3, "Artificially expanding the training
 * data"): each image stands for several variants of itself. {@code shift} is the book's
 * expand_mnist.py: the image plus its four one-pixel shifts (down, up, right, left), 5 variants.
 * {@code rotate} adds rotations by ±{@value #ANGLE} degrees, and {@code elastic} one elastic
 * distortion (Simard, Steinkraus and Platt, 2003) drawn afresh each time it is used.
 *
 * <p>Variant 0 is always the image itself. Works on 28×28 byte images; not thread-safe (it
 * keeps scratch buffers), and reproducible for a seed.
 */
public final class Expansion {
    static final int SIDE = Mnist.IMAGE_SIDE;
    static final double ANGLE = 10;
    static final double ELASTIC_ALPHA = 34;
    static final double ELASTIC_SIGMA = 4;

    /** The kinds of expansion one asks for, each adding its variants of every image. */
    public enum Kind {
        /** The four one-pixel shifts (down, up, right, left): the book's expand_mnist.py. */
        SHIFT(Variant.DOWN, Variant.UP, Variant.RIGHT, Variant.LEFT),
        /** Rotations by ±{@value #ANGLE} degrees. */
        ROTATE(Variant.ROTATE_LEFT, Variant.ROTATE_RIGHT),
        /** One elastic distortion, drawn afresh each time the image is used. */
        ELASTIC(Variant.ELASTIC);

        private final List<Variant> variants;

        Kind(Variant... variants) {
            this.variants = List.of(variants);
        }

        /** shift, rotate or elastic. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private enum Variant { IDENTITY, DOWN, UP, RIGHT, LEFT, ROTATE_LEFT, ROTATE_RIGHT, ELASTIC }

    private final List<Variant> variants;
    private final RandomStream random;
    private final double[] dx = new double[SIDE * SIDE];
    private final double[] dy = new double[SIDE * SIDE];
    private final double[] smoothing = new double[SIDE * SIDE];
    private final double[] kernel = gaussian(ELASTIC_SIGMA);

    private Expansion(List<Variant> variants, RandomStream random) {
        this.variants = variants;
        this.random = random;
    }

    /** "none", or a comma-separated list of shift, rotate, elastic. */
    public static Expansion parse(String spec, long seed) {
        return of(kinds(spec), new RandomStream(seed));
    }

    /** "none" (or nothing) → no kinds; else the kinds listed, separated by commas, in the order given, each once. */
    public static List<Kind> kinds(String spec) {
        List<Kind> kinds = new ArrayList<>();
        for (String part : spec.toLowerCase(Locale.ROOT).split(",")) {
            String name = part.trim();
            if (name.equals("none") || name.isEmpty()) {
                continue;
            }
            Kind kind = Arrays.stream(Kind.values()).filter(k -> k.id().equals(name)).findFirst()
                    .orElseThrow(() -> new UserException("unknown expansion '" + name
                            + "': use none, or any of shift, rotate, elastic separated by commas"));
            UserException.require(!kinds.contains(kind), "the expansion '" + name + "' is listed twice: list each kind once");
            kinds.add(kind);
        }
        return List.copyOf(kinds);
    }

    /**
     * Each image followed by the variants of the given kinds, in their order; elastic distortions
     * drawn from the random stream, which goes on as they are drawn (its owner can read where it is).
     */
    public static Expansion of(List<Kind> kinds, RandomStream random) {
        List<Variant> variants = new ArrayList<>(List.of(Variant.IDENTITY));
        for (Kind kind : kinds) {
            variants.addAll(kind.variants);
        }
        return new Expansion(List.copyOf(variants), random);
    }

    /** How many variants of each image the given kinds make, the image itself included. */
    public static int variants(List<Kind> kinds) {
        return 1 + kinds.stream().mapToInt(k -> k.variants.size()).sum();
    }

    /** How many variants each image stands for (1 = no expansion). */
    public int variants() {
        return variants.size();
    }

    public boolean isNone() {
        return variants.size() == 1;
    }

    /** Writes variant v of the 28×28 image at source[from..] into target[to..]. */
    public void apply(int v, byte[] source, int from, byte[] target, int to) {
        switch (variants.get(v)) {
            case IDENTITY -> System.arraycopy(source, from, target, to, SIDE * SIDE);
            case DOWN -> shift(source, from, target, to, 1, 0);
            case UP -> shift(source, from, target, to, -1, 0);
            case RIGHT -> shift(source, from, target, to, 0, 1);
            case LEFT -> shift(source, from, target, to, 0, -1);
            case ROTATE_LEFT -> rotate(source, from, target, to, ANGLE);
            case ROTATE_RIGHT -> rotate(source, from, target, to, -ANGLE);
            case ELASTIC -> elastic(source, from, target, to);
        }
    }

    /** Moves the image down by dRow and right by dCol pixels; what comes in at the edge is background. */
    static void shift(byte[] source, int from, byte[] target, int to, int dRow, int dCol) {
        for (int r = 0; r < SIDE; r++) {
            for (int c = 0; c < SIDE; c++) {
                int sr = r - dRow;
                int sc = c - dCol;
                boolean inside = sr >= 0 && sr < SIDE && sc >= 0 && sc < SIDE;
                target[to + r * SIDE + c] = inside ? source[from + sr * SIDE + sc] : 0;
            }
        }
    }

    /** Rotates about the image's centre by {@code degrees} (counter-clockwise), with bilinear interpolation. */
    void rotate(byte[] source, int from, byte[] target, int to, double degrees) {
        double t = Math.toRadians(degrees);
        double cos = Math.cos(t);
        double sin = Math.sin(t);
        double centre = (SIDE - 1) / 2.0;
        for (int r = 0; r < SIDE; r++) {
            for (int c = 0; c < SIDE; c++) {
                // The source point that lands on (r, c): rotate (r, c) back by −t.
                double x = c - centre;
                double y = centre - r;
                dx[r * SIDE + c] = (cos * x + sin * y) - x;
                dy[r * SIDE + c] = -(-sin * x + cos * y - y);
            }
        }
        resample(source, from, target, to);
    }

    /**
     * An elastic distortion: a random displacement field, uniform in [−1, 1] at each pixel,
     * smoothed with a Gaussian of σ = {@value #ELASTIC_SIGMA} pixels and scaled by
     * α = {@value #ELASTIC_ALPHA} (Simard et al.'s values for MNIST).
     */
    void elastic(byte[] source, int from, byte[] target, int to) {
        randomDisplacement(dx);
        randomDisplacement(dy);
        resample(source, from, target, to);
    }

    /** One component of the elastic displacement field: uniform in [−1, 1], smoothed, times α. */
    private void randomDisplacement(double[] field) {
        for (int i = 0; i < field.length; i++) {
            field[i] = random.nextDouble() * 2 - 1;
        }
        smooth(field);
        for (int i = 0; i < field.length; i++) {
            field[i] *= ELASTIC_ALPHA;
        }
    }

    /** target(r, c) = source(r + dy, c + dx), bilinear, background outside the image. */
    private void resample(byte[] source, int from, byte[] target, int to) {
        for (int r = 0; r < SIDE; r++) {
            for (int c = 0; c < SIDE; c++) {
                double y = r + dy[r * SIDE + c];
                double x = c + dx[r * SIDE + c];
                int r0 = (int) Math.floor(y);
                int c0 = (int) Math.floor(x);
                double fy = y - r0;
                double fx = x - c0;
                double v = (1 - fy) * ((1 - fx) * pixel(source, from, r0, c0) + fx * pixel(source, from, r0, c0 + 1))
                        + fy * ((1 - fx) * pixel(source, from, r0 + 1, c0) + fx * pixel(source, from, r0 + 1, c0 + 1));
                target[to + r * SIDE + c] = (byte) Math.min(255, Math.max(0, Math.round(v)));
            }
        }
    }

    private static int pixel(byte[] image, int from, int r, int c) {
        return r < 0 || r >= SIDE || c < 0 || c >= SIDE ? 0 : image[from + r * SIDE + c] & 0xff;
    }

    /**
     * Separable Gaussian blur of a 28×28 field, in place, zero outside: along the rows into
     * {@code smoothing}, then down the columns back into the field, each tap range clipped to
     * the field (the same terms in the same order as testing every tap, so the same bits).
     */
    private void smooth(double[] field) {
        int radius = kernel.length / 2;
        for (int r = 0; r < SIDE; r++) {
            for (int c = 0; c < SIDE; c++) {
                double sum = 0;
                for (int cc = Math.max(0, c - radius); cc <= Math.min(SIDE - 1, c + radius); cc++) {
                    sum += kernel[cc - c + radius] * field[r * SIDE + cc];
                }
                smoothing[r * SIDE + c] = sum;
            }
        }
        for (int r = 0; r < SIDE; r++) {
            for (int c = 0; c < SIDE; c++) {
                double sum = 0;
                for (int rr = Math.max(0, r - radius); rr <= Math.min(SIDE - 1, r + radius); rr++) {
                    sum += kernel[rr - r + radius] * smoothing[rr * SIDE + c];
                }
                field[r * SIDE + c] = sum;
            }
        }
    }

    private static double[] gaussian(double sigma) {
        int radius = (int) Math.ceil(3 * sigma);
        double[] k = new double[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            k[i + radius] = Math.exp(-i * i / (2 * sigma * sigma));
            sum += k[i + radius];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        return k;
    }
}
