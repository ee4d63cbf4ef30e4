package nndl.viz;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import nndl.nn.Layer;

/**
 * What each hidden neuron of the first layer looks for: its 784 incoming weights w_jk drawn
 * as a 28×28 image, pixel k where input pixel k is. A diverging colour map (ColorBrewer's RdBu)
 * shows positive weights red, negative blue and zero white, scaled per neuron so that its
 * largest |w_jk| gets the deepest colour.
 */
public final class WeightTiles {
    public static final int COLUMNS = 10;
    /** RdBu colours at -1, -0.5, 0, 0.5, 1. */
    private static final int[] STOPS = {0x053061, 0x4393c3, 0xf7f7f7, 0xd6604d, 0x67001f};

    private WeightTiles() {
    }

    /**
     * The first {@code count} neurons of a layer (all of them if it has fewer); {@code neurons}
     * says what they are for the title, e.g. "hidden neurons in the first layer".
     */
    public static TileGrid of(Layer layer, String neurons, int count) {
        int n = Math.min(count, layer.neurons());
        List<TileGrid.Tile> tiles = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            tiles.add(new TileGrid.Tile(pixels(layer, j), "neuron " + j, ""));
        }
        String title = n < layer.neurons()
                ? String.format(Locale.ROOT, "Incoming weights of the first %d of the %d %s", n, layer.neurons(), neurons)
                : String.format(Locale.ROOT, "Incoming weights of the %d %s", n, neurons);
        return new TileGrid(title, "Red: positive weight, blue: negative, white: zero; each neuron scaled to its largest |w|",
                tiles, COLUMNS);
    }

    /** Neuron j's incoming weights as 0xRRGGBB, each divided by the neuron's largest |w_jk|. */
    public static int[] pixels(Layer layer, int j) {
        int inputs = layer.inputs();
        float largest = 0;
        for (int k = 0; k < inputs; k++) {
            largest = Math.max(largest, Math.abs(layer.weight(j, k)));
        }
        int[] rgb = new int[inputs];
        for (int k = 0; k < inputs; k++) {
            rgb[k] = colour(largest == 0 ? 0 : layer.weight(j, k) / largest);
        }
        return rgb;
    }

    /** The colour of v in [-1, 1]: linear between the RdBu stops. */
    public static int colour(double v) {
        double at = (Math.max(-1, Math.min(1, v)) + 1) * 2;
        int i = Math.min((int) at, STOPS.length - 2);
        double t = at - i;
        int rgb = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
            int a = STOPS[i] >> shift & 0xff;
            int b = STOPS[i + 1] >> shift & 0xff;
            rgb |= (int) Math.round(a + t * (b - a)) << shift;
        }
        return rgb;
    }
}
