package nndl.cli;

import java.io.PrintWriter;
import java.util.Locale;
import nndl.data.Dataset;
import nndl.math.Kernels;
import nndl.onnx.Models;
import nndl.nn.Evaluation;
import nndl.nn.Network;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Count how many images of a data split a saved network gets right.")
final class EvaluateCommand implements Runnable {
    @Mixin
    ModelOption model;
    @Mixin
    DataOptions data;
    @Option(names = "--split", paramLabel = "SPLIT", description = "test, validation or training (default test).")
    String split = "test";
    @Option(names = "--json", description = "Print one JSON object with split, correct, total.")
    boolean json;
    @Mixin
    Threads threads;
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        Network network = Models.load(model.required("evaluate"));
        Dataset dataset = data.load().split(split);
        network.requireFits(dataset);
        Evaluation e;
        try (Kernels k = Kernels.create(threads.count())) {
            e = network.evaluate(dataset, k);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.printf(Locale.ROOT, "{\"split\": \"%s\", \"correct\": %d, \"total\": %d, \"accuracy\": %.4f, \"cost\": %.6f}%n",
                    split, e.correct(), e.total(), e.accuracy(), e.cost());
        } else {
            out.println(split + ": " + e);
        }
    }
}
