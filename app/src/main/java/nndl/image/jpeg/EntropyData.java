package nndl.image.jpeg;

import static nndl.image.jpeg.NotHandled.require;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A scan's entropy-coded data with the byte stuffing taken out (0xFF 0x00 → 0xFF), cut into
 * its restart intervals: the segments between RSTn markers, each starting on a byte.
 */
record EntropyData(byte[] bytes, int[] segmentStarts, int segments, int end) {
    /**
     * Zero bytes after the data: reading 8 bytes ahead never runs off the end, nor do codes in
     * damaged data within the one unit of blocks (at most 10 blocks of 64 codes of at most 27
     * bits: 2,160 bytes) decoded before the check that the data has not been overrun.
     */
    private static final int PADDING = 4096;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

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

    /** Where the entropy-coded data starting at {@code start} ends: the first marker after it that is not a restart. */
    static int end(byte[] jpeg, int start) throws NotHandled {
        int i = start;
        while (true) {
            int ff = indexOfFf(jpeg, i);
            require(ff >= 0 && ff + 1 < jpeg.length); // no marker ends the data: the file is truncated
            int next = jpeg[ff + 1] & 0xff;
            if (next != 0 && next != 0xff && (next < 0xd0 || next > 0xd7)) {
                return ff;
            }
            i = ff + 1;
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
