package nndl.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nndl.UserException;

/**
 * One run of a program timed from its start to its exit, as a user waits for it (JVM or Python
 * start, data loading, training and the evaluation after every epoch), and what it printed.
 */
public record WholeProcess(double seconds, String output) {
    /** An epoch as {@code nndl train} and the Python scripts print it: "Epoch 3: 9501 / 10000 (0.08 s)". */
    public record Epoch(int correct, int total, double trainSeconds) {
    }

    private static final Pattern EPOCH = Pattern.compile("^Epoch \\d+: (\\d+) / (\\d+) \\((\\d+(?:\\.\\d+)?) s\\)$",
            Pattern.MULTILINE);

    /** Starts the process, waits for it to exit, and keeps its output; a failure is the user's to see. */
    public static WholeProcess time(ProcessBuilder process) {
        String command = String.join(" ", process.command());
        try {
            long start = System.nanoTime();
            Process running = process.start();
            String output = new String(running.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = running.waitFor();
            double seconds = (System.nanoTime() - start) / 1e9;
            if (status != 0) {
                List<String> lines = output.lines().toList();
                throw new UserException("'" + command + "' failed (exit " + status + ")"
                        + (lines.isEmpty() ? "" : ": " + lines.get(lines.size() - 1)));
            }
            return new WholeProcess(seconds, output);
        } catch (IOException e) {
            throw new UserException("could not run '" + command + "': " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserException("interrupted while timing '" + command + "'");
        }
    }

    /** The epochs the program reported, in order. */
    public List<Epoch> epochs() {
        List<Epoch> epochs = new ArrayList<>();
        Matcher m = EPOCH.matcher(output);
        while (m.find()) {
            epochs.add(new Epoch(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Double.parseDouble(m.group(3))));
        }
        return epochs;
    }

    /** Seconds of training in the first epoch, where start-up and the JIT's warm-up show. */
    public double firstEpoch() {
        return epochs().get(0).trainSeconds();
    }

    /** The median of the other epochs' training seconds (NaN with a single epoch): the steady speed. */
    public double steadyEpoch() {
        double[] later = epochs().stream().skip(1).mapToDouble(Epoch::trainSeconds).sorted().toArray();
        int n = later.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? later[n / 2] : (later[n / 2 - 1] + later[n / 2]) / 2;
    }

    /** The last epoch's evaluation. */
    public Epoch last() {
        List<Epoch> epochs = epochs();
        return epochs.get(epochs.size() - 1);
    }
}
