package nndl.image.jpeg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import nndl.image.GreyImage;
import nndl.image.Scans;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Node;

/**
 * The block averages {@link JpegLuma} computes from DCT coefficients, against the same averages
 * taken of the JDK's full decode of the same file (its luma, pixel by pixel, averaged by
 * {@link GreyImage#of}): for the three reductions, grey and colour, each chroma sampling
 * cameras use, restart markers and sizes that are not whole blocks.
 */
public class JpegLumaTest {
    /**
     * A page with a big dark stroke, a gradient and grain, the kind of content a photo of a digit
     * has, with every level well inside 0–255, so that the full decode never clips a pixel.
     */
    public static BufferedImage photo(int width, int height, boolean colour, long seed) {
        BufferedImage image = new BufferedImage(width, height, colour ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = image.createGraphics();
        for (int x = 0; x < width; x += 8) {
            int v = 140 + 70 * x / width;
            g.setColor(colour ? new Color(v, v - 10, v - 40) : new Color(v, v, v));
            g.fillRect(x, 0, 8, height);
        }
        g.setColor(colour ? new Color(50, 60, 110) : new Color(50, 50, 50));
        g.setStroke(new java.awt.BasicStroke(width / 30f));
        g.drawOval(width / 4, height / 5, width / 2, height * 3 / 5);
        g.dispose();
        return Scans.grainy(image, 10, seed);
    }

    /** The JPEG the JDK writes, with the luma sampled hLuma × vLuma times the chroma and this restart interval. */
    public static byte[] jpeg(BufferedImage image, int hLuma, int vLuma, int restartInterval, boolean progressive) {
        return jpeg(image, hLuma, vLuma, restartInterval, progressive, 0.9f);
    }

    /** The same at this quality (0–1, as javax.imageio takes it). */
    public static byte[] jpeg(BufferedImage image, int hLuma, int vLuma, int restartInterval, boolean progressive, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            if (progressive) {
                param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            }
            IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), param);
            String format = "javax_imageio_jpeg_image_1.0";
            IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(format);
            IIOMetadataNode markers = (IIOMetadataNode) root.getElementsByTagName("markerSequence").item(0);
            IIOMetadataNode sof = (IIOMetadataNode) markers.getElementsByTagName("sof").item(0);
            Node first = sof.getFirstChild();
            if (sof.getChildNodes().getLength() == 3) {
                ((IIOMetadataNode) first).setAttribute("HsamplingFactor", Integer.toString(hLuma));
                ((IIOMetadataNode) first).setAttribute("VsamplingFactor", Integer.toString(vLuma));
                for (Node chroma = first.getNextSibling(); chroma != null; chroma = chroma.getNextSibling()) {
                    ((IIOMetadataNode) chroma).setAttribute("HsamplingFactor", "1");
                    ((IIOMetadataNode) chroma).setAttribute("VsamplingFactor", "1");
                }
            }
            if (restartInterval > 0) {
                IIOMetadataNode dri = new IIOMetadataNode("dri");
                dri.setAttribute("interval", Integer.toString(restartInterval));
                markers.insertBefore(dri, sof);
            }
            metadata.setFromTree(format, root);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
                writer.setOutput(out);
                writer.write(null, new IIOImage(image, null, metadata), param);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
    }

    /** The JDK's full decode of a JPEG to its luma, averaged by k × k blocks. */
    public static GreyImage fullDecode(byte[] jpeg, int k) {
        BufferedImage full = JpegBenchmark.jdkLuma(jpeg);
        return GreyImage.of(full, budget(full.getWidth(), full.getHeight(), k));
    }

    /**
     * Asserts the two images are the same size and their levels agree to within the full decode's
     * rounding: each of its pixels is rounded to a whole level by a fixed-point inverse DCT.
     */
    public static void assertClose(GreyImage expected, GreyImage actual, String what) {
        assertEquals(expected.width(), actual.width(), what + ": width");
        assertEquals(expected.height(), actual.height(), what + ": height");
        double sum = 0;
        double max = 0;
        String where = "";
        for (int i = 0; i < expected.lightness().length; i++) {
            double d = Math.abs(expected.lightness()[i] - actual.lightness()[i]) * 255;
            sum += d;
            if (d > max) {
                max = d;
                where = (i % expected.width()) + "," + (i / expected.width());
            }
        }
        double mean = sum / expected.lightness().length;
        assertTrue(mean < 0.3, what + ": mean difference " + mean + " grey levels");
        assertTrue(max < 1.5, what + ": largest difference " + max + " grey levels, at " + where + " of " + expected.width() + "x" + expected.height());
    }

    /** maxPixels that makes JpegLuma average a w × h image down by k. */
    public static long budget(int w, int h, int k) {
        return (long) Math.ceil(w / (double) k) * (long) Math.ceil(h / (double) k);
    }

    @Test
    void averagesAsTheFullDecodeForEachReductionAndSampling() {
        int w = 517;
        int h = 389; // neither a whole number of blocks nor of 16-pixel units
        BufferedImage colour = photo(w, h, true, 1);
        int[][] samplings = {{2, 2}, {2, 1}, {1, 1}, {1, 2}};
        for (int[] s : samplings) {
            byte[] file = jpeg(colour, s[0], s[1], 0, false);
            for (int k : new int[] {2, 4, 8}) {
                GreyImage fast = JpegLuma.decode(file, budget(w, h, k), Integer.MAX_VALUE, Long.MAX_VALUE);
                assertNotNull(fast, "sampling " + s[0] + "x" + s[1] + ", by " + k);
                assertClose(fullDecode(file, k), fast, "sampling " + s[0] + "x" + s[1] + ", by " + k);
            }
        }
    }

    @Test
    void averagesDownByTheMostThatKeepsTheShorterSide() {
        byte[] file = jpeg(photo(1600, 1200, false, 3), 1, 1, 0, false);
        assertEquals(400, JpegLuma.decode(file, 1_000_000, 300, Long.MAX_VALUE).width(), "by 4: by 8 leaves 150 rows");
        assertEquals(200, JpegLuma.decode(file, 1_000_000, 150, Long.MAX_VALUE).width(), "by 8");
        assertEquals(800, JpegLuma.decode(file, 1_000_000, 5000, Long.MAX_VALUE).width(), "no reduction keeps 5000: the least within the pixels");
        assertEquals(400, JpegLuma.decode(file, 400 * 300, 5000, Long.MAX_VALUE).width(), "the least within the pixels");
    }

    @Test
    void readsProgressiveJpegs() {
        // The JDK writes libjpeg's standard progression: DC first and refined a bit at a time,
        // then AC bands for each component, first scans and refining ones. By 2 and 4 every
        // scan is read, by 8 the DC scans alone; the images' edges cut blocks, except for the
        // DC-only reading, whose edge averages take in the blocks' padding.
        byte[] colour = jpeg(photo(517, 389, true, 12), 2, 2, 0, true);
        assertTrue(indexOfMarker(colour, 0xc2) > 0, "a progressive frame");
        byte[] grey = jpeg(photo(517, 389, false, 13), 1, 1, 0, true);
        byte[] restarts = jpeg(photo(517, 389, true, 14), 2, 1, 9, true);
        assertTrue(indexOfMarker(restarts, 0xd0) > 0, "restart markers");
        for (int k : new int[] {2, 4}) {
            assertClose(fullDecode(colour, k), JpegLuma.decode(colour, budget(517, 389, k), Integer.MAX_VALUE, Long.MAX_VALUE), "colour, by " + k);
            assertClose(fullDecode(grey, k), JpegLuma.decode(grey, budget(517, 389, k), Integer.MAX_VALUE, Long.MAX_VALUE), "grey, by " + k);
            assertClose(fullDecode(restarts, k), JpegLuma.decode(restarts, budget(517, 389, k), Integer.MAX_VALUE, Long.MAX_VALUE), "restarts, by " + k);
        }
        byte[] whole = jpeg(photo(520, 392, true, 15), 2, 2, 0, true);
        assertClose(fullDecode(whole, 8), JpegLuma.decode(whole, budget(520, 392, 8), Integer.MAX_VALUE, Long.MAX_VALUE), "DC alone, by 8");
        // Whatever its size, a progressive JPEG is read by the most of 8 (from its DC alone), 4 and
        // 2 that keeps a quarter of the shorter side asked for; if none does, as a sequential one.
        assertEquals(65, JpegLuma.decode(whole, 1_000_000, 196, Long.MAX_VALUE).width(), "by 8: 49 rows keep a quarter of 196");
        assertEquals(130, JpegLuma.decode(whole, 1_000_000, 200, Long.MAX_VALUE).width(), "by 4: 49 rows would not keep 50, 98 do");
        assertEquals(260, JpegLuma.decode(whole, 1_000_000, 400, Long.MAX_VALUE).width(), "by 2: 196 rows keep 100");
        assertNull(JpegLuma.decode(whole, 1_000_000, 1000, Long.MAX_VALUE), "196 rows would not keep 250, and it is small: decoded in full");
    }

    @Test
    void readsGreyJpegs() {
        BufferedImage grey = photo(300, 200, false, 2);
        byte[] file = jpeg(grey, 1, 1, 0, false);
        for (int k : new int[] {2, 4, 8}) {
            assertClose(fullDecode(file, k), JpegLuma.decode(file, budget(300, 200, k), Integer.MAX_VALUE, Long.MAX_VALUE), "grey, by " + k);
        }
    }

    @Test
    void restartsItsPredictionsAtRestartMarkers() {
        BufferedImage colour = photo(400, 300, true, 3);
        for (int interval : new int[] {1, 7, 25}) {
            byte[] file = jpeg(colour, 2, 2, interval, false);
            assertTrue(indexOfMarker(file, 0xd1) > 0, "the file has restart markers");
            assertClose(fullDecode(file, 4), JpegLuma.decode(file, budget(400, 300, 4), Integer.MAX_VALUE, Long.MAX_VALUE), "restart interval " + interval);
        }
    }

    @Test
    void leavesToTheFullDecoderWhatItDoesNotRead() {
        // (Arithmetic coding, lossless and 12-bit JPEGs are what else is left to it; the JDK writes none of them.)
        BufferedImage colour = photo(240, 160, true, 4);
        assertNull(JpegLuma.decode(jpeg(colour, 2, 2, 0, false), 240 * 160, Integer.MAX_VALUE, Long.MAX_VALUE), "small enough to decode in full");
        assertNull(JpegLuma.decode(Scans.encode(colour, "png"), 1000, Integer.MAX_VALUE, Long.MAX_VALUE), "not a JPEG");
        byte[] file = jpeg(colour, 2, 2, 0, false);
        assertNull(JpegLuma.decode(Arrays.copyOf(file, file.length / 2), 1000, Integer.MAX_VALUE, Long.MAX_VALUE), "truncated");
        assertNull(JpegLuma.decode(Arrays.copyOf(file, file.length - 2), 1000, Integer.MAX_VALUE, Long.MAX_VALUE), "no end-of-image marker");
        byte[] twelveBit = file.clone();
        twelveBit[indexOfMarker(file, 0xc0) + 4] = 12;
        assertNull(JpegLuma.decode(twelveBit, 1000, Integer.MAX_VALUE, Long.MAX_VALUE), "12-bit samples");
        assertNull(JpegLuma.decode(file, 1000, Integer.MAX_VALUE, 240 * 160 - 1), "more pixels than the largest image read");
    }

    @Test
    void damagedDataGivesNullOrAnImageNeverAnException() {
        BufferedImage colour = photo(160, 120, true, 5);
        byte[][] files = {jpeg(colour, 2, 2, 4, false), jpeg(colour, 2, 2, 0, true)};
        Random random = new Random(6);
        for (byte[] file : files) {
            int images = 0;
            for (int trial = 0; trial < 3000; trial++) {
                byte[] damaged = file.clone();
                for (int n = 1 + random.nextInt(4); n > 0; n--) {
                    damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
                }
                GreyImage image = JpegLuma.decode(damaged, 1000, Integer.MAX_VALUE, Long.MAX_VALUE);
                if (image != null) {
                    images++;
                    assertEquals(20 * 15, image.lightness().length);
                }
            }
            assertTrue(images > 0 && images < 3000, images + " of the damaged files gave an image");
        }
    }

    @Test
    void theSecondHalfDecodedByAHelperGivesTheSameBitsAsOneThread() {
        // Big enough to be split (a noisy 3-megapixel photo: about 1 MB of coded data), in whole
        // blocks, so that the helper starts mid-scan and must fall into step.
        byte[] file = jpeg(photo(2048, 1536, true, 7), 2, 2, 0, false);
        for (int k : new int[] {2, 4, 8}) {
            long before = SecondHalf.TAKEN_IN.get();
            GreyImage split = JpegLuma.decode(file, budget(2048, 1536, k), Integer.MAX_VALUE, Long.MAX_VALUE, JpegLuma.Split.AWAIT_HELPER);
            assertTrue(SecondHalf.TAKEN_IN.get() - before > 2048 / 16 * 1536 / 16 / 4,
                    "by " + k + ": the helper decoded a good part of the units");
            GreyImage alone = JpegLuma.decode(file, budget(2048, 1536, k), Integer.MAX_VALUE, Long.MAX_VALUE, JpegLuma.Split.NONE);
            assertArrayEquals(alone.lightness(), split.lightness(), "by " + k);
        }
        // With restart markers the helper starts at the middle one, and the image's edge may cut blocks.
        byte[] restarts = jpeg(photo(2043, 1533, true, 8), 2, 2, 50, false);
        long before = SecondHalf.TAKEN_IN.get();
        GreyImage split = JpegLuma.decode(restarts, budget(2043, 1533, 4), Integer.MAX_VALUE, Long.MAX_VALUE, JpegLuma.Split.AWAIT_HELPER);
        assertTrue(SecondHalf.TAKEN_IN.get() - before > 2048 / 16 * 1536 / 16 / 4, "restarts: the helper decoded units");
        assertArrayEquals(JpegLuma.decode(restarts, budget(2043, 1533, 4), Integer.MAX_VALUE, Long.MAX_VALUE, JpegLuma.Split.NONE).lightness(), split.lightness(), "restarts");
        assertClose(fullDecode(restarts, 4), split, "restarts, against the full decode");
    }

    @Test
    void manyThreadsReadingAtOnceShareTheHelperAndGetTheSameBits() throws Exception {
        // As the server does with 8 clients: each read may get the one helper thread, or find it busy.
        byte[] file = jpeg(photo(2048, 1536, true, 11), 2, 2, 0, false);
        long budget = budget(2048, 1536, 4);
        float[] alone = JpegLuma.decode(file, budget, Integer.MAX_VALUE, Long.MAX_VALUE, JpegLuma.Split.NONE).lightness();
        ExecutorService clients = Executors.newFixedThreadPool(6);
        try {
            List<Future<float[]>> reads = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                reads.add(clients.submit(() -> JpegLuma.decode(file, budget, Integer.MAX_VALUE, Long.MAX_VALUE).lightness()));
            }
            for (Future<float[]> read : reads) {
                assertArrayEquals(alone, read.get());
            }
        } finally {
            clients.shutdown();
        }
    }

    @Test
    void damageGivesTheSameWithAHelperAsWithout() {
        byte[] file = jpeg(photo(2048, 1536, true, 9), 2, 2, 0, false);
        int start = indexOfMarker(file, 0xda);
        Random random = new Random(10);
        int images = 0;
        long before = SecondHalf.TAKEN_IN.get();
        for (int trial = 0; trial < 20; trial++) {
            byte[] damaged = file.clone();
            // Damage in the second half of the coded data, where the helper works.
            int at = start + (file.length - start) / 2 + random.nextInt((file.length - start) / 2 - 40);
            if (trial % 2 == 0) {
                damaged[at] = (byte) random.nextInt(256); // a changed byte: mostly still decodable
            } else {
                for (int i = 0; i < 32; i += 2) { // a run of one-bits (stuffed 0xFF bytes): no valid code
                    damaged[at + i] = (byte) 0xff;
                    damaged[at + i + 1] = 0;
                }
            }
            GreyImage alone = JpegLuma.decode(damaged, budget(2048, 1536, 4), Integer.MAX_VALUE, Long.MAX_VALUE, JpegLuma.Split.NONE);
            GreyImage split = JpegLuma.decode(damaged, budget(2048, 1536, 4), Integer.MAX_VALUE, Long.MAX_VALUE, JpegLuma.Split.AWAIT_HELPER);
            if (alone == null) {
                assertNull(split, "trial " + trial);
            } else {
                images++;
                assertArrayEquals(alone.lightness(), split.lightness(), "trial " + trial);
            }
        }
        // Both outcomes happened, and the helper's units were taken in: the comparison has bite.
        assertTrue(images > 0 && images < 20, images + " of 20 damaged files gave an image");
        assertTrue(SecondHalf.TAKEN_IN.get() > before, "the helper's units were used");
    }

    /** Where a marker (0xFF, code) first appears in a file, or −1. */
    public static int indexOfMarker(byte[] file, int code) {
        for (int i = 0; i + 1 < file.length; i++) {
            if (file[i] == (byte) 0xff && (file[i + 1] & 0xff) == code) {
                return i;
            }
        }
        return -1;
    }
}
