package nndl.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nndl.data.Dataset;
import nndl.data.Mnist;
import nndl.model.ModelFile;
import nndl.nn.Network;
import nndl.train.Sgd;
import nndl.viz.Mistakes;

/** The repository's bundled MNIST files, and a small network trained on a few of them, shared by the app's tests. */
public final class TestMnist {
    private static Mnist mnist;
    private static Network network;

    private TestMnist() {
    }

    /** data/mnist of the repository (tests run in app/). */
    public static Path folder() {
        Path fromModule = Path.of("..", "data", "mnist");
        return Files.isDirectory(fromModule) ? fromModule : Path.of("data", "mnist");
    }

    public static synchronized Mnist mnist() {
        if (mnist == null) {
            mnist = Mnist.load(folder());
        }
        return mnist;
    }

    /** [784, 20, 10] after two epochs on 2,000 training images: about 85-90% right, so with hundreds of mistakes. */
    public static synchronized Network network() {
        if (network == null) {
            Network n = new Network(784, 20, 10);
            n.initialize(nndl.nn.Initializer.DEFAULT, new java.util.Random(7));
            new Sgd(2, 10, 3.0).seed(7).threads(1).train(n, mnist().training().first(2000), null, null);
            network = n;
        }
        return network;
    }

    /** The small network saved as a model file in {@code dir}. */
    public static Path savedNetwork(Path dir) {
        Path file = dir.resolve("small.json");
        ModelFile.save(network(), file);
        return file;
    }

    /** The reference for the mistakes: Network.predict on every image, one at a time. */
    public static List<Mistakes.Mistake> mistakesByPredict(Network network, Dataset data) {
        List<Mistakes.Mistake> wrong = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            int guess = network.predict(data.image(i));
            if (guess != data.label(i)) {
                wrong.add(new Mistakes.Mistake(i, data.label(i), guess));
            }
        }
        return wrong;
    }
}
