package nndl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import nndl.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFileTest {
    @TempDir
    Path dir;

    /** An IDX images file written byte by byte here, independently of IdxFile's writer. */
    static byte[] imagesBytes(int magic, int count, int rows, int cols, byte[] pixels) {
        ByteBuffer b = ByteBuffer.allocate(16 + pixels.length);
        b.putInt(magic).putInt(count).putInt(rows).putInt(cols).put(pixels);
        return b.array();
    }

    static byte[] labelsBytes(int magic, byte[] labels) {
        ByteBuffer b = ByteBuffer.allocate(8 + labels.length);
        b.putInt(magic).putInt(labels.length).put(labels);
        return b.array();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    @Test
    void readsRawAndGzipImagesAlike() throws IOException {
        byte[] pixels = {0, 1, 2, (byte) 255, 4, 5, 6, 7, 8, 9, 10, 11};
        Files.write(dir.resolve("raw"), imagesBytes(0x803, 3, 2, 2, pixels));
        Files.write(dir.resolve("zipped"), gzip(imagesBytes(0x803, 3, 2, 2, pixels)));
        for (String name : new String[] {"raw", "zipped"}) {
            IdxFile.Images images = IdxFile.readImages(dir.resolve(name));
            assertEquals(3, images.count());
            assertEquals(2, images.rows());
            assertEquals(2, images.cols());
            assertArrayEquals(pixels, images.pixels());
        }
    }

    @Test
    void writerOutputIsReadBack() {
        byte[] pixels = new byte[5 * 4 * 3];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 7);
        }
        IdxFile.writeImages(dir.resolve("x.gz"), new IdxFile.Images(5, 4, 3, pixels));
        IdxFile.writeLabels(dir.resolve("y"), new byte[] {1, 2, 3, 4, 5});
        assertArrayEquals(pixels, IdxFile.readImages(dir.resolve("x.gz")).pixels());
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, IdxFile.readLabels(dir.resolve("y")));
    }

    @Test
    void wrongMagicNumberIsAUserError() throws IOException {
        Files.write(dir.resolve("f"), labelsBytes(0x801, new byte[] {1, 2}));
        UserException e = assertThrows(UserException.class, () -> IdxFile.readImages(dir.resolve("f")));
        assertTrue(e.getMessage().contains("wrong magic number 0x00000801"), e.getMessage());
    }

    @Test
    void truncatedFilesAreUserErrors() throws IOException {
        byte[] whole = imagesBytes(0x803, 3, 2, 2, new byte[12]);
        Files.write(dir.resolve("short"), Arrays.copyOf(whole, whole.length - 5));
        UserException e = assertThrows(UserException.class, () -> IdxFile.readImages(dir.resolve("short")));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());

        byte[] zipped = gzip(imagesBytes(0x803, 300, 28, 28, new byte[300 * 784]));
        Files.write(dir.resolve("short.gz"), Arrays.copyOf(zipped, zipped.length / 2));
        e = assertThrows(UserException.class, () -> IdxFile.readImages(dir.resolve("short.gz")));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());

        Files.write(dir.resolve("header"), new byte[] {0, 0, 8});
        e = assertThrows(UserException.class, () -> IdxFile.readLabels(dir.resolve("header")));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void missingFileSaysWhere() {
        UserException e = assertThrows(UserException.class, () -> IdxFile.readLabels(dir.resolve("nope")));
        assertTrue(e.getMessage().contains(dir.resolve("nope").toString()), e.getMessage());
    }

    private void writePair(String images, String labels, int imageCount, byte[] labelValues) throws IOException {
        Files.write(dir.resolve(images + ".gz"), gzip(imagesBytes(0x803, imageCount, 28, 28, new byte[imageCount * 784])));
        Files.write(dir.resolve(labels), labelsBytes(0x801, labelValues));
    }

    @Test
    void imageAndLabelCountsMustAgree() throws IOException {
        writePair("a", "b", 3, new byte[] {1, 2});
        UserException e = assertThrows(UserException.class, () -> Mnist.loadPair(dir, "a", "b"));
        assertTrue(e.getMessage().contains("3 images") && e.getMessage().contains("2 labels"), e.getMessage());
    }

    @Test
    void labelsMustBeDigits() throws IOException {
        writePair("a", "b", 2, new byte[] {1, 10});
        UserException e = assertThrows(UserException.class, () -> Mnist.loadPair(dir, "a", "b"));
        assertTrue(e.getMessage().contains("label 10 of image 1"), e.getMessage());
    }

    @Test
    void findsRawOrGzipFilesByName() throws IOException {
        writePair("a", "b", 2, new byte[] {1, 7});
        Dataset d = Mnist.loadPair(dir, "a", "b");
        assertEquals(2, d.size());
        assertEquals(7, d.label(1));
    }

    @Test
    void missingDataFolderIsAUserError() {
        UserException e = assertThrows(UserException.class, () -> Mnist.load(dir.resolve("absent")));
        assertTrue(e.getMessage().contains("--data"), e.getMessage());
    }
}
