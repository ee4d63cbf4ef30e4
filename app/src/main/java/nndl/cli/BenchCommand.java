package nndl.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import nndl.UserException;
import nndl.bench.Home;
import nndl.bench.Machine;
import nndl.bench.Program;
import nndl.bench.Results;
import nndl.bench.WholeProcess;
import nndl.bench.Workload;
import nndl.data.Mnist;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Times the book's networks as a user trains them ({@link nndl.bench}): each program on each
 * network in turn, a line per run, then the best of the rounds as a table with the ratios to nndl.
 * Speed is measured here, never asserted in tests.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Time the book's networks as a user trains them, beside PyTorch and numpy when they are installed.",
                "Each run is './nndl train ...' (or bench/whole_process_torch.py or bench/whole_process_numpy.py with the"
                        + " same options) timed from start to exit: start-up, data loading, training, and the 10,000 test"
                        + " images evaluated after every epoch. The programs take turns; each figure is the best of the"
                        + " rounds. Runs: small = [784,30,10], mini-batch 10, eta 3.0, quadratic, 10 epochs;"
                        + " medium = [784,100,10], mini-batch 10, eta 0.5, cross-entropy, lambda 5.0, 10 epochs;"
                        + " wide = [784,1000,10], mini-batch 128, eta 0.1, cross-entropy, 3 epochs."})
