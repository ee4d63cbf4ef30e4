package nndl.image.jpeg;

import static nndl.image.jpeg.NotHandled.require;

import java.util.Arrays;
import nndl.image.GreyImage;

/**
 * The grey levels of a big JPEG photo, decoded straight to block averages at 1/2, 1/4 or 1/8 of
 * its size. A JPEG stores its luma (Y, the very grey {@link GreyImage} computes) in 8 × 8 blocks,
 * each as 64 DCT coefficients, and the average of a block's pixels over a 4 × 4 or 2 × 2 part of
 * it, or over all of it, is a fixed weighted sum of those coefficients: the inverse DCT averaged
 * over the part. So the averaged-down image comes without any inverse DCT, without the colour
 * (the Cb and Cr blocks are decoded only to be skipped), and most coefficients need no more than
 * their Huffman code read past. The JDK's full decode of a 12-megapixel phone photo followed by
 * averaging takes twice as long as this on one thread, and 3.4 times as long as this with the
 * second half of the data on a second core ({@link SecondHalf}; {@code JpegBenchmark}).
 *
 * <p>Reads baseline, extended sequential and progressive JPEGs with Huffman coding and 8-bit
 * samples, grey or YCbCr (what cameras, phones and web pages write), with or without restart
 * markers. For anything else (arithmetic coding, lossless, 12-bit, CMYK or RGB, damaged or
 * truncated data) {@link #decode} gives null, and the caller decodes the file in full, whose
 * decoder then says what is wrong.
 *
 * <p>The averages are of the inverse DCT before it is rounded and clipped to 0–255, so they can
 * differ from averages of fully decoded pixels by a fraction of a grey level, and by more only
 * next to pixels the full decode clips.
 */
public final class JpegLuma {
    private final byte[] jpeg;
    private int at;
    private final int[][] quantization = new int[4][];
    private final Huffman[] dcTables = new Huffman[4];
    private final Huffman[] acTables = new Huffman[4];
    // What the frame's header says, read by the scan's decoder.
    int restartInterval;
    int width;
    int height;
    private Component[] components;
    int maxH;
    int maxV;
    /** Units of blocks (MCUs) across and down, when all components are interleaved. */
    int mcusPerLine;
    int mcuRows;
    private boolean adobeRgb;
    private boolean progressive;
    private ProgressiveLuma progressiveLuma;
    /** The luma's quantization table as its first scan found it. */
    private int[] lumaQuantization;
    Split split;

    private JpegLuma(byte[] jpeg) {
        this.jpeg = jpeg;
    }

    /**
     * A JPEG's grey levels averaged down by 2, 4 or 8: the most of them that leaves at most
     * {@code maxPixels} and a shorter side of at least {@code minSide}, or if none does, the least
     * that leaves at most {@code maxPixels} (a progressive JPEG's differ: see {@link #averages}).
     * Null when a sequential JPEG has {@code maxPixels} or fewer already (it is better decoded in
     * full), when the image has more than {@code largest}, or is not one this class reads.
     */
    public static GreyImage decode(byte[] jpeg, long maxPixels, int minSide, long largest) {
        return decode(jpeg, maxPixels, minSide, largest, Split.HELPER);
    }

    /** How a big scan is decoded: by one thread, or with a {@link SecondHalf} helper that the caller meets as it comes or waits for (for tests). */
    enum Split {
        NONE, HELPER, AWAIT_HELPER
    }

    /** The same, with a big scan's second half decoded by a helper thread as {@code split} says. */
    static GreyImage decode(byte[] jpeg, long maxPixels, int minSide, long largest, Split split) {
        try {
            JpegLuma decoder = new JpegLuma(jpeg);
            decoder.split = split;
            return decoder.luma(maxPixels, minSide, largest);
        } catch (NotHandled e) {
            return null;
        }
    }

