package nndl.image.jpeg;

import static nndl.image.jpeg.NotHandled.require;

import java.util.Arrays;

/**
 * A progressive JPEG's luma coefficients, gathered over its scans (JPEG's Annex G). A progressive
 * JPEG sends each block's coefficients in passes: the DC coefficients of all components first
 * (maybe a bit at a time), then bands of AC coefficients for one component at a time (a band's
 * first bits, then further bits of it: successive approximation). The luma's scans are decoded
 * into a buffer of coefficients, 64 for each block; the colour's AC scans are not decoded at
 * all, and its DC only read past. Once all scans are in, {@link #averages} makes the averages
 * with the same {@link Weights} as a sequential JPEG's. The rules here are G.1.2.1 (DC) and
 * G.1.2.2–3 (AC, first and refining), as libjpeg's jdphuff.c implements them.
 *
 * <p>Read at an eighth of its size, a block's average is its DC coefficient alone, so then only
 * the DC scans are decoded and every AC scan is passed over unread: a 12-megapixel photo in a
 * few milliseconds instead of 150. (At the image's right and bottom edges such an average takes
 * in the block's padding too.)
 */
final class ProgressiveLuma {
    private final JpegLuma jpeg;
    /** Blocks across and down in the luma's grid, padded out to whole units of blocks (MCUs). */
    private final int across;
    private final int down;
    /** Whether only the DC coefficients are read. */
    private final boolean dcOnly;
    /** Coefficients kept for each block: 64, or 1 when only the DC is read. */
    private final int stride;
    /** The kept coefficients of each block of the grid, in zigzag order. */
    private final short[] coefficients;
    private boolean seen;

    ProgressiveLuma(JpegLuma jpeg, boolean dcOnly) {
        this.jpeg = jpeg;
        this.dcOnly = dcOnly;
        this.stride = dcOnly ? 1 : 64;
        across = jpeg.mcusPerLine * jpeg.maxH;
        down = jpeg.mcuRows * jpeg.maxV;
        coefficients = new short[across * down * stride];
    }

    /** Whether a scan is to be decoded: not a band of the colour's AC coefficients, nor any AC band when only the DC is read. */
    boolean wants(int ss, boolean lumaIn) {
        return ss == 0 || lumaIn && !dcOnly;
    }

    /**
     * One scan: its components (the luma first if it is among them), its band of coefficients
     * (ss to se), and the bit position of its values (al; ah the previous scan's, 0 on a band's
     * first scan).
     */
    void scan(Component[] inScan, boolean lumaIn, int ss, int se, int ah, int al, EntropyData data) throws NotHandled {
        require(ss == 0 ? se == 0 : ss <= se && se <= 63 && inScan.length == 1);
        require(ah <= 13 && al <= 13 && (ah == 0 || ah == al + 1));
        if (!wants(ss, lumaIn)) {
            return;
        }
        seen |= lumaIn;
        boolean interleaved = inScan.length > 1;
        // Units of blocks: an interleaved scan's MCUs, or a single component's blocks in rows.
        int blocksAcross = interleaved ? jpeg.mcusPerLine : JpegLuma.ceilDiv(JpegLuma.ceilDiv(jpeg.width * inScan[0].h, jpeg.maxH), 8);
        int units = interleaved ? jpeg.mcusPerLine * jpeg.mcuRows : blocksAcross * JpegLuma.ceilDiv(JpegLuma.ceilDiv(jpeg.height * inScan[0].v, jpeg.maxV), 8);
        int interval = jpeg.restartInterval == 0 ? units : jpeg.restartInterval;
        require(data.segments() == JpegLuma.ceilDiv(units, interval));
        int[] starts = data.segmentStarts();
        Bits bits = new Bits(data.bytes());
        int[] predictions = new int[inScan.length];
        int endOfBands = 0; // EOBRUN: how many more blocks have no more coefficients in this band
        int segment = 0;
        for (int unit = 0; unit < units; unit++) {
            if (unit % interval == 0) {
                require(segment == 0 || bits.position() <= starts[segment] * 8L);
                bits.start(starts[segment++]);
                Arrays.fill(predictions, 0);
                endOfBands = 0;
            }
            if (ss == 0) {
                for (int c = 0; c < inScan.length; c++) {
                    Component component = inScan[c];
                    int blocks = interleaved ? component.h * component.v : 1;
                    for (int b = 0; b < blocks; b++) {
                        int at = c == 0 && lumaIn ? block(interleaved, unit, blocksAcross, b, component.h) : -1;
                        if (ah == 0) {
                            // G.1.2.1: the DC's difference from the previous block's, its high bits.
                            predictions[c] += bits.dc(component.dc);
                            if (at >= 0) {
                                coefficients[at] = (short) (predictions[c] << al);
                            }
                        } else if (bits.bit() != 0 && at >= 0) {
                            coefficients[at] |= (short) (1 << al); // one more bit
                        }
                    }
                }
            } else {
                int at = block(false, unit, blocksAcross, 0, 1);
                if (ah != 0) {
                    endOfBands = bits.acRefine(inScan[0].ac, coefficients, at, ss, se, al, endOfBands);
                } else if (endOfBands > 0) {
                    endOfBands--; // the band ended in this block already
                } else {
                    endOfBands = bits.acFirst(inScan[0].ac, coefficients, at, ss, se, al);
                }
            }
            require(bits.position() <= starts[segment] * 8L);
        }
    }

    /** Where a block's coefficients start in the buffer: the b-th of a unit's blocks, or the unit-th block in rows of blocksAcross. */
    private int block(boolean interleaved, int unit, int blocksAcross, int b, int h) {
        int bx = interleaved ? unit % jpeg.mcusPerLine * h + b % h : unit % blocksAcross;
        int by = interleaved ? unit / jpeg.mcusPerLine * jpeg.maxV + b / h : unit / blocksAcross;
        return (by * across + bx) * stride;
    }

    /** The luma's averages, once all scans are in: each block's coefficients times their weights. */
    void averages(Weights weights, Averages out) throws NotHandled {
        require(seen);
        int parts2 = weights.parts * weights.parts;
        float[] block = new float[parts2];
        for (int by = 0; by < JpegLuma.ceilDiv(jpeg.height, 8); by++) {
            for (int bx = 0; bx < JpegLuma.ceilDiv(jpeg.width, 8); bx++) {
                int edge = weights.edge(bx, by);
                float[] w = weights.of(edge);
                int at = (by * across + bx) * stride;
                Arrays.fill(block, 0);
                for (int k : dcOnly ? DC : weights.used(edge)) {
                    float value = coefficients[at + k];
                    for (int i = 0; i < parts2; i++) {
                        block[i] += value * w[k * parts2 + i];
                    }
                }
                out.put(block, 0, 0, w, bx, by);
            }
        }
    }

    private static final int[] DC = {0};
}
