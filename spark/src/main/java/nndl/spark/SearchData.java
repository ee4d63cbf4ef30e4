package nndl.spark;

import java.io.Serializable;
import java.util.LinkedHashMap;
import nndl.data.Dataset;
import nndl.search.Trainer;
import nndl.search.TrainingSetup;

/**
 * What a search's trials train with, shipped to the executors as one broadcast variable: the
 * base settings, and the training and validation images as bytes (47 MB for MNIST's 60,000,
 * sent compressed, once to each executor). The test set is not in it. Each executor makes its
 * data sets and trainer from it once, and every task on that executor shares them.
 */
final class SearchData implements Serializable {
    private static final long serialVersionUID = 1L;

    private final LinkedHashMap<String, Object> base;
    private final boolean watchTrainingCost;
    private final int pixelsPerImage;
    private final byte[] trainingPixels;
    private final byte[] trainingLabels;
    private final byte[] validationPixels;
    private final byte[] validationLabels;
    private transient Trainer trainer;

    SearchData(TrainingSetup setup) {
        this.base = new LinkedHashMap<>(setup.base());
        this.watchTrainingCost = setup.watchTrainingCost();
        this.pixelsPerImage = setup.training().pixelsPerImage();
        this.trainingPixels = setup.training().pixelBytes();
        this.trainingLabels = setup.training().labelBytes();
        this.validationPixels = setup.validation().pixelBytes();
        this.validationLabels = setup.validation().labelBytes();
    }

    /** The trainer every task on this executor runs its jobs with. */
    synchronized Trainer trainer() {
        if (trainer == null) {
            trainer = new TrainingSetup(base, new Dataset(trainingPixels, trainingLabels, pixelsPerImage),
                    new Dataset(validationPixels, validationLabels, pixelsPerImage), watchTrainingCost).trainer();
        }
        return trainer;
    }

    long bytes() {
        return (long) trainingPixels.length + trainingLabels.length + validationPixels.length + validationLabels.length;
    }
}