final class BenchCommand implements Runnable {
    @Option(names = "--runs", paramLabel = "LIST", split = ",", description = "Which runs: small, medium, wide (default all).")
    List<String> runs = List.of("small", "medium", "wide");
    @Option(names = "--rounds", paramLabel = "N", description = "How often each program trains each network (default 2).")
    int rounds = 2;
    @Option(names = "--epochs", paramLabel = "N", description = "Epochs of every run instead of its own.")
    Integer epochs;
    @Option(names = "--programs", paramLabel = "LIST", split = ",",
            description = "Which programs: nndl, torch, numpy (default all; those not installed are left out).")
    List<String> programs = List.of("nndl", "torch", "numpy");
    @Option(names = "--nndl", paramLabel = "LAUNCHER",
            description = "The nndl launcher to time, default this checkout's; repeat it to compare checkouts.")
    List<Path> launchers;
    @Option(names = "--python", paramLabel = "FILE", description = "The Python with torch and numpy (default /usr/bin/python3).")
    Path python = Path.of("/usr/bin/python3");
    @Mixin
    DataOptions data;
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        UserException.require(rounds >= 1, "--rounds must be at least 1, got " + rounds);
        UserException.require(epochs == null || epochs >= 2, "--epochs must be at least 2 (a first and a steady epoch), got " + epochs);
        List<Workload> workloads = runs.stream().map(Workload::named).map(w -> epochs != null ? w.withEpochs(epochs) : w).toList();
        PrintWriter out = spec.commandLine().getOut();
        List<Program> timed = programs(Home.current(), out);
        Path folder = data.folder();
        int cores = Machine.cores();
        out.printf(Locale.ROOT, "nndl bench: %d cores, load average %s; whole process = from start to exit%n",
                cores, Machine.loadAverage());
        Results results = new Results();
        for (Workload workload : workloads) {
            for (int round = 1; round <= rounds; round++) {
                for (Program program : timed) {
                    WholeProcess run = WholeProcess.time(program.process(workload, folder, cores));
                    UserException.require(run.epochs().size() == workload.epochs(), program.name() + " printed "
                            + run.epochs().size() + " epoch lines for " + workload.epochs() + " epochs: " + run.output());
                    results.add(workload, program, run);
                    out.printf(Locale.ROOT, "  %-7s %-8s round %d: %6.2f s; first epoch %.2f s, steady %.3f s; %s%n",
                            workload.name(), program.name(), round, run.seconds(), run.firstEpoch(), run.steadyEpoch(),
                            accuracy(run.last()));
                }
            }
        }
        out.println();
        table(workloads, timed, results, cores).markdown().forEach(out::println);
        Workload wide = workloads.stream().filter(w -> w.name().equals("wide")).findFirst().orElse(null);
        if (wide != null && timed.get(0).name().startsWith("nndl")) {
            out.println(peak(wide, results.steadyEpoch(wide, timed.get(0))));
        }
        out.println("load average at the end: " + Machine.loadAverage());
    }

    /** The programs asked for that are installed (the first nndl is the one the others are compared with). */
    private List<Program> programs(Home home, PrintWriter out) {
        List<Program> found = new ArrayList<>();
        for (String name : programs) {
            switch (name) {
                case "nndl" -> {
                    List<Path> given = launchers != null ? launchers : List.of(home.launcher());
                    for (Path launcher : given) {
                        UserException.require(Files.isExecutable(launcher), "--nndl " + launcher + " is not an executable launcher");
                        found.add(Program.nndl(given.size() == 1 ? "nndl"
                                : "nndl " + launcher.toAbsolutePath().normalize().getParent(), launcher));
                    }
                }
                case "torch", "numpy" -> {
                    if (Program.canImport(python, name)) {
                        found.add(Program.python(name.equals("torch") ? "PyTorch" : "numpy", python,
                                home.script("whole_process_" + name + ".py")));
                    } else {
                        out.println("(" + name + " left out: " + python + " cannot import " + name
                                + (name.equals("torch") ? "; on Debian: apt-get install python3-torch libopenblas0-pthread)" : ")"));
                    }
                }
                default -> throw new UserException("unknown program '" + name + "': use nndl, torch or numpy");
            }
        }
        UserException.require(!found.isEmpty(), "nothing to time: " + String.join(", ", programs) + " not installed");
        return found;
    }

    /** Per network and program the best of the rounds, and how many times as long as the first program it took. */
    static Table table(List<Workload> workloads, List<Program> timed, Results results, int cores) {
        Program reference = timed.get(0);
        Table table = new Table("run", "program", "whole process, s", "first epoch, s", "steady epoch, s", "accuracy",
                "whole process / " + reference.name(), "steady epoch / " + reference.name());
        for (Workload workload : workloads) {
            for (Program program : timed) {
                WholeProcess fastest = results.fastest(workload, program);
                double steady = results.steadyEpoch(workload, program);
                table.row(program == reference ? workload.label() : "", program.label(workload, cores),
                        format("%.2f", fastest.seconds()), format("%.2f", results.firstEpoch(workload, program)),
                        format("%.3f", steady), accuracy(fastest.last()),
                        format("%.2f×", fastest.seconds() / results.fastest(workload, reference).seconds()),
                        format("%.2f×", steady / results.steadyEpoch(workload, reference)));
            }
        }
        return table;
    }

    /** The wide network's steady epoch as dense GFLOP/s, and as a share of numpy's SGEMM on this machine when numpy is there. */
    private String peak(Workload wide, double steadySeconds) {
        double gflops = 2.0 * wide.denseMultiplyAddsPerImage() * Mnist.TRAINING_SIZE / steadySeconds / 1e9;
        String line = format("%s, steady epoch: %.1f GFLOP/s counted as dense products (2·m·n·k each)", wide.label(), gflops);
        if (!Program.canImport(python, "numpy")) {
            return line;
        }
        String sgemm = Machine.sgemm(Program.python("numpy", python, Home.current().script("numpy_sgemm.py")));
        OptionalDouble peak = Machine.gflops(sgemm);
        return peak.isPresent() ? line + format(" = %.0f%% of numpy's %s", 100 * gflops / peak.getAsDouble(), sgemm) : line;
    }

    private static String accuracy(WholeProcess.Epoch epoch) {
        return format("%.2f%%", 100.0 * epoch.correct() / epoch.total());
    }

    private static String format(String pattern, Object... values) {
        return String.format(Locale.ROOT, pattern, values);
    }
}
