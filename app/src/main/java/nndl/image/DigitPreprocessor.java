package nndl.image;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import nndl.UserException;
import nndl.data.Mnist;

/**
 * Prepares a person's image of a digit the way the MNIST digits were prepared, so that a
 * network trained on MNIST sees what it was trained on. LeCun, Cortes and Burges describe it:
 * "The original black and white (bilevel) images from NIST were size normalized to fit in a
 * 20x20 pixel box while preserving their aspect ratio. The resulting images contain grey levels
 * as a result of the anti-aliasing technique used by the normalization algorithm. The images
 * were centered in a 28x28 image by computing the center of mass of the pixels, and
 * translating the image so as to position this point at the center of the 28x28 field."
 *
 * <p>Steps: grey levels (colour to grey, transparency on white; images over two megapixels
 * averaged down, {@link GreyImage}; a photo turned upright as its EXIF tag says, {@link Orientation}) → which is ink and which is
 * paper ({@link Ink}; dark on light or light on dark) → paper to 0, ink to 1 → crop to the digit's bounding box → widen strokes much
 * thinner than MNIST's ({@link Strokes}) → scale to fit 20 × 20 keeping the aspect ratio, by
 * area averaging ({@link AreaAverage}) → translate by whole pixels in 28 × 28 to bring the
 * centre of mass to the centre (within half a pixel; a whole-pixel shift keeps a 20-pixel digit
 * 20 pixels tall, as 91% of MNIST's are).
 *
 * <p>The result is what {@code Dataset.image} gives for an MNIST digit: 784 floats in [0, 1],
 * row by row, 0 for background, 1 for full ink (in steps of 1/255, as MNIST's bytes).
 */
public final class DigitPreprocessor {
    /** Side of the prepared image (28). */
    public static final int SIDE = Mnist.IMAGE_SIDE;
    /** Side of the box the digit is scaled to fit (20). */
    public static final int BOX = 20;
    /**
     * Where the centre of mass goes, in pixel indices: MNIST's training digits have theirs at
     * (14.0, 14.0) on average (measured: 14.01 across, 14.00 down).
     */
    public static final double CENTRE = 14.0;
    /** Ink at least this strong (as a fraction of the strongest) belongs to the digit's bounding box. */
    public static final float BOX_THRESHOLD = 0.25f;
    /** Strokes thinner than this (pixels, in the 20 × 20 box) are widened: 1% of MNIST's are. */
    public static final double MIN_STROKE = 1.0;
    /** ...to this width, the median of MNIST's. */
    public static final double TARGET_STROKE = 2.0;

    /**
     * Larger images are first averaged down by a whole factor to at most this many pixels (a
     * 12-megapixel PNG by 3 × 3 blocks): the digit still spans far more than 20 pixels, and time
     * and memory stay bounded whatever the photo.
     */
    public static final long WORKING_PIXELS = 2_000_000;

    /** Thin strokes are widened at this multiple of the final resolution. */
    private static final int FINE = 4;

    private DigitPreprocessor() {
    }

    /** Reads an image file (PNG, JPEG, GIF, BMP) and prepares it, upright as a JPEG's EXIF orientation says. */
    public static float[] prepare(Path file) {
        return prepare(ImageFiles.readGrey(file, WORKING_PIXELS), file.toString());
    }

    /**
     * Decodes an image held in memory (a request body) and prepares it, upright as a JPEG's EXIF
     * orientation says; {@code source} names it in messages.
     */
    public static float[] prepare(byte[] encoded, String source) {
        return prepare(ImageFiles.decodeGrey(encoded, source, WORKING_PIXELS), source);
    }

    /** Prepares an image already decoded, as it is stored. */
    public static float[] prepare(BufferedImage image) {
        return prepare(image, Orientation.NORMAL);
    }

    /**
     * Prepares an image already decoded, seen upright as its orientation says: turned once it is
     * averaged down to at most {@link #WORKING_PIXELS}, which costs little, rather than as decoded.
     */
    public static float[] prepare(BufferedImage image, Orientation orientation) {
        return prepare(GreyImage.of(image, WORKING_PIXELS), orientation);
    }

    /** Prepares grey levels as stored, seen upright as the orientation says. */
    static float[] prepare(GreyImage stored, Orientation orientation) {
        GreyImage grey = orientation.apply(stored);
        Ink ink = Ink.detect(grey);
        return prepare(ink.amounts(grey), grey.width(), grey.height());
    }

