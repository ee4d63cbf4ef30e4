package nndl.cli;

import picocli.CommandLine.Option;

/** The --threads option. */
final class Threads {
    @Option(names = "--threads", paramLabel = "N",
            description = "Threads for the matrix kernels (default: all cores).")
    Integer threads;

    int count() {
        return threads != null ? threads : Runtime.getRuntime().availableProcessors();
    }
}
