package nndl.viz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Point;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import nndl.nn.Layer;

/** Reading pictures back in the tests. */
public final class Pixels {
    private Pixels() {
    }

    public static BufferedImage read(Path file) {
        try {
            BufferedImage image = ImageIO.read(file.toFile());
            if (image == null) {
                throw new AssertionError(file + " is not an image ImageIO can read");
            }
            return image;
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }

    /**
     * Asserts that tile {@code tile} of a weight grid drawn in the image shows neuron j's weights
     * by sign: red for positive, blue for negative (weights over 5% of the neuron's largest
     * |w|); gives whether the largest weight has the deepest colour of the map.
     */
    public static boolean assertWeightSigns(BufferedImage image, TileGrid grid, int tile, Layer layer, int j) {
        Point at = grid.origin(tile);
        float largest = 0;
        for (int k = 0; k < layer.inputs(); k++) {
            largest = Math.max(largest, Math.abs(layer.weight(j, k)));
        }
        boolean deepest = false;
        for (int k = 0; k < layer.inputs(); k++) {
            float w = layer.weight(j, k);
            int rgb = image.getRGB(at.x + (k % 28) * TileGrid.SCALE + 1, at.y + (k / 28) * TileGrid.SCALE + 1) & 0xffffff;
            int red = rgb >> 16 & 0xff;
            int blue = rgb & 0xff;
            if (w > 0.05f * largest) {
                assertTrue(red > blue, "neuron " + j + " input " + k + ": w = " + w + " should be red");
            } else if (w < -0.05f * largest) {
                assertTrue(blue > red, "neuron " + j + " input " + k + ": w = " + w + " should be blue");
            }
            deepest |= Math.abs(w) == largest && (rgb == 0x67001f || rgb == 0x053061);
        }
        return deepest;
    }

    /** How many pixels in rows [top, bottom) are exactly this colour (0xRRGGBB). */
    public static int count(BufferedImage image, int rgb, int top, int bottom) {
        int n = 0;
        for (int y = top; y < bottom; y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) == rgb) {
                    n++;
                }
            }
        }
        return n;
    }

    /** The mean row of the pixels of this colour in columns [left, right) and rows [top, bottom); NaN if none. */
    static double meanRow(BufferedImage image, int rgb, int left, int right, int top, int bottom) {
        long sum = 0;
        int n = 0;
        for (int y = top; y < bottom; y++) {
            for (int x = left; x < right; x++) {
                if ((image.getRGB(x, y) & 0xffffff) == rgb) {
                    sum += y;
                    n++;
                }
            }
        }
        return n == 0 ? Double.NaN : (double) sum / n;
    }
}
