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
 */
final class ProgressiveLuma {
    private final JpegLuma jpeg;
    /** Blocks across and down in the luma's grid, padded out to whole units of blocks (MCUs). */
    private final int across;
    private final int down;
    /** 64 coefficients for each block of the grid, in zigzag order. */
    private final short[] coefficients;
    private final int mcusPerLine;
    private final int mcuRows;
    private boolean seen;

    ProgressiveLuma(JpegLuma jpeg) {
        this.jpeg = jpeg;
        mcusPerLine = ceilDiv(jpeg.width, 8 * jpeg.maxH);
        mcuRows = ceilDiv(jpeg.height, 8 * jpeg.maxV);
        across = mcusPerLine * jpeg.maxH;
        down = mcuRows * jpeg.maxV;
        coefficients = new short[across * down * 64];
    }

    /**
     * One scan: its components (the luma first if it is among them), its band of coefficients
     * (ss to se), and the bit position of its values (al; ah the previous scan's, 0 on a band's
     * first scan).
     */
    void scan(Component[] inScan, boolean lumaIn, int ss, int se, int ah, int al, EntropyData data) throws NotHandled {
        require(ss == 0 ? se == 0 : ss <= se && se <= 63 && inScan.length == 1);
        require(ah <= 13 && al <= 13 && (ah == 0 || ah == al + 1));
        if (ss > 0 && !lumaIn) {
            return; // a band of the colour's AC coefficients: not needed
        }
        seen |= lumaIn;
        boolean interleaved = inScan.length > 1;
        // Units of blocks: an interleaved scan's MCUs, or a single component's blocks in rows.
        int blocksAcross = interleaved ? mcusPerLine : ceilDiv(ceilDiv(jpeg.width * inScan[0].h, jpeg.maxH), 8);
        int units = interleaved ? mcusPerLine * mcuRows : blocksAcross * ceilDiv(ceilDiv(jpeg.height * inScan[0].v, jpeg.maxV), 8);
        int interval = jpeg.restartInterval == 0 ? units : jpeg.restartInterval;
        require(data.segments() == ceilDiv(units, interval));
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
                        } else if (bits.receive(1) != 0 && at >= 0) {
                            coefficients[at] |= (short) (1 << al); // one more bit
                        }
                    }
                }
            } else {
                int at = block(false, unit, blocksAcross, 0, 1);
                endOfBands = ah == 0
                        ? acFirst(bits, inScan[0].ac, at, ss, se, al, endOfBands)
                        : acRefine(bits, inScan[0].ac, at, ss, se, al, endOfBands);
            }
            require(bits.position() <= starts[segment] * 8L);
        }
    }

    /** Where a block's coefficients start in the buffer: the b-th of a unit's blocks, or the unit-th block in rows of blocksAcross. */
    private int block(boolean interleaved, int unit, int blocksAcross, int b, int h) {
        int bx = interleaved ? unit % mcusPerLine * h + b % h : unit % blocksAcross;
        int by = interleaved ? unit / mcusPerLine * jpeg.maxV + b / h : unit / blocksAcross;
        return (by * across + bx) * 64;
    }

    /** A band's first scan for one block (G.1.2.2): gives the count of blocks still to end at once (EOBRUN). */
    private int acFirst(Bits bits, Huffman table, int at, int ss, int se, int al, int endOfBands) throws NotHandled {
        if (endOfBands > 0) {
            return endOfBands - 1;
        }
        for (int k = ss; k <= se; k++) {
            int e = bits.entry(table);
            int symbol = e >>> 5 & 0xff;
            int run = symbol >>> 4;
            if ((symbol & 15) != 0) {
                k += run;
                require(k <= 63);
                coefficients[at + k] = (short) ((e >> 16) << al);
            } else if (run == 15) {
                k += 15; // sixteen zeros
            } else {
                return (1 << run) + bits.receive(run) - 1; // this block and 2^run + more end here
            }
        }
        return 0;
    }

    /** A further bit of a band for one block (G.1.2.3): gives the count of blocks still to end at once. */
    private int acRefine(Bits bits, Huffman table, int at, int ss, int se, int al, int endOfBands) throws NotHandled {
        int plus = 1 << al;
        int minus = -1 << al;
        int k = ss;
        if (endOfBands == 0) {
            for (; k <= se; k++) {
                int e = bits.entry(table);
                int symbol = e >>> 5 & 0xff;
                int run = symbol >>> 4;
                int value = 0;
                if ((symbol & 15) != 0) {
                    require((symbol & 15) == 1);
                    value = (e >> 16) > 0 ? plus : minus; // a coefficient new in this pass
                } else if (run != 15) {
                    endOfBands = (1 << run) + bits.receive(run);
                    break;
                }
                // Pass run coefficients with no bits yet, refining those that have some, then place the new one.
                do {
                    short coefficient = coefficients[at + k];
                    if (coefficient != 0) {
                        refine(bits, at + k, coefficient, plus, minus);
                    } else if (--run < 0) {
                        break;
                    }
                    k++;
                } while (k <= se);
                if (value != 0) {
                    require(k <= 63);
                    coefficients[at + k] = (short) value;
                }
            }
        }
        if (endOfBands > 0) {
            // The band ends in this block: only the coefficients with bits already get one more.
            for (; k <= se; k++) {
                short coefficient = coefficients[at + k];
                if (coefficient != 0) {
                    refine(bits, at + k, coefficient, plus, minus);
                }
            }
            endOfBands--;
        }
        return endOfBands;
    }

    /** A correction bit for a coefficient that has bits already: if set, the coefficient grows away from zero. */
    private void refine(Bits bits, int i, short coefficient, int plus, int minus) {
        if (bits.receive(1) != 0 && (coefficient & plus) == 0) {
            coefficients[i] = (short) (coefficient + (coefficient >= 0 ? plus : minus));
        }
    }

    /** The luma's averages, once all scans are in: each block's coefficients times their weights. */
    void averages(Weights weights, Averages out) throws NotHandled {
        require(seen);
        int parts2 = weights.parts * weights.parts;
        float[] block = new float[parts2];
        for (int by = 0; by < ceilDiv(jpeg.height, 8); by++) {
            for (int bx = 0; bx < ceilDiv(jpeg.width, 8); bx++) {
                int edge = weights.edge(bx, by);
                float[] w = weights.of(edge);
                int at = (by * across + bx) * 64;
                Arrays.fill(block, 0);
                for (int k : weights.used(edge)) {
                    float value = coefficients[at + k];
                    for (int i = 0; i < parts2; i++) {
                        block[i] += value * w[k * parts2 + i];
                    }
                }
                out.put(block, bx, by);
            }
        }
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
