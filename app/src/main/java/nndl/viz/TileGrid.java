package nndl.viz;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Point;
import java.awt.font.FontRenderContext;
import java.awt.image.BufferedImage;
import java.util.List;
import nndl.data.Mnist;

/**
 * A grid of 28×28 images, each enlarged {@value #SCALE} times (one square per pixel, no
 * smoothing) with a caption under it, below a title and a line saying what the reader sees.
 * Drawn with plain java.awt: there are no axes to draw.
 */
public final class TileGrid implements Drawing {
    static {
        Headless.ensure();
    }

    public static final int SIDE = Mnist.IMAGE_SIDE;
    public static final int SCALE = 3;
    static final int CELL = SIDE * SCALE;
    private static final int CAPTION = 22;
    private static final int GAP = 10;
    private static final int MARGIN = 20;
    private static final int HEADER = 72;
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 20);
    private static final Font SUBTITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    private static final Font CAPTION_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    private static final Color EMPHASIS = new Color(0xc62828);

    /**
     * One image: {@code rgb} holds its 28×28 pixels row by row as 0xRRGGBB; the caption is
     * drawn in black, followed by {@code emphasis} (may be empty) in red.
     */
    public record Tile(int[] rgb, String caption, String emphasis) {
        public Tile {
            if (rgb.length != SIDE * SIDE) {
                throw new IllegalArgumentException("a tile has " + SIDE * SIDE + " pixels, not " + rgb.length);
            }
        }
    }

    private final String title;
    private final String subtitle;
    private final List<Tile> tiles;
    private final int columns;
    private final int width;
    private final int left;

    public TileGrid(String title, String subtitle, List<Tile> tiles, int columns) {
        this.title = title;
        this.subtitle = subtitle;
        this.tiles = List.copyOf(tiles);
        this.columns = Math.max(1, Math.min(columns, tiles.size()));
        int gridWidth = this.columns * CELL + (this.columns - 1) * GAP;
        FontRenderContext frc = new FontRenderContext(null, true, true);
        int textWidth = (int) Math.ceil(Math.max(TITLE.getStringBounds(title, frc).getWidth(),
                SUBTITLE.getStringBounds(subtitle, frc).getWidth()));
        this.width = 2 * MARGIN + Math.max(gridWidth, textWidth);
        this.left = (width - gridWidth) / 2;
    }

    public List<Tile> tiles() {
        return tiles;
    }

    public int columns() {
        return columns;
    }

    /** Where the top-left pixel of tile i's image is; its image pixel (x, y) covers SCALE × SCALE pixels from there. */
    public Point origin(int i) {
        int row = i / columns;
        int col = i % columns;
        return new Point(left + col * (CELL + GAP), HEADER + row * (CELL + CAPTION + GAP));
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        int rows = (tiles.size() + columns - 1) / columns;
        return HEADER + rows * (CELL + CAPTION + GAP) + MARGIN - GAP;
    }

    @Override
    public void paint(Graphics2D g) {
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width(), height());
        g.setColor(Color.BLACK);
        g.setFont(TITLE);
        g.drawString(title, MARGIN, MARGIN + 20);
        g.setColor(Color.DARK_GRAY);
        g.setFont(SUBTITLE);
        g.drawString(subtitle, MARGIN, MARGIN + 42);
        g.setFont(CAPTION_FONT);
        FontMetrics metrics = g.getFontMetrics();
        for (int i = 0; i < tiles.size(); i++) {
            Tile tile = tiles.get(i);
            Point at = origin(i);
            g.drawImage(enlarged(tile.rgb()), at.x, at.y, null);
            g.setColor(new Color(0xbbbbbb));
            g.drawRect(at.x - 1, at.y - 1, CELL + 1, CELL + 1);
            int captionWidth = metrics.stringWidth(tile.caption()) + metrics.stringWidth(tile.emphasis());
            int x = at.x + (CELL - captionWidth) / 2;
            int y = at.y + CELL + 17;
            g.setColor(Color.BLACK);
            g.drawString(tile.caption(), x, y);
            g.setColor(EMPHASIS);
            g.drawString(tile.emphasis(), x + metrics.stringWidth(tile.caption()), y);
        }
    }

    /** The 28×28 pixels as a CELL × CELL image, each pixel a SCALE × SCALE square (enlarged here, so SVG viewers do not blur it). */
    private static BufferedImage enlarged(int[] rgb) {
        BufferedImage image = new BufferedImage(CELL, CELL, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < CELL; y++) {
            for (int x = 0; x < CELL; x++) {
                image.setRGB(x, y, rgb[(y / SCALE) * SIDE + x / SCALE]);
            }
        }
        return image;
    }
}
