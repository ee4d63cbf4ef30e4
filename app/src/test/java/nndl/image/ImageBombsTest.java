package nndl.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;
import java.util.zip.InflaterInputStream;
import nndl.UserException;
import org.junit.jupiter.api.Test;

/**
 * Every file of the bomb corpus ({@link ImageBombs}) is answered with one line, a refusal or "no
 * digit" (they are all blank), allocating at most 64 MB however big the image it declares; those
 * over the budget are refused from their header, which the message shows. (CPU time is measured
 * by {@link BombCost}, not asserted.)
 */
class ImageBombsTest {
    /** What the refusal of each bomb refused from its header says; the others are decoded (within the budget) and found blank. */
    private static final Map<String, String> REFUSED = Map.ofEntries(
            Map.entry("tiff-6000x6000-rgba", "is a TIFF image, which nndl does not read"),
            Map.entry("png-6324x6324-rgba16", "PNG image (40.0 megapixels), which takes 320 MB to decode, more than the 120 MB"),
            Map.entry("png-1x39999999", "longer than the 30000 pixels a side"),
            Map.entry("png-6000x6000-interlaced", "interlaced PNG image (36.0 megapixels), which takes 324 MB to decode"),
            Map.entry("png-50000x50000", "longer than the 30000 pixels a side"),
            Map.entry("jpeg-progressive-100000-scans", "is a 1024x1024 progressive JPEG in 100006 scans, more than the 64"),
            Map.entry("edge-jpeg-progressive-6324x6324-11-scans", "progressive JPEG in 11 scans, more than the 10"),
            Map.entry("gif-65535x65535", "longer than the 30000 pixels a side"),
            // The JDK's BMP reader makes this check itself: the declared pixels need more bytes than the file has.
            Map.entry("bmp-50000x50000", "Invalid width/height for BI_RGB image data"),
            Map.entry("bmp-6000x6000-32bit", "Invalid width/height for BI_RGB image data"),
            Map.entry("bmp-holding-png", "is a BMP holding a PNG inside"));

    @Test
    void everyBombIsAnsweredInOneLineWithinTheMemoryBudget() {
        com.sun.management.ThreadMXBean thread = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        ImageFiles.decodeGrey(ImageBombs.png(4, 4, 0, 8, false), "warm-up", Long.MAX_VALUE); // javax.imageio allocates its registry on first use
        int answered = 0;
        for (Map.Entry<String, Supplier<byte[]>> bomb : ImageBombs.all().entrySet()) {
            String name = bomb.getKey();
            byte[] bytes = bomb.getValue().get();
            long before = thread.getCurrentThreadAllocatedBytes();
            UserException e = assertThrows(UserException.class, () -> DigitPreprocessor.prepare(bytes, name), name);
            long allocated = thread.getCurrentThreadAllocatedBytes() - before;
            String message = e.getMessage();
            assertTrue(message.startsWith(name) && !message.contains("\n"), name + ": " + message);
            assertTrue(allocated < 64 << 20, name + " allocated " + allocated / 1e6 + " MB");
            String refusal = REFUSED.get(name);
            if (refusal != null) {
                assertTrue(message.contains(refusal), name + ": " + message);
                assertTrue(allocated < 4 << 20, name + " refused from its header, yet allocated " + allocated / 1e6 + " MB");
            } else {
                // Decoded within the budget: a blank image (the bombs are all zeros), or data that ends early.
                assertTrue(message.contains("no digit found") || message.contains("is truncated"), name + ": " + message);
                answered++;
            }
        }
        assertTrue(answered >= 8, answered + " bombs within the budget were decoded");
    }

