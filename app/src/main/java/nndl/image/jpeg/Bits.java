package nndl.image.jpeg;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The bits of a scan's entropy-coded data, read from the top of a 64-bit buffer, and the reading
 * of a block's codes (F.2.2). This is the hot loop, and two things in it are measured choices:
 * <ul>
 *   <li>The buffer is topped up before every code, without a branch: the next eight bytes are
 *   OR'ed in below the bits it holds, and the whole bytes that fitted are counted as taken (its
 *   bits then number 56 to 63, more than the 27 a code and its value bits can take). A branch
 *   "fewer than 32 bits left?" mispredicts often enough to cost 10%.</li>
 *   <li>The loops over a sequential block's AC codes ({@link #ac}, {@link #skipAc}) keep the
 *   buffer in local variables and write it back at the block's end: the JIT keeps fields in
 *   memory across a loop's turns, which would add a store and a load to every code. (The
 *   progressive bands go through the fields: local copies measured no faster there.)</li>
 * </ul>
 */
final class Bits {
    /** Eight bytes of a byte array read as one big-endian long: the next 64 bits of the data. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

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
        return entry(table) >> 16;
    }

    /** Tops the buffer up to 56 bits or more. */
    private void fill() {
        buf |= (long) LONGS.get(bytes, next) >>> count;
        next += (63 - count) >>> 3;
        count |= 56;
    }

    /**
     * Reads a code and its value bits: the complete entry ({@link Huffman#decode}'s form:
     * length, symbol, and the value in bits 16–31). For the progressive scans, whose loops
     * gain nothing from keeping the buffer in local variables (measured).
     */
    private int entry(Huffman table) throws NotHandled {
        fill();
        int e = table.decode[(int) (buf >>> (64 - Huffman.FAST))];
        if ((e & Huffman.COMPLETE) == 0) {
            e = table.complete(e, buf);
        }
        buf <<= e & 31;
        count -= e & 31;
        return e;
    }

    /** Reads n bits (0 to 16) as a number. */
    private int bits(int n) {
        if (n == 0) {
            return 0;
        }
        fill();
        int value = (int) (buf >>> (64 - n));
        buf <<= n;
        count -= n;
        return value;
    }

    /** Reads one bit. */
    int bit() {
        return bits(1);
    }

    /**
     * A progressive JPEG's first scan of a band of AC coefficients, ss to se, for one block
     * (G.1.2.2): each value shifted up by al into {@code coefficients[at + k]}. Gives how many
     * more blocks end the band at once (EOBRUN, from an end-of-band code here), or 0.
     */
    int acFirst(Huffman table, short[] coefficients, int at, int ss, int se, int al) throws NotHandled {
        for (int k = ss; k <= se; k++) {
            int e = entry(table);
            int symbol = e >>> 5 & 0xff;
            int run = symbol >>> 4;
            if ((symbol & 15) != 0) {
                k += run;
                NotHandled.require(k <= 63);
                coefficients[at + k] = (short) ((e >> 16) << al);
            } else if (run == 15) {
                k += 15; // sixteen zeros
            } else {
                return (1 << run) - 1 + bits(run); // this block and 2^run + (run more bits) − 1 more end the band here
            }
        }
        return 0;
    }

    /**
     * A progressive JPEG's further bit of a band, ss to se, for one block (G.1.2.3): each
     * coefficient that has bits already gets a correction bit (set, and the coefficient's bit al
     * not yet, it grows away from zero by 2^al), and codes place new coefficients of ±2^al after
     * runs of coefficients that have none. {@code endOfBands} is how many blocks, this one
     * included, still end the band at once (0 if none); gives the same after this block.
     */
    int acRefine(Huffman table, short[] coefficients, int at, int ss, int se, int al, int endOfBands) throws NotHandled {
        int plus = 1 << al;
        int k = ss;
        if (endOfBands == 0) {
            for (; k <= se; k++) {
                int e = entry(table);
                int symbol = e >>> 5 & 0xff;
                int run = symbol >>> 4;
                int value = 0;
                if ((symbol & 15) != 0) {
                    NotHandled.require((symbol & 15) == 1);
                    value = (e >> 16) > 0 ? plus : -plus; // a coefficient new in this pass
                } else if (run != 15) {
                    endOfBands = (1 << run) + bits(run);
                    break;
                }
                // Pass `run` coefficients that have no bits yet, correcting those that have
                // some on the way, and stop at the next with none: the new one goes there.
                for (; k <= se; k++) {
                    int c = coefficients[at + k];
                    if (c != 0) {
                        correct(coefficients, at + k, c, plus);
                    } else if (--run < 0) {
                        break;
                    }
                }
                if (value != 0) {
                    NotHandled.require(k <= 63);
                    coefficients[at + k] = (short) value;
                }
            }
        }
        if (endOfBands > 0) {
            // The band ends in this block: only the coefficients with bits already get one more.
            for (; k <= se; k++) {
                int c = coefficients[at + k];
                if (c != 0) {
                    correct(coefficients, at + k, c, plus);
                }
            }
            endOfBands--;
        }
        return endOfBands;
    }

    /** Reads a correction bit for a coefficient that has bits already: set, it grows away from zero (unless it has that bit). */
    private void correct(short[] coefficients, int i, int c, int plus) {
        if (bit() != 0 && (c & plus) == 0) {
            coefficients[i] = (short) (c + (c >= 0 ? plus : -plus));
        }
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
            buf |= (long) LONGS.get(bytes, next) >>> count;
            next += (63 - count) >>> 3;
            count |= 56;
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
            buf |= (long) LONGS.get(bytes, next) >>> count;
            next += (63 - count) >>> 3;
            count |= 56;
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
