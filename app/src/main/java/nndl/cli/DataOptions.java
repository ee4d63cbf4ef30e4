package nndl.cli;

import java.nio.file.Path;
import nndl.data.Mnist;
import picocli.CommandLine.Option;

/** The --data option shared by the commands that read MNIST, and where data is looked for without it. */
final class DataOptions {
    @Option(names = "--data", paramLabel = "DIR",
            description = "Folder with the four MNIST files (.gz or raw). Default: data/mnist of this repository.")
    Path data;

    /** The folder to read: --data, else data/mnist under the nndl home (set by ./nndl), else ./data/mnist. */
    Path folder() {
        if (data != null) {
            return data;
        }
        String home = System.getProperty("nndl.home");
        return home != null ? Path.of(home, "data", "mnist") : Path.of("data", "mnist");
    }

    Mnist load() {
        return Mnist.load(folder());
    }
}
