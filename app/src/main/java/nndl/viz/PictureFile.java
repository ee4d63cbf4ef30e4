package nndl.viz;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import nndl.UserException;
import nndl.image.ImageFiles;
import nndl.io.AtomicFile;
import org.jfree.svg.SVGGraphics2D;

/** Writes a {@link Drawing} as PNG or SVG, chosen by the file name's extension, atomically. */
public final class PictureFile {
    static {
        Headless.ensure();
    }

    public enum Format { PNG, SVG }

    private PictureFile() {
    }

    /** The format a file name asks for: .png or .svg; anything else is a user error. */
    public static Format formatOf(Path file) {
        String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
        if (name.endsWith(".png")) {
            return Format.PNG;
        }
        if (name.endsWith(".svg")) {
            return Format.SVG;
        }
        throw new UserException("cannot tell what kind of picture " + file + " should be: name it .png or .svg");
    }

    public static void write(Path file, Drawing drawing) {
        Format format = formatOf(file);
        if (format == Format.SVG) {
            SVGGraphics2D g = new SVGGraphics2D(drawing.width(), drawing.height());
            drawing.paint(g);
            byte[] svg = g.getSVGDocument().getBytes(StandardCharsets.UTF_8);
            AtomicFile.write(file, out -> out.write(svg));
        } else {
            ImageFiles.writePng(render(drawing), file);
        }
    }

    /** The drawing on an RGB image of its size. */
    public static BufferedImage render(Drawing drawing) {
        BufferedImage image = new BufferedImage(drawing.width(), drawing.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            drawing.paint(g);
        } finally {
            g.dispose();
        }
        return image;
    }
}
