package nndl.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import nndl.UserException;
import nndl.data.Dataset;
import nndl.data.Expansion;
import nndl.data.IdxFile;
import nndl.data.Mnist;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "expand", mixinStandardHelpOptions = true,
        description = {"Write the book's expanded MNIST training set: each image and its four one-pixel shifts.",
                "As the book's expand_mnist.py does: 250,000 training images, and with --rotate and --elastic also"
                        + " rotations and elastic distortions. The folder gets all four MNIST files, so train --data DIR"
                        + " uses it: the last 10,000 images of its training file are the unchanged validation images;"
                        + " the test files are copied as they are. train --expand does the same on the fly, without the files."})
final class ExpandCommand implements Runnable {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to create.")
    Path out;
    @Mixin
    DataOptions data;
    @Option(names = "--rotate", description = "Also rotate each image by -10 and +10 degrees.")
    boolean rotate;
    @Option(names = "--elastic", description = "Also add one elastic distortion of each image (Simard et al. 2003).")
    boolean elastic;
    @Option(names = "--train-size", paramLabel = "N", description = "Expand only the first N training images.")
    Integer trainSize;
    @Option(names = "--seed", paramLabel = "N", description = "Random seed for elastic distortions (default 1).")
    long seed = 1;
    @Option(names = "--force", description = "Replace the folder if it exists.")
    boolean force;
    @Spec
    CommandSpec command;

    @Override
    public void run() {
        if (Files.exists(out) && !force) {
            throw new UserException("folder " + out + " already exists: choose another --out, or add --force to replace it");
        }
        UserException.require(trainSize == null || trainSize >= 1, "--train-size must be at least 1, got " + trainSize);
        Mnist mnist = data.load();
        String spec = "shift" + (rotate ? ",rotate" : "") + (elastic ? ",elastic" : "");
        Dataset training = mnist.training();
        if (trainSize != null) {
            training = training.first(trainSize);
        }
        Dataset expanded = training.expanded(Expansion.parse(spec, seed));
        Dataset validation = mnist.validation();
        byte[] pixels = concat(expanded.pixelBytes(), validation.pixelBytes());
        byte[] labels = concat(expanded.labelBytes(), validation.labelBytes());
        int count = labels.length;

        Path absolute = out.toAbsolutePath();
        Path tmp = absolute.resolveSibling("." + absolute.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try {
            deleteTree(tmp);
            Files.createDirectories(tmp);
            IdxFile.writeImages(tmp.resolve(Mnist.TRAIN_IMAGES + ".gz"),
                    new IdxFile.Images(count, Mnist.IMAGE_SIDE, Mnist.IMAGE_SIDE, pixels));
            IdxFile.writeLabels(tmp.resolve(Mnist.TRAIN_LABELS + ".gz"), labels);
            IdxFile.writeImages(tmp.resolve(Mnist.TEST_IMAGES + ".gz"), new IdxFile.Images(mnist.test().size(),
                    Mnist.IMAGE_SIDE, Mnist.IMAGE_SIDE, mnist.test().pixelBytes()));
            IdxFile.writeLabels(tmp.resolve(Mnist.TEST_LABELS + ".gz"), mnist.test().labelBytes());
            // Swap the finished folder into place: a crash before this leaves no half-written --out.
            if (Files.exists(absolute)) {
                Path old = absolute.resolveSibling("." + absolute.getFileName() + ".old-" + ProcessHandle.current().pid());
                Files.move(absolute, old, StandardCopyOption.ATOMIC_MOVE);
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE);
                deleteTree(old);
            } else {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new UserException("cannot write the expanded data to " + out + ": " + e.getMessage(), e);
        } finally {
            try {
                deleteTree(tmp);
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
        command.commandLine().getOut().printf("Wrote %s: %d training images (%d x %d variants: %s) + %d validation, and the %d test images%n",
                out, count, training.size(), expanded.size() / training.size(), spec, validation.size(), mnist.test().size());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[Math.addExact(a.length, b.length)];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
