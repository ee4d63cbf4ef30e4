package nndl.data;

import java.util.Arrays;
import java.util.Objects;
import nndl.math.Matrix;

/**
 * Labelled images kept as bytes, as they come in the IDX files (0 = background, 255 = ink):
 * 50,000 MNIST images take 39 MB this way instead of 157 MB as floats. They are turned into
 * floats in [0, 1] (divided by 255) one mini-batch at a time.
 */
public final class Dataset {
    public static final int CLASSES = 10;

    private final byte[] pixels;
    private final byte[] labels;
    private final int pixelsPerImage;
    private final int offset;
    private final int size;

    public Dataset(byte[] pixels, byte[] labels, int pixelsPerImage) {
        this(pixels, labels, pixelsPerImage, 0, labels.length);
    }

    private Dataset(byte[] pixels, byte[] labels, int pixelsPerImage, int offset, int size) {
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
    }

    public int size() {
        return size;
    }

    public int pixelsPerImage() {
        return pixelsPerImage;
    }

    /** Images [from, to) of this data set, sharing its storage. */
    public Dataset slice(int from, int to) {
        if (from < 0 || to > size || from > to) {
            throw new IndexOutOfBoundsException("slice [" + from + ", " + to + ") of " + size + " images");
        }
        return new Dataset(pixels, labels, pixelsPerImage, offset + from, to - from);
    }

    /** The first n images (all of them if there are fewer). */
    public Dataset first(int n) {
        return slice(0, Math.min(n, size));
    }

    public int label(int i) {
        return labels[offset + Objects.checkIndex(i, size)];
    }

    /** Pixel p of image i as stored, 0..255. */
    public int pixel(int i, int p) {
        return pixels[(offset + Objects.checkIndex(i, size)) * pixelsPerImage + p] & 0xff;
    }

    /** Image i as floats in [0, 1]. */
    public float[] image(int i) {
        float[] x = new float[pixelsPerImage];
        copyImage(i, x, 0);
        return x;
    }

    /** The raw bytes of all images of this data set, in order (a copy). */
    public byte[] pixelBytes() {
        return Arrays.copyOfRange(pixels, offset * pixelsPerImage, (offset + size) * pixelsPerImage);
    }

    /** The labels of this data set, in order (a copy). */
    public byte[] labelBytes() {
        return Arrays.copyOfRange(labels, offset, offset + size);
    }

    /**
     * Fills row r of x and y, for r = 0..x.rows-1, with image {@code order[start + r]}: x gets its
     * pixels divided by 255, y the one-hot vector of its label (the book's vectorized_result).
     */
    public void fillBatch(int[] order, int start, Matrix x, Matrix y) {
        for (int r = 0; r < x.rows; r++) {
            int i = order[start + r];
            copyImage(i, x.data, r * x.cols);
            if (y != null) {
                Arrays.fill(y.data, r * y.cols, (r + 1) * y.cols, 0f);
                y.data[r * y.cols + label(i)] = 1f;
            }
        }
    }

    /** Fills x with images [start, start + x.rows) in order. */
    public void fillBatch(int start, Matrix x) {
        for (int r = 0; r < x.rows; r++) {
            copyImage(start + r, x.data, r * x.cols);
        }
    }

    private void copyImage(int i, float[] target, int at) {
        int base = (offset + i) * pixelsPerImage;
        for (int p = 0; p < pixelsPerImage; p++) {
            target[at + p] = (pixels[base + p] & 0xff) / 255f;
        }
    }
}
