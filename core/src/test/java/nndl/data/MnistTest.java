package nndl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Arrays;
import nndl.math.Matrix;
import nndl.math.SparseRows;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The bundled MNIST files, against the facts in data/mnist/README.md. */
public class MnistTest {
    static Mnist mnist;

    /** The repository's data/mnist folder (tests run with the module folder as working directory). */
    public static Path bundled() {
        return Path.of("..", "data", "mnist");
    }

    @BeforeAll
    static void load() {
        mnist = Mnist.load(bundled());
    }

    @Test
    void theBooksSplit() {
        assertEquals(50_000, mnist.training().size());
        assertEquals(10_000, mnist.validation().size());
        assertEquals(10_000, mnist.test().size());
        assertEquals(784, mnist.training().pixelsPerImage());
    }

    @Test
    void labelsAsDocumented() {
        int[] firstTen = new int[10];
        int[] firstTenTest = new int[10];
        for (int i = 0; i < 10; i++) {
            firstTen[i] = mnist.training().label(i);
            firstTenTest[i] = mnist.test().label(i);
        }
        assertArrayEquals(new int[] {5, 0, 4, 1, 9, 2, 1, 3, 1, 4}, firstTen);
        assertArrayEquals(new int[] {7, 2, 1, 0, 4, 1, 4, 9, 5, 9}, firstTenTest);
        int[] trainCounts = new int[10];
        for (Dataset part : new Dataset[] {mnist.training(), mnist.validation()}) {
            for (int i = 0; i < part.size(); i++) {
                trainCounts[part.label(i)]++;
            }
        }
        assertArrayEquals(new int[] {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949}, trainCounts);
        int[] testCounts = new int[10];
        for (int i = 0; i < mnist.test().size(); i++) {
            testCounts[mnist.test().label(i)]++;
        }
        assertArrayEquals(new int[] {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}, testCounts);
    }

    @Test
    void validationIsTheLastTenThousandTrainingImages() {
        Dataset all = Mnist.loadPair(bundled(), Mnist.TRAIN_IMAGES, Mnist.TRAIN_LABELS);
        for (int i : new int[] {0, 1, 9_999}) {
            assertEquals(all.label(50_000 + i), mnist.validation().label(i));
            assertArrayEquals(all.image(50_000 + i), mnist.validation().image(i));
        }
    }

    @Test
    void batchesScalePixelsByOneOver255AndOneHotLabels() {
        int[] order = {3, 0};
        SparseRows x = new SparseRows(2, 784);
        Matrix y = new Matrix(2, 10);
        mnist.training().fillBatch(order, 0, x, y);
        float max = 0;
        for (int p = 0; p < 784; p++) {
            assertEquals(mnist.training().pixel(3, p) / 255f, x.get(0, p));
            assertEquals(mnist.training().pixel(0, p) / 255f, x.get(1, p));
            assertEquals(mnist.training().pixel(3, p) / 255f, mnist.training().image(3)[p]);
            max = Math.max(max, Math.max(x.get(0, p), x.get(1, p)));
        }
        float[] expected = new float[10];
        expected[mnist.training().label(3)] = 1f;
        assertArrayEquals(expected, Arrays.copyOf(y.data, 10));
        assertEquals(1f, max);
    }
}
