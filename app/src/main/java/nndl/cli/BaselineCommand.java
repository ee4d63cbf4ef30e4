package nndl.cli;

import java.io.PrintWriter;
import java.util.Locale;
import nndl.baseline.AverageDarkness;
import nndl.baseline.RandomGuess;
import nndl.data.Mnist;
import nndl.nn.Evaluation;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "baseline", mixinStandardHelpOptions = true,
        description = "What a network is up against: chapter 1's simple classifiers, scored on the test set.",
        subcommands = {BaselineCommand.AverageDarknessCommand.class, BaselineCommand.RandomCommand.class})
final class BaselineCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "average-darkness", mixinStandardHelpOptions = true,
            description = {"Guess the digit whose training images are, on average, closest in darkness"
                    + " (the sum of their grey levels) to the image's. The book gets 2,225 of 10,000 (22.25%%)."})
    static final class AverageDarknessCommand implements Runnable {
        @Mixin
        DataOptions data;
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            Mnist mnist = data.load();
            AverageDarkness baseline = AverageDarkness.train(mnist.training());
            out.println("Average darkness of the training images of each digit (sum of the 784 grey levels in [0, 1]):");
            for (int d = 0; d < 10; d++) {
                out.printf(Locale.ROOT, "  %d: %6.1f%n", d, baseline.average(d) / 255);
            }
            print(out, "average darkness", baseline.evaluate(mnist.test()));
        }
    }

    @Command(name = "random", mixinStandardHelpOptions = true,
            description = "Guess a digit at random for each test image: right about one time in ten.")
    static final class RandomCommand implements Runnable {
        @Mixin
        DataOptions data;
        @Option(names = "--seed", paramLabel = "N", description = "Random seed (default 1).")
        long seed = 1;
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            print(spec.commandLine().getOut(), "random guess", new RandomGuess(seed).evaluate(data.test()));
        }
    }

    private static void print(PrintWriter out, String name, Evaluation e) {
        out.println(name + " on test: " + e);
    }
}
