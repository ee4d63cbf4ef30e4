package nndl.baseline;

import java.util.Random;
import nndl.data.Dataset;
import nndl.nn.Evaluation;

/** The floor every classifier must beat: guess a digit at random, right one time in ten. */
public final class RandomGuess {
    private final long seed;

    public RandomGuess(long seed) {
        this.seed = seed;
    }

    /** How many images of a data set uniform random guesses get right (no cost: the cost is NaN). */
    public Evaluation evaluate(Dataset data) {
        Random random = new Random(seed);
        int correct = 0;
        for (int i = 0; i < data.size(); i++) {
            if (random.nextInt(Dataset.CLASSES) == data.label(i)) {
                correct++;
            }
        }
        return new Evaluation(correct, data.size(), Double.NaN);
    }
}
