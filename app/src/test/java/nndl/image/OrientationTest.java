package nndl.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import nndl.data.Dataset;
import nndl.nn.Network;
import nndl.testing.TestMnist;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrientationTest {
    /**
     * EXIF 2.3's table for the Orientation tag, value by value: which side of the picture as seen
     * the stored 0th row is, and which side the stored 0th column is.
     */
    static final String[][] SPEC = {
        null,
        {"top", "left"}, {"top", "right"}, {"bottom", "right"}, {"bottom", "left"},
        {"left", "top"}, {"right", "top"}, {"right", "bottom"}, {"left", "bottom"},
    };

    /** Where stored pixel (sx, sy) of a stored sw × sh image is seen, {ux, uy}, under the tag, after SPEC. */
    static int[] seenAt(int tag, int sx, int sy, int sw, int sh) {
        String row = SPEC[tag][0];
        String column = SPEC[tag][1];
        if (row.equals("top") || row.equals("bottom")) {
            return new int[] {column.equals("left") ? sx : sw - 1 - sx, row.equals("top") ? sy : sh - 1 - sy};
        }
        // Rows become columns: seen sh wide and sw high.
        return new int[] {row.equals("left") ? sy : sh - 1 - sy, column.equals("top") ? sx : sw - 1 - sx};
    }

    @Test
    void aSmallPictureIsTurnedAsEachTagSays() {
        // Stored:  a b c     Seen, by tag (worked out by hand from the table):
        //          d e f
        float a = 1, b = 2, c = 3, d = 4, e = 5, f = 6;
        GreyImage stored = new GreyImage(3, 2, new float[] {a, b, c, d, e, f});
        float[][] seen = {
            null,
            {a, b, c, d, e, f},    // 1 as stored
            {c, b, a, f, e, d},    // 2 mirrored left to right
            {f, e, d, c, b, a},    // 3 half a turn
            {d, e, f, a, b, c},    // 4 mirrored top to bottom
            {a, d, b, e, c, f},    // 5 transposed: 2 wide, 3 high
            {d, a, e, b, f, c},    // 6 a quarter turn clockwise
            {f, c, e, b, d, a},    // 7 transversed
            {c, f, b, e, a, d},    // 8 a quarter turn anticlockwise
        };
        for (int tag = 1; tag <= 8; tag++) {
            GreyImage upright = Orientation.of(tag).apply(stored);
            assertEquals(tag <= 4 ? 3 : 2, upright.width(), "tag " + tag);
            assertArrayEquals(seen[tag], upright.lightness(), "tag " + tag);
        }
        assertEquals(Orientation.NORMAL, Orientation.of(0));
        assertEquals(Orientation.NORMAL, Orientation.of(9));
    }

    @Test
    void aBigPictureIsTurnedPixelForPixelAcrossTheTiles() {
        // 150 x 70: more than two tiles across, a part tile down.
        Random random = new Random(2);
        int sw = 150;
        int sh = 70;
        float[] levels = new float[sw * sh];
        for (int p = 0; p < levels.length; p++) {
            levels[p] = random.nextFloat();
        }
        GreyImage stored = new GreyImage(sw, sh, levels);
        for (int tag = 1; tag <= 8; tag++) {
            GreyImage upright = Orientation.of(tag).apply(stored);
            assertEquals(tag <= 4 ? sw : sh, upright.width(), "tag " + tag);
            for (int sy = 0; sy < sh; sy++) {
                for (int sx = 0; sx < sw; sx++) {
                    int[] u = seenAt(tag, sx, sy, sw, sh);
                    if (upright.at(u[0], u[1]) != stored.at(sx, sy)) {
                        throw new AssertionError("tag " + tag + ": stored " + sx + "," + sy + " not at " + u[0] + "," + u[1]);
                    }
                }
            }
        }
    }

    /** The TIFF structure of an EXIF block: a camera make, the orientation, a resolution, in either byte order. */
    static byte[] tiff(int orientation, ByteOrder order) {
        ByteBuffer t = ByteBuffer.allocate(8 + 2 + 3 * 12 + 4 + 6 + 8).order(order);
        t.put(order == ByteOrder.BIG_ENDIAN ? "MM".getBytes(StandardCharsets.US_ASCII) : "II".getBytes(StandardCharsets.US_ASCII));
        t.putShort((short) 42).putInt(8);
        int data = 8 + 2 + 3 * 12 + 4;
        t.putShort((short) 3);
        t.putShort((short) 0x010F).putShort((short) 2).putInt(6).putInt(data);             // Make, ASCII, at data
        t.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        t.putShort((short) 0x011A).putShort((short) 5).putInt(1).putInt(data + 6);         // XResolution, RATIONAL
        t.putInt(0);                                                                           // no next IFD
        t.put("Phone\0".getBytes(StandardCharsets.US_ASCII));
        t.putInt(72).putInt(1);
        return t.array();
    }

    /** A JPEG with an APP1 segment holding the given bytes inserted after its first {@code after} bytes. */
    static byte[] withApp1(byte[] jpeg, byte[] payload, int after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, after);
        int length = payload.length + 2;
        out.write(0xFF);
        out.write(0xE1);
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.writeBytes(payload);
        out.write(jpeg, after, jpeg.length - after);
        return out.toByteArray();
    }

    static byte[] exif(byte[] tiff) {
        byte[] payload = Arrays.copyOf("Exif\0\0".getBytes(StandardCharsets.US_ASCII), 6 + tiff.length);
        System.arraycopy(tiff, 0, payload, 6, tiff.length);
        return payload;
    }

    /** The JPEG with an EXIF block right after its start of image (as cameras write it, before JFIF's APP0). */
    static byte[] withOrientation(byte[] jpeg, int orientation, ByteOrder order) {
        return withApp1(jpeg, exif(tiff(orientation, order)), 2);
    }

    static Orientation read(byte[] jpeg) {
        return Orientation.ofJpeg(new ByteArrayInputStream(jpeg));
    }

    @Test
    void theTagIsReadInBothByteOrdersWhereverTheExifBlockIs() {
        byte[] jpeg = Scans.encode(ImageFilesTest.drawing(), "jpeg");
        assertEquals(0xE0, jpeg[3] & 0xFF, "ImageIO writes JFIF's APP0 first");
        int afterApp0 = 4 + ((jpeg[4] & 0xFF) << 8 | jpeg[5] & 0xFF);
        byte[] xmp = "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta xmlns:x='adobe:ns:meta/'/>".getBytes(StandardCharsets.US_ASCII);
        for (int tag = 1; tag <= 8; tag++) {
            for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
                byte[] block = exif(tiff(tag, order));
                String what = "tag " + tag + " " + order;
                assertEquals(tag, read(withApp1(jpeg, block, 2)).tag, what + " before APP0");
                assertEquals(tag, read(withApp1(jpeg, block, afterApp0)).tag, what + " after APP0");
                assertEquals(tag, read(withApp1(withApp1(jpeg, block, 2), xmp, 2)).tag, what + " after an XMP APP1");
            }
        }
        assertEquals(Orientation.NORMAL, read(jpeg), "no EXIF block");
        assertEquals(Orientation.NORMAL, read(withApp1(jpeg, xmp, 2)), "only XMP");
    }

    @Test
    void aDamagedExifBlockReadsAsUprightAndTheImageStillDecodes() {
        byte[] jpeg = Scans.encode(ImageFilesTest.drawing(), "jpeg");
        byte[] good = tiff(6, ByteOrder.BIG_ENDIAN);
        byte[] badOrder = good.clone();
        badOrder[0] = 'X';
        badOrder[1] = 'Y';
        byte[] farIfd = good.clone();
        ByteBuffer.wrap(farIfd).putInt(4, 1_000_000);
        assertEquals(6, read(withApp1(jpeg, exif(farIfd), 2)).tag, "a first directory past the end is looked for where it usually is");
        ByteBuffer.wrap(farIfd).putInt(4, 1_000_000).putShort(8, (short) 0);
        byte[] hugeCount = good.clone();
        ByteBuffer.wrap(hugeCount).putShort(8, (short) 0xFFFF);
        byte[] loopingIfd = good.clone();
        ByteBuffer.wrap(loopingIfd).putInt(8 + 2 + 3 * 12, 8);
        byte[] wrongType = good.clone();
        ByteBuffer.wrap(wrongType).putShort(8 + 2 + 12 + 2, (short) 2);   // the orientation as ASCII
        byte[] nine = tiff(9, ByteOrder.LITTLE_ENDIAN);
        byte[][] damaged = {badOrder, farIfd, hugeCount, Arrays.copyOf(good, 12), new byte[0], wrongType, nine};
        float[] plain = ImageFiles.decodeGrey(jpeg, "plain", Long.MAX_VALUE).grey().lightness();
        for (int i = 0; i < damaged.length; i++) {
            byte[] file = withApp1(jpeg, exif(damaged[i]), 2);
            assertEquals(Orientation.NORMAL, read(file), "damage " + i);
            ImageFiles.Picture picture = ImageFiles.decodeGrey(file, "damaged", Long.MAX_VALUE);
            assertEquals(Orientation.NORMAL, picture.orientation(), "damage " + i);
            assertArrayEquals(plain, picture.grey().lightness(), "damage " + i);
        }
        // A directory whose "next" is itself is read once, not forever.
        assertEquals(6, read(withApp1(jpeg, exif(loopingIfd), 2)).tag);
        // Only the JPEGs' tag is read: a PNG is as stored.
        assertEquals(Orientation.NORMAL, ImageFiles.decodeGrey(Scans.encode(ImageFilesTest.drawing(), "png"), "png", Long.MAX_VALUE).orientation());
    }

    /** The picture a camera stores for an upright one under the tag: each seen pixel put back where it was stored. */
    static BufferedImage stored(BufferedImage upright, int tag) {
        int uw = upright.getWidth();
        int uh = upright.getHeight();
        boolean turned = tag >= 5;
        int sw = turned ? uh : uw;
        int sh = turned ? uw : uh;
        BufferedImage stored = new BufferedImage(sw, sh, BufferedImage.TYPE_INT_RGB);
        for (int sy = 0; sy < sh; sy++) {
            for (int sx = 0; sx < sw; sx++) {
                int[] u = seenAt(tag, sx, sy, sw, sh);
                stored.setRGB(sx, sy, upright.getRGB(u[0], u[1]));
            }
        }
        return stored;
    }

    @Test
    void aPhotoTakenAnyWayUpIsPreparedAndReadAsTheUprightOne(@TempDir Path dir) throws Exception {
        Network network = ScannedDigitsTest.trainedNetwork();
        Dataset test = TestMnist.mnist().test();
        // Test digits 0, 1, 4 (a 7, a 2, a 4: none looks the same turned or mirrored), on colour
        // photos 320 x 240 (whole 16-pixel blocks, so that JPEG's blocks fall alike however turned).
        for (int i : new int[] {0, 1, 4}) {
            BufferedImage upright = Scans.photo(test, i, 320, 240, 0.6, true);
            float[] expected = DigitPreprocessor.prepare(Scans.encode(upright, "jpeg"), "upright");
            int digit = Prediction.of(network, expected).digit();
            assertEquals(test.label(i), digit, "the network reads the upright digit " + i);
            float[] lossless = DigitPreprocessor.prepare(upright);
            for (int tag = 1; tag <= 8; tag++) {
                BufferedImage camera = stored(upright, tag);
                // Without JPEG's loss, turning the stored picture gives exactly the upright one's digit.
                assertArrayEquals(lossless, DigitPreprocessor.prepare(camera, Orientation.of(tag)), "digit " + i + ", tag " + tag);
                byte[] plain = Scans.encode(camera, "jpeg");
                for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
                    String what = "digit " + i + ", tag " + tag + ", " + order;
                    byte[] photo = withOrientation(plain, tag, order);
                    float[] prepared = DigitPreprocessor.prepare(photo, what);
                    double difference = DigitPreprocessorTest.meanDifference(expected, prepared);
                    assertTrue(difference < 0.02, what + ": mean difference from the upright one " + difference);
                    assertEquals(digit, Prediction.of(network, prepared).digit(), what);
                    if (tag > 1) {
                        // Without the tag it would not be the same digit: the test can tell.
                        double unturned = DigitPreprocessorTest.meanDifference(expected, DigitPreprocessor.prepare(plain, what));
                        assertTrue(unturned > 5 * difference && unturned > 0.05, what + ": as stored, " + unturned);
                    }
                }
                if (tag == 6) {
                    // From a file too (read through the file's stream, not a byte array).
                    Path file = dir.resolve("portrait.jpg");
                    Files.write(file, withOrientation(plain, tag, ByteOrder.LITTLE_ENDIAN));
                    assertTrue(DigitPreprocessorTest.meanDifference(expected, DigitPreprocessor.prepare(file)) < 0.02, "file");
                }
            }
        }
    }
}
