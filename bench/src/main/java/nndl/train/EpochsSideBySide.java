package nndl.train;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Semaphore;
import nndl.data.Dataset;
import nndl.data.Mnist;
import nndl.nn.Activation;
import nndl.nn.Cost;
import nndl.nn.Initializer;
import nndl.nn.Network;

/**
 * Two builds of nndl side by side in one JVM, each in a class loader of its own, training the
 * same bench network and taking turns epoch by epoch, so that both see the same load on a busy
 * machine. Prints, for each jar, every epoch's seconds (as {@link EpochResult#trainSeconds}) and
 * the CPU seconds of its training thread (the steadier figure when other jobs share the cores).
 * The jar that goes second in a JVM runs a little faster (the JDK's vector classes, shared by
 * both, are warm by then): alternate the order from JVM to JVM.
 *
 * <pre>
 * mvn -q -Pbench -DskipTests package
 * java -XX:+UseSerialGC -Xmx2g --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar \
 *   nndl.train.EpochsSideBySide small 1 12 data/mnist OLD/nndl.jar NEW/nndl.jar
 * </pre>
 *
 * Runs: small = [784,30,10] batch 10, quadratic, η 3; medium = [784,100,10] batch 10,
 * cross-entropy, λ 5, η 0.5; wide = [784,1000,10] batch 128, cross-entropy, η 0.5 (as
 * {@code ./nndl bench}). Only the public API of {@code nndl.train.Sgd} is used, so any build
 * that has it can be compared.
 */
public final class EpochsSideBySide {
    private EpochsSideBySide() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println("usage: EpochsSideBySide small|medium|wide THREADS EPOCHS DATA_DIR JAR_A JAR_B");
            System.exit(2);
        }
        int epochs = Integer.parseInt(args[2]);
        Semaphore[] turn = {new Semaphore(1), new Semaphore(0)};
        double[][] seconds = new double[2][epochs];
        double[][] cpu = new double[2][epochs];
        URL here = EpochsSideBySide.class.getProtectionDomain().getCodeSource().getLocation();
        List<Thread> trainers = new ArrayList<>();
        for (int j = 0; j < 2; j++) {
            // The jar under test first, so that nndl's classes come from it; this class's Trainer from here.
            URLClassLoader loader = new URLClassLoader(new URL[] {Path.of(args[4 + j]).toUri().toURL(), here},
                    ClassLoader.getPlatformClassLoader());
            Runnable trainer = (Runnable) loader.loadClass(Trainer.class.getName()).getConstructors()[0]
                    .newInstance(args[0], Integer.parseInt(args[1]), epochs, args[3], turn[j], turn[1 - j], seconds[j], cpu[j]);
            trainers.add(new Thread(trainer, "trainer-" + j));
        }
        for (Thread t : trainers) {
            t.start();
        }
        for (Thread t : trainers) {
            t.join();
        }
        for (int j = 0; j < 2; j++) {
            System.out.println(args[0] + " " + args[1] + " thread(s) " + args[4 + j] + ": seconds " + list(seconds[j])
                    + " cpu " + list(cpu[j]));
        }
    }

    private static String list(double[] values) {
        List<String> out = new ArrayList<>();
        for (double v : values) {
            out.add(String.format(Locale.ROOT, "%.4f", v));
        }
        return String.join(",", out);
    }

    /** One run trained by the nndl of this class's loader, an epoch per turn: waits for {@code mine}, then gives {@code other}. */
    public static final class Trainer implements Runnable {
        private final String run;
        private final int threads;
        private final int epochs;
        private final String data;
        private final Semaphore mine;
        private final Semaphore other;
        private final double[] seconds;
        private final double[] cpu;

        public Trainer(String run, int threads, int epochs, String data, Semaphore mine, Semaphore other,
                       double[] seconds, double[] cpu) {
            this.run = run;
            this.threads = threads;
            this.epochs = epochs;
            this.data = data;
            this.mine = mine;
            this.other = other;
            this.seconds = seconds;
            this.cpu = cpu;
        }

        @Override
        public void run() {
            int[] sizes;
            int batch;
            Cost cost = Cost.CROSS_ENTROPY;
            double eta = 0.5;
            double lambda = 0;
            switch (run) {
                case "small" -> {
                    sizes = new int[] {784, 30, 10};
                    batch = 10;
                    cost = Cost.QUADRATIC;
                    eta = 3.0;
                }
                case "medium" -> {
                    sizes = new int[] {784, 100, 10};
                    batch = 10;
                    lambda = 5;
                }
                case "wide" -> {
                    sizes = new int[] {784, 1000, 10};
                    batch = 128;
                }
                default -> throw new IllegalArgumentException("runs: small, medium, wide; not " + run);
            }
            mine.acquireUninterruptibly();
            Dataset training = Mnist.load(Path.of(data)).training();
            Network network = new Network(sizes, Activation.SIGMOID, Activation.SIGMOID, cost)
                    .initialize(Initializer.DEFAULT, new Random(1));
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            long[] turnStarted = {mx.getCurrentThreadCpuTime()};
            new Sgd(epochs, batch, eta).lambda(lambda).threads(threads).seed(1)
                    .monitor(EnumSet.noneOf(Monitor.class))
                    .train(network, training, null, new TrainingListener() {
                        @Override
                        public void epochDone(EpochResult result) {
                            seconds[result.epoch()] = result.trainSeconds();
                            cpu[result.epoch()] = (mx.getCurrentThreadCpuTime() - turnStarted[0]) / 1e9;
                            other.release();
                            mine.acquireUninterruptibly();
                            turnStarted[0] = mx.getCurrentThreadCpuTime();
                        }
                    });
            other.release();
        }
    }
}
