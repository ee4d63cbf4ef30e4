package nndl.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import org.junit.jupiter.api.Test;

class GreyImageTest {
    @Test
    void greyLevelsAreTakenAsStoredNotThroughALinearColourSpace() {
        BufferedImage g8 = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
        g8.getRaster().setSample(0, 0, 0, 128);
        g8.getRaster().setSample(1, 0, 0, 255);
        assertEquals(128 / 255f, GreyImage.of(g8).at(0, 0), 1e-6f);
        assertEquals(1f, GreyImage.of(g8).at(1, 0), 1e-6f);
        BufferedImage g16 = new BufferedImage(1, 1, BufferedImage.TYPE_USHORT_GRAY);
        g16.getRaster().setSample(0, 0, 0, 16383);
        assertEquals(16383 / 65535f, GreyImage.of(g16).at(0, 0), 1e-6f);
    }

    @Test
    void colourBecomesLuma() {
        BufferedImage rgb = new BufferedImage(3, 1, BufferedImage.TYPE_3BYTE_BGR);
        rgb.setRGB(0, 0, 0xff0000);
        rgb.setRGB(1, 0, 0x00ff00);
        rgb.setRGB(2, 0, 0x0000ff);
        GreyImage g = GreyImage.of(rgb);
        assertEquals(0.299f, g.at(0, 0), 1e-6f);
        assertEquals(0.587f, g.at(1, 0), 1e-6f);
        assertEquals(0.114f, g.at(2, 0), 1e-6f);
    }

    @Test
    void transparentPixelsAreSeenOnWhite() {
        BufferedImage argb = new BufferedImage(3, 1, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0x00000000);   // fully transparent black
        argb.setRGB(1, 0, 0xff000000);   // opaque black
        argb.setRGB(2, 0, 0x80000000);   // half-transparent black: 1 − 128/255 grey
        GreyImage g = GreyImage.of(argb);
        assertEquals(1f, g.at(0, 0), 1e-6f);
        assertEquals(0f, g.at(1, 0), 1e-6f);
        assertEquals(1 - 128 / 255f, g.at(2, 0), 1.5f / 255);
    }

