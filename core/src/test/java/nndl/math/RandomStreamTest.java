package nndl.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** RandomStream against java.util.Random, whose sequence it must give number for number. */
class RandomStreamTest {
    @Test
    void theSameSequenceAsJavaUtilRandom() {
        for (long seed : new long[] {0, 1, 2, 3, 42, -1, Long.MAX_VALUE, Long.MIN_VALUE, 0x5DEECE66DL}) {
            Random expected = new Random(seed);
            RandomStream got = new RandomStream(seed);
            for (int i = 0; i < 20_000; i++) {
                switch (i % 5) {
                    case 0 -> assertEquals(expected.nextFloat(), got.nextFloat(), "seed " + seed + ", draw " + i);
                    case 1 -> assertEquals(expected.nextDouble(), got.nextDouble(), "seed " + seed + ", draw " + i);
                    // bounds that are powers of two, small, and just past a power (most rejections)
                    case 2 -> assertEquals(expected.nextInt(64), got.nextInt(64));
                    case 3 -> assertEquals(expected.nextInt(i + 1), got.nextInt(i + 1));
                    default -> assertEquals(expected.nextInt((1 << 30) + 1), got.nextInt((1 << 30) + 1));
                }
            }
        }
    }

    @Test
    void aStreamGoesOnFromItsState() {
        RandomStream a = new RandomStream(7);
        for (int i = 0; i < 1000; i++) {
            a.nextInt(i + 1);
        }
        RandomStream b = RandomStream.at(a.state());
        for (int i = 0; i < 1000; i++) {
            assertEquals(a.nextDouble(), b.nextDouble());
            assertEquals(a.nextInt(50_000), b.nextInt(50_000));
        }
        assertThrows(IllegalArgumentException.class, () -> RandomStream.at(1L << 48));
    }
}
