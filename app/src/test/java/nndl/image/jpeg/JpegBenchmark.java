package nndl.image.jpeg;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;
import nndl.data.Dataset;
import nndl.image.DigitPreprocessor;
import nndl.image.GreyImage;
import nndl.image.Scans;
import nndl.testing.TestMnist;

/**
 * Reading a 12-megapixel photo's grey levels at the working size, three ways side by side in one
 * JVM: the JDK's full decode of its luma (javax.imageio, libjpeg 6b) averaged down by
 * {@link GreyImage#of}, as predict read photos before; {@link JpegLuma} on one thread; and
 * JpegLuma with its helper on a second core (as predict reads them). Not a test: run it by hand
 * from the repository root with
 *
 * <pre>
 * mvn -q -B -DskipTests package
 * java -XX:+UseSerialGC --add-modules jdk.incubator.vector -cp app/target/nndl.jar:app/target/test-classes nndl.image.jpeg.JpegBenchmark
 * </pre>
 */
public final class JpegBenchmark {
    public static void main(String[] args) {
        Dataset test = TestMnist.mnist().test();
        // Sensor noise (grey levels) and quality: the benchmark's noisy photo, and a phone's at quality 92 and 95.
        double[][] photos = {{12, 0.75}, {8, 0.92}, {12, 0.95}};
        System.out.printf(Locale.ROOT, "%d cores; median ms per photo (4032x3024, read at 1008x756)%n", Runtime.getRuntime().availableProcessors());
        for (double[] photo : photos) {
            BufferedImage page = Scans.grainy(Scans.photo(test, 5, 4032, 3024, 0.5, true), photo[0]);
            byte[] jpeg = JpegLumaTest.jpeg(page, 2, 2, 0, false, (float) photo[1]);
            long pixels = DigitPreprocessor.WORKING_PIXELS;
            int side = DigitPreprocessor.WORKING_SIDE;
            long largest = Long.MAX_VALUE;
            double jdk = median(10, () -> GreyImage.of(jdkLuma(jpeg), JpegLumaTest.budget(4032, 3024, 4)));
            double one = median(20, () -> JpegLuma.decode(jpeg, pixels, side, largest, JpegLuma.Split.NONE));
            double two = median(20, () -> JpegLuma.decode(jpeg, pixels, side, largest, JpegLuma.Split.HELPER));
            System.out.printf(Locale.ROOT, "noise %2.0f, quality %.2f, %.1f MB:   JDK %6.2f   JpegLuma one thread %6.2f (%.1fx)   two threads %6.2f (%.1fx)%n",
                    photo[0], photo[1], jpeg.length / 1e6, jdk, one, jdk / one, two, jdk / two);
        }
    }

    /** Median ms of runs calls, after as many to warm up. */
    private static double median(int runs, Runnable call) {
        for (int i = 0; i < runs; i++) {
            call.run();
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            call.run();
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        java.util.Arrays.sort(ms);
        return ms[runs / 2];
    }

    /** The JDK's decode of a JPEG to its luma, 8 bits a pixel, as ImageFiles asks for it. */
    static BufferedImage jdkLuma(byte[] jpeg) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(jpeg))) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            try {
                reader.setInput(in);
                ImageReadParam param = reader.getDefaultReadParam();
                param.setDestinationType(ImageTypeSpecifier.createFromBufferedImageType(BufferedImage.TYPE_BYTE_GRAY));
                return reader.read(0, param);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
