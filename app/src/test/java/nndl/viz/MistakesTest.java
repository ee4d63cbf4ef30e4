package nndl.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import nndl.data.Dataset;
import nndl.math.Kernels;
import nndl.nn.Network;
import nndl.testing.TestMnist;
import org.junit.jupiter.api.Test;

class MistakesTest {
    @Test
    void findsExactlyTheImagesPredictGetsWrong() {
        Network network = TestMnist.network();
        // 2,345 images: two full chunks of 1,000 and a part-filled one.
        Dataset test = TestMnist.mnist().test().first(2345);
        List<Mistakes.Mistake> expected = TestMnist.mistakesByPredict(network, test);
        List<Mistakes.Mistake> found;
        try (Kernels k = Kernels.create(2)) {
            found = Mistakes.find(network, test, k);
        }
        assertTrue(expected.size() > 50 && expected.size() < 1000, "a small network makes some mistakes: " + expected.size());
        assertEquals(expected, found);
        // and it agrees with the network's own count of right answers
        try (Kernels k = Kernels.create(1)) {
            assertEquals(test.size() - network.evaluate(test, k).correct(), found.size());
        }
    }

    @Test
    void worksOnFewerImagesThanAChunk() {
        Network network = TestMnist.network();
        Dataset few = TestMnist.mnist().test().slice(100, 107);
        try (Kernels k = Kernels.create(1)) {
            assertEquals(TestMnist.mistakesByPredict(network, few), Mistakes.find(network, few, k));
        }
    }
}
