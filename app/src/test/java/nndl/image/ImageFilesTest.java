package nndl.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import nndl.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFilesTest {
    static BufferedImage drawing() {
        BufferedImage image = new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 300, 200);
        g.setColor(Color.BLACK);
        g.fillOval(100, 40, 60, 120);
        g.dispose();
        return image;
    }

    static String error(byte[] bytes) {
        return assertThrows(UserException.class, () -> ImageFiles.decodeGrey(bytes, "x", Long.MAX_VALUE)).getMessage();
    }

    @Test
    void readsTheFourFormats() {
        for (String format : new String[] {"png", "jpeg", "gif", "bmp"}) {
            GreyImage image = ImageFiles.decodeGrey(Scans.encode(drawing(), format), format, Long.MAX_VALUE).grey();
            assertEquals(300, image.width(), format);
            assertEquals(200, image.height(), format);
        }
    }

    @Test
    void aColourJpegIsReadAsGreyOnlyWhenAskedAndOtherFormatsAsTheyAre(@TempDir Path dir) throws IOException {
        BufferedImage colour = drawing();
        Graphics2D g = colour.createGraphics();
        g.setColor(new Color(200, 40, 90));
        g.fillRect(20, 20, 60, 60);
        g.dispose();
        byte[] jpeg = Scans.encode(colour, "jpeg");
        Path file = Files.write(dir.resolve("colour.jpg"), jpeg);
        BufferedImage full = ImageIO.read(new ByteArrayInputStream(jpeg));
        GreyImage grey = ImageFiles.decodeGrey(jpeg, "x", Long.MAX_VALUE).grey();
        assertEquals(BufferedImage.TYPE_3BYTE_BGR, full.getType());
        assertArrayEquals(grey.lightness(), ImageFiles.readGrey(file, Long.MAX_VALUE).grey().lightness());
        // Its grey is the luma of the colours ImageIO's full decoder gives, not a linear-light grey: to a
        // level inside the paper, the red square and the black oval; on average over the image
        // too (at the square's edges the decoded colours are clipped to 0..255, the luma is not).
        for (int[] at : new int[][] {{10, 10}, {50, 50}, {130, 100}}) {
            assertEquals(luma(full.getRGB(at[0], at[1])), 255 * grey.at(at[0], at[1]), 1.0);
        }
        double difference = 0;
        for (int y = 0; y < 200; y++) {
            for (int x = 0; x < 300; x++) {
                difference += Math.abs(255 * grey.at(x, y) - luma(full.getRGB(x, y)));
            }
        }
        assertTrue(difference / (300 * 200) < 0.5, "mean difference from the luma: " + difference / (300 * 200));
        // A PNG with transparency is its grey on white paper, as GreyImage makes it.
        assertArrayEquals(GreyImage.of(argb()).lightness(), ImageFiles.decodeGrey(Scans.encode(argb(), "png"), "x", Long.MAX_VALUE).grey().lightness());
    }

    @Test
    void aBigJpegIsReadAsItsLumaAveragedDownWithItsOrientation(@TempDir Path dir) throws IOException {
        BufferedImage colour = Scans.grainy(drawing(), 10, 1);
        byte[] jpeg = OrientationTest.withOrientation(Scans.jpeg(colour, 0.9f, false), 6, java.nio.ByteOrder.LITTLE_ENDIAN);
        Path file = Files.write(dir.resolve("photo.jpg"), jpeg);
        long budget = 75 * 50; // averaged by 4 x 4
        ImageFiles.Picture picture = ImageFiles.readGrey(file, budget);
        assertEquals(Orientation.ROTATE_90_CLOCKWISE, picture.orientation());
        assertArrayEquals(picture.grey().lightness(), ImageFiles.decodeGrey(jpeg, "x", budget).grey().lightness());
        // The independent expectation: the JDK's full colour decode, made grey pixel by pixel and
        // averaged alike; the luma decoded directly differs only by the colour decode's rounding.
        GreyImage expected = GreyImage.of(ImageIO.read(new ByteArrayInputStream(jpeg)), budget);
        assertEquals(75, picture.grey().width());
        assertEquals(50, picture.grey().height());
        double max = 0;
        for (int i = 0; i < expected.lightness().length; i++) {
            max = Math.max(max, Math.abs(expected.lightness()[i] - picture.grey().lightness()[i]) * 255);
        }
        assertTrue(max < 1.5, "largest difference from the full decode: " + max + " grey levels");
        // Over the largest image read, a JPEG is refused as any image is.
        byte[] huge = ImageBombs.jpegDeclaring(50_000, 50_000);
        assertTrue(error(huge).contains("50000x50000 JPEG image"), error(huge));
    }

    static double luma(int rgb) {
        return 0.299 * (rgb >> 16 & 0xff) + 0.587 * (rgb >> 8 & 0xff) + 0.114 * (rgb & 0xff);
    }

    static BufferedImage argb() {
        BufferedImage image = new BufferedImage(30, 20, BufferedImage.TYPE_INT_ARGB);
        image.setRGB(3, 4, 0x80ff0000);
        return image;
    }

    @Test
    void somethingElseIsNotAnImage() {
        assertEquals("x is not an image nndl can read: give a PNG, JPEG, GIF or BMP file",
                error("{\"sizes\": [784, 30, 10]}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void anEmptyFileIsSaidToBeEmpty(@TempDir Path dir) throws IOException {
        assertTrue(error(new byte[0]).startsWith("x is empty"));
        Path file = Files.createFile(dir.resolve("empty.png"));
        UserException e = assertThrows(UserException.class, () -> ImageFiles.readGrey(file, Long.MAX_VALUE));
        assertEquals(file + " is empty: give a PNG, JPEG, GIF or BMP image of a digit", e.getMessage());
        e = assertThrows(UserException.class, () -> ImageFiles.readGrey(dir.resolve("missing.png"), Long.MAX_VALUE));
        assertEquals("image file " + dir.resolve("missing.png") + " does not exist", e.getMessage());
    }

    @Test
    void truncatedImagesOfEveryFormatAreRefused() {
        for (String format : new String[] {"png", "jpeg", "gif", "bmp"}) {
            byte[] whole = Scans.encode(drawing(), format);
            for (int cut : new int[] {whole.length / 2, 30}) {
                String message = error(Arrays.copyOf(whole, cut));
                assertTrue(message.contains("truncated") && !message.contains("\n"), format + " cut at " + cut + ": " + message);
            }
        }
    }

    @Test
    void aHugeImageIsRefusedBeforeItsPixelsAreDecoded() {
        // A real PNG whose header says 50,000 x 50,000 pixels: decoding would need 2.5 billion of them.
        byte[] png = Scans.pngWithSize(Scans.encode(drawing(), "png"), 50_000, 50_000);
        assertEquals("x is a 50000x50000 PNG image (2500.0 megapixels), longer than the 30000 pixels a side nndl reads:"
                + " scale it down or crop it to the digit", error(png));
        // Just over the limit is refused too. (Just under is not tried: decoding it would take 120 MB.)
        assertTrue(error(Scans.pngWithSize(Scans.encode(drawing(), "png"), 8000, 5001)).contains("more than the 40 megapixels nndl reads"));
    }

    @Test
    void aFolderIsNotAnImage(@TempDir Path dir) {
        UserException e = assertThrows(UserException.class, () -> ImageFiles.readGrey(dir, Long.MAX_VALUE));
        assertTrue(e.getMessage().contains("is a folder"), e.getMessage());
    }

    @Test
    void writesPng(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("sub/digit.png");
        ImageFiles.writePng(drawing(), file);
        assertEquals(300, ImageIO.read(file.toFile()).getWidth());
    }
}
