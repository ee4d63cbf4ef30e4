package nndl.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A progress bar over the mini-batches of one epoch, with the speed in images per second and
 * the time left, redrawn in place (carriage return) at most {@value #REDRAWS_PER_SECOND} times a
 * second, and wiped before the epoch's own line is printed. Only on a terminal: in a log file the
 * plain per-epoch lines are all there is.
 *
 * <p>{@link #batchDone} is called after every mini-batch (5,000 times an epoch for the book's
 * runs), so it costs one counter decrement on most calls: the clock is read only every
 * {@code countdown} batches, a number chosen from the speed so far to read it about 50 times a
 * second.
 */
final class Progress {
    static final int REDRAWS_PER_SECOND = 10;
    private static final long REDRAW_NANOS = 1_000_000_000L / REDRAWS_PER_SECOND;
    private static final double CLOCK_READS_PER_SECOND = 50;
    private static final int BAR = 30;

    private final PrintWriter out;
    private final LongSupplier nanoClock;
    private final int images;
    private int countdown = 1;
    private int epoch = -1;
    private int firstDone;
    private long firstTime;
    private long lastDraw;
    private int drawnLength;

    /** A bar on {@code out} for epochs of {@code images} training images, timed by {@code nanoClock}. */
    Progress(PrintWriter out, LongSupplier nanoClock, int images) {
        this.out = out;
        this.nanoClock = nanoClock;
        this.images = images;
    }

    /** A bar on {@code out} if standard output is a terminal, else null (nothing to draw). */
    static Progress onTerminal(PrintWriter out, int images) {
        return System.console() != null ? new Progress(out, System::nanoTime, images) : null;
    }

    /** After mini-batch {@code done} of {@code total} in {@code epoch}. */
    void batchDone(int epoch, int done, int total) {
        if (--countdown > 0 && done < total) {
            return;
        }
        long now = nanoClock.getAsLong();
        if (epoch != this.epoch) {
            this.epoch = epoch;
            firstDone = done;
            firstTime = now;
            lastDraw = now - REDRAW_NANOS;
        }
        double seconds = (now - firstTime) / 1e9;
        double batchesPerSecond = seconds > 0 ? (done - firstDone) / seconds : 0;
        countdown = Math.max(1, (int) (batchesPerSecond / CLOCK_READS_PER_SECOND));
        if (now - lastDraw >= REDRAW_NANOS || done == total) {
            lastDraw = now;
            draw(line(epoch, done, total, images, batchesPerSecond));
        }
    }

    /** Wipes the bar, so that the next line printed starts on a clean line; the next epoch starts afresh. */
    void clear() {
        if (drawnLength > 0) {
            out.print("\r" + " ".repeat(drawnLength) + "\r");
            out.flush();
            drawnLength = 0;
        }
        epoch = -1;
        countdown = 1;
    }

    private void draw(String line) {
        String padding = " ".repeat(Math.max(0, drawnLength - line.length()));
        out.print("\r" + line + padding);
        out.flush();
        drawnLength = line.length();
    }

    /**
     * "Epoch 3 [=========>      ] 2300/5000  12,345 images/s  0:04 left" for an epoch of
     * {@code images} images in {@code total} mini-batches, going at {@code batchesPerSecond};
     * speed and time left are "--" until there is a speed to go by.
     */
    static String line(int epoch, int done, int total, int images, double batchesPerSecond) {
        int filled = (int) ((long) BAR * done / total);
        String bar = "=".repeat(filled) + (filled < BAR ? ">" + " ".repeat(BAR - filled - 1) : "");
        String counts = String.format(Locale.ROOT, "%" + String.valueOf(total).length() + "d/%d", done, total);
        if (batchesPerSecond <= 0) {
            return String.format(Locale.ROOT, "Epoch %d [%s] %s  -- images/s  -:-- left", epoch, bar, counts);
        }
        return String.format(Locale.ROOT, "Epoch %d [%s] %s  %,.0f images/s  %s left", epoch, bar, counts,
                batchesPerSecond * images / total, duration((total - done) / batchesPerSecond));
    }

    /** 0:04, 12:30, 1:02:03. */
    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
