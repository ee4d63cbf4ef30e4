package nndl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import nndl.data.Mnist;
import nndl.data.MnistTest;
import nndl.model.ModelFile;
import nndl.nn.Initializer;
import nndl.nn.Network;
import nndl.train.EpochResult;
import nndl.train.Sgd;
import nndl.train.TrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's "From Java" example, on fewer images. */
class ReadmeExampleTest {
    @TempDir
    Path dir;

    @Test
    void theReadmeExampleWorks() {
        Mnist mnist = Mnist.load(MnistTest.bundled());
        Network net = new Network(784, 30, 10).initialize(Initializer.DEFAULT, new Random(1));
        List<String> lines = new ArrayList<>();
        new Sgd(1, 10, 3.0).train(net, mnist.training().first(5_000), mnist.test(),
                new TrainingListener() {
                    public void epochDone(EpochResult r) {
                        lines.add("Epoch " + r.epoch() + ": " + r.evaluation());
                    }
                });
        assertEquals(1, lines.size());
        assertTrue(lines.get(0).matches("Epoch 0: \\d+ / 10000 \\(\\d+\\.\\d\\d%\\)"), lines.get(0));
        int digit = net.predict(mnist.test().image(0));
        assertEquals(7, digit);
        ModelFile.save(net, dir.resolve("net.json"));
        Network back = ModelFile.load(dir.resolve("net.json"));
        assertArrayEquals(net.feedforward(mnist.test().image(1)), back.feedforward(mnist.test().image(1)));
    }
}
