package nndl.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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
        return assertThrows(UserException.class, () -> ImageFiles.decode(bytes, "x")).getMessage();
    }

    @Test
    void readsTheFourFormats() {
        for (String format : new String[] {"png", "jpeg", "gif", "bmp"}) {
            BufferedImage image = ImageFiles.decode(Scans.encode(drawing(), format), format);
            assertEquals(300, image.getWidth(), format);
            assertEquals(200, image.getHeight(), format);
        }
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
        UserException e = assertThrows(UserException.class, () -> ImageFiles.read(file));
        assertEquals(file + " is empty: give a PNG, JPEG, GIF or BMP image of a digit", e.getMessage());
        e = assertThrows(UserException.class, () -> ImageFiles.read(dir.resolve("missing.png")));
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
        assertEquals("x is 50000x50000 pixels (2500 megapixels), more than the 40 we read: scale it down or crop it to the digit",
                error(png));
        // Just over the limit is refused too, just under is read (up to its missing pixel data).
        assertTrue(error(Scans.pngWithSize(Scans.encode(drawing(), "png"), 8000, 5001)).contains("more than the 40 we read"));
    }

    @Test
    void aFolderIsNotAnImage(@TempDir Path dir) {
        UserException e = assertThrows(UserException.class, () -> ImageFiles.read(dir));
        assertTrue(e.getMessage().contains("is a folder"), e.getMessage());
    }

    @Test
    void writesPng(@TempDir Path dir) {
        Path file = dir.resolve("sub/digit.png");
        ImageFiles.writePng(drawing(), file);
        assertEquals(300, ImageFiles.read(file).getWidth());
    }
}
