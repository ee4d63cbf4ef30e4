package nndl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

class ProgressTest {
    /** A clock the test moves by hand, counting how often it is read. */
    static final class FakeClock implements LongSupplier {
        long nanos = 1_000_000_000L;
        int reads;

        @Override
        public long getAsLong() {
            reads++;
            return nanos;
        }
    }

    private final StringWriter text = new StringWriter();
    private final PrintWriter out = new PrintWriter(text, true);

    private String output() {
        return text.toString();
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void lineShowsBarCountsSpeedAndTimeLeft() {
        // Half of 5,000 mini-batches of an epoch of 50,000 images, at 1,250 batches/s:
        // 12,500 images/s, and 2,500 batches left take 2 s.
        assertEquals("Epoch 3 [===============>              ] 2500/5000  12,500 images/s  0:02 left",
                Progress.line(3, 2500, 5000, 50_000, 1250));
        assertEquals("Epoch 0 [>                             ]    1/5000  -- images/s  -:-- left",
                Progress.line(0, 1, 5000, 50_000, 0));
        assertEquals("Epoch 12 [==============================] 5000/5000  50,000 images/s  0:00 left",
                Progress.line(12, 5000, 5000, 50_000, 5000));
        // 10 batches of 6 images (the last one short: 57 images): 57 / 10 per batch
        assertEquals("Epoch 1 [=========>                    ]  3/10  11 images/s  0:04 left",
                Progress.line(1, 3, 10, 57, 2));
    }

    @Test
    void durationsAsAClock() {
        assertEquals("0:04", Progress.duration(4.2));
        assertEquals("12:30", Progress.duration(750));
        assertEquals("1:02:03", Progress.duration(3723));
        assertEquals("0:00", Progress.duration(0.3));
    }

    @Test
    void redrawsAtMostTenTimesASecondAndReadsTheClockRarely() {
        FakeClock clock = new FakeClock();
        Progress progress = new Progress(out, clock, 50_000);
        // 5,000 batches of 0.4 ms each: an epoch of 2 seconds.
        for (int b = 1; b <= 5000; b++) {
            clock.nanos += 400_000;
            progress.batchDone(0, b, 5000);
        }
        String text = output();
        int redraws = count(text, "\rEpoch 0 [");
        assertTrue(redraws >= 18 && redraws <= 22, "about 10 redraws a second for 2 s, got " + redraws);
        assertTrue(clock.reads < 300, "the clock is read about 50 times a second, not per batch: " + clock.reads);
        // The last redraw is the full bar, with the speed measured: 2,500 batches/s = 25,000 images/s.
        assertTrue(text.endsWith("\rEpoch 0 [==============================] 5000/5000  25,000 images/s  0:00 left"),
                text.substring(text.lastIndexOf('\r')));
        // Somewhere in the middle: 2,500 batches/s, so at batch 2,500 one second is left.
        assertTrue(text.contains("25,000 images/s  0:01 left"), "time left mid-epoch");
        assertTrue(!text.contains("\n"), "drawn in place: no new lines");
    }

    @Test
    void clearWipesTheBarAndTheNextEpochStartsAfresh() {
        FakeClock clock = new FakeClock();
        Progress progress = new Progress(out, clock, 1000);
        progress.batchDone(0, 1, 100);
        String first = output();
        assertEquals("\rEpoch 0 [>                             ]   1/100  -- images/s  -:-- left", first);
        progress.clear();
        assertEquals(first + "\r" + " ".repeat(first.length() - 1) + "\r", output());
        text.getBuffer().setLength(0);
        progress.clear();
        assertEquals("", output(), "nothing to wipe");
        // The next epoch's speed is its own: 1 batch per 10 ms = 100 batches/s = 1,000 images/s.
        clock.nanos += 5_000_000_000L;
        progress.batchDone(1, 1, 100);
        for (int b = 2; b <= 30; b++) {
            clock.nanos += 10_000_000;
            progress.batchDone(1, b, 100);
        }
        assertTrue(output().contains("1,000 images/s"), output());
    }

    @Test
    void aShorterLineIsPaddedOverALongerOne() {
        FakeClock clock = new FakeClock();
        Progress progress = new Progress(out, clock, 1000);
        progress.batchDone(0, 1, 100);                   // "... -- images/s  -:-- left" (71 characters)
        clock.nanos += 200_000_000;
        progress.batchDone(0, 2, 100);                   // "... 5 images/s  0:20 left" (shorter)
        String[] draws = output().split("\r");
        assertEquals(3, draws.length);
        assertEquals(draws[1].length(), draws[2].length(), "the second draw covers all of the first");
        assertTrue(draws[2].startsWith("Epoch 0 [>                             ]   2/100  50 images/s  0:20 left"), draws[2]);
    }
}