    private GreyImage luma(long maxPixels, int minSide, long largest) throws NotHandled {
        require(u8() == 0xff && u8() == 0xd8);
        Averages out = null;
        while (true) {
            int marker = nextMarker();
            switch (marker) {
                case 0xc0, 0xc1, 0xc2 -> {
                    progressive = marker == 0xc2;
                    frame();
                    out = averages(maxPixels, minSide, largest);
                    if (out == null) {
                        return null;
                    }
                    if (progressive) {
                        progressiveLuma = new ProgressiveLuma(this, out.parts == 1);
                    }
                }
                case 0xc4 -> huffmanTables();
                case 0xdb -> quantizationTables();
                case 0xdd -> {
                    require(u16() == 4);
                    restartInterval = u16();
                }
                case 0xee -> adobe();
                case 0xda -> {
                    require(out != null);
                    scan(out);
                }
                case 0xd9 -> {
                    require(out != null && lumaQuantization != null);
                    if (progressive) {
                        progressiveLuma.averages(new Weights(out.parts, width, height, lumaQuantization), out);
                    }
                    return out.image();
                }
                default -> {
                    // Application data and comments are skipped; any other marker (lossless or
                    // arithmetic-coded frames, ...) is not for this decoder.
                    require(marker >= 0xe0 && marker <= 0xef || marker == 0xfe);
                    skip();
                }
            }
        }
    }

    /**
     * How far the image is averaged down, or null for the full decoder. A sequential JPEG: if it
     * has more than maxPixels, by the most of 2, 4 and 8 that leaves at most maxPixels and a
     * shorter side of at least minSide (or the least that leaves at most maxPixels). A
     * progressive JPEG, whatever its size, as reading one finely costs several times as much (on
     * the full decoder too): by the most of 8, 4 and 2 that keeps a quarter of minSide, by 8 from
     * its DC scans alone (a tenth of the time reading all its scans takes); if none does, as a
     * sequential one.
     */
    private Averages averages(long maxPixels, int minSide, long largest) throws NotHandled {
        long pixels = (long) width * height;
        if (pixels > largest) {
            return null;
        }
        if (progressive) {
            for (int parts = 1; parts <= 4; parts *= 2) {
                long w = ((long) width * parts + 7) / 8;
                long h = ((long) height * parts + 7) / 8;
                if (w * h <= maxPixels && Math.min(w, h) >= minSide / 4) {
                    return Averages.of(width, height, parts);
                }
            }
        }
        return pixels <= maxPixels ? null : Averages.of(width, height, maxPixels, minSide);
    }

    /** Start of frame: size, components and their sampling; 8-bit grey or three-component YCbCr only. */
    private void frame() throws NotHandled {
        require(components == null);
        int length = u16();
        require(u8() == 8);
        height = u16();
        width = u16();
        int n = u8();
        require(height > 0 && width > 0 && (n == 1 || n == 3) && length == 8 + 3 * n);
        components = new Component[n];
        for (int i = 0; i < n; i++) {
            int id = u8();
            int hv = u8();
            int q = u8();
            require(q < 4 && (hv >> 4) >= 1 && (hv >> 4) <= 4 && (hv & 15) >= 1 && (hv & 15) <= 4);
            components[i] = new Component(id, hv >> 4, hv & 15, q);
            maxH = Math.max(maxH, hv >> 4);
            maxV = Math.max(maxV, hv & 15);
        }
        // The luma is the first component; it must be sampled at full size. A three-component
        // JPEG is YCbCr unless an Adobe segment or the components' names say RGB.
        require(components[0].h == maxH && components[0].v == maxV);
        require(n == 1 || components[0].h * components[0].v + components[1].h * components[1].v
                + components[2].h * components[2].v <= 10); // blocks in a unit of data, JPEG's B.2.3
        require(n == 1 || !(adobeRgb || components[0].id == 'R' && components[1].id == 'G' && components[2].id == 'B'));
        mcusPerLine = ceilDiv(width, 8 * maxH);
        mcuRows = ceilDiv(height, 8 * maxV);
    }

    /** Adobe's APP14 segment, whose transform flag 0 says a three-component JPEG holds RGB, not YCbCr. */
    private void adobe() throws NotHandled {
        int end = segmentEnd();
        if (end - at >= 12 && jpeg[at] == 'A' && jpeg[at + 1] == 'd' && jpeg[at + 2] == 'o' && jpeg[at + 3] == 'b' && jpeg[at + 4] == 'e') {
            adobeRgb = jpeg[at + 11] == 0;
        }
        at = end;
    }

