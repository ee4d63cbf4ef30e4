package nndl.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import nndl.UserException;

/**
 * One of the book's networks as {@code ./nndl bench} trains it, on the first 50,000 training
 * images with the 10,000 test images evaluated after every epoch (issue 15's protocol). Its
 * {@link #trainOptions()} are options of {@code nndl train}, which the Python scripts take too.
 *
 * @param manyThreads whether PyTorch and numpy get all cores (the wide network) or one (at
 *                    mini-batch 10 a second thread only slows them down)
 */
public record Workload(String name, int[] sizes, int batchSize, double eta, String cost, double lambda, int epochs,
                       boolean manyThreads) {
    /** [784,30,10] as chapter 1; [784,100,10] with chapter 3's cross-entropy and L2; a wide layer at mini-batch 128. */
    public static final List<Workload> BOOK = List.of(
            new Workload("small", new int[] {784, 30, 10}, 10, 3.0, "quadratic", 0, 10, false),
            new Workload("medium", new int[] {784, 100, 10}, 10, 0.5, "cross-entropy", 5.0, 10, false),
            new Workload("wide", new int[] {784, 1000, 10}, 128, 0.1, "cross-entropy", 0, 3, true));

    public static Workload named(String name) {
        return BOOK.stream().filter(w -> w.name.equals(name)).findFirst().orElseThrow(() -> new UserException(
                "unknown run '" + name + "': use " + BOOK.stream().map(Workload::name).collect(Collectors.joining(", "))));
    }

    /** The same run for this many epochs. */
    public Workload withEpochs(int count) {
        return new Workload(name, sizes, batchSize, eta, cost, lambda, count, manyThreads);
    }

    /** The options of {@code nndl train} (and of the Python scripts) for this run. */
    public List<String> trainOptions() {
        List<String> options = new ArrayList<>(List.of("--sizes", Arrays.stream(sizes).mapToObj(String::valueOf)
                        .collect(Collectors.joining(",")), "--batch-size", String.valueOf(batchSize),
                "--eta", number(eta), "--cost", cost));
        if (lambda > 0) {
            options.addAll(List.of("--lambda", number(lambda)));
        }
        options.addAll(List.of("--epochs", String.valueOf(epochs)));
        return options;
    }

    /** Threads for PyTorch and numpy on a machine with this many cores. */
    public int pythonThreads(int cores) {
        return manyThreads ? cores : 1;
    }

    /** "[784,100,10], mini-batch 10, η 0.5, cross-entropy, λ 5, 10 epochs". */
    public String label() {
        return Arrays.toString(sizes).replace(" ", "") + ", mini-batch " + batchSize + ", η " + number(eta) + ", " + cost
                + (lambda > 0 ? ", λ " + number(lambda) : "") + ", " + epochs + (epochs == 1 ? " epoch" : " epochs");
    }

    /**
     * Multiply-adds per training image counted as dense products: the forward pass (n_in·n_out a
     * layer), the weight gradient (the same), and the error sent back to each layer below the
     * first (the same again).
     */
    public long denseMultiplyAddsPerImage() {
        long sum = 0;
        for (int l = 1; l < sizes.length; l++) {
            long weights = (long) sizes[l - 1] * sizes[l];
            sum += l == 1 ? 2 * weights : 3 * weights;
        }
        return sum;
    }

    private static String number(double x) {
        return x == Math.rint(x) ? String.format(Locale.ROOT, "%.1f", x) : String.valueOf(x);
    }
}
