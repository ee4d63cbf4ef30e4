package nndl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {
    @Test
    void halvesAfterPatienceEpochsWithoutImprovementAndStopsBelowOneOver128() {
        LearningRateSchedule rate = new LearningRateSchedule(1f, 2);
        Patience watch = new Patience();
        int[] accuracies = {10, 20, 20, 20, 25, 25};
        float[] expectedEta = {1f, 1f, 1f, 0.5f, 0.5f, 0.5f};
        for (int e = 0; e < accuracies.length; e++) {
            watch.record(e, accuracies[e]);
            rate.record(watch.sinceBest());
            assertEquals(expectedEta[e], rate.eta(), "after epoch " + e);
        }
        // From here on no improvement: halved every 2 epochs, until below 1/128.
        int epoch = accuracies.length;
        int halvings = 1;
        while (!rate.finished()) {
            assertTrue(epoch < 100, "the schedule ends");
            watch.record(epoch++, 0);
            boolean halved = rate.record(watch.sinceBest());
            halvings += halved ? 1 : 0;
        }
        assertEquals(8, halvings);                  // 1/2^8 = 1/256 < 1/128 ≤ 1/2^7
        assertEquals(1f / 256, rate.eta());
        assertFalse(new LearningRateSchedule(1f, 2).finished());
    }

    @Test
    void patienceCountsEpochsSinceTheBest() {
        Patience p = new Patience();
        assertTrue(p.record(0, 5));
        assertFalse(p.record(1, 5));
        assertFalse(p.record(2, 4));
        assertEquals(2, p.sinceBest());
        assertTrue(p.record(3, 6));
        assertEquals(0, p.sinceBest());
        assertEquals(3, p.bestEpoch());
    }
}
