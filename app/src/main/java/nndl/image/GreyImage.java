package nndl.image;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;

/**
 * An image as grey levels: the lightness of each pixel in [0, 1] (0 black, 1 white), row by
 * row. Colour is turned into grey with the usual luma weights (0.299 R + 0.587 G + 0.114 B),
 * and a transparent pixel is what it would look like on white paper.
 */
public record GreyImage(int width, int height, float[] lightness) {
    /** Rows converted at a time when going through Java2D (a strip keeps memory small for big photos). */
    private static final int STRIP = 64;

    public GreyImage {
        if (width < 1 || height < 1 || lightness.length != width * height) {
            throw new IllegalArgumentException(width + "x" + height + " does not fit " + lightness.length + " levels");
        }
    }

    public float at(int x, int y) {
        return lightness[y * width + x];
    }

    public static GreyImage of(BufferedImage image) {
        return of(image, Long.MAX_VALUE);
    }

    /**
     * The grey levels of an image, averaged down by a whole factor k (each k × k block of pixels
     * becomes one, its average) when it has more than {@code maxPixels}, to the smallest such k.
     */
    public static GreyImage of(BufferedImage image, long maxPixels) {
        int w = image.getWidth();
        int h = image.getHeight();
        int k = 1;
        while ((long) ceilDiv(w, k) * ceilDiv(h, k) > maxPixels) {
            k++;
        }
        Blocks blocks = new Blocks(w, h, k);
        if (image.getColorModel() instanceof ComponentColorModel cm
                && cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
            fromGreySamples(image, cm, blocks);
        } else if (image.getType() == BufferedImage.TYPE_3BYTE_BGR) {
            fromBgrBytes(image, blocks);
        } else {
            fromRgb(image, blocks);
        }
        return blocks.image();
    }

    /**
     * Grey images (8- or 16-bit, with or without alpha) are read sample by sample: their stored
     * levels are the grey levels, whereas BufferedImage.getRGB would pass them through a linear
     * grey colour space and brighten them.
     */
    private static void fromGreySamples(BufferedImage image, ComponentColorModel cm, Blocks blocks) {
        Raster raster = image.getRaster();
        int w = image.getWidth();
        float greyMax = (1 << cm.getComponentSize(0)) - 1;
        boolean alpha = cm.hasAlpha();
        float alphaMax = alpha ? (1 << cm.getComponentSize(1)) - 1 : 1;
        int[] grey = new int[w];
        int[] opacity = new int[w];
        float[] row = new float[w];
        for (int y = 0; y < image.getHeight(); y++) {
            raster.getSamples(0, y, w, 1, 0, grey);
            if (alpha) {
                raster.getSamples(0, y, w, 1, 1, opacity);
            }
            for (int x = 0; x < w; x++) {
                float g = grey[x] / greyMax;
                if (alpha) {
                    float a = opacity[x] / alphaMax;
                    g = cm.isAlphaPremultiplied() ? g + (1 - a) : a * g + (1 - a);
                }
                row[x] = g;
            }
            blocks.add(row, y);
        }
    }

    /** What a JPEG photo decodes to (opaque, 8 bits a channel, blue-green-red in one byte array), read directly. */
    private static void fromBgrBytes(BufferedImage image, Blocks blocks) {
        int w = image.getWidth();
        Raster raster = image.getRaster();
        PixelInterleavedSampleModel sm = (PixelInterleavedSampleModel) raster.getSampleModel();
        byte[] data = ((DataBufferByte) raster.getDataBuffer()).getData();
        int scan = sm.getScanlineStride();
        int step = sm.getPixelStride();
        int[] band = sm.getBandOffsets(); // red, green, blue
        int x0 = -raster.getSampleModelTranslateX();
        int y0 = -raster.getSampleModelTranslateY();
        float[] row = new float[w];
        for (int y = 0; y < image.getHeight(); y++) {
            int at = (y0 + y) * scan + x0 * step;
            for (int x = 0; x < w; x++, at += step) {
                row[x] = (0.299f * (data[at + band[0]] & 0xff) + 0.587f * (data[at + band[1]] & 0xff)
                        + 0.114f * (data[at + band[2]] & 0xff)) / 255f;
            }
            blocks.add(row, y);
        }
    }

    /** Everything else (RGB, palettes, CMYK...) is drawn by Java2D onto white, a strip of rows at a time. */
    private static void fromRgb(BufferedImage image, Blocks blocks) {
        int w = image.getWidth();
        int h = image.getHeight();
        BufferedImage strip = new BufferedImage(w, Math.min(STRIP, h), BufferedImage.TYPE_INT_RGB);
        int[] rgb = ((DataBufferInt) strip.getRaster().getDataBuffer()).getData();
        float[] row = new float[w];
        Graphics2D g = strip.createGraphics();
        try {
            for (int y0 = 0; y0 < h; y0 += STRIP) {
                int rows = Math.min(STRIP, h - y0);
                g.setComposite(AlphaComposite.Src);
                g.setColor(Color.WHITE);
                g.fillRect(0, 0, w, rows);
                g.setComposite(AlphaComposite.SrcOver);
                g.drawImage(image, 0, 0, w, rows, 0, y0, w, y0 + rows, null);
                for (int r = 0; r < rows; r++) {
                    for (int x = 0; x < w; x++) {
                        int p = rgb[r * w + x];
                        row[x] = (0.299f * ((p >> 16) & 0xff) + 0.587f * ((p >> 8) & 0xff) + 0.114f * (p & 0xff)) / 255f;
                    }
                    blocks.add(row, y0 + r);
                }
            }
        } finally {
            g.dispose();
        }
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** Collects rows of grey levels into k × k block averages (k = 1: the rows as they are). */
    private static final class Blocks {
        final int w;
        final int h;
        final int k;
        final int ow;
        final int oh;
        final float[] out;
        /** The block column of each pixel column. */
        final int[] block;

        Blocks(int w, int h, int k) {
            this.w = w;
            this.h = h;
            this.k = k;
            this.ow = ceilDiv(w, k);
            this.oh = ceilDiv(h, k);
            this.out = new float[ow * oh];
            this.block = new int[w];
            for (int x = 0; x < w; x++) {
                block[x] = x / k;
            }
        }

        void add(float[] row, int y) {
            int o = (y / k) * ow;
            if (k == 1) {
                System.arraycopy(row, 0, out, o, w);
                return;
            }
            for (int x = 0; x < w; x++) {
                out[o + block[x]] += row[x];
            }
        }

        GreyImage image() {
            if (k > 1) {
                for (int by = 0; by < oh; by++) {
                    int rows = Math.min(k, h - by * k);
                    for (int bx = 0; bx < ow; bx++) {
                        out[by * ow + bx] /= rows * Math.min(k, w - bx * k);
                    }
                }
            }
            return new GreyImage(ow, oh, out);
        }
    }
}
