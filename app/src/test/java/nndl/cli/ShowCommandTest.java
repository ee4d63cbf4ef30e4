package nndl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Point;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nndl.data.Dataset;
import nndl.model.ModelFile;
import nndl.nn.Layer;
import nndl.nn.Network;
import nndl.testing.TestMnist;
import nndl.viz.DigitTiles;
import nndl.viz.Mistakes;
import nndl.viz.Pixels;
import nndl.viz.TileGrid;
import nndl.viz.WeightTiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShowCommandTest {
    private static final String DATA = TestMnist.folder().toString();

    @TempDir
    Path dir;

    /** Asserts that tile t of the grid drawn in the image shows test image i, dark ink on white. */
    private static void assertTileShows(BufferedImage image, TileGrid grid, int t, Dataset data, int i) {
        Point at = grid.origin(t);
        for (int p = 0; p < 784; p++) {
            int grey = 255 - data.pixel(i, p);
            int rgb = image.getRGB(at.x + (p % 28) * TileGrid.SCALE + 1, at.y + (p / 28) * TileGrid.SCALE + 1) & 0xffffff;
            assertEquals(grey * 0x010101, rgb, "tile " + t + " should be image " + i + ", pixel " + p);
        }
    }

    @Test
    void digitsDrawsTheFirstTestDigitsWithoutAModel() throws IOException {
        Path out = dir.resolve("digits.png");
        CommandLineRun run = CommandLineRun.of("show", "digits", "--data", DATA, "--count", "12", "--out", out.toString());
        assertEquals(0, run.status(), run.toString());
        Dataset test = TestMnist.mnist().test();
        TileGrid layout = DigitTiles.digits(test, "test", 12);
        BufferedImage image = Pixels.read(out);
        assertEquals(layout.width(), image.getWidth());
        assertEquals(layout.height(), image.getHeight());
        for (int i = 0; i < 12; i++) {
            assertTileShows(image, layout, i, test, i);
        }
        assertTrue(run.out().contains("12 images"), run.out());
    }

    @Test
    void digitsAsSvg() throws IOException {
        Path out = dir.resolve("digits.svg");
        CommandLineRun run = CommandLineRun.of("show", "digits", "--data", DATA, "--count", "3", "--out", out.toString());
        assertEquals(0, run.status(), run.toString());
        String svg = Files.readString(out);
        assertTrue(svg.startsWith("<?xml") && svg.contains("<svg") && svg.contains("<image"), "an SVG with the images");
    }

    @Test
    void mistakesDrawsExactlyTheTestDigitsTheModelGetsWrong() throws IOException {
        Path model = TestMnist.savedNetwork(dir);
        Dataset test = TestMnist.mnist().test();
        List<Mistakes.Mistake> expected = TestMnist.mistakesByPredict(ModelFile.load(model), test);
        Path out = dir.resolve("mistakes.png");
        CommandLineRun run = CommandLineRun.of("show", "mistakes", "--model", model.toString(), "--data", DATA,
                "--count", "25", "--out", out.toString());
        assertEquals(0, run.status(), run.toString());
        assertTrue(run.out().contains("gets " + expected.size() + " of 10000 test digits wrong"), run.out());
        assertTrue(expected.size() >= 25, "the model gets at least 25 wrong, so all 25 tiles show one: " + expected.size());
        TileGrid layout = DigitTiles.mistakes(test, "test", expected, 25);
        BufferedImage image = Pixels.read(out);
        assertEquals(layout.width(), image.getWidth());
        assertEquals(layout.height(), image.getHeight());
        for (int t = 0; t < 25; t++) {
            assertTileShows(image, layout, t, test, expected.get(t).index());
            Mistakes.Mistake m = expected.get(t);
            assertEquals(m.label() + " \u2192 ", layout.tiles().get(t).caption());
            assertEquals(String.valueOf(m.guess()), layout.tiles().get(t).emphasis());
        }
    }

    @Test
    void weightsDrawsEachHiddenNeuronsWeightSigns() throws IOException {
        Path model = TestMnist.savedNetwork(dir);
        Layer first = ModelFile.load(model).layers().get(0);
        Path out = dir.resolve("weights.png");
        CommandLineRun run = CommandLineRun.of("show", "weights", "--model", model.toString(), "--out", out.toString());
        assertEquals(0, run.status(), run.toString());
        assertTrue(run.out().contains("20 images"), "one tile per hidden neuron: " + run.out());
        TileGrid layout = WeightTiles.of(first, "hidden neurons in the first layer", 100);
        BufferedImage image = Pixels.read(out);
        assertEquals(layout.width(), image.getWidth());
        for (int j = 0; j < 20; j++) {
            assertTrue(Pixels.assertWeightSigns(image, layout, j, first, j), "neuron " + j + "'s largest weight has the deepest colour");
        }
    }

    private CommandLineRun failing(String... args) {
        CommandLineRun run = CommandLineRun.of(args);
        assertEquals(2, run.status(), run.toString());
        assertTrue(run.err().startsWith("nndl: ") && run.err().strip().lines().count() == 1,
                "one line on standard error: " + run.err());
        return run;
    }

    @Test
    void badInputIsOneLineAndExit2() throws IOException {
        String out = dir.resolve("x.png").toString();
        assertTrue(failing("show", "mistakes", "--data", DATA, "--out", out).err().contains("give --model FILE"));
        assertTrue(failing("show", "weights", "--out", out).err().contains("give --model FILE"));
        assertTrue(failing("show", "pixels", "--out", out).err().contains("use digits, mistakes or weights"));
        assertTrue(failing("show", "digits", "--data", DATA, "--out", dir.resolve("x.jpg").toString()).err()
                .contains(".png or .svg"));
        assertTrue(failing("show", "digits", "--data", DATA, "--count", "0", "--out", out).err().contains("--count"));
        assertTrue(failing("show", "digits", "--data", DATA, "--count", "1001", "--out", out).err().contains("between 1 and 1000"));
        assertTrue(failing("show", "weights", "--model", dir.resolve("none.json").toString(), "--out", out).err()
                .contains("does not exist"));
        Path small = dir.resolve("small.json");
        ModelFile.save(new Network(4, 3, 10), small);
        assertTrue(failing("show", "weights", "--model", small.toString(), "--out", out).err().contains("takes 4 inputs"));
        assertTrue(failing("show", "mistakes", "--model", small.toString(), "--data", DATA, "--out", out).err()
                .contains("takes 4 inputs"));
        assertTrue(Files.notExists(dir.resolve("x.png")) && Files.notExists(dir.resolve("x.jpg")), "nothing written");
    }
}
