package nndl.image.jpeg;

import static nndl.image.jpeg.NotHandled.require;

import java.util.Arrays;

/**
 * Decodes one scan into the luma's averages: every code is read (a Huffman stream cannot be
 * skipped), the chroma's only to be skipped, and each luma coefficient's value is summed into
 * its block's averages with its weight ({@link Weights}), which makes the averages without
 * an inverse DCT.
 */
final class ScanDecoder {
    final Component[] inScan;
    final EntropyData data;
    final Averages out;
    final int parts;
    final Weights weights;
    final int mcus;
    final int mcusPerLine;
    final int restartInterval;
    final int lumaH;
    final int lumaV;
    final boolean interleaved;
    /** Whether the image is whole blocks, none cut by its edge (as camera photos are). */
    final boolean wholeBlocks;
    /** Whether a helper thread may decode the scan's second half. */
    final JpegLuma.Split split;

    ScanDecoder(JpegLuma jpeg, Component[] inScan, EntropyData data, Averages out, int[] quantization) throws NotHandled {
        this.inScan = inScan;
        this.data = data;
        this.out = out;
        this.parts = out.parts;
        weights = new Weights(parts, jpeg.width, jpeg.height, quantization);
        this.interleaved = inScan.length > 1;
        wholeBlocks = jpeg.width % 8 == 0 && jpeg.height % 8 == 0;
        split = jpeg.split;
        Component luma = inScan[0];
        if (interleaved) {
            mcusPerLine = jpeg.mcusPerLine;
            mcus = mcusPerLine * jpeg.mcuRows;
            lumaH = luma.h;
            lumaV = luma.v;
        } else {
            mcusPerLine = JpegLuma.ceilDiv(jpeg.width, 8);
            mcus = mcusPerLine * JpegLuma.ceilDiv(jpeg.height, 8);
            lumaH = 1;
            lumaV = 1;
        }
        restartInterval = jpeg.restartInterval == 0 ? mcus : jpeg.restartInterval;
        require(data.segments() == JpegLuma.ceilDiv(mcus, restartInterval));
    }

    /**
     * Decodes the scan into {@link #out}. A big scan is split in two: a helper thread decodes
     * the second half (see {@link SecondHalf}) while this one decodes the first, and once this
     * one reaches a unit the helper has decoded too, the helper's units are taken in.
     */
    void run() throws NotHandled {
        Bits bits = new Bits(data.bytes());
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
                    require(segment == 0 || bits.position() <= data.segmentStarts()[segment] * 8L);
                    bits.start(data.segmentStarts()[segment++]);
                    Arrays.fill(predictions, 0);
                }
                if (bits.position() >= helperFrom) {
                    if (split == JpegLuma.Split.AWAIT_HELPER) {
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
                    if (helper.finished && seen == helper.published) {
                        helperFrom = Long.MAX_VALUE; // finished, and nothing left to meet
                    }
                }
                decodeUnit(bits, predictions, mcu, unit, 0);
                place(mcu, unit, 0, 0);
                // Corrupt data can make codes run on; never past the next segment's start.
                require(bits.position() <= data.segmentStarts()[segment] * 8L);
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
                int edge = mcu < 0 ? 0 : weights.edge(mx * lumaH + b % lumaH, my * lumaV + b / lumaH);
                unit.dc[first + b] = predictions[0];
                if (!weights.acCounts(edge)) {
                    bits.skipAc(component.ac);
                    Arrays.fill(unit.ac, (first + b) * parts2, (first + b + 1) * parts2, 0);
                } else {
                    bits.ac(component.ac, weights.of(edge), parts2, unit.ac, (first + b) * parts2);
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
        int first = at * lumaH * lumaV;
        int mx = mcu % mcusPerLine;
        int my = mcu / mcusPerLine;
        for (int b = 0; b < lumaH * lumaV; b++) {
            int bx = mx * lumaH + b % lumaH;
            int by = my * lumaV + b / lumaH;
            out.put(unit.ac, (first + b) * parts2, unit.dc[first + b] + dcOffset, weights.of(weights.edge(bx, by)), bx, by);
        }
    }
}
