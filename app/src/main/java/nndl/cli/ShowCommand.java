package nndl.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import nndl.UserException;
import nndl.data.Dataset;
import nndl.data.Mnist;
import nndl.math.Kernels;
import nndl.onnx.Models;
import nndl.nn.Network;
import nndl.viz.DigitTiles;
import nndl.viz.Mistakes;
import nndl.viz.PictureFile;
import nndl.viz.TileGrid;
import nndl.viz.WeightTiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "show", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Draw test digits, a model's mistakes or its first-layer weights as a picture (PNG or SVG).",
                "WHAT is one of:",
                "  digits    a grid of test digits with their labels (no model needed)",
                "  mistakes  the test digits the model gets wrong: label -> the model's guess",
                "  weights   each first-layer neuron's 784 incoming weights as a 28x28 image",
                "The picture's format is chosen by the name given to --out."})
final class ShowCommand implements Runnable {
    private static final int DEFAULT_COUNT = 100;
    /** 1,000 tiles make a picture about 1,000 × 11,600 pixels (45 MB in memory); more would not be looked at. */
    private static final int MAX_COUNT = 1000;

    @Parameters(index = "0", paramLabel = "WHAT", description = "digits, mistakes or weights.")
    String what;
    @Mixin
    ModelOption model;
    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The picture to write: FILE.png or FILE.svg.")
    Path out;
    @Mixin
    DataOptions data;
    @Option(names = "--count", paramLabel = "N",
            description = "Draw at most N images, up to 1000 (default: 100 digits or mistakes, every neuron).")
    Integer count;
    @Mixin
    Threads threads;
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        PictureFile.formatOf(out);
        UserException.require(count == null || (count >= 1 && count <= MAX_COUNT),
                "--count must be between 1 and " + MAX_COUNT + ", got " + count);
        TileGrid grid = switch (what) {
            case "digits" -> DigitTiles.digits(data.test(), "test", Objects.requireNonNullElse(count, DEFAULT_COUNT));
            case "mistakes" -> mistakes();
            case "weights" -> weights();
            default -> throw new UserException("cannot show '" + what + "': use digits, mistakes or weights");
        };
        PictureFile.write(out, grid);
        spec.commandLine().getOut().printf(Locale.ROOT, "Wrote %s (%d images)%n", out, grid.tiles().size());
    }

    private TileGrid mistakes() {
        Network network = mnistModel();
        Dataset test = data.test();
        List<Mistakes.Mistake> wrong;
        try (Kernels k = Kernels.create(threads.count())) {
            wrong = Mistakes.find(network, test, k);
        }
        spec.commandLine().getOut().printf(Locale.ROOT, "The network gets %d of %d test digits wrong%n", wrong.size(), test.size());
        return DigitTiles.mistakes(test, "test", wrong, Objects.requireNonNullElse(count, DEFAULT_COUNT));
    }

    private TileGrid weights() {
        Network network = mnistModel();
        String neurons = network.layers().size() > 1 ? "hidden neurons in the first layer"
                : "output neurons (the network has no hidden layer)";
        return WeightTiles.of(network.layers().get(0), neurons, Objects.requireNonNullElse(count, MAX_COUNT));
    }

    /** The model given with --model, which must read 28x28 images. */
    private Network mnistModel() {
        Path file = model.required("show " + what);
        Network network = Models.load(file);
        UserException.require(network.inputs() == Mnist.PIXELS, "the model in " + file + " takes " + network.inputs()
                + " inputs, but MNIST images have " + Mnist.PIXELS + " pixels: give a model trained on MNIST");
        return network;
    }
}
