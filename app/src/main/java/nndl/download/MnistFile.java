package nndl.download;

import java.util.List;
import nndl.data.Mnist;

/**
 * One of the four MNIST files as the mirrors publish it ({@code name.gz}), with the SHA-256 of its
 * uncompressed IDX content. The sums are those of the table in {@code data/mnist/README.md}; they are
 * taken of the content rather than of the .gz file because the same content comes compressed in
 * different ways (the mirrors' original .gz files, the repository's re-compressed ones).
 */
public record MnistFile(String name, String contentSha256) {
    /** The four files, training set first. */
    public static final List<MnistFile> ALL = List.of(
            new MnistFile(Mnist.TRAIN_IMAGES, "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
            new MnistFile(Mnist.TRAIN_LABELS, "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
            new MnistFile(Mnist.TEST_IMAGES, "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
            new MnistFile(Mnist.TEST_LABELS, "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"));

    /** The name on the mirrors and in the folder: the IDX name with .gz. */
    public String fileName() {
        return name + ".gz";
    }
}
