package nndl.viz;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import nndl.data.Dataset;

/** Grids of MNIST digits, drawn dark ink on white paper as in the book's figures. */
public final class DigitTiles {
    public static final int COLUMNS = 10;

    private DigitTiles() {
    }

    /** The first {@code count} images of a data set, each captioned with its label. */
    public static TileGrid digits(Dataset data, String dataName, int count) {
        int n = Math.min(count, data.size());
        List<TileGrid.Tile> tiles = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tiles.add(new TileGrid.Tile(pixels(data, i), String.valueOf(data.label(i)), ""));
        }
        return new TileGrid(String.format(Locale.ROOT, "The first %d %s digits", n, dataName),
                "Each image with its label (the digit a person wrote), in the order of the data set", tiles, COLUMNS);
    }

    /** The first {@code count} mistakes, each captioned "label → guess" with the guess in red. */
    public static TileGrid mistakes(Dataset data, String dataName, List<Mistakes.Mistake> mistakes, int count) {
        int n = Math.min(count, mistakes.size());
        List<TileGrid.Tile> tiles = new ArrayList<>();
        for (Mistakes.Mistake m : mistakes.subList(0, n)) {
            tiles.add(new TileGrid.Tile(pixels(data, m.index()), m.label() + " \u2192 ", String.valueOf(m.guess())));
        }
        String title = String.format(Locale.ROOT, "%,d of %,d %s digits the network gets wrong", mistakes.size(),
                data.size(), dataName);
        String subtitle = (n < mistakes.size() ? String.format(Locale.ROOT, "The first %d shown. ", n) : "")
                + "Under each image: its label \u2192 the network's guess";
        return new TileGrid(title, subtitle, tiles, COLUMNS);
    }

    /** Image i as 0xRRGGBB grey levels: MNIST's 0 (background) white, 255 (ink) black. */
    public static int[] pixels(Dataset data, int i) {
        int[] rgb = new int[data.pixelsPerImage()];
        for (int p = 0; p < rgb.length; p++) {
            int grey = 255 - data.pixel(i, p);
            rgb[p] = grey << 16 | grey << 8 | grey;
        }
        return rgb;
    }
}
