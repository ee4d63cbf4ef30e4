package nndl.data;

import java.util.Arrays;
import java.util.Objects;
import nndl.UserException;
import nndl.math.Kernels;
import nndl.math.Matrix;
import nndl.math.SparseRows;

/**
 * Labelled images kept as bytes, as they come in the IDX files (0 = background, 255 = ink):
 * 50,000 MNIST images take 39 MB this way instead of 157 MB as floats. They are turned into
 * floats in [0, 1] (divided by 255) one mini-batch at a time.
 *
 * <p>A mini-batch of images is {@link SparseRows}: each row holds an image and the list of its
 * ink (its nonzero pixels, about a fifth of them), which the first layer's products go through,
 * skipping the background. Each image's ink is found once, the first time a mini-batch is
 * filled. (An expanded image is made anew each time, so its ink is found as it is made.)
 */
public final class Dataset {
    public static final int CLASSES = 10;
    /** The most pixels an image may have: where its ink is, is kept in 16 bits a pixel. */
    private static final int MAX_PIXELS = 1 << 16;

    private final byte[] pixels;
    private final byte[] labels;
    private final int pixelsPerImage;
    private final int offset;
    private final int size;
    /** With an expansion, image i is variant i % v of stored image i / v (v variants each); else null. */
    private final Expansion expansion;
    private final int variants;
    /** The data set this one expands (itself when it is not expanded). */
    private final Dataset unexpanded;
    private final byte[] scratch;
    /** Each image's ink, found when first needed (null until then, and for an expanded data set). */
    private Ink ink;
    /** The ink of one expanded image as it is made (null when not expanded). */
    private final short[] inkScratch;

    /**
     * Image i's nonzero pixels are pixel[start[i] .. start[i + 1]), in increasing order, as
     * unsigned 16-bit numbers (2 bytes a pixel: about 15 MB for the 50,000 training images).
     */
    private record Ink(int[] start, short[] pixel) { }

    public Dataset(byte[] pixels, byte[] labels, int pixelsPerImage) {
        this(pixels, labels, pixelsPerImage, 0, labels.length, null, null);
    }

    private Dataset(byte[] pixels, byte[] labels, int pixelsPerImage, int offset, int size, Expansion expansion, Dataset unexpanded) {
        if (pixelsPerImage > MAX_PIXELS) {
            throw new IllegalArgumentException("images of " + pixelsPerImage + " pixels: at most " + MAX_PIXELS + " are supported");
        }
        if (pixels.length != labels.length * pixelsPerImage) {
            throw new IllegalArgumentException(labels.length + " labels do not fit " + pixels.length
                    + " pixels of " + pixelsPerImage + " per image");
        }
        for (int i = offset; i < offset + size; i++) {
            if (labels[i] < 0 || labels[i] >= CLASSES) {
                throw new IllegalArgumentException("label " + labels[i] + " of image " + i + " is not a digit 0-9");
            }
        }
        this.pixels = pixels;
        this.labels = labels;
        this.pixelsPerImage = pixelsPerImage;
        this.offset = offset;
        this.size = size;
        this.expansion = expansion;
        this.variants = expansion == null ? 1 : expansion.variants();
        this.unexpanded = expansion == null ? this : unexpanded;
        this.scratch = expansion == null ? null : new byte[pixelsPerImage];
        this.inkScratch = expansion == null ? null : new short[pixelsPerImage];
    }

    /**
     * This data set artificially expanded: every image followed by its other variants (the
     * book's expand_mnist.py order), made on the fly as mini-batches are filled.
     */
    public Dataset expanded(Expansion how) {
        if (expansion != null) {
            throw new IllegalStateException("already expanded");
        }
        if (how.isNone()) {
            return this;
        }
        UserException.require(pixelsPerImage == Mnist.PIXELS, "expansion works on 28x28 images");
        return new Dataset(pixels, labels, pixelsPerImage, offset, size, how, this);
    }

    /** The images as given, before any expansion (this data set itself when it is not expanded). */
    public Dataset unexpanded() {
        return unexpanded;
    }

    /** How many images, counting every variant of an expanded data set. */
    public int size() {
        return size * variants;
    }

    public int pixelsPerImage() {
        return pixelsPerImage;
    }

    /** Images [from, to) of this data set, sharing its storage. */
    public Dataset slice(int from, int to) {
        if (expansion != null) {
            throw new IllegalStateException("slice before expanding");
        }
        if (from < 0 || to > size || from > to) {
            throw new IndexOutOfBoundsException("slice [" + from + ", " + to + ") of " + size + " images");
        }
        return new Dataset(pixels, labels, pixelsPerImage, offset + from, to - from, null, null);
    }

