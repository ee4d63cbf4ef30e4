package nndl.viz;

import java.util.ArrayList;
import java.util.List;
import nndl.data.Dataset;
import nndl.math.Kernels;
import nndl.nn.Network;

/** The images of a data set that a network gets wrong: what it should have said and what it said. */
public final class Mistakes {
    /** Image {@code index} is labelled {@code label}; the network's most active output neuron is {@code guess}. */
    public record Mistake(int index, int label, int guess) {
    }

    private Mistakes() {
    }

    /** Every image the network gets wrong, in the data set's order (fed forward 1,000 images at a time). */
    public static List<Mistake> find(Network network, Dataset data, Kernels kernels) {
        int[] guesses = network.guesses(data, kernels);
        List<Mistake> mistakes = new ArrayList<>();
        for (int i = 0; i < guesses.length; i++) {
            if (guesses[i] != data.label(i)) {
                mistakes.add(new Mistake(i, data.label(i), guesses[i]));
            }
        }
        return mistakes;
    }
}
