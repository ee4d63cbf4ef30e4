package nndl.image.jpeg;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

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
final class SecondHalf implements Runnable {
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
        int[] starts = scan.data.segmentStarts();
        int segments = scan.data.segments();
        boolean oneCore = Runtime.getRuntime().availableProcessors() < 2;
        if (scan.split == JpegLuma.Split.NONE || scan.split == JpegLuma.Split.HELPER && oneCore || starts[segments] - starts[0] < MIN_BYTES) {
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
            int[] starts = scan.data.segmentStarts();
            Bits bits = new Bits(scan.data.bytes());
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

    /** The helper thread for {@link SecondHalf}: one, made when first needed, a daemon (it never keeps the JVM alive). */
    private static final class Helpers {
        static final Executor EXECUTOR = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "nndl-jpeg-helper");
            thread.setDaemon(true);
            return thread;
        });
    }
}
