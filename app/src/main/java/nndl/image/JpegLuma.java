package nndl.image;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The grey levels of a big JPEG photo, decoded straight to block averages at 1/2, 1/4 or 1/8 of
 * its size. A JPEG stores its luma (Y, the very grey {@link GreyImage} computes) in 8 × 8 blocks,
 * each as 64 DCT coefficients, and the average of a block's pixels over a 4 × 4 or 2 × 2 part of
 * it, or over all of it, is a fixed weighted sum of those coefficients: the inverse DCT averaged
 * over the part. So the averaged-down image comes without any inverse DCT, without the colour
 * (the Cb and Cr blocks are decoded only to be skipped), and most coefficients need no more than
 * their Huffman code read past. A full decode of a 12-megapixel phone photo followed by
 * averaging takes two to three times as long.
 *
 * <p>Reads baseline and extended sequential JPEGs with Huffman coding and 8-bit samples, grey or
 * YCbCr (what cameras and phones write), with or without restart markers. For anything else
 * (progressive, arithmetic coding, 12-bit, CMYK or RGB, damaged or truncated data) {@link #decode}
 * gives null, and the caller decodes the file in full, whose decoder then says what is wrong.
 *
 * <p>The averages are of the inverse DCT before it is rounded and clipped to 0–255, so they can
 * differ from averages of fully decoded pixels by a fraction of a grey level, and by more only
 * next to pixels the full decode clips.
 */
final class JpegLuma {
    /** Image parts per block side we average to: 4 (half size), 2 (quarter) or 1 (an eighth). */
    private static final int[] PARTS = {4, 2, 1};
    /**
     * Zero bytes after the entropy-coded data: reading 8 bytes ahead never runs off the end, nor
     * do codes in damaged data within the one unit of blocks (at most 10 blocks of 64 codes of at
     * most 27 bits: 2,160 bytes) decoded before the check that the data has not been overrun.
     */
    private static final int PADDING = 4096;
    /** Zigzag order: the k-th coefficient of a block as stored is at row NATURAL[k] / 8, column NATURAL[k] % 8. */
    private static final int[] NATURAL = {
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5,
        12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
        35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51,
        58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
    };
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    /** Thrown inside the decoder for a JPEG it does not read; {@link #decode} turns it into null. */
    private static final class NotHandled extends Exception {
        NotHandled() {
            super(null, null, false, false);
        }
    }

    private static final NotHandled NOT_HANDLED = new NotHandled();

    private final byte[] jpeg;
    private int at;
    private final int[][] quantization = new int[4][];
    private final Huffman[] dcTables = new Huffman[4];
    private final Huffman[] acTables = new Huffman[4];
    private int restartInterval;
    private int width;
    private int height;
    private Component[] components;
    private int maxH;
    private int maxV;
    private boolean adobeRgb;
    private Split split;

    /** One colour component of the frame: its id, sampling factors and tables. */
    private static final class Component {
        final int id;
        final int h;
        final int v;
        final int quantizationTable;
        Huffman dc;
        Huffman ac;

        Component(int id, int h, int v, int quantizationTable) {
            this.id = id;
            this.h = h;
            this.v = v;
            this.quantizationTable = quantizationTable;
        }
    }

    private JpegLuma(byte[] jpeg) {
        this.jpeg = jpeg;
    }

    /**
     * A JPEG's grey levels averaged down by 2, 4 or 8: the most of them that leaves at most
     * {@code maxPixels} and a shorter side of at least {@code minSide}, or if none does, the least
     * that leaves at most {@code maxPixels}. Null when the image has {@code maxPixels} or fewer
     * already (it is better decoded in full), has more than {@code largest}, or is not one this
     * class reads.
     */
    static GreyImage decode(byte[] jpeg, long maxPixels, int minSide, long largest) {
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
        Output out = null;
        while (true) {
            int marker = nextMarker();
            switch (marker) {
                case 0xc0, 0xc1 -> {
                    frame();
                    if ((long) width * height <= maxPixels || (long) width * height > largest) {
                        return null;
                    }
                    out = Output.of(width, height, maxPixels, minSide);
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
                    require(out != null && out.done);
                    return out.image();
                }
                default -> {
                    // Application data and comments are skipped; any other marker (progressive,
                    // lossless or arithmetic-coded frames, ...) is not for this decoder.
                    require(marker >= 0xe0 && marker <= 0xef || marker == 0xfe);
                    skip();
                }
            }
        }
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
    }

    /** Adobe's APP14 segment, whose transform flag 0 says a three-component JPEG holds RGB, not YCbCr. */
    private void adobe() throws NotHandled {
        int end = at + u16();
        require(end <= jpeg.length);
        if (end - at >= 12 && jpeg[at] == 'A' && jpeg[at + 1] == 'd' && jpeg[at + 2] == 'o' && jpeg[at + 3] == 'b' && jpeg[at + 4] == 'e') {
            adobeRgb = jpeg[at + 11] == 0;
        }
        at = end;
    }

    private void quantizationTables() throws NotHandled {
        int end = at + u16();
        require(end <= jpeg.length);
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
        int end = at + u16();
        require(end <= jpeg.length);
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
    private void scan(Output out) throws NotHandled {
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
            require(inScan[i] != null && dcTables[tables >> 4 & 3] != null && acTables[tables & 3] != null && (tables & 0xcc) == 0);
            inScan[i].dc = dcTables[tables >> 4];
            inScan[i].ac = acTables[tables & 15];
        }
        require(u8() == 0 && u8() == 63 && u8() == 0); // a sequential scan: all 64 coefficients, full precision
        EntropyData data = EntropyData.from(jpeg, at);
        at = data.end;
        if (inScan[0] == components[0]) {
            require(!out.done && quantization[components[0].quantizationTable] != null);
            new ScanDecoder(this, inScan, data, out, quantization[components[0].quantizationTable]).run();
            out.done = true;
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

    private void skip() throws NotHandled {
        int length = u16();
        require(length >= 2 && at + length - 2 <= jpeg.length);
        at += length - 2;
    }

    private int u8() throws NotHandled {
        require(at < jpeg.length);
        return jpeg[at++] & 0xff;
    }

    private int u16() throws NotHandled {
        return u8() << 8 | u8();
    }

    private static void require(boolean condition) throws NotHandled {
        if (!condition) {
            throw NOT_HANDLED;
        }
    }

    /**
     * A scan's entropy-coded data with the byte stuffing taken out (0xFF 0x00 → 0xFF), cut into
     * its restart intervals: the segments between RSTn markers, each starting on a byte.
     */
    private record EntropyData(byte[] bytes, int[] segmentStarts, int segments, int end) {
        static EntropyData from(byte[] jpeg, int start) throws NotHandled {
            byte[] bytes = new byte[jpeg.length - start + PADDING];
            int[] starts = new int[16];
            int segments = 1;
            int n = 0;
            int i = start;
            while (true) {
                int ff = indexOfFf(jpeg, i);
                require(ff >= 0); // no marker ends the data: the file is truncated
                System.arraycopy(jpeg, i, bytes, n, ff - i);
                n += ff - i;
                require(ff + 1 < jpeg.length);
                int next = jpeg[ff + 1] & 0xff;
                if (next == 0) {
                    bytes[n++] = (byte) 0xff;
                    i = ff + 2;
                } else if (next >= 0xd0 && next <= 0xd7) {
                    require(next - 0xd0 == (segments - 1 & 7));
                    if (segments == starts.length) {
                        starts = Arrays.copyOf(starts, 2 * segments);
                    }
                    starts[segments++] = n;
                    i = ff + 2;
                } else if (next == 0xff) {
                    i = ff + 1; // a fill byte before a marker
                } else {
                    starts = Arrays.copyOf(starts, segments + 1);
                    starts[segments] = n; // where the last segment ends
                    return new EntropyData(bytes, starts, segments, ff);
                }
            }
        }

        /** The first 0xFF byte at or after {@code from}, or −1: eight bytes at a time, as a 0xFF byte is rare. */
        private static int indexOfFf(byte[] a, int from) {
            int i = from;
            for (; i + 8 <= a.length; i += 8) {
                long eight = (long) LONGS.get(a, i);
                // Each byte's top bit set exactly when the byte is 0xFF (a zero byte of ~eight; no
                // carry crosses bytes, as (b & 0x7F) + 0x7F ≤ 0xFE).
                long x = ~eight;
                long low = 0x7f7f7f7f7f7f7f7fL;
                long ff = ~((x & low) + low | x | low);
                if (ff != 0) {
                    return i + Long.numberOfLeadingZeros(ff) / 8;
                }
            }
            for (; i < a.length; i++) {
                if (a[i] == (byte) 0xff) {
                    return i;
                }
            }
            return -1;
        }
    }

    /** The averaged-down luma being filled in: {@code parts} × {@code parts} averages per 8 × 8 block. */
    private static final class Output {
        final int parts;
        final int width;
        final int height;
        final float[] sum;
        boolean done;

        private Output(int parts, int width, int height) {
            this.parts = parts;
            this.width = width;
            this.height = height;
            this.sum = new float[width * height];
        }

        /**
         * The output for an image averaged down by the most of 2, 4 and 8 that leaves at most
         * maxPixels and a shorter side of at least minSide, or if none does, by the least that
         * leaves at most maxPixels.
         */
        static Output of(int imageWidth, int imageHeight, long maxPixels, int minSide) throws NotHandled {
            int chosen = 0;
            for (int parts : PARTS) {
                long w = ((long) imageWidth * parts + 7) / 8;
                long h = ((long) imageHeight * parts + 7) / 8;
                if (w * h <= maxPixels && (chosen == 0 || Math.min(w, h) >= minSide)) {
                    chosen = parts;
                }
            }
            require(chosen > 0);
            return new Output(chosen, (imageWidth * chosen + 7) / 8, (imageHeight * chosen + 7) / 8);
        }

        /** Stores a block's averages (centred on 0, as the DCT has them) at block column bx, row by. */
        void put(float[] block, int bx, int by) {
            int x0 = bx * parts;
            int y0 = by * parts;
            int columns = Math.min(parts, width - x0);
            int rows = Math.min(parts, height - y0);
            for (int y = 0; y < rows; y++) {
                for (int x = 0; x < columns; x++) {
                    sum[(y0 + y) * width + x0 + x] = block[y * parts + x];
                }
            }
        }

        GreyImage image() {
            float[] lightness = new float[sum.length];
            for (int i = 0; i < lightness.length; i++) {
                lightness[i] = Math.max(0f, Math.min(1f, (sum[i] + 128f) / 255f));
            }
            return new GreyImage(width, height, lightness);
        }
    }

    /**
     * A canonical Huffman table (JPEG Annex C) with two lookup tables indexed by the next
     * {@link #FAST} bits of the data, for codes of up to FAST bits; 0 in either means a longer
     * code, found by {@link #slow}. In {@link #decode}, an entry packs the code's length (bits
     * 0–4), its symbol (bits 5–12) and, when the value bits after the code fit in the FAST bits
     * too, {@link #COMPLETE} with the value (bits 16–31) and the length of both. In {@link #skip},
     * an entry packs the length of the code and its value bits together, and the symbol.
     */
    static final class Huffman {
        static final int FAST = 12;
        static final int COMPLETE = 1 << 13;
        final int[] decode = new int[1 << FAST];
        final int[] skip = new int[1 << FAST];
        /** For each code length, the first code and where its symbols start in {@link #symbols}. */
        private final int[] firstCode = new int[17];
        private final int[] firstIndex = new int[17];
        private final int[] counts;
        private final byte[] symbols;

        private Huffman(int[] counts, byte[] symbols) {
            this.counts = counts;
            this.symbols = symbols;
        }

        static Huffman of(int[] counts, byte[] symbols, boolean dc) throws NotHandled {
            Huffman table = new Huffman(counts, symbols);
            int code = 0;
            int index = 0;
            for (int length = 1; length <= 16; length++) {
                table.firstCode[length] = code;
                table.firstIndex[length] = index;
                for (int i = 0; i < counts[length]; i++, code++, index++) {
                    int symbol = symbols[index] & 0xff;
                    require(dc ? symbol <= 11 : (symbol & 15) <= 10);
                    if (length <= FAST) {
                        table.fill(code, length, symbol);
                    }
                }
                require(code <= 1 << length);
                code <<= 1;
            }
            return table;
        }

        private void fill(int code, int length, int symbol) {
            int size = symbol & 15;
            int free = FAST - length;
            for (int rest = 0; rest < 1 << free; rest++) {
                int entry = length | symbol << 5;
                if (length + size <= FAST) {
                    int bits = rest >>> (free - size) & (1 << size) - 1;
                    entry = (length + size) | symbol << 5 | COMPLETE | extend(bits, size) << 16;
                }
                decode[code << free | rest] = entry;
                skip[code << free | rest] = (length + size) | symbol << 5;
            }
        }

        /** The value of {@code size} bits after a code (JPEG's EXTEND, F.2.2.1: a leading 0 bit means negative). */
        static int extend(int bits, int size) {
            return size == 0 || bits >= 1 << (size - 1) ? bits : bits - (1 << size) + 1;
        }

        /**
         * The complete entry (length of code and value bits, symbol, value) for the code at the top
         * of {@code bits} (at least 27 of them), whose fast entry is not complete: a code longer than
         * FAST bits, or value bits that run past them.
         */
        int complete(int entry, long bits) throws NotHandled {
            if (entry == 0) {
                entry = slow(bits);
            }
            int length = entry & 31;
            int symbol = entry >>> 5 & 0xff;
            int size = symbol & 15;
            int value = size == 0 ? 0 : extend((int) (bits << length >>> (64 - size)), size);
            return (length + size) | symbol << 5 | COMPLETE | value << 16;
        }

        /** The code's length and symbol for a code longer than FAST bits at the top of {@code bits}; throws for a bad code. */
        int slow(long bits) throws NotHandled {
            for (int length = FAST + 1; length <= 16; length++) {
                int offset = (int) (bits >>> (64 - length)) - firstCode[length];
                if (offset >= 0 && offset < counts[length]) {
                    return length | (symbols[firstIndex[length] + offset] & 0xff) << 5;
                }
            }
            throw NOT_HANDLED;
        }
    }

    /**
     * The bits of a scan's entropy-coded data, read from the top of a 64-bit buffer that is topped
     * up eight bytes at a time, and the reading of a block's codes (F.2.2). This is the hot loop:
     * the two loops over a block's AC codes keep the buffer in local variables (the JIT keeps
     * fields in memory across a loop's turns, which would add a store and a load to every code),
     * and only write it back at the block's end.
     */
    private static final class Bits {
        final byte[] bytes;
        /** The next bits, from the top. */
        long buf;
        /** How many of buf's bits are data. */
        int count;
        /** The next byte to load into buf. */
        int next;

        Bits(byte[] bytes) {
            this.bytes = bytes;
        }

        /** Starts reading at a byte (a restart interval's first). */
        void start(int at) {
            next = at;
            buf = 0;
            count = 0;
        }

        /** How many bits have been read. */
        long position() {
            return next * 8L - count;
        }

        /**
         * Reads a DC code and its value bits (F.2.2.1): the difference from the previous block's
         * DC coefficient.
         */
        int dc(Huffman table) throws NotHandled {
            if (count < 32) {
                buf |= (long) LONGS.get(bytes, next) >>> count;
                next += (63 - count) >>> 3;
                count |= 56;
            }
            int e = table.decode[(int) (buf >>> (64 - Huffman.FAST))];
            if ((e & Huffman.COMPLETE) == 0) {
                e = table.complete(e, buf);
            }
            buf <<= e & 31;
            count -= e & 31;
            return e >> 16;
        }

        /**
         * Reads a block's 63 AC coefficients (F.2.2.2): codes of a run of zeros and a size, each
         * followed by a value; and sums what they add to the block's {@code parts2} averages into
         * {@code sums[at]} onwards: each value times its weight in each, {@code weights[parts2 · k]}
         * onwards for zigzag place k. A run past the 64th coefficient is ignored, as libjpeg does.
         * Four averages (a quarter of the size, the common case) are summed in registers.
         */
        void ac(Huffman table, float[] weights, int parts2, float[] sums, int at) throws NotHandled {
            long buf = this.buf;
            int count = this.count;
            int next = this.next;
            int[] decode = table.decode;
            float s0 = 0;
            float s1 = 0;
            float s2 = 0;
            float s3 = 0;
            Arrays.fill(sums, at, at + parts2, 0);
            for (int k = 1; k < 64; k++) {
                // At least 32 bits in the buffer: enough for any code and its value bits (27 at most).
                if (count < 32) {
                    buf |= (long) LONGS.get(bytes, next) >>> count;
                    next += (63 - count) >>> 3;
                    count |= 56;
                }
                int e = decode[(int) (buf >>> (64 - Huffman.FAST))];
                if ((e & Huffman.COMPLETE) == 0) {
                    e = table.complete(e, buf);
                }
                buf <<= e & 31;
                count -= e & 31;
                int symbol = e >>> 5 & 0xff;
                if ((symbol & 15) == 0) {
                    if (symbol != 0xf0) {
                        break; // end of block: the rest are zeros
                    }
                    k += 15; // sixteen zeros
                } else {
                    k += symbol >>> 4;
                    float value = k < 64 ? e >> 16 : 0;
                    int w = (k & 63) * parts2;
                    if (parts2 == 4) {
                        s0 += value * weights[w];
                        s1 += value * weights[w + 1];
                        s2 += value * weights[w + 2];
                        s3 += value * weights[w + 3];
                    } else {
                        for (int i = 0; i < parts2; i++) {
                            sums[at + i] += value * weights[w + i];
                        }
                    }
                }
            }
            this.buf = buf;
            this.count = count;
            this.next = next;
            if (parts2 == 4) {
                sums[at] = s0;
                sums[at + 1] = s1;
                sums[at + 2] = s2;
                sums[at + 3] = s3;
            }
        }

        /** Reads past a block's 63 AC coefficients: the codes and their value bits, as {@link #ac} reads them. */
        void skipAc(Huffman table) throws NotHandled {
            long buf = this.buf;
            int count = this.count;
            int next = this.next;
            int[] skip = table.skip;
            for (int k = 1; k < 64; k++) {
                if (count < 32) {
                    buf |= (long) LONGS.get(bytes, next) >>> count;
                    next += (63 - count) >>> 3;
                    count |= 56;
                }
                int e = skip[(int) (buf >>> (64 - Huffman.FAST))];
                if (e == 0) {
                    e = table.slow(buf);
                    e += e >>> 5 & 15; // the value's bits
                }
                buf <<= e & 31;
                count -= e & 31;
                int symbol = e >>> 5;
                if ((symbol & 15) == 0) {
                    if (symbol != 0xf0) {
                        break;
                    }
                    k += 15;
                } else {
                    k += symbol >>> 4;
                }
            }
            this.buf = buf;
            this.count = count;
            this.next = next;
        }
    }

    /**
     * Decodes one scan's blocks: every code is read (a Huffman stream cannot be skipped), but
     * only the luma's coefficients that weigh in the averages are kept and summed.
     */
    private static final class ScanDecoder {
        final Component[] inScan;
        final EntropyData data;
        final Output out;
        final int parts;
        /**
         * The weight of each coefficient in each part's average (see {@link #average}), for the
         * coefficient in zigzag place k and part (i, j) at [k · parts² + j · parts + i], dequantized
         * (times the coefficient's quantization step); [0] for a block inside the image, [1] for
         * the last column of blocks, [2] the last row and [3] the corner block, whose parts the
         * image's edge may cut.
         */
        final float[][] weights = new float[4][];
        /** Whether a block needs its AC coefficients: with whole 8 × 8 parts only the DC counts, except where the edge cuts them. */
        final boolean[] acCounts = new boolean[4];
        final int lastBlockColumn;
        final int lastBlockRow;
        final int mcus;
        final int mcusPerLine;
        final int restartInterval;
        final int lumaH;
        final int lumaV;
        final boolean interleaved;
        /** Whether the image is whole blocks, none cut by its edge (as camera photos are). */
        final boolean wholeBlocks;
        /** Whether a helper thread may decode the scan's second half. */
        final Split split;

        ScanDecoder(JpegLuma jpeg, Component[] inScan, EntropyData data, Output out, int[] quantization) throws NotHandled {
            this.inScan = inScan;
            this.data = data;
            this.out = out;
            this.parts = out.parts;
            lastBlockColumn = (jpeg.width - 1) / 8;
            lastBlockRow = (jpeg.height - 1) / 8;
            int columns = jpeg.width - 8 * lastBlockColumn;
            int rows = jpeg.height - 8 * lastBlockRow;
            for (int edge = 0; edge < 4; edge++) {
                double[][] a = average(parts, (edge & 1) == 0 ? 8 : columns);
                double[][] b = average(parts, (edge & 2) == 0 ? 8 : rows);
                float[] w = new float[64 * parts * parts];
                for (int k = 0; k < 64; k++) {
                    for (int j = 0; j < parts; j++) {
                        for (int i = 0; i < parts; i++) {
                            w[(k * parts + j) * parts + i] = (float) (quantization[k] * a[NATURAL[k] % 8][i] * b[NATURAL[k] / 8][j]);
                        }
                    }
                }
                weights[edge] = w;
            }
            acCounts[0] = parts > 1;
            acCounts[1] = parts > 1 || columns < 8;
            acCounts[2] = parts > 1 || rows < 8;
            acCounts[3] = acCounts[1] || acCounts[2];
            this.interleaved = inScan.length > 1;
            wholeBlocks = jpeg.width % 8 == 0 && jpeg.height % 8 == 0;
            split = jpeg.split;
            Component luma = inScan[0];
            if (interleaved) {
                mcusPerLine = ceilDiv(jpeg.width, 8 * jpeg.maxH);
                mcus = mcusPerLine * ceilDiv(jpeg.height, 8 * jpeg.maxV);
                lumaH = luma.h;
                lumaV = luma.v;
            } else {
                mcusPerLine = ceilDiv(jpeg.width, 8);
                mcus = mcusPerLine * ceilDiv(jpeg.height, 8);
                lumaH = 1;
                lumaV = 1;
            }
            restartInterval = jpeg.restartInterval == 0 ? mcus : jpeg.restartInterval;
            require(data.segments == ceilDiv(mcus, restartInterval));
        }

        /**
         * Decodes the scan into {@link #out}. A big scan is split in two: a helper thread decodes
         * the second half (see {@link SecondHalf}) while this one decodes the first, and once this
         * one reaches a unit the helper has decoded too, the helper's units are taken in.
         */
        void run() throws NotHandled {
            Bits bits = new Bits(data.bytes);
            Unit unit = new Unit(1);
            int[] predictions = new int[inScan.length];
            SecondHalf helper = SecondHalf.start(this);
            long helperFrom = helper == null ? Long.MAX_VALUE : helper.startBits;
            int seen = 0; // the helper's units this one has passed
            int segment = 0;
            try {
                for (int mcu = 0; mcu < mcus; mcu++) {
                    if (mcu % restartInterval == 0) {
                        // A restart interval: the data starts afresh on a byte, predictions from 0.
                        require(segment == 0 || bits.position() <= data.segmentStarts[segment] * 8L);
                        bits.start(data.segmentStarts[segment++]);
                        Arrays.fill(predictions, 0);
                    }
                    if (bits.position() >= helperFrom) {
                        if (split == Split.AWAIT_HELPER) {
                            helper.await();
                        }
                        // Has the helper decoded a unit starting where this one starts? Then from
                        // here on it decoded what this one would.
                        int published = helper.published;
                        while (seen < published && helper.positions[seen] < bits.position()) {
                            seen++;
                        }
                        if (seen < published && helper.positions[seen] == bits.position()) {
                            if (helper.takeIn(mcu, seen, predictions[0])) {
                                return;
                            }
                            helperFrom = Long.MAX_VALUE; // its units do not reach the end: decode on alone
                        }
                        if (seen == published && helper.finished) {
                            helperFrom = Long.MAX_VALUE; // nothing left to meet
                        }
                    }
                    decodeUnit(bits, predictions, mcu, unit, 0);
                    place(mcu, unit, 0, 0);
                    // Corrupt data can make codes run on; never past the next segment's start.
                    require(bits.position() <= data.segmentStarts[segment] * 8L);
                }
            } finally {
                if (helper != null) {
                    helper.stop = true;
                }
            }
        }

        /** The luma blocks of units of blocks, as decoded: each block's DC coefficient and the averages its AC coefficients make. */
        final class Unit {
            final int[] dc;
            final float[] ac;

            Unit(int units) {
                dc = new int[units * lumaH * lumaV];
                ac = new float[units * lumaH * lumaV * parts * parts];
            }
        }

        /**
         * Decodes one unit of blocks (an MCU, JPEG's A.2) at the bits' place, updating the DC
         * predictions, into {@code unit}'s {@code at}-th unit; {@code mcu} is the unit's place in
         * the scan, or −1 when it is not known (a speculative decode of an image in whole blocks,
         * whose blocks are then all alike).
         */
        void decodeUnit(Bits bits, int[] predictions, int mcu, Unit unit, int at) throws NotHandled {
            int parts2 = parts * parts;
            int first = at * lumaH * lumaV;
            int mx = mcu < 0 ? -1 : mcu % mcusPerLine;
            int my = mcu < 0 ? -1 : mcu / mcusPerLine;
            for (int c = 0; c < inScan.length; c++) {
                Component component = inScan[c];
                int blocks = interleaved ? component.h * component.v : 1;
                for (int b = 0; b < blocks; b++) {
                    // The DC coefficient: the difference from the previous block's (F.2.2.1).
                    predictions[c] += bits.dc(component.dc);
                    if (c != 0) {
                        bits.skipAc(component.ac);
                        continue;
                    }
                    int edge = mcu < 0 ? 0 : edge(mx * lumaH + b % lumaH, my * lumaV + b / lumaH);
                    unit.dc[first + b] = predictions[0];
                    if (!acCounts[edge]) {
                        bits.skipAc(component.ac);
                        Arrays.fill(unit.ac, (first + b) * parts2, (first + b + 1) * parts2, 0);
                    } else {
                        bits.ac(component.ac, weights[edge], parts2, unit.ac, (first + b) * parts2);
                    }
                }
            }
        }

        /**
         * Puts the luma blocks of {@code unit}'s {@code at}-th unit into the output as the scan's
         * unit {@code mcu}, adding {@code dcOffset} to their DC coefficients.
         */
        void place(int mcu, Unit unit, int at, int dcOffset) {
            int parts2 = parts * parts;
            float[] block = new float[parts2];
            int first = at * lumaH * lumaV;
            int mx = mcu % mcusPerLine;
            int my = mcu / mcusPerLine;
            for (int b = 0; b < lumaH * lumaV; b++) {
                int bx = mx * lumaH + b % lumaH;
                int by = my * lumaV + b / lumaH;
                float[] w = weights[edge(bx, by)];
                float dc = unit.dc[first + b] + dcOffset;
                int ac = (first + b) * parts2;
                for (int i = 0; i < parts2; i++) {
                    block[i] = unit.ac[ac + i] + dc * w[i];
                }
                out.put(block, bx, by);
            }
        }

        /** Which of the four kinds of block (see {@link #weights}) the luma block in block column bx and row by is. */
        private int edge(int bx, int by) {
            return (bx == lastBlockColumn ? 1 : 0) | (by == lastBlockRow ? 2 : 0);
        }

        /**
         * a(u, i): the average over part i's pixels x (below {@code extent}) of
         * (C_u / 2) cos((2x + 1)uπ/16). The inverse DCT (JPEG's A.3.3) is f(x, y) =
         * ¼ Σ_u Σ_v C_u C_v F(u, v) cos((2x + 1)uπ/16) cos((2y + 1)vπ/16), with C_0 = 1/√2 and
         * C_u = 1 otherwise; averaged over the columns x of part i and the rows y of part j, each
         * cosine averages on its own, so F(u, v) weighs a(u, i) · a(v, j) in the part's average
         * (F(0, 0) weighs 1/8 in every whole part). At the image's right and bottom edges only
         * the first {@code extent} columns or rows of a block are the image's (the rest pads the
         * block out), and a part's average is over those alone.
         */
        private static double[][] average(int parts, int extent) {
            int size = 8 / parts;
            double[][] a = new double[8][parts];
            for (int u = 0; u < 8; u++) {
                double cu = u == 0 ? Math.sqrt(0.5) : 1;
                for (int i = 0; i < parts; i++) {
                    double sum = 0;
                    int end = Math.min((i + 1) * size, extent);
                    for (int x = i * size; x < end; x++) {
                        sum += cu / 2 * Math.cos((2 * x + 1) * u * Math.PI / 16);
                    }
                    a[u][i] = Math.abs(sum) < 1e-9 || end <= i * size ? 0 : sum / (end - i * size);
                }
            }
            return a;
        }
    }

    /**
     * The second half of a big scan, decoded by a helper thread while the caller decodes the first.
     *
     * <p>A Huffman-coded scan can be read only from its start, but it falls back into step: read
     * from any bit in the middle, it decodes garbage for a while, and once a code boundary and the
     * start of a unit of blocks (MCU) coincide with true ones, every unit after is decoded as it
     * truly is. So the helper starts at the middle byte as if a unit started there (on a bad code
     * it starts again a byte further on), and notes where each unit it decodes starts. When the
     * caller, decoding from the start, begins a unit where the helper began one, the helper's
     * units from there on are the true ones: only their DC coefficients are off, by a constant,
     * as DC is coded as differences from block to block, and the caller knows the constant there.
     * This needs an image in whole blocks, whose blocks are all alike (where the image's edge cuts
     * a block its averages depend on where it is, which the helper does not know). If the two
     * never meet, the caller simply decodes to the end alone.
     *
     * <p>A scan with restart markers needs no guessing: the helper starts at the middle restart
     * marker, where the units and predictions start afresh.
     */
    static final class SecondHalf implements Runnable {
        /** How many units helpers have decoded that were taken in, since the JVM started: for tests and benchmarks. */
        static final AtomicLong TAKEN_IN = new AtomicLong();
        /** Scans shorter than this are decoded by one thread: a helper would save less than it costs. */
        private static final int MIN_BYTES = 1 << 18;
        final ScanDecoder scan;
        /** Where the helper starts, in bits of the data. */
        final long startBits;
        /** The scan's unit the helper starts at, or −1 when it guesses. */
        final int firstMcu;
        /** How many units the helper may decode. */
        final int capacity;
        // Made by the helper (off the caller's path), and read by the caller only up to published.
        /** For each unit the helper decoded: where it starts, and the luma's DC prediction there. */
        long[] positions;
        int[] predictions;
        /** For each unit the helper decoded, the first unit it decoded without starting again. */
        int[] runStart;
        ScanDecoder.Unit units;
        /** How many units are noted: all of {@link #count} once finished. */
        volatile int published;
        volatile boolean finished;
        /** Set by the caller when it no longer needs the helper. */
        volatile boolean stop;
        private final CountDownLatch done = new CountDownLatch(1);
        private int count;

        private SecondHalf(ScanDecoder scan, int startByte, int firstMcu, int capacity) {
            this.scan = scan;
            this.startBits = startByte * 8L;
            this.firstMcu = firstMcu;
            this.capacity = capacity;
        }

        /** Starts a helper on the second half of a scan, or gives null if the scan is not to be split. */
        static SecondHalf start(ScanDecoder scan) {
            int[] starts = scan.data.segmentStarts;
            int segments = scan.data.segments;
            boolean oneCore = Runtime.getRuntime().availableProcessors() < 2;
            if (scan.split == Split.NONE || scan.split == Split.HELPER && oneCore || starts[segments] - starts[0] < MIN_BYTES) {
                return null;
            }
            SecondHalf half;
            if (segments > 1) {
                int segment = segments / 2;
                half = new SecondHalf(scan, starts[segment], segment * scan.restartInterval, scan.mcus - segment * scan.restartInterval);
            } else if (scan.wholeBlocks) {
                half = new SecondHalf(scan, starts[0] + (starts[1] - starts[0]) / 2, -1, scan.mcus);
            } else {
                return null;
            }
            Helpers.EXECUTOR.execute(half);
            return half;
        }

        @Override
        public void run() {
            try {
                positions = new long[capacity];
                predictions = new int[capacity];
                runStart = new int[capacity];
                units = scan.new Unit(capacity);
                int[] starts = scan.data.segmentStarts;
                Bits bits = new Bits(scan.data.bytes);
                bits.start((int) (startBits / 8));
                int[] dc = new int[scan.inScan.length];
                int segment = firstMcu < 0 ? 1 : firstMcu / scan.restartInterval + 1; // the next segment
                int run = 0;
                while (count < capacity && !stop) {
                    int mcu = firstMcu < 0 ? -1 : firstMcu + count;
                    if (mcu > firstMcu && mcu % scan.restartInterval == 0) {
                        if (bits.position() > starts[segment] * 8L) {
                            break;
                        }
                        bits.start(starts[segment++]);
                        Arrays.fill(dc, 0);
                    }
                    long at = bits.position();
                    positions[count] = at;
                    predictions[count] = dc[0];
                    runStart[count] = run;
                    try {
                        scan.decodeUnit(bits, dc, mcu, units, count);
                    } catch (NotHandled e) {
                        if (firstMcu >= 0) {
                            break; // damaged data: the caller will find it too
                        }
                        bits.start((int) (at / 8) + 1); // not in step yet: start again a byte further on
                        run = count;
                        continue;
                    }
                    if (bits.position() > starts[segment] * 8L) {
                        break; // past the end of the data (or of a restart interval)
                    }
                    count++;
                    if ((count & 15) == 0) {
                        published = count;
                    }
                }
            } catch (RuntimeException e) {
                // Garbage that ran off the data: the units noted so far stand.
            } finally {
                published = count;
                finished = true;
                done.countDown();
            }
        }

        /** Waits for the helper to finish. */
        void await() {
            boolean interrupted = false;
            while (true) {
                try {
                    done.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        /**
         * When the caller is about to decode the scan's unit {@code mcu} where the helper's
         * {@code noted}-th unit starts, with the luma's DC prediction {@code prediction}: waits
         * for the helper to finish and puts its units from there into the output. False (nothing
         * put) if they do not reach the scan's end.
         */
        boolean takeIn(int mcu, int noted, int prediction) {
            await();
            int needed = scan.mcus - mcu;
            if (count < noted + needed || runStart[noted + needed - 1] > noted) {
                return false;
            }
            int offset = prediction - predictions[noted];
            for (int i = 0; i < needed; i++) {
                scan.place(mcu + i, units, noted + i, offset);
            }
            TAKEN_IN.addAndGet(needed);
            return true;
        }
    }

    /** The helper thread for {@link SecondHalf}: one, made when first needed, a daemon (it never keeps the JVM alive). */
    private static final class Helpers {
        static final Executor EXECUTOR = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "nndl-jpeg-helper");
            thread.setDaemon(true);
            return thread;
        });
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
