package nndl.cli;

import java.nio.file.Path;
import nndl.data.Dataset;
import nndl.data.Mnist;
import nndl.download.MnistCache;
import picocli.CommandLine.Option;

/** The --data option shared by the commands that read MNIST, and where data is looked for without it. */
final class DataOptions {
    @Option(names = "--data", paramLabel = "DIR",
            description = "Folder with the four MNIST files (.gz or raw). Default: data/mnist of this repository,"
                    + " else the cache that 'nndl download' fills.")
    Path data;

    /**
     * The folder to read: --data, else data/mnist under the nndl home (set by ./nndl; ./data/mnist without it)
     * when it has the files, else the download cache.
     */
    Path folder() {
        if (data != null) {
            return data;
        }
        String home = System.getProperty("nndl.home");
        Path bundled = home != null ? Path.of(home, "data", "mnist") : Path.of("data", "mnist");
        return MnistCache.choose(bundled, MnistCache.folder());
    }

    Mnist load() {
        return Mnist.load(folder());
    }

    /** MNIST's test digits alone (the training file is not read). */
    Dataset test() {
        return Mnist.loadPair(folder(), Mnist.TEST_IMAGES, Mnist.TEST_LABELS);
    }
}