    private static float[] prepare(ImageFiles.Picture picture, String source) {
        try {
            return prepare(picture.grey(), picture.orientation());
        } catch (UserException e) {
            throw new UserException(source + ": " + e.getMessage(), e);
        }
    }

    /**
     * Prepares an ink map (0 = paper, 1 = ink) of {@code width × height} pixels, row by row: crop,
     * scale, centre. (A 28 × 28 drawing sent as grey levels / 255 can go straight in.) Throws
     * "no digit found" when no pixel reaches {@link #BOX_THRESHOLD}.
     */
    public static float[] prepare(float[] ink, int width, int height) {
        if (width < 1 || height < 1 || ink.length != width * height) {
            throw new IllegalArgumentException(width + "x" + height + " does not fit " + ink.length + " levels");
        }
        // Crop to the bounding box of the digit.
        int left = width;
        int right = -1;
        int top = height;
        int bottom = -1;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (ink[y * width + x] >= BOX_THRESHOLD) {
                    left = Math.min(left, x);
                    right = Math.max(right, x);
                    top = Math.min(top, y);
                    bottom = Math.max(bottom, y);
                }
            }
        }
        if (right < 0) {
            throw new UserException("no digit found: the image is blank");
        }
        int w = right - left + 1;
        int h = bottom - top + 1;
        float[] source = ink;
        int stride = width;

        // Widen strokes much thinner than MNIST's, at FINE times the final resolution.
        double stroke = Strokes.width(ink, width, left, top, w, h) * BOX / Math.max(w, h);
        if (stroke < MIN_STROKE) {
            int fw = Math.max(1, (int) Math.round((double) w * BOX * FINE / Math.max(w, h)));
            int fh = Math.max(1, (int) Math.round((double) h * BOX * FINE / Math.max(w, h)));
            float[] fine = AreaAverage.resize(ink, width, left, top, w, h, fw, fh);
            int widen = (int) Math.round((TARGET_STROKE - stroke) * FINE / 2);
            source = Strokes.thicken(fine, fw, fh, widen);
            stride = fw + 2 * widen;
            left = 0;
            top = 0;
            w = fw + 2 * widen;
            h = fh + 2 * widen;
        }

        // Scale to fit the 20 x 20 box, keeping the aspect ratio.
        int sw = Math.max(1, (int) Math.round((double) w * BOX / Math.max(w, h)));
        int sh = Math.max(1, (int) Math.round((double) h * BOX / Math.max(w, h)));
        float[] digit = AreaAverage.resize(source, stride, left, top, w, h, sw, sh);

        // Translate it in the 28 x 28 field so that its centre of mass is at the centre.
        double mass = 0;
        double mx = 0;
        double my = 0;
        for (int y = 0; y < sh; y++) {
            for (int x = 0; x < sw; x++) {
                float v = digit[y * sw + x];
                mass += v;
                mx += v * x;
                my += v * y;
            }
        }
        int dx = (int) Math.round(CENTRE - mx / mass);
        int dy = (int) Math.round(CENTRE - my / mass);
        float[] out = new float[SIDE * SIDE];
        float max = 0;
        for (int y = Math.max(0, -dy); y < Math.min(sh, SIDE - dy); y++) {
            for (int x = Math.max(0, -dx); x < Math.min(sw, SIDE - dx); x++) {
                float v = digit[y * sw + x];
                out[(y + dy) * SIDE + x + dx] = v;
                max = Math.max(max, v);
            }
        }

        // The strongest ink to 1, and levels in steps of 1/255 like MNIST's bytes.
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.round(out[i] / max * 255) / 255f;
        }
        return out;
    }

    /** A prepared image as a 28 × 28 grey image, as MNIST shows it: white ink on black. */
    public static BufferedImage toImage(float[] prepared) {
        if (prepared.length != SIDE * SIDE) {
            throw new IllegalArgumentException("a prepared image has " + SIDE * SIDE + " pixels, not " + prepared.length);
        }
        BufferedImage image = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_BYTE_GRAY);
        int[] levels = new int[prepared.length];
        for (int i = 0; i < levels.length; i++) {
            levels[i] = Math.round(Math.max(0, Math.min(1, prepared[i])) * 255);
        }
        image.getRaster().setSamples(0, 0, SIDE, SIDE, 0, levels);
        return image;
    }
}
