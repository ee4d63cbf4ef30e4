package nndl.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Point;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import nndl.data.Dataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DigitTilesTest {
    @TempDir
    Path dir;

    /** Image i (label i % 10) has ink 255 in column i and grey 100 in row 27 - i, background elsewhere. */
    private static Dataset stripes(int n) {
        byte[] pixels = new byte[n * 784];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % 10);
            for (int k = 0; k < 28; k++) {
                pixels[i * 784 + (27 - i) * 28 + k] = (byte) 100;
                pixels[i * 784 + k * 28 + i] = (byte) 255;
            }
        }
        return new Dataset(pixels, labels, 784);
    }

    @Test
    void eachTileShowsItsDigitDarkOnWhite() {
        Dataset data = stripes(13);
        TileGrid grid = DigitTiles.digits(data, "test", 100);
        assertEquals(13, grid.tiles().size());
        assertEquals(10, grid.columns());
        Path file = dir.resolve("digits.png");
        PictureFile.write(file, grid);
        BufferedImage image = Pixels.read(file);
        assertEquals(grid.width(), image.getWidth());
        assertEquals(grid.height(), image.getHeight());
        for (int i = 0; i < 13; i++) {
            Point at = grid.origin(i);
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    int expected = x == i ? 0 : y == 27 - i ? 255 - 100 : 255;
                    // every pixel of the SCALE x SCALE square shows the digit's pixel
                    for (int d = 0; d < TileGrid.SCALE * TileGrid.SCALE; d++) {
                        int rgb = image.getRGB(at.x + x * TileGrid.SCALE + d % TileGrid.SCALE,
                                at.y + y * TileGrid.SCALE + d / TileGrid.SCALE) & 0xffffff;
                        assertEquals(expected * 0x010101, rgb, "tile " + i + " pixel (" + x + ", " + y + ")");
                    }
                }
            }
            assertEquals(String.valueOf(i % 10), grid.tiles().get(i).caption());
        }
        // Tiles sit in rows of ten, left to right, without overlapping.
        assertEquals(grid.origin(0).x, grid.origin(10).x);
        assertTrue(grid.origin(10).y >= grid.origin(0).y + TileGrid.CELL);
        assertTrue(grid.origin(1).x >= grid.origin(0).x + TileGrid.CELL);
    }

    @Test
    void countLimitsTheTiles() {
        assertEquals(4, DigitTiles.digits(stripes(13), "test", 4).tiles().size());
        assertEquals(4, DigitTiles.digits(stripes(13), "test", 4).columns());
    }

    @Test
    void mistakesShowTheImageTheLabelAndTheGuess() {
        Dataset data = stripes(13);
        List<Mistakes.Mistake> wrong = List.of(new Mistakes.Mistake(3, 3, 8), new Mistakes.Mistake(11, 1, 7),
                new Mistakes.Mistake(12, 2, 0));
        TileGrid grid = DigitTiles.mistakes(data, "test", wrong, 2);
        assertEquals(2, grid.tiles().size());
        assertEquals("3 \u2192 ", grid.tiles().get(0).caption());
        assertEquals("8", grid.tiles().get(0).emphasis());
        assertEquals("1 \u2192 ", grid.tiles().get(1).caption());
        assertEquals("7", grid.tiles().get(1).emphasis());
        BufferedImage image = PictureFile.render(grid);
        Point second = grid.origin(1);
        // image 11: column 11 is ink (black), row 16 grey
        assertEquals(0x000000, image.getRGB(second.x + 11 * TileGrid.SCALE, second.y) & 0xffffff);
        assertEquals(155 * 0x010101, image.getRGB(second.x, second.y + 16 * TileGrid.SCALE) & 0xffffff);
        assertEquals(0xffffff, image.getRGB(second.x + 3 * TileGrid.SCALE, second.y) & 0xffffff);
    }

    @Test
    void noMistakesIsAnEmptyGrid() {
        TileGrid grid = DigitTiles.mistakes(stripes(3), "test", List.of(), 100);
        assertEquals(0, grid.tiles().size());
        BufferedImage image = PictureFile.render(grid);
        assertTrue(image.getHeight() > 40 && image.getWidth() > 100, "a title on its own");
    }
}
