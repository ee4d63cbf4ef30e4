package nndl.viz;

import java.util.ArrayList;
import java.util.List;
import nndl.data.Dataset;
import nndl.math.Kernels;
import nndl.math.Matrix;
import nndl.nn.Network;
import nndl.nn.Workspace;

/** The images of a data set that a network gets wrong: what it should have said and what it said. */
public final class Mistakes {
    /** Image {@code index} is labelled {@code label}; the network's most active output neuron is {@code guess}. */
    public record Mistake(int index, int label, int guess) {
    }

    private static final int CHUNK = 1000;

    private Mistakes() {
    }

    /** Every image the network gets wrong, in the data set's order (fed forward 1,000 images at a time). */
    public static List<Mistake> find(Network network, Dataset data, Kernels kernels) {
        network.requireFits(data);
        int n = data.size();
        int chunk = Math.max(1, Math.min(CHUNK, n));
        int chunks = (n + chunk - 1) / chunk;
        // The last chunk is padded with image 0, whose outputs are then ignored.
        int[] order = new int[chunks * chunk];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Workspace w = new Workspace(network, chunk, kernels);
        List<Mistake> mistakes = new ArrayList<>();
        for (int start = 0; start < n; start += chunk) {
            data.fillBatch(order, start, w.x, null);
            network.feedforward(w);
            Matrix out = w.output();
            for (int r = 0; r < chunk && start + r < n; r++) {
                int guess = out.argmaxOfRow(r);
                int label = data.label(start + r);
                if (guess != label) {
                    mistakes.add(new Mistake(start + r, label, guess));
                }
            }
        }
        return mistakes;
    }
}