    private void quantizationTables() throws NotHandled {
        int end = segmentEnd();
        while (at < end) {
            int pq = u8();
            require((pq & 15) < 4 && (pq >> 4) <= 1);
            int[] table = new int[64];
            for (int k = 0; k < 64; k++) {
                table[k] = (pq >> 4) == 0 ? u8() : u16();
            }
            quantization[pq & 15] = table;
        }
        require(at == end);
    }

    private void huffmanTables() throws NotHandled {
        int end = segmentEnd();
        while (at < end) {
            int tc = u8();
            require((tc & 15) < 4 && (tc >> 4) <= 1);
            int[] counts = new int[17];
            int total = 0;
            for (int length = 1; length <= 16; length++) {
                counts[length] = u8();
                total += counts[length];
            }
            require(total <= 256 && at + total <= end);
            byte[] symbols = Arrays.copyOfRange(jpeg, at, at + total);
            at += total;
            (tc >> 4 == 0 ? dcTables : acTables)[tc & 15] = Huffman.of(counts, symbols, tc >> 4 == 0);
        }
        require(at == end);
    }

    /** A scan: its header, then its entropy-coded data, averaged into {@code out} if it holds the luma. */
    private void scan(Averages out) throws NotHandled {
        require(components != null);
        int length = u16();
        int n = u8();
        require(n >= 1 && n <= components.length && length == 6 + 2 * n);
        Component[] inScan = new Component[n];
        for (int i = 0; i < n; i++) {
            int id = u8();
            int tables = u8();
            for (Component c : components) {
                if (c.id == id) {
                    inScan[i] = c;
                }
            }
            require(inScan[i] != null && (tables & 0xcc) == 0);
            inScan[i].dc = dcTables[tables >> 4];
            inScan[i].ac = acTables[tables & 15];
        }
        int ss = u8();
        int se = u8();
        int approximation = u8();
        // The tables a scan uses must be there: a sequential scan's both, a progressive one's DC
        // table for a first DC scan (a refining one reads bare bits), its AC table for an AC band.
        for (Component c : inScan) {
            require(c.dc != null || progressive && (ss > 0 || approximation >> 4 != 0));
            require(c.ac != null || progressive && ss == 0);
        }
        boolean lumaIn = inScan[0] == components[0];
        if (lumaIn && lumaQuantization == null) {
            lumaQuantization = quantization[components[0].quantizationTable];
            require(lumaQuantization != null);
        } else {
            require(!lumaIn || progressive); // a sequential JPEG's luma comes in one scan
        }
        if (progressive && !progressiveLuma.wants(ss, lumaIn)) {
            at = EntropyData.end(jpeg, at); // passed over unread
            return;
        }
        EntropyData data = EntropyData.from(jpeg, at);
        at = data.end();
        if (progressive) {
            progressiveLuma.scan(inScan, lumaIn, ss, se, approximation >> 4, approximation & 15, data);
        } else {
            require(ss == 0 && se == 63 && approximation == 0); // all 64 coefficients, full precision
            if (lumaIn) {
                new ScanDecoder(this, inScan, data, out, lumaQuantization).run();
            }
        }
    }

    /** The marker at the reader's place (after any fill bytes). */
    private int nextMarker() throws NotHandled {
        require(u8() == 0xff);
        int marker = u8();
        while (marker == 0xff) {
            marker = u8();
        }
        return marker;
    }

    /** Skips a segment. */
    private void skip() throws NotHandled {
        at = segmentEnd();
    }

    /** Reads a segment's length (which counts its own two bytes) and gives where the segment ends. */
    private int segmentEnd() throws NotHandled {
        int start = at;
        int end = start + u16();
        require(end >= start + 2 && end <= jpeg.length);
        return end;
    }

    private int u8() throws NotHandled {
        require(at < jpeg.length);
        return jpeg[at++] & 0xff;
    }

    private int u16() throws NotHandled {
        return u8() << 8 | u8();
    }

    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
