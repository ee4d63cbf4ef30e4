package nndl.cli;

import nndl.UserException;
import picocli.CommandLine.Option;

/** The --threads option: from 1 to four times the cores (more only wait for the cores, each with its own stack). */
final class Threads {
    @Option(names = "--threads", paramLabel = "N",
            description = "Threads for the matrix kernels (default: all cores; at most four times as many).")
    Integer threads;

    int count() {
        int cores = Runtime.getRuntime().availableProcessors();
        if (threads == null) {
            return cores;
        }
        UserException.require(threads >= 1 && threads <= 4 * cores, "--threads must be from 1 to " + 4 * cores
                + " (this machine has " + cores + " cores), got " + threads);
        return threads;
    }
}
