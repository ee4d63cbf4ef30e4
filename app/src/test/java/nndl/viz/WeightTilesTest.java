package nndl.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.Random;
import nndl.nn.Activation;
import nndl.nn.Layer;
import org.junit.jupiter.api.Test;

class WeightTilesTest {
    @Test
    void colourMapIsRedBlueWithWhiteAtZero() {
        assertEquals(0x053061, WeightTiles.colour(-1));
        assertEquals(0xf7f7f7, WeightTiles.colour(0));
        assertEquals(0x67001f, WeightTiles.colour(1));
        assertEquals(0x4393c3, WeightTiles.colour(-0.5));
        assertEquals(0xd6604d, WeightTiles.colour(0.5));
        // halfway between 0xf7f7f7 and 0xd6604d: (247+214)/2 = 230.5, (247+96)/2 = 171.5, (247+77)/2 = 162
        assertEquals(231 << 16 | 172 << 8 | 162, WeightTiles.colour(0.25));
        assertEquals(WeightTiles.colour(1), WeightTiles.colour(7), "clipped");
    }

    @Test
    void tilesShowEachNeuronsWeightSigns() {
        Layer layer = new Layer(784, 12, Activation.SIGMOID);
        Random random = new Random(3);
        for (int j = 0; j < 12; j++) {
            // neuron j's scale differs by orders of magnitude: each is scaled to its own largest |w|
            float scale = (float) Math.pow(10, -j / 2.0);
            for (int k = 0; k < 784; k++) {
                layer.setWeight(j, k, scale * (float) (random.nextGaussian()));
            }
        }
        TileGrid grid = WeightTiles.of(layer, "hidden neurons", 100);
        assertEquals(12, grid.tiles().size());
        BufferedImage image = PictureFile.render(grid);
        for (int j = 0; j < 12; j++) {
            assertTrue(Pixels.assertWeightSigns(image, grid, j, layer, j), "neuron " + j + "'s largest weight has the deepest colour");
            assertEquals("neuron " + j, grid.tiles().get(j).caption());
        }
    }

    @Test
    void countLimitsTheNeurons() {
        Layer layer = new Layer(784, 30, Activation.SIGMOID);
        assertEquals(7, WeightTiles.of(layer, "hidden neurons", 7).tiles().size());
        assertEquals(30, WeightTiles.of(layer, "hidden neurons", Integer.MAX_VALUE).tiles().size());
    }
}
