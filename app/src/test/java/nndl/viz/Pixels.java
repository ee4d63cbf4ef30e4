package nndl.viz;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Reading pictures back in the tests. */
final class Pixels {
    private Pixels() {
    }

    static BufferedImage read(Path file) {
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

    /** How many pixels in rows [top, bottom) are exactly this colour (0xRRGGBB). */
    static int count(BufferedImage image, int rgb, int top, int bottom) {
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
