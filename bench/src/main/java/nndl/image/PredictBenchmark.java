package nndl.image;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import nndl.cli.Main;
import nndl.data.Dataset;
import nndl.model.ModelFile;
import nndl.nn.Activation;
import nndl.nn.Cost;
import nndl.nn.Initializer;
import nndl.nn.Network;
import nndl.testing.TestMnist;
import nndl.train.Sgd;
import picocli.CommandLine;

/**
 * How long predicting one image takes inside a warmed-up JVM, for images from a drawing to a
 * 12-megapixel phone photo. Run it from the repository root:
 *
 * <pre>
 * mvn -q -B -Pbench -DskipTests package
 * java -XX:+UseSerialGC --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar nndl.image.PredictBenchmark [MODEL.json]
 * </pre>
 *
 * Without a model it trains a [784,100,10] cross-entropy network for an epoch on 10,000 images
 * (the speed does not depend on how well it is trained). For each image it gives the median and
 * the 90th percentile of: "library", reading the file, preparing it and feeding it forward, as
 * the server does with its model loaded; and "cli", {@code nndl predict --model M FILE} run in
 * this JVM, which also reads the model file each time.
 */
public final class PredictBenchmark {
    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("nndl-bench");
        Dataset test = TestMnist.mnist().test();
        Path model = args.length > 0 ? Path.of(args[0]) : work.resolve("model.json");
        if (args.length == 0) {
            ModelFile.save(trainedBriefly(), model);
        }
        Network network = ModelFile.load(model);
        BufferedImage photo = Scans.photo(test, 3, 4000, 3000, 0.5, true);
        Object[][] images = {
            {"canvas 280x280 png", Scans.encode(Scans.photo(test, 0, 280, 280, 0.7, false), "png")},
            {"scan 600x800 png", Scans.encode(Scans.photo(test, 1, 600, 800, 0.4, false), "png")},
            {"photo 2000x1500 jpeg", Scans.encode(Scans.photo(test, 2, 2000, 1500, 0.5, true), "jpeg")},
            {"photo 4000x3000 jpeg", Scans.encode(photo, "jpeg")},
            // The same photo as a phone stores a portrait one: lying on its side, EXIF Orientation 6.
            {"photo 3000x4000 exif 6", OrientationTest.withOrientation(Scans.encode(OrientationTest.stored(photo, 6), "jpeg"),
                    6, ByteOrder.BIG_ENDIAN)},
            // As a phone saves a photo: sensor noise in every pixel, which JPEG cannot compress away (MBs, not KBs).
            {"noisy photo 4000x3000", Scans.encode(Scans.grainy(Scans.photo(test, 3, 4000, 3000, 0.5, true), 12), "jpeg")},
            {"noisy photo 3264x2448", Scans.encode(Scans.grainy(Scans.photo(test, 4, 3264, 2448, 0.5, true), 12), "jpeg")},
            {"noisy photo 2000x1500", Scans.encode(Scans.grainy(Scans.photo(test, 2, 2000, 1500, 0.5, true), 12), "jpeg")},
            // Saved at quality 92 as phones do: 3.8 MB for 12 megapixels; and progressive, as web pages save photos.
            {"phone photo 4032x3024", Scans.jpeg(Scans.grainy(Scans.photo(test, 5, 4032, 3024, 0.5, true), 8), 0.92f, false)},
            {"progressive 4032x3024", Scans.jpeg(Scans.grainy(Scans.photo(test, 5, 4032, 3024, 0.5, true), 8), 0.92f, true)},
            {"progressive 2000x1500", Scans.jpeg(Scans.grainy(Scans.photo(test, 2, 2000, 1500, 0.5, true), 8), 0.92f, true)},
            {"progressive 1200x900", Scans.jpeg(Scans.grainy(Scans.photo(test, 1, 1200, 900, 0.5, true), 8), 0.92f, true)},
        };
        System.out.printf(Locale.ROOT, "%d cores; ms per image (median, 90th percentile)%n", Runtime.getRuntime().availableProcessors());
        CommandLine predict = Main.commandLine();
        predict.setOut(new PrintWriter(Writer.nullWriter()));
        for (Object[] image : images) {
            byte[] encoded = (byte[]) image[1];
            Path file = work.resolve(((String) image[0]).replace(' ', '-') + (((String) image[0]).contains("png") ? ".png" : ".jpg"));
            Files.write(file, encoded);
            int runs = encoded.length > 1_000_000 ? 20 : 200;
            double[] library = time(runs, () -> Prediction.of(network, DigitPreprocessor.prepare(file)));
            double[] cli = time(runs / 4 + 5, () -> predict.execute("predict", "--model", model.toString(), file.toString()));
            System.out.printf(Locale.ROOT, "%-22s %8d bytes   library %6.2f %6.2f   cli (with model load) %6.2f %6.2f%n",
                    image[0], encoded.length, library[0], library[1], cli[0], cli[1]);
        }
        try (Stream<Path> files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** A [784,100,10] cross-entropy network after one epoch on the first 10,000 training images. */
    public static Network trainedBriefly() {
        Network network = new Network(new int[] {784, 100, 10}, Activation.SIGMOID, Activation.SIGMOID, Cost.CROSS_ENTROPY)
                .initialize(Initializer.DEFAULT, new Random(1));
        new Sgd(1, 10, 0.5).seed(1).train(network, TestMnist.mnist().training().first(10_000), null, null);
        return network;
    }

    /** Median and 90th percentile in ms of runs calls, after as many to warm up. */
    static double[] time(int runs, Runnable call) {
        for (int i = 0; i < runs; i++) {
            call.run();
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            call.run();
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        return new double[] {ms[runs / 2], ms[runs * 9 / 10]};
    }
}
