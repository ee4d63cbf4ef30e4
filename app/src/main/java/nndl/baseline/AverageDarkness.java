package nndl.baseline;

import nndl.data.Dataset;
import nndl.nn.Evaluation;

/**
 * The book's first baseline (chapter 1, mnist_average_darkness.py): "a 2 is quite a bit darker
 * than a 1, just because more pixels are blackened out". Learn the average darkness (the sum of
 * the grey levels) of each digit's training images; guess for a new image the digit whose
 * average is closest to its darkness. The book: 2,225 of the 10,000 test images right.
 */
public final class AverageDarkness {
    /** averages[d] = mean over training images of digit d of the sum of their 784 grey levels (0-255 each). */
    private final double[] averages;

    private AverageDarkness(double[] averages) {
        this.averages = averages;
    }

    /** The average darkness of each digit in the training data (the book's avg_darknesses). */
    public static AverageDarkness train(Dataset training) {
        double[] sums = new double[Dataset.CLASSES];
        int[] counts = new int[Dataset.CLASSES];
        for (int i = 0; i < training.size(); i++) {
            sums[training.label(i)] += darkness(training, i);
            counts[training.label(i)]++;
        }
        double[] averages = new double[Dataset.CLASSES];
        for (int d = 0; d < averages.length; d++) {
            averages[d] = counts[d] == 0 ? Double.NaN : sums[d] / counts[d];
        }
        return new AverageDarkness(averages);
    }

    /** How dark image i is: the sum of its grey levels, each 0 (background) to 255 (ink). */
    public static long darkness(Dataset data, int i) {
        long sum = 0;
        for (int p = 0; p < data.pixelsPerImage(); p++) {
            sum += data.pixel(i, p);
        }
        return sum;
    }

    /** The average darkness of digit d's training images, in the units of {@link #darkness}. */
    public double average(int digit) {
        return averages[digit];
    }

    /** The digit whose average darkness is closest (the lowest such digit on a tie, as the book's min()). */
    public int guess(long darkness) {
        int best = -1;
        for (int d = 0; d < averages.length; d++) {
            if (!Double.isNaN(averages[d])
                    && (best < 0 || Math.abs(averages[d] - darkness) < Math.abs(averages[best] - darkness))) {
                best = d;
            }
        }
        return best;
    }

    /** How many images of a data set it gets right (no cost: the cost is NaN). */
    public Evaluation evaluate(Dataset data) {
        int correct = 0;
        for (int i = 0; i < data.size(); i++) {
            if (guess(darkness(data, i)) == data.label(i)) {
                correct++;
            }
        }
        return new Evaluation(correct, data.size(), Double.NaN);
    }
}
