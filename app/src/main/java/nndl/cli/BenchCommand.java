package nndl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import nndl.UserException;
import nndl.data.Dataset;
import nndl.data.Mnist;
import nndl.math.Kernels;
import nndl.nn.Activation;
import nndl.nn.Cost;
import nndl.nn.Initializer;
import nndl.nn.Network;
import nndl.train.EpochResult;
import nndl.train.Monitor;
import nndl.train.Sgd;
import nndl.train.TrainingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Times training: seconds per epoch of the library's own {@link Sgd} (evaluation excluded) for
 * three of the book's networks, at one thread and at all cores, and the same networks in
 * PyTorch when Debian's python3-torch is there (bench/pytorch_mnist.py, run as a subprocess),
 * with the ratios. Speed is measured here, never asserted in tests.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Time training epochs of the book's networks, and the same networks in PyTorch when it is installed.",
                "Runs: small = [784,30,10] batch 10 quadratic eta 3.0; medium = [784,100,10] batch 10 cross-entropy"
                        + " lambda 5 eta 0.5; wide = [784,1000,10] batch 128 cross-entropy eta 0.5."})
final class BenchCommand implements Runnable {
    @Mixin
    DataOptions data;
    @Option(names = "--epochs", paramLabel = "N", description = "Timed epochs per run (default 2); the median is shown.")
    int epochs = 2;
    @Option(names = "--warmup", paramLabel = "N",
            description = "Untimed epochs before them (default 2: the JIT compiles the vector kernels during the first).")
    int warmup = 2;
    @Option(names = "--quick", description = "Rough figures fast: epochs of 10,000 images (times scaled to 50,000), one timed.")
    boolean quick;
    @Option(names = "--runs", paramLabel = "LIST", split = ",", description = "Which runs: small, medium, wide (default all).")
    List<String> runs = List.of("small", "medium", "wide");
    @Option(names = "--threads", paramLabel = "LIST", split = ",",
            description = "Thread counts to time nndl with (default 1 and all cores).")
    List<Integer> threads;
    @Option(names = "--torch", paramLabel = "auto|no", description = "Also time PyTorch: auto (when /usr/bin/python3 has torch) or no.")
    String torch = "auto";
    @Option(names = "--torch-threads", paramLabel = "LIST", split = ",",
            description = "PyTorch thread counts, torch.set_num_threads (default 2); the ratio is to the fastest.")
    List<Integer> torchThreads = List.of(2);
    @Option(names = "--torch-preload", paramLabel = "LIB",
            description = "A BLAS library (e.g. an OpenBLAS libopenblas.so.0) to LD_PRELOAD into the PyTorch and numpy"
                    + " subprocesses: Debian's python3-torch and numpy use whatever libblas.so.3 is installed, often the"
                    + " slow reference BLAS.")
    Path torchPreload;
    @Option(names = "--same-jvm", description = "Time every run in this JVM (default: each in a fresh one, as ./nndl train runs).")
    boolean sameJvm;
    @Option(names = "--python", paramLabel = "FILE", hidden = true)
    String python = "/usr/bin/python3";
    /** Internal: time one run at one thread count in this JVM and print {"seconds": s}. */
    @Option(names = "--one", paramLabel = "RUN:THREADS", hidden = true)
    String one;

    /** One benchmark network: sizes, mini-batch, cost, η, λ. Same table as bench/pytorch_mnist.py. */
    record Run(String name, int[] sizes, int batch, Cost cost, double eta, double lmbda) {
        String label() {
            return Arrays.toString(sizes).replace(" ", "") + " batch " + batch + ", " + cost.id()
                    + (lmbda > 0 ? ", lambda " + plain(lmbda) : "") + ", eta " + plain(eta);
        }

        /** The run's sigmoid network, its weights drawn from seed 1. */
        Network network() {
            return new Network(sizes, Activation.SIGMOID, Activation.SIGMOID, cost).initialize(Initializer.DEFAULT, new Random(1));
        }

        /** Dense multiply-adds per training image: forward, backprop of δ (not into the input), weight gradient. */
        long multiplyAddsPerImage() {
            long sum = 0;
            for (int l = 1; l < sizes.length; l++) {
                long w = (long) sizes[l - 1] * sizes[l];
                sum += l == 1 ? 2 * w : 3 * w;
            }
            return sum;
        }
    }

    /** Below this, numpy's SGEMM says more about its BLAS than about the machine. */
    private static final double SLOW_BLAS = 30;

