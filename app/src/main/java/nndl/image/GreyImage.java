package nndl.image;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBufferInt;
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
        int w = image.getWidth();
        int h = image.getHeight();
        float[] out = new float[w * h];
        if (image.getColorModel() instanceof ComponentColorModel cm
                && cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
            fromGreySamples(image, cm, out);
        } else {
            fromRgb(image, out);
        }
        return new GreyImage(w, h, out);
    }

    /**
     * Grey images (8- or 16-bit, with or without alpha) are read sample by sample: their stored
     * levels are the grey levels, whereas BufferedImage.getRGB would pass them through a linear
     * grey colour space and brighten them.
     */
    private static void fromGreySamples(BufferedImage image, ComponentColorModel cm, float[] out) {
        Raster raster = image.getRaster();
        int w = image.getWidth();
        float greyMax = (1 << cm.getComponentSize(0)) - 1;
        boolean alpha = cm.hasAlpha();
        float alphaMax = alpha ? (1 << cm.getComponentSize(1)) - 1 : 1;
        int[] grey = new int[w];
        int[] opacity = new int[w];
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
                out[y * w + x] = g;
            }
        }
    }

    /** Everything else (RGB, palettes, CMYK...) is drawn by Java2D onto white, a strip of rows at a time. */
    private static void fromRgb(BufferedImage image, float[] out) {
        int w = image.getWidth();
        int h = image.getHeight();
        BufferedImage strip = new BufferedImage(w, Math.min(STRIP, h), BufferedImage.TYPE_INT_RGB);
        int[] rgb = ((DataBufferInt) strip.getRaster().getDataBuffer()).getData();
        Graphics2D g = strip.createGraphics();
        try {
            for (int y0 = 0; y0 < h; y0 += STRIP) {
                int rows = Math.min(STRIP, h - y0);
                g.setComposite(AlphaComposite.Src);
                g.setColor(Color.WHITE);
                g.fillRect(0, 0, w, rows);
                g.setComposite(AlphaComposite.SrcOver);
                g.drawImage(image, 0, 0, w, rows, 0, y0, w, y0 + rows, null);
                for (int i = 0; i < rows * w; i++) {
                    int p = rgb[i];
                    out[y0 * w + i] = (0.299f * ((p >> 16) & 0xff) + 0.587f * ((p >> 8) & 0xff) + 0.114f * (p & 0xff)) / 255f;
                }
            }
        } finally {
            g.dispose();
        }
    }
}