    /** The first n images (all of them if there are fewer). */
    public Dataset first(int n) {
        return slice(0, Math.min(n, size));
    }

    public int label(int i) {
        return labels[offset + Objects.checkIndex(i, size()) / variants];
    }

    /** Pixel p of image i, 0..255 (of a data set that is not expanded: see {@link #imagePixels}). */
    public int pixel(int i, int p) {
        if (expansion != null) {
            throw new IllegalStateException("an expanded image is made anew each time: use imagePixels(i)");
        }
        return pixels[(offset + Objects.checkIndex(i, size)) * pixelsPerImage + p] & 0xff;
    }

    /** The pixels of image i, 0..255, as a new array (for an expanded data set, one variant made now). */
    public byte[] imagePixels(int i) {
        return Arrays.copyOfRange(imageBytes(i), imageStart(i), imageStart(i) + pixelsPerImage);
    }

    /** Image i as floats in [0, 1]. */
    public float[] image(int i) {
        float[] x = new float[pixelsPerImage];
        Kernels.unitPixels(imageBytes(i), imageStart(i), x, 0, pixelsPerImage);
        return x;
    }

    /** The bytes of all images of this data set (every variant, when expanded), in order: a new array. */
    public byte[] pixelBytes() {
        byte[] out = new byte[Math.multiplyExact(size(), pixelsPerImage)];
        for (int i = 0; i < size(); i++) {
            System.arraycopy(imageBytes(i), imageStart(i), out, i * pixelsPerImage, pixelsPerImage);
        }
        return out;
    }

    /** The labels of this data set (every variant, when expanded), in order: a new array. */
    public byte[] labelBytes() {
        byte[] out = new byte[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) label(i);
        }
        return out;
    }

    /**
     * Fills row r of x and y, for r = 0..x.rows-1, with image {@code order[start + r]}: x gets its
     * pixels divided by 255, with its ink, y (if not null) the one-hot vector of its label (the
     * book's vectorized_result).
     */
    public void fillBatch(int[] order, int start, SparseRows x, Matrix y) {
        if (x.cols != pixelsPerImage) {
            throw new IllegalArgumentException("rows of " + x.cols + " values do not fit images of " + pixelsPerImage + " pixels");
        }
        for (int r = 0; r < x.rows; r++) {
            int i = order[start + r];
            byte[] bytes = imageBytes(i); // an expanded image is made here, once for its values and ink
            int from = imageStart(i);
            if (expansion == null) {
                Ink known = ink();
                x.setRow(r, bytes, from, known.pixel, known.start[i], known.start[i + 1]);
            } else {
                x.setRow(r, bytes, from, inkScratch, 0, findInk(bytes, from, inkScratch, 0));
            }
            if (y != null) {
                Arrays.fill(y.data, r * y.cols, (r + 1) * y.cols, 0f);
                y.data[r * y.cols + label(i)] = 1f;
            }
        }
    }

    /** The ink of every image, found the first time it is needed. */
    private Ink ink() {
        Ink known = ink;
        if (known == null) {
            // Counted first, so that each image's ink is found once, straight into its place.
            int total = 0;
            for (int p = offset * pixelsPerImage; p < (offset + size) * pixelsPerImage; p++) {
                total += pixels[p] != 0 ? 1 : 0;
            }
            short[] pixel = new short[total + 1]; // + 1: findInk writes one entry past the ink it finds
            int[] start = new int[size + 1];
            for (int i = 0; i < size; i++) {
                start[i + 1] = start[i] + findInk(pixels, (offset + i) * pixelsPerImage, pixel, start[i]);
            }
            known = new Ink(start, pixel);
            ink = known; // a record of final fields: safe to share even if two threads find it at once
        }
        return known;
    }

    /**
     * Puts the nonzero pixels of the image at bytes[from..] in found[at..], in increasing order,
     * and returns how many. It may write found[at + count] as well: found needs room for it.
     */
    private int findInk(byte[] bytes, int from, short[] found, int at) {
        int count = 0;
        for (int p = 0; p < pixelsPerImage; p++) {
            // Written always, kept only if nonzero: no branch to mispredict at every edge of a digit.
            found[at + count] = (short) p;
            count += bytes[from + p] != 0 ? 1 : 0;
        }
        return count;
    }

    /** The array holding image i: the stored pixels, or the scratch buffer with its variant made in it. */
    private byte[] imageBytes(int i) {
        Objects.checkIndex(i, size());
        if (expansion == null) {
            return pixels;
        }
        expansion.apply(i % variants, pixels, (offset + i / variants) * pixelsPerImage, scratch, 0);
        return scratch;
    }

    /** Where image i starts in {@link #imageBytes}. */
    private int imageStart(int i) {
        return expansion == null ? (offset + i) * pixelsPerImage : 0;
    }
}
