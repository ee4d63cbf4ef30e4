package nndl.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import nndl.UserException;

/**
 * The MNIST data set and the book's split of it: training data = the first 50,000 images of
 * the training file, validation data = its last 10,000, test data = the 10,000 test images.
 * (A training file of another size, such as one written by {@code nndl expand}, splits the same
 * way: its last 10,000 images are the validation data, all before them the training data.)
 */
public record Mnist(Dataset training, Dataset validation, Dataset test) {
    public static final int TRAINING_SIZE = 50_000;
    public static final int VALIDATION_SIZE = 10_000;
    public static final int IMAGE_SIDE = 28;
    public static final int PIXELS = IMAGE_SIDE * IMAGE_SIDE;

    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

    /** Loads the four files from {@code dir} (each either gzip-compressed, name.gz, or raw). */
    public static Mnist load(Path dir) {
        Mnist split = withoutTest(dir);
        return new Mnist(split.training(), split.validation(), loadPair(dir, TEST_IMAGES, TEST_LABELS));
    }

    /**
     * The training file alone, split into training and validation data; the test files are not
     * read (test() is null). For a hyperparameter search, which must never see the test set.
     */
    public static Mnist withoutTest(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new UserException("data folder " + dir + " does not exist: point --data at a folder with the four MNIST files"
                    + " (" + TRAIN_IMAGES + ".gz and friends)");
        }
        Dataset train = loadPair(dir, TRAIN_IMAGES, TRAIN_LABELS);
        if (train.size() <= VALIDATION_SIZE) {
            throw new UserException("the training file in " + dir + " has " + train.size()
                    + " images; the book's split needs more than " + VALIDATION_SIZE + " (MNIST has 60,000)");
        }
        int split = train.size() - VALIDATION_SIZE;
        return new Mnist(train.slice(0, split), train.slice(split, train.size()), null);
    }

    /** Loads one images file and its labels file as a data set, checking that they agree. */
    public static Dataset loadPair(Path dir, String imagesName, String labelsName) {
        Path imagesFile = find(dir, imagesName);
        Path labelsFile = find(dir, labelsName);
        IdxFile.Images images = IdxFile.readImages(imagesFile);
        byte[] labels = IdxFile.readLabels(labelsFile);
        if (images.count() != labels.length) {
            throw new UserException(imagesFile + " has " + images.count() + " images but " + labelsFile + " has "
                    + labels.length + " labels; the two files must come from the same set");
        }
        if (images.rows() * images.cols() != PIXELS) {
            throw new UserException(imagesFile + " has " + images.rows() + "x" + images.cols()
                    + " images; MNIST images are 28x28");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] > 9) {
                throw new UserException(labelsFile + " is corrupt: label " + (labels[i] & 0xff) + " of image " + i
                        + " is not a digit 0-9; replace it with the original MNIST file");
            }
        }
        return new Dataset(images.pixels(), labels, PIXELS);
    }

    /** Where an MNIST file is in a folder: dir/name.gz when it is there, else dir/name; empty if neither. */
    public static Optional<Path> file(Path dir, String name) {
        Path gz = dir.resolve(name + ".gz");
        if (Files.isRegularFile(gz)) {
            return Optional.of(gz);
        }
        Path raw = dir.resolve(name);
        return Files.isRegularFile(raw) ? Optional.of(raw) : Optional.empty();
    }

    /** {@link #file}, or a UserException naming the missing file. */
    static Path find(Path dir, String name) {
        return file(dir, name).orElseThrow(() -> new UserException("data file " + dir.resolve(name + ".gz")
                + " is missing (nor is there " + name + "): point --data at a folder with the four MNIST files"));
    }

    public Dataset split(String name) {
        return switch (name) {
            case "training" -> training;
            case "validation" -> validation;
            case "test" -> test;
            default -> throw new UserException("unknown split '" + name + "': use training, validation or test");
        };
    }
}
