package nndl.image;

import java.util.Locale;
import nndl.UserException;

/**
 * The most one image may cost, checked from its header before a pixel is decoded, so that a
 * small file declaring a huge image (an "image bomb") is refused in a few milliseconds instead of
 * taking seconds of CPU and hundreds of megabytes. Within these limits any image is answered in
 * well under a second of CPU, holding at most {@link #MAX_HELD_BYTES} of decoded pixels.
 *
 * <p>What a decoder costs grows with the bytes it writes (width · height · bytes per pixel as
 * stored), and with the number of rows it goes through, each of which costs a little whatever its
 * width; a progressive JPEG goes over its coefficients once per scan.
 */
final class ImageBudget {
    /** The largest file read: a 40-megapixel PNG photo fits. */
    static final long MAX_FILE_BYTES = 64L << 20;
    /** The longest side, in pixels: more rows than this cost time whatever their width (a 1 × 40,000,000 PNG). */
    static final int MAX_SIDE = 30_000;
    /** The most pixels: 40 megapixels (a good phone camera's photo). */
    static final long MAX_PIXELS = 40_000_000L;
    /**
     * The most bytes a decoder writes: a 40-megapixel 8-bit RGB image (120 MB). A 16-bit RGBA one
     * of 40 megapixels (320 MB) is refused, an 8-bit RGBA one up to 30 megapixels read.
     */
    static final long MAX_DECODED_BYTES = 120_000_000L;
    /**
     * An interlaced (Adam7) PNG goes through its pixels in seven passes: its decoded bytes count
     * this many times (measured: about three times the CPU of the same image not interlaced).
     */
    static final int INTERLACE_COST = 3;
    /**
     * The most decoded bytes held at once: a bigger image is read subsampled (every k-th pixel of
     * every k-th row) to fit, then averaged down by {@link GreyImage}.
     */
    static final long MAX_HELD_BYTES = 32L << 20;
    /** The most scans a progressive JPEG may have: libjpeg writes 6 (grey) to 10 (colour). */
    static final int MAX_SCANS = 64;
    /**
     * The most scans × megapixels: each scan goes over the coefficients of the whole image, so a
     * 40-megapixel progressive JPEG may have libjpeg's 10 scans, a 6-megapixel one the full 64.
     */
    static final long MAX_SCAN_MEGAPIXELS = 400;

    private ImageBudget() {
    }

    /**
     * Refuses an image of this format whose header declares more than the budget allows: sides,
     * pixels, and the bytes its decoder writes ({@code bytesPerPixel} as stored, already counting
     * {@link #INTERLACE_COST}).
     */
    static void check(String source, String format, long width, long height, double bytesPerPixel) {
        if (width < 1 || height < 1) {
            throw new UserException(source + " says it is " + width + "x" + height + " pixels: it is damaged");
        }
        String size = String.format(Locale.ROOT, "%s is a %dx%d %s image (%.1f megapixels)", source, width, height,
                format, width * height / 1e6);
        if (width > MAX_SIDE || height > MAX_SIDE) {
            throw new UserException(size + ", longer than the " + MAX_SIDE + " pixels a side nndl reads: "
                    + "scale it down or crop it to the digit");
        }
        if (width * height > MAX_PIXELS) {
            throw new UserException(size + ", more than the " + MAX_PIXELS / 1_000_000
                    + " megapixels nndl reads: scale it down or crop it to the digit");
        }
        if (width * height * bytesPerPixel > MAX_DECODED_BYTES) {
            throw new UserException(String.format(Locale.ROOT,
                    "%s, which takes %.0f MB to decode, more than the %d MB nndl allows: save it as an 8-bit image"
                            + " without interlacing, scale it down or crop it to the digit",
                    size, width * height * bytesPerPixel / 1e6, MAX_DECODED_BYTES / 1_000_000));
        }
    }

    /** Refuses a progressive JPEG with more scans than its size allows. */
    static void checkScans(String source, long width, long height, int scans) {
        long megapixels = Math.max(1, (width * height + 999_999) / 1_000_000);
        long allowed = Math.min(MAX_SCANS, MAX_SCAN_MEGAPIXELS / megapixels);
        if (scans > allowed) {
            throw new UserException(String.format(Locale.ROOT,
                    "%s is a %dx%d progressive JPEG in %d scans, more than the %d nndl reads at that size"
                            + " (an ordinary one has 10 or fewer): save it again as a baseline JPEG or a PNG",
                    source, width, height, scans, allowed));
        }
    }

    /** The least k for which every k-th pixel of every k-th row holds at most {@link #MAX_HELD_BYTES}. */
    static int subsampling(long width, long height, double bytesPerPixel) {
        int k = 1;
        while (ceilDiv(width, k) * ceilDiv(height, k) * bytesPerPixel > MAX_HELD_BYTES) {
            k++;
        }
        return k;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