    @Test
    void theBombsAreWhatTheyDeclare() throws IOException {
        // The compressed zeros inflate to exactly as many zeros, with a good checksum.
        byte[] z = ImageBombs.zlibZeros((3 << 20) + 5);
        byte[] inflated;
        try (InflaterInputStream in = new InflaterInputStream(new java.io.ByteArrayInputStream(z))) {
            inflated = in.readAllBytes();
        }
        assertEquals((3 << 20) + 5, inflated.length);
        assertArrayEquals(new byte[inflated.length], inflated);
        // A small image of each kind decodes to its declared size (and within the budget, in full).
        assertEquals(300, ImageFiles.decodeGrey(ImageBombs.png(300, 200, 6, 16, true), "png", Long.MAX_VALUE).grey().width());
        assertEquals(200, ImageFiles.decodeGrey(ImageBombs.png(300, 200, 0, 8, false), "png", Long.MAX_VALUE).grey().height());
        assertEquals(300, ImageFiles.decodeGrey(ImageBombs.gif(300, 200), "gif", Long.MAX_VALUE).grey().width());
        assertEquals(300, ImageFiles.decodeGrey(ImageBombs.bmp(300, 200, 8, 1, 0), "bmp", Long.MAX_VALUE).grey().width());
        // The scan bomb is a progressive JPEG the JDK decodes (slowly), and the scans counted are its SOS markers.
        byte[] bomb = ImageBombs.progressiveScanBomb(50);
        assertEquals(6 + 50, ImageHeaders.jpegScans(bomb));
        assertEquals(1024, ImageFiles.decodeGrey(bomb, "jpeg", Long.MAX_VALUE).grey().width());
        assertEquals(6, ImageHeaders.jpegScans(Scans.jpeg(new java.awt.image.BufferedImage(64, 64,
                java.awt.image.BufferedImage.TYPE_BYTE_GRAY), 0.9f, true)), "the JDK's progressive grey JPEG");
        assertEquals(1, ImageHeaders.jpegScans(Scans.jpeg(ImageFilesTest.drawing(), 0.9f, false)), "a baseline JPEG");
    }

    @Test
    void scansAreCountedPastStuffedBytesRestartsAndFillBytes() {
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        jpeg.writeBytes(new byte[] {(byte) 0xff, (byte) 0xd8});                          // start of image
        jpeg.writeBytes(new byte[] {(byte) 0xff, (byte) 0xe0, 0, 4, (byte) 0xff, (byte) 0xda}); // APP0 whose data looks like SOS
        for (int scan = 0; scan < 3; scan++) {
            jpeg.writeBytes(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xda, 0, 3, 0}); // a fill byte, then SOS with a 1-byte header
            jpeg.writeBytes(new byte[] {1, (byte) 0xff, 0, 2, (byte) 0xff, (byte) 0xd3, 4});  // coded data, a stuffed 0xFF, a restart
        }
        jpeg.writeBytes(new byte[] {(byte) 0xff, (byte) 0xd9});
        assertEquals(3, ImageHeaders.jpegScans(jpeg.toByteArray()));
        byte[] cut = Arrays.copyOf(jpeg.toByteArray(), 14);
        assertEquals(1, ImageHeaders.jpegScans(cut), "a file cut in its first scan");
    }

    @Test
    void aBigImageIsHeldSubsampledThenAveragedAndPreparedAsInFull() {
        // A 6000 x 6000 grey photo of a test digit: 36 MB decoded, more than the 32 MB held, so every
        // other pixel of every other row is kept (3000 x 3000), then averaged by 3 x 3 to within the 2
        // megapixels prepared. The expectation: the same picture averaged in full (by 5 x 5).
        java.awt.image.BufferedImage page = Scans.photo(nndl.testing.TestMnist.mnist().test(), 3, 6000, 6000, 0.5, false);
        byte[] jpeg = Scans.jpeg(page, 0.9f, false);
        assertEquals(1000, ImageFiles.decodeGrey(jpeg, "photo", DigitPreprocessor.WORKING_PIXELS).grey().width());
        float[] subsampled = DigitPreprocessor.prepare(jpeg, "photo");
        float[] full = DigitPreprocessor.prepare(page);
        double difference = DigitPreprocessorTest.meanDifference(full, subsampled);
        assertTrue(difference < 0.01, "mean difference from the digit averaged in full: " + difference);
        assertEquals(2, ImageBudget.subsampling(6324, 6324, 3));
        assertEquals(1, ImageBudget.subsampling(4096, 8192, 1), "32 MB exactly");
        assertEquals(2, ImageBudget.subsampling(4097, 8192, 1));
    }
}
