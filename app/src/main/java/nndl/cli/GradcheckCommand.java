package nndl.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import nndl.UserException;
import nndl.math.Matrix;
import nndl.nn.Activation;
import nndl.nn.Cost;
import nndl.nn.GradientCheck;
import nndl.nn.Initializer;
import nndl.nn.Network;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "gradcheck", mixinStandardHelpOptions = true,
        description = "Compare backpropagation's gradients with numerical (central-difference) ones on a small random network.")
final class GradcheckCommand implements Runnable {
    static final double TOLERANCE = 1e-3;

    @Option(names = "--sizes", split = ",", paramLabel = "N,N,...", description = "Layer sizes (default 8,6,5,4).")
    int[] sizes = {8, 6, 5, 4};
    @Option(names = "--cost", paramLabel = "NAME", description = "quadratic, cross-entropy or log-likelihood (default quadratic).")
    String cost = "quadratic";
    @Option(names = "--activation", paramLabel = "NAME", description = "sigmoid, tanh or relu (default sigmoid).")
    String activation = "sigmoid";
    @Option(names = "--output", paramLabel = "NAME", description = "sigmoid or softmax (default: softmax for log-likelihood, else sigmoid).")
    String output;
    @Option(names = "--examples", paramLabel = "M", description = "Examples in the mini-batch (default 5).")
    int examples = 5;
    @Option(names = "--seed", paramLabel = "N", description = "Random seed (default 1).")
    long seed = 1;
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        UserException.require(examples >= 1, "--examples must be at least 1");
        Cost c = Cost.parse(cost);
        Activation out = Activation.parse(output != null ? output : (c == Cost.LOG_LIKELIHOOD ? "softmax" : "sigmoid"));
        Network network = new Network(sizes, Activation.parse(activation), out, c);
        Random random = new Random(seed);
        network.initialize(Initializer.DEFAULT, random);
        Matrix x = new Matrix(examples, network.inputs());
        Matrix y = new Matrix(examples, network.outputs());
        for (int i = 0; i < examples; i++) {
            for (int k = 0; k < x.cols; k++) {
                x.set(i, k, random.nextFloat());
            }
            y.set(i, random.nextInt(y.cols), 1f);
        }
        GradientCheck.Result r = GradientCheck.run(network, x, y);
        PrintWriter print = spec.commandLine().getOut();
        print.printf(Locale.ROOT, "Network %s, %s cost, %s hidden, %s output, %d examples: %d parameters checked%n",
                Arrays.toString(sizes), c.id(), network.hiddenActivation() == null ? "no" : network.hiddenActivation().id(),
                out.id(), examples, r.parametersChecked());
        print.printf(Locale.ROOT, "Largest relative error: %.2e (%s) — %s%n", r.maxRelativeError(), r.where(),
                r.maxRelativeError() < TOLERANCE ? "backpropagation agrees" : "MISMATCH");
        if (r.maxRelativeError() >= TOLERANCE) {
            throw new IllegalStateException("backpropagation disagrees with numerical gradients");
        }
    }
}
