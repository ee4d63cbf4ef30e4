package nndl.cli;

import java.io.PrintWriter;
import nndl.nn.NandAdder;
import nndl.nn.Perceptron;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "perceptron", mixinStandardHelpOptions = true,
        description = "Chapter 1's perceptrons: the NAND gate, an adder built from NAND gates, and the perceptron learning rule.")
final class PerceptronCommand implements Runnable {
    @Parameters(arity = "0..2", paramLabel = "N", description = "Two whole numbers to add with NAND perceptrons (default 5 and 3).")
    long[] numbers = {5, 3};
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        Perceptron nand = Perceptron.nand();
        out.println("A NAND gate: a perceptron with weights -2, -2 and bias 3");
        for (int x1 = 0; x1 <= 1; x1++) {
            for (int x2 = 0; x2 <= 1; x2++) {
                out.printf("  NAND(%d, %d) = %d%n", x1, x2, nand.output(x1, x2));
            }
        }
        NandAdder adder = new NandAdder();
        out.println("The book's adder of two bits, from NAND perceptrons (sum, carry):");
        for (int x1 = 0; x1 <= 1; x1++) {
            for (int x2 = 0; x2 <= 1; x2++) {
                int[] sc = adder.halfAdd(x1, x2);
                out.printf("  %d + %d -> sum %d, carry %d%n", x1, x2, sc[0], sc[1]);
            }
        }
        long a = numbers.length > 0 ? numbers[0] : 5;
        long b = numbers.length > 1 ? numbers[1] : 3;
        nndl.UserException.require(a >= 0 && b >= 0 && a < (1L << 40) && b < (1L << 40),
                "give two whole numbers from 0 to 2^40 to add");
        out.printf("Ripple-carry adder of NAND perceptrons: %d + %d = %d%n", a, b, adder.add(a, b, 41));
        double[][] inputs = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
        int[] targets = {1, 1, 1, 0};
        Perceptron learned = Perceptron.learn(inputs, targets, 1.0, 100);
        out.println("Learned NAND with the perceptron rule, from zero weights: " + learned);
    }
}
