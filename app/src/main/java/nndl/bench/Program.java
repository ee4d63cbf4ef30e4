package nndl.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A program {@code ./nndl bench} times: an nndl launcher running {@code train}, or a Python script
 * that takes the same options (plus {@code --threads}).
 *
 * @param name   what the table calls it
 * @param start  the command's first words
 * @param python whether it is a Python script: run with OpenBLAS choosing its own kernels for the
 *               CPU ({@code OPENBLAS_CORETYPE} and {@code OPENBLAS_L2_SIZE} unset) and a thread count
 */
public record Program(String name, List<String> start, boolean python) {
    /** Variables that make OpenBLAS use another CPU's kernels, or misjudge the cache: unset for the Python programs. */
    static final List<String> OPENBLAS_OVERRIDES = List.of("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE");

    /** {@code LAUNCHER train ...}, as a user runs it. */
    public static Program nndl(String name, Path launcher) {
        return new Program(name, List.of(launcher.toString(), "train"), false);
    }

    public static Program python(String name, Path python, Path script) {
        return new Program(name, List.of(python.toString(), script.toString()), true);
    }

    /** The process that trains the workload on the MNIST files in {@code data}, on a machine with this many cores. */
    public ProcessBuilder process(Workload workload, Path data, int cores) {
        List<String> arguments = new ArrayList<>(List.of("--data", data.toString()));
        arguments.addAll(workload.trainOptions());
        if (python) {
            arguments.addAll(List.of("--threads", String.valueOf(workload.pythonThreads(cores))));
        }
        return process(arguments);
    }

    /** The process of this program with these arguments, its standard error merged into its output. */
    public ProcessBuilder process(List<String> arguments) {
        List<String> command = new ArrayList<>(start);
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (python) {
            OPENBLAS_OVERRIDES.forEach(builder.environment()::remove);
        }
        return builder;
    }

    /** Whether {@code python -c "import MODULE"} succeeds (torch and numpy are optional). */
    public static boolean canImport(Path python, String module) {
        try {
            return new ProcessBuilder(python.toString(), "-c", "import " + module).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** "PyTorch, 1 thread" for a Python program, the name alone for nndl (which uses all cores). */
    public String label(Workload workload, int cores) {
        int threads = workload.pythonThreads(cores);
        return python ? name + ", " + threads + (threads == 1 ? " thread" : " threads") : name;
    }
}
