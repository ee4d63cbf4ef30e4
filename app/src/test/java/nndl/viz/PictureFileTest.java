package nndl.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import nndl.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

class PictureFileTest {
    @TempDir
    Path dir;

    /** 40 × 30: white, with a red square at (10, 5)-(19, 14). */
    private static final Drawing SQUARE = new Drawing() {
        public int width() {
            return 40;
        }

        public int height() {
            return 30;
        }

        public void paint(Graphics2D g) {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, 40, 30);
            g.setColor(Color.RED);
            g.fillRect(10, 5, 10, 10);
        }
    };

    @Test
    void formatFollowsTheExtension() {
        assertEquals(PictureFile.Format.PNG, PictureFile.formatOf(Path.of("a/b.png")));
        assertEquals(PictureFile.Format.PNG, PictureFile.formatOf(Path.of("B.PNG")));
        assertEquals(PictureFile.Format.SVG, PictureFile.formatOf(Path.of("plot.svg")));
        UserException e = assertThrows(UserException.class, () -> PictureFile.formatOf(Path.of("plot.jpg")));
        assertTrue(e.getMessage().contains(".png or .svg"), e.getMessage());
        assertThrows(UserException.class, () -> PictureFile.formatOf(Path.of("png")));
    }

    @Test
    void writesThePixelsAsPng() {
        Path file = dir.resolve("square.png");
        PictureFile.write(file, SQUARE);
        BufferedImage image = Pixels.read(file);
        assertEquals(40, image.getWidth());
        assertEquals(30, image.getHeight());
        assertEquals(0xff0000, image.getRGB(15, 10) & 0xffffff);
        assertEquals(0xffffff, image.getRGB(5, 20) & 0xffffff);
        assertEquals(0xffffff, image.getRGB(20, 10) & 0xffffff, "the square ends at x = 19");
    }

    @Test
    void writesWellFormedSvgOfTheSize() throws Exception {
        Path file = dir.resolve("square.svg");
        PictureFile.write(file, SQUARE);
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Element svg = factory.newDocumentBuilder().parse(file.toFile()).getDocumentElement();
        assertEquals("svg", svg.getTagName());
        assertEquals(40.0, Double.parseDouble(svg.getAttribute("width")));
        assertEquals(30.0, Double.parseDouble(svg.getAttribute("height")));
        assertTrue(Files.readString(file).contains("rgb(255,0,0)") || Files.readString(file).contains("#ff0000"),
                "the red square is drawn");
    }

    @Test
    void leavesNoFileWhenTheNameIsWrong() {
        Path file = dir.resolve("square.gif");
        assertThrows(UserException.class, () -> PictureFile.write(file, SQUARE));
        assertTrue(Files.notExists(file));
    }
}