    @Test
    void greyWithAlphaAndPalettesToo() {
        // 2-band grey + alpha (what ImageIO gives for such PNGs).
        java.awt.color.ColorSpace gray = java.awt.color.ColorSpace.getInstance(java.awt.color.ColorSpace.CS_GRAY);
        java.awt.image.ComponentColorModel cm = new java.awt.image.ComponentColorModel(gray, true, false,
                java.awt.Transparency.TRANSLUCENT, java.awt.image.DataBuffer.TYPE_BYTE);
        BufferedImage ga = new BufferedImage(cm, cm.createCompatibleWritableRaster(2, 1), false, null);
        ga.getRaster().setPixel(0, 0, new int[] {0, 0});     // transparent: white
        ga.getRaster().setPixel(1, 0, new int[] {51, 255});  // opaque grey 51
        assertEquals(1f, GreyImage.of(ga).at(0, 0), 1e-6f);
        assertEquals(0.2f, GreyImage.of(ga).at(1, 0), 1e-6f);
        // A palette image (GIF, 8-bit PNG).
        IndexColorModel palette = new IndexColorModel(8, 2, new byte[] {0, (byte) 255}, new byte[] {0, 0}, new byte[] {0, 0});
        BufferedImage indexed = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_INDEXED, palette);
        indexed.getRaster().setSample(1, 0, 0, 1);
        assertEquals(0f, GreyImage.of(indexed).at(0, 0), 1e-6f);
        assertEquals(0.299f, GreyImage.of(indexed).at(1, 0), 1e-6f);
        // Big images go through in strips: every row is converted.
        BufferedImage tall = new BufferedImage(3, 200, BufferedImage.TYPE_INT_RGB);
        tall.setRGB(1, 199, Color.WHITE.getRGB());
        tall.setRGB(2, 64, Color.WHITE.getRGB());
        GreyImage t = GreyImage.of(tall);
        assertEquals(1f, t.at(1, 199), 1e-6f);
        assertEquals(1f, t.at(2, 64), 1e-6f);
        assertEquals(0f, t.at(2, 63), 1e-6f);
    }

    @Test
    void bigGreyImagesAreAveragedEightBytesAtATimeToTheSameBlockAverages() {
        // 8-bit grey (a JPEG photo read as its luma) goes through the byte path eight pixels at a
        // time: 35 x 11 pixels (four whole eights a row and three more) in blocks of k = 3 (at most
        // 12 x 4 = 48 pixels), the last column and row of blocks partial; and a part of a larger
        // image, whose rows do not start at 0. Expected: each block's mean, summed here directly.
        java.util.Random random = new java.util.Random(3);
        BufferedImage big = new BufferedImage(40, 15, BufferedImage.TYPE_BYTE_GRAY);
        int[] all = new int[40 * 15];
        for (int p = 0; p < all.length; p++) {
            all[p] = random.nextInt(256);
        }
        big.getRaster().setSamples(0, 0, 40, 15, 0, all);
        for (BufferedImage g : new BufferedImage[] {big.getSubimage(0, 0, 35, 11), big.getSubimage(3, 2, 35, 11)}) {
            GreyImage small = GreyImage.of(g, 48);
            assertEquals(12, small.width());
            assertEquals(4, small.height());
            for (int by = 0; by < 4; by++) {
                for (int bx = 0; bx < 12; bx++) {
                    double sum = 0;
                    int n = 0;
                    for (int y = 3 * by; y < Math.min(3 * by + 3, 11); y++) {
                        for (int x = 3 * bx; x < Math.min(3 * bx + 3, 35); x++) {
                            sum += g.getRaster().getSample(x, y, 0);
                            n++;
                        }
                    }
                    assertEquals(sum / n / 255, small.at(bx, by), 1e-6, "block " + bx + "," + by);
                }
            }
        }
    }

    @Test
    void bigImagesAreAveragedDownByWholeBlocks() {
        // 5x3 with at most 6 pixels: k = 2 gives 3x2 blocks, the last column and row of blocks partial.
        BufferedImage g = new BufferedImage(5, 3, BufferedImage.TYPE_BYTE_GRAY);
        int[] levels = {
            0, 255, 0, 0, 51,
            255, 0, 0, 0, 102,
            51, 51, 255, 255, 0};
        g.getRaster().setSamples(0, 0, 5, 3, 0, levels);
        GreyImage small = GreyImage.of(g, 6);
        assertEquals(3, small.width());
        assertEquals(2, small.height());
        assertEquals(0.5f, small.at(0, 0), 1e-6f);             // (0 + 1 + 1 + 0) / 4
        assertEquals(0f, small.at(1, 0), 1e-6f);
        assertEquals(0.3f, small.at(2, 0), 1e-6f);             // (0.2 + 0.4) / 2
        assertEquals(0.2f, small.at(0, 1), 1e-6f);             // (0.2 + 0.2) / 2
        assertEquals(1f, small.at(1, 1), 1e-6f);
        assertEquals(0f, small.at(2, 1), 1e-6f);
        assertEquals(5, GreyImage.of(g, 15).width(), "small enough already");
        // Blocks wider than the byte path sums (k = 300 > 257) are averaged all the same.
        BufferedImage wide = new BufferedImage(600, 1, BufferedImage.TYPE_BYTE_GRAY);
        for (int x = 0; x < 600; x++) {
            wide.getRaster().setSample(x, 0, 0, x < 300 ? 51 : (x % 2) * 255);
        }
        GreyImage two = GreyImage.of(wide, 2);
        assertEquals(2, two.width());
        assertEquals(0.2f, two.at(0, 0), 1e-6f);
        assertEquals(0.5f, two.at(1, 0), 1e-6f);
        // The same through the colour paths (JPEG's blue-green-red bytes, and Java2D for the rest).
        for (int type : new int[] {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_INT_ARGB}) {
            BufferedImage c = new BufferedImage(5, 3, type);
            for (int p = 0; p < 15; p++) {
                int v = levels[p];
                c.setRGB(p % 5, p / 5, 0xff000000 | v << 16 | v << 8 | v);
            }
            GreyImage fromColour = GreyImage.of(c, 6);
            for (int y = 0; y < 2; y++) {
                for (int x = 0; x < 3; x++) {
                    assertEquals(small.at(x, y), fromColour.at(x, y), 1e-5f, "type " + type + " at " + x + "," + y);
                }
            }
        }
    }

    @Test
    void aSubimageIsReadFromItsOwnCorner() {
        BufferedImage photo = new BufferedImage(6, 4, BufferedImage.TYPE_3BYTE_BGR);
        photo.setRGB(3, 2, 0xffffff);
        BufferedImage part = photo.getSubimage(2, 1, 3, 2);
        GreyImage g = GreyImage.of(part);
        assertEquals(3, g.width());
        assertEquals(1f, g.at(1, 1), 1e-6f);
        assertEquals(0f, g.at(0, 0), 1e-6f);
        assertEquals(0f, g.at(2, 1), 1e-6f);
    }
}