    private static String plain(double x) {
        return java.math.BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
    }

    static final List<Run> RUNS = List.of(
            new Run("small", new int[] {784, 30, 10}, 10, Cost.QUADRATIC, 3.0, 0),
            new Run("medium", new int[] {784, 100, 10}, 10, Cost.CROSS_ENTROPY, 0.5, 5),
            new Run("wide", new int[] {784, 1000, 10}, 128, Cost.CROSS_ENTROPY, 0.5, 0));

    @Override
    public void run() {
        UserException.require(epochs >= 1, "--epochs must be at least 1, got " + epochs);
        UserException.require(warmup >= 0, "--warmup must be 0 or more, got " + warmup);
        int timed = quick ? 1 : epochs;
        int warm = quick ? Math.max(2, warmup) : warmup;
        int images = quick ? 10_000 : Mnist.TRAINING_SIZE;
        List<Run> chosen = new ArrayList<>();
        for (String name : runs) {
            chosen.add(chosen(name));
        }
        int cores = Runtime.getRuntime().availableProcessors();
        List<Integer> threadCounts = threads != null ? threads : cores > 1 ? List.of(1, cores) : List.of(1);
        for (int t : threadCounts) {
            UserException.require(t >= 1, "--threads must be at least 1, got " + t);
        }
        int lastThreads = threadCounts.get(threadCounts.size() - 1); // all cores, by default
        Mnist mnist = data.load();
        Dataset training = mnist.training().first(Math.min(images, mnist.training().size()));
        double scale = (double) Mnist.TRAINING_SIZE / training.size();
        if (one != null) {
            String[] parts = one.split(":");
            System.out.printf(Locale.ROOT, "{\"seconds\": %.6f}%n",
                    scale * train(chosen(parts[0]), training, Integer.parseInt(parts[1]), warm, timed));
            return;
        }
        System.out.printf(Locale.ROOT, "nndl bench: %d timed epoch(s) after %d warm-up, %,d images per epoch%s; %s; %d cores; load average %s%n",
                timed, warm, training.size(), scale != 1 ? " (times scaled to 50,000)" : "",
                kernelsName(), cores, loadAverage());

        Map<String, double[]> nndl = new LinkedHashMap<>();
        for (Run run : chosen) {
            double[] byThreads = new double[threadCounts.size()];
            for (int t = 0; t < threadCounts.size(); t++) {
                byThreads[t] = sameJvm ? scale * train(run, training, threadCounts.get(t), warm, timed)
                        : inFreshJvm(run, threadCounts.get(t), warm, timed);
                System.out.printf(Locale.ROOT, "  %-7s %d thread(s): %.3f s/epoch%n", run.name, threadCounts.get(t), byThreads[t]);
            }
            nndl.put(run.name, byThreads);
        }
        double evalSeconds = Double.NaN;
        if (chosen.stream().anyMatch(r -> r.name.equals("medium"))) {
            evalSeconds = evaluationSeconds(chosen("medium"), mnist, lastThreads);
        }

        Map<String, double[]> pytorch = new LinkedHashMap<>();
        Double sgemm = null;
        String blas = null;
        String torchNote = null;
        if (!"no".equals(torch)) {
            Path script = script();
            if (script == null) {
                torchNote = "PyTorch not timed: bench/pytorch_mnist.py not found (run from the repository, or via ./nndl)";
            } else if (!works(python, "-c", "import torch")) {
                torchNote = "PyTorch not timed: " + python + " cannot import torch (Debian: apt-get install python3-torch)";
            } else {
                for (int p = 0; p < torchThreads.size(); p++) {
                    int t = torchThreads.get(p);
                    System.out.printf("  timing PyTorch (%d thread(s)) in a subprocess...%n", t);
                    List<String> cmd = new ArrayList<>(List.of(python, script.toString(), "--data", data.folder().toString(),
                            "--runs", String.join(",", chosen.stream().map(Run::name).toList()),
                            "--epochs", String.valueOf(timed), "--warmup", String.valueOf(Math.max(1, warm)),
                            "--images", String.valueOf(training.size()), "--threads", String.valueOf(t)));
                    for (JsonNode line : runPython(cmd, t)) {
                        double seconds = scale * median(doubles(line.get("seconds")));
                        pytorch.computeIfAbsent(line.get("run").asText(), r -> new double[torchThreads.size()])[p] = seconds;
                        System.out.printf(Locale.ROOT, "  %-7s PyTorch %d thread(s): %.3f s/epoch%n", line.get("run").asText(), t, seconds);
                    }
                }
            }
            if (script != null && works(python, "-c", "import numpy")) {
                for (JsonNode line : runPython(List.of(python, script.toString(), "--sgemm", "2048"), lastThreads)) {
                    sgemm = line.get("sgemm_gflops").asDouble();
                    blas = torchPreload != null ? "LD_PRELOAD " + torchPreload.getFileName() : line.get("blas").asText();
                }
            }
        }
        printTable(chosen, threadCounts, nndl, torchThreads, pytorch);
        System.out.println("load average at the end: " + loadAverage());
        if (torchNote != null) {
            System.out.println(torchNote);
        }
        if (!Double.isNaN(evalSeconds)) {
            System.out.printf(Locale.ROOT, "Evaluation of the 10,000 test images, [784,100,10], %d thread(s): %.1f ms%n",
                    lastThreads, evalSeconds * 1e3);
        }
        for (Run run : chosen) {
            if (!run.name.equals("wide")) {
                continue;
            }
            double[] secs = nndl.get(run.name);
            double flops = 2.0 * run.multiplyAddsPerImage() * Mnist.TRAINING_SIZE;
            System.out.printf(Locale.ROOT, "%s: %.1f GFLOP per epoch (2·m·n·k for each dense multiply: forward, backprop of delta, weight gradient)%n",
                    run.label(), flops / 1e9);
            for (int t = 0; t < threadCounts.size(); t++) {
                double gflops = flops / secs[t] / 1e9;
                System.out.printf(Locale.ROOT, "  %d thread(s): %.1f GFLOP/s", threadCounts.get(t), gflops);
                if (sgemm != null && sgemm >= SLOW_BLAS) {
                    System.out.printf(Locale.ROOT, " = %.0f%% of numpy's 2048x2048 SGEMM here, %.1f GFLOP/s (BLAS: %s)",
                            100 * gflops / sgemm, sgemm, blas);
                }
                System.out.println();
            }
            if (sgemm != null && sgemm < SLOW_BLAS) {
                System.out.printf(Locale.ROOT, "  (numpy's SGEMM here is %.1f GFLOP/s: a reference BLAS, no measure of the machine;"
                        + " give --torch-preload an OpenBLAS for the %% of peak)%n", sgemm);
            }
        }
    }

