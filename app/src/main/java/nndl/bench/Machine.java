package nndl.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the timings depend on besides the programs: the cores, how busy they are, and their peak as numpy's BLAS reaches it. */
public final class Machine {
    private static final Pattern GFLOPS = Pattern.compile("([0-9]+(?:\\.[0-9]+)?) GFLOP/s");

    private Machine() {
    }

    public static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** The 1, 5 and 15-minute load averages: timings on a busy machine are slower and vary. */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** The line bench/numpy_sgemm.py prints for a 2048 × 2048 product on all cores, e.g. "SGEMM 2048x2048: 358.1 GFLOP/s (...)". */
    public static String sgemm(Program numpySgemm) {
        return WholeProcess.time(numpySgemm.process(List.of("--threads", String.valueOf(cores())))).output().strip();
    }

    /** The GFLOP/s in such a line. */
    public static OptionalDouble gflops(String line) {
        Matcher m = GFLOPS.matcher(line);
        return m.find() ? OptionalDouble.of(Double.parseDouble(m.group(1))) : OptionalDouble.empty();
    }
}
