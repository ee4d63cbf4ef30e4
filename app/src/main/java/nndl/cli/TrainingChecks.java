package nndl.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import nndl.UserException;
import nndl.io.AtomicFile;
import nndl.model.ModelFile;
import nndl.nn.Network;

/**
 * What {@code train} checks before it loads data or builds the network, so that a run that cannot
 * end well fails in its first second rather than after its last epoch: the sizes (overflow, and
 * the memory the network and its mini-batches need, against the heap), and every file it will
 * write (writable, and not something nndl refuses to replace). The metrics file is emptied, so
 * that it never shows a previous run's epochs.
 */
final class TrainingChecks {
    /** MNIST's 70,000 images of 784 bytes, as loaded. */
    private static final long DATA_BYTES = 70_000L * 784;
    /** Images evaluated at a time ({@code Network.evaluate}'s chunks). */
    private static final int EVALUATION_CHUNK = 1000;

    private TrainingChecks() {
    }

    /**
     * The memory and the outputs of a run, checked; the metrics file emptied. {@code keepsModel}:
     * the run writes a model file (--save, --save-best, a run folder), which must stay loadable.
     */
    static void check(int[] sizes, int miniBatchSize, boolean momentum, boolean dropout, boolean earlyStop,
                      boolean keepsModel, Path save, Path metricsOut, Path plot) {
        Network.checkSizes(sizes);
        long parameters = Network.parameters(sizes);
        if (keepsModel && parameters > ModelFile.maxParameters()) {
            throw new UserException(String.format(Locale.ROOT, "sizes %s give %,d weights and biases, more than the %,d"
                    + " a saved model may hold: run with -D%s=N to train and load bigger networks",
                    Arrays.toString(sizes), parameters, ModelFile.maxParameters(), ModelFile.MAX_PARAMETERS_PROPERTY));
        }
        long needed = bytesNeeded(sizes, miniBatchSize, momentum, dropout, earlyStop);
        Runtime heap = Runtime.getRuntime();
        long free = heap.maxMemory() - (heap.totalMemory() - heap.freeMemory());
        if (needed > free) {
            throw new UserException(String.format(Locale.ROOT, "training %s with mini-batches of %d needs about %s,"
                    + " more than the %s the heap has free: give smaller --sizes, or a bigger heap (NNDL_JAVA_OPTS=-Xmx%dg)",
                    Arrays.toString(sizes), miniBatchSize, size(needed), size(free), needed / (1L << 30) + 2));
        }
        if (save != null) {
            AtomicFile.checkWritable(save, "--save");
        }
        if (plot != null) {
            AtomicFile.checkWritable(plot, "--plot");
        }
        if (metricsOut != null) {
            AtomicFile.checkWritable(metricsOut, "--metrics-out");
            if (!AtomicFile.writesDirectly(metricsOut)) {
                AtomicFile.writeString(metricsOut, "");
            }
        }
    }

    /**
     * About how many bytes a run holds: its weights and biases (4 bytes each) as many times as it
     * keeps them (the network, a step's update, momentum's velocities, early stopping's best
     * network); per example, each layer's weighted inputs, activations and errors (and dropout's
     * masks and outputs), for a mini-batch, the last smaller one and an evaluation chunk; and the
     * images.
     */
    static long bytesNeeded(int[] sizes, int miniBatchSize, boolean momentum, boolean dropout, boolean earlyStop) {
        long parameters = Network.parameters(sizes);
        int copies = 2 + (momentum ? 1 : 0) + (earlyStop ? 1 : 0);
        long neurons = 0;
        for (int l = 1; l < sizes.length; l++) {
            neurons += sizes[l];
        }
        long perExample = 4 * (sizes[0] + sizes[sizes.length - 1] + neurons * (dropout ? 5 : 3));
        long examples = 2L * miniBatchSize + EVALUATION_CHUNK;
        if (parameters > Long.MAX_VALUE / 8 || perExample > Long.MAX_VALUE / 4 / examples) {
            return Long.MAX_VALUE;
        }
        return 4 * parameters * copies + perExample * examples + DATA_BYTES;
    }

    private static String size(long bytes) {
        return bytes == Long.MAX_VALUE ? "more than a computer has"
                : bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30))
                : String.format(Locale.ROOT, "%d MB", bytes >> 20);
    }
}
