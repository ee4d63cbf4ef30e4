package nndl.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import nndl.cli.Main;
import nndl.data.Dataset;
import nndl.model.ModelFile;
import nndl.nn.Network;
import nndl.testing.TestMnist;

/**
 * How long predicting one image takes inside a warmed-up JVM.
 * Not a test: run it by hand from the repository root with
 *
 * <pre>
 * mvn -q -B -DskipTests package
 * java -cp app/target/nndl.jar:app/target/test-classes nndl.image.PredictBenchmark [MODEL.json]
 * </pre>
 *
 * Without a model it trains a [784,100,10] cross-entropy network briefly (the speed does not depend
 * on how well it is trained). For images of several sizes it times, per image: (1) "library" —
 * read the file, decode, prepare, feed forward, as the server would with its model loaded; and
 * (2) "cli" — {@code nndl predict --model M FILE} run inside this JVM, which also reads the model
 * file each time.
 */
public final class PredictBenchmark {
    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("nndl-bench");
        Path model;
        if (args.length > 0) {
            model = Path.of(args[0]);
        } else {
            model = work.resolve("model.json");
            ModelFile.save(ScannedDigitsTest.trainedNetwork(), model);
        }
        Network network = ModelFile.load(model);
        Dataset test = TestMnist.mnist().test();
        Object[][] images = {
            {"canvas 280x280 png", page(test, 0, 280, 280, 0.7, false), "png"},
            {"scan 600x800 png", page(test, 1, 600, 800, 0.4, false), "png"},
            {"photo 2000x1500 jpeg", page(test, 2, 2000, 1500, 0.5, true), "jpeg"},
            {"photo 4000x3000 jpeg", page(test, 3, 4000, 3000, 0.5, true), "jpeg"},
            // The same photo as a phone stores a portrait one: lying on its side, EXIF Orientation 6.
            {"photo 3000x4000 exif 6", OrientationTest.stored(page(test, 3, 4000, 3000, 0.5, true), 6), "jpeg", 6},
            // As a phone saves a photo: sensor noise in every pixel, which JPEG cannot compress away (MBs, not KBs).
            {"noisy photo 4000x3000", grainy(page(test, 3, 4000, 3000, 0.5, true), 12), "jpeg"},
            {"noisy photo 3264x2448", grainy(page(test, 4, 3264, 2448, 0.5, true), 12), "jpeg"},
            {"noisy photo 2000x1500", grainy(page(test, 2, 2000, 1500, 0.5, true), 12), "jpeg"},
            // Saved at quality 92 as phones do: 3.8 MB for 12 megapixels.
            {"phone photo 4032x3024", Scans.jpeg(grainy(page(test, 5, 4032, 3024, 0.5, true), 8), 0.92f, false), "jpeg"},
            // Progressive, as web pages and some apps save photos.
            {"progressive 4032x3024", Scans.jpeg(grainy(page(test, 5, 4032, 3024, 0.5, true), 8), 0.92f, true), "jpeg"},
            {"progressive 2000x1500", Scans.jpeg(grainy(page(test, 2, 2000, 1500, 0.5, true), 8), 0.92f, true), "jpeg"},
            {"progressive 1200x900", Scans.jpeg(grainy(page(test, 1, 1200, 900, 0.5, true), 8), 0.92f, true), "jpeg"},
        };
        System.out.printf(Locale.ROOT, "%d cores; times per image in ms (median, 90th percentile)%n",
                Runtime.getRuntime().availableProcessors());
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        for (Object[] image : images) {
            Path file = work.resolve(((String) image[0]).replace(' ', '-') + "." + image[2]);
            byte[] encoded = image[1] instanceof byte[] bytes ? bytes : Scans.encode((BufferedImage) image[1], (String) image[2]);
            if (image.length > 3) {
                encoded = OrientationTest.withOrientation(encoded, (Integer) image[3], java.nio.ByteOrder.BIG_ENDIAN);
            }
            Files.write(file, encoded);
            int runs = Files.size(file) > 1_000_000 ? 20 : 200;
            double[] library = time(runs, () -> Prediction.of(network, DigitPreprocessor.prepare(file)));
            PrintStream out = System.out;
            System.setOut(quiet);
            double[] cli;
            try {
                cli = time(runs / 4 + 5, () -> Main.run("predict", "--model", model.toString(), file.toString()));
            } finally {
                System.setOut(out);
            }
            System.out.printf(Locale.ROOT, "%-22s %7d bytes   library %6.2f %6.2f   cli (with model load) %6.2f %6.2f%n",
                    image[0], Files.size(file), library[0], library[1], cli[0], cli[1]);
        }
        try (var files = Files.walk(work)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Median and 90th percentile in ms of runs calls, after as many warm-up calls. */
    public static double[] time(int runs, Runnable call) {
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

    /** The image with Gaussian noise of this standard deviation (in grey levels) added to each channel of each pixel. */
    public static BufferedImage grainy(BufferedImage image, double sigma) {
        return grainy(image, sigma, 7);
    }

    /** The same, with the noise drawn from this seed. */
    public static BufferedImage grainy(BufferedImage image, double sigma, long seed) {
        Random random = new Random(seed);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int noisy = 0;
                for (int shift = 0; shift <= 16; shift += 8) {
                    int level = (int) Math.round((rgb >> shift & 0xff) + sigma * random.nextGaussian());
                    noisy |= Math.max(0, Math.min(255, level)) << shift;
                }
                image.setRGB(x, y, noisy);
            }
        }
        return image;
    }

    /** Test digit i drawn {@code height}·{@code fraction} pixels tall in the middle of a page, with a little noise. */
    public static BufferedImage page(Dataset test, int i, int width, int height, double fraction, boolean colour) {
        BufferedImage digit = new BufferedImage(28, 28, BufferedImage.TYPE_INT_ARGB);
        for (int p = 0; p < 784; p++) {
            digit.setRGB(p % 28, p / 28, test.pixel(i, p) << 24 | 0x102060); // dark blue ink, as opaque as MNIST's grey level
        }
        BufferedImage page = new BufferedImage(width, height, colour ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = page.createGraphics();
        g.setColor(colour ? new Color(240, 235, 220) : Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        int side = (int) (height * fraction);
        g.drawImage(digit, (width - side) / 2, (height - side) / 2, side, side, null);
        Random random = new Random(i);
        for (int k = 0; k < width * height / 200; k++) {
            int v = 200 + random.nextInt(40);
            g.setColor(new Color(v, v, v));
            g.fillRect(random.nextInt(width), random.nextInt(height), 1, 1);
        }
        g.dispose();
        return page;
    }
}
