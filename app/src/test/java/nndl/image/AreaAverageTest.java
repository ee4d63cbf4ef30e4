package nndl.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class AreaAverageTest {
    @Test
    void halvingAveragesBlocksOfFour() {
        float[] image = {
            1, 2, 3, 4,
            5, 6, 7, 8,
            0, 0, 1, 1,
            0, 4, 1, 1};
        assertArrayEquals(new float[] {3.5f, 5.5f, 1f, 1f}, AreaAverage.resize(image, 4, 0, 0, 4, 4, 2, 2), 1e-6f);
    }

    @Test
    void threePixelsToTwoShareTheMiddleOne() {
        // New pixel 0 covers old [0, 1.5): old 0 wholly and half of old 1, so (a + b/2) / 1.5.
        float a = 0.3f;
        float b = 0.9f;
        float c = 0.6f;
        float[] out = AreaAverage.resize(new float[] {a, b, c}, 3, 0, 0, 3, 1, 2, 1);
        assertArrayEquals(new float[] {(a + b / 2) / 1.5f, (b / 2 + c) / 1.5f}, out, 1e-6f);
    }

    @Test
    void aRegionIsCutOutBeforeResizing() {
        float[] image = new float[5 * 4];
        image[1 * 5 + 2] = 1; // (2, 1)
        image[2 * 5 + 3] = 1; // (3, 2)
        // The 2x2 region at (2, 1) to 1x1: the average of its four pixels.
        assertArrayEquals(new float[] {0.5f}, AreaAverage.resize(image, 5, 2, 1, 2, 2, 1, 1), 1e-6f);
    }

    @Test
    void enlargingRepeatsPixels() {
        float[] out = AreaAverage.resize(new float[] {0.25f, 1f}, 2, 0, 0, 2, 1, 6, 2);
        assertArrayEquals(new float[] {0.25f, 0.25f, 0.25f, 1f, 1f, 1f, 0.25f, 0.25f, 0.25f, 1f, 1f, 1f}, out, 1e-6f);
    }

    @Test
    void inkIsKeptWhateverTheSizes() {
        // Area averaging keeps the total ink: sum(new) · (new pixel area) = sum(old).
        Random random = new Random(3);
        float[] image = new float[97 * 61];
        double sum = 0;
        for (int i = 0; i < image.length; i++) {
            image[i] = random.nextFloat();
            sum += image[i];
        }
        for (int[] size : new int[][] {{20, 13}, {7, 31}, {97, 61}, {200, 150}}) {
            float[] out = AreaAverage.resize(image, 97, 0, 0, 97, 61, size[0], size[1]);
            double outSum = 0;
            for (float v : out) {
                outSum += v;
            }
            assertEquals(sum, outSum * (97.0 * 61) / (size[0] * size[1]), 1e-3 * sum, size[0] + "x" + size[1]);
        }
    }
}