    private static Run chosen(String name) {
        return RUNS.stream().filter(r -> r.name.equals(name)).findFirst().orElseThrow(
                () -> new UserException("unknown run '" + name + "': use small, medium or wide"));
    }

    /**
     * Times one run in a new JVM started like this one (same JVM options, class path and data),
     * so that each run starts from a fresh JIT, as {@code ./nndl train} does: a second run in
     * the same JVM inherits code compiled for the first one's shapes and can be 10–20% slower.
     */
    private double inFreshJvm(Run run, int threads, int warm, int timed) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "bench",
                "--one", run.name + ":" + threads, "--epochs", String.valueOf(timed), "--warmup", String.valueOf(warm),
                "--data", data.folder().toString()));
        if (quick) {
            cmd.add("--quick");
        }
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0 || !out.contains("{\"seconds\"")) {
                throw new UserException("timing " + run.name + " in a new JVM failed: " + out.trim().replace('\n', ' ')
                        + " (try --same-jvm)");
            }
            String json = out.substring(out.indexOf("{\"seconds\""));
            return new ObjectMapper().readTree(json.lines().findFirst().orElseThrow()).get("seconds").asDouble();
        } catch (IOException e) {
            throw new UserException("could not start a JVM to time " + run.name + ": " + e.getMessage() + " (try --same-jvm)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserException("interrupted while timing " + run.name);
        }
    }

    /** The median seconds per timed epoch of the library's Sgd on this run, after the warm-up epochs. */
    private static double train(Run run, Dataset training, int threads, int warmup, int timed) {
        Network network = run.network();
        List<Double> seconds = new ArrayList<>();
        new Sgd(warmup + timed, run.batch, run.eta).lambda(run.lmbda).threads(threads).seed(1)
                .monitor(java.util.EnumSet.noneOf(Monitor.class))
                .train(network, training, null, new TrainingListener() {
                    @Override
                    public void epochDone(EpochResult result) {
                        if (result.epoch() >= warmup) {
                            seconds.add(result.trainSeconds());
                        }
                    }
                });
        return median(seconds.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Seconds to evaluate the 10,000 test images (median of 5, after 20 to warm up). */
    private static double evaluationSeconds(Run run, Mnist mnist, int threads) {
        Network network = run.network();
        double[] seconds = new double[5];
        try (Kernels kernels = Kernels.create(threads)) {
            for (int i = 0; i < 20; i++) { // until the JIT has compiled the vector kernels
                network.evaluate(mnist.test(), kernels);
            }
            for (int i = 0; i < seconds.length; i++) {
                long start = System.nanoTime();
                network.evaluate(mnist.test(), kernels);
                seconds[i] = (System.nanoTime() - start) / 1e9;
            }
        }
        return median(seconds);
    }

    private static void printTable(List<Run> chosen, List<Integer> threadCounts, Map<String, double[]> nndl,
                                   List<Integer> torchThreads, Map<String, double[]> pytorch) {
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%n| %-52s |", "run (s per training epoch, 50,000 images)"));
        StringBuilder rule = new StringBuilder("| " + "-".repeat(52) + " |");
        for (int t : threadCounts) {
            header.append(String.format(Locale.ROOT, " nndl %d thr |", t));
            rule.append(" ---------- |");
        }
        boolean torch = !pytorch.isEmpty();
        if (torch) {
            for (int t : torchThreads) {
                header.append(String.format(Locale.ROOT, " PyTorch %d thr |", t));
                rule.append(" ------------- |");
            }
            header.append(String.format(Locale.ROOT, " fastest PyTorch / nndl %d thr |", threadCounts.get(threadCounts.size() - 1)));
            rule.append(" ----------------------------- |");
        }
        System.out.println(header);
        System.out.println(rule);
        for (Run run : chosen) {
            double[] secs = nndl.get(run.name);
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "| %-52s |", run.label()));
            for (double s : secs) {
                line.append(String.format(Locale.ROOT, " %10.3f |", s));
            }
            if (torch) {
                double[] p = pytorch.get(run.name);
                double fastest = Double.POSITIVE_INFINITY;
                for (int t = 0; t < torchThreads.size(); t++) {
                    line.append(p == null ? "             - |" : String.format(Locale.ROOT, " %13.3f |", p[t]));
                    fastest = p == null ? fastest : Math.min(fastest, p[t]);
                }
                line.append(p == null ? "                             - |"
                        : String.format(Locale.ROOT, " %28.1fx |", fastest / secs[secs.length - 1]));
            }
            System.out.println(line);
        }
    }

    /** The 1, 5 and 15-minute load averages: timings on a busy machine are slower and vary. */
    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String kernelsName() {
        try (Kernels k = Kernels.create(1)) {
            return k.getClass().getSimpleName() + (k.getClass().getSimpleName().equals("JavaKernels")
                    ? " (run java with --add-modules jdk.incubator.vector for the vector kernels)" : "");
        }
    }

    /** bench/pytorch_mnist.py of the nndl home (set by ./nndl) or the working directory. */
    private static Path script() {
        String home = System.getProperty("nndl.home");
        for (Path p : new Path[] {home != null ? Path.of(home, "bench", "pytorch_mnist.py") : null,
                Path.of("bench", "pytorch_mnist.py")}) {
            if (p != null && Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    private static boolean works(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs the script with this many BLAS threads and returns its JSON lines; its standard error goes to ours. */
    private List<JsonNode> runPython(List<String> command, int threads) {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
            builder.environment().put("OPENBLAS_NUM_THREADS", String.valueOf(threads));
            builder.environment().put("OMP_NUM_THREADS", String.valueOf(threads));
            if (torchPreload != null) {
                UserException.require(Files.isRegularFile(torchPreload), "--torch-preload: no file " + torchPreload);
                Path lib = torchPreload.toAbsolutePath();
                builder.environment().put("LD_PRELOAD", lib.toString());
                builder.environment().merge("LD_LIBRARY_PATH", lib.getParent().toString(), (a, b) -> b + ":" + a);
            }
            Process p = builder.start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("{")) {
                        lines.add(json.readTree(line));
                    }
                }
            }
            if (p.waitFor() != 0) {
                throw new UserException("the PyTorch benchmark failed (exit " + p.exitValue() + "): run '"
                        + String.join(" ", command) + "' to see why, or use --torch no");
            }
        } catch (IOException e) {
            throw new UserException("could not run " + command.get(0) + ": " + e.getMessage() + " (use --torch no)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserException("interrupted while timing PyTorch");
        }
        return lines;
    }

    private static double[] doubles(JsonNode array) {
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asDouble();
        }
        return values;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
