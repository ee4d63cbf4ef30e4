package nndl.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import nndl.train.CheckpointWriter;

/**
 * What Ctrl-C or SIGTERM does to a run kept in a folder: a shutdown hook waits for the checkpoint
 * being written (if any) to be on the disk, says how many epochs the folder holds and the command
 * that goes on with the run, and ends the program with status 130 (as a shell reports Ctrl-C).
 * Installed while the run trains; {@link #close} removes it.
 */
final class Interruption implements AutoCloseable {
    static final int STATUS = 130;

    private final Thread hook;
    private volatile boolean started;

    Interruption(PrintWriter err, CheckpointWriter writer, Path run, int epochsBefore) {
        hook = new Thread(() -> {
            started = true;
            try {
                writer.close();
            } catch (RuntimeException e) {
                err.println("nndl: " + e.getMessage());
            }
            int epochs = Math.max(epochsBefore, writer.epochsWritten());
            err.println();
            err.println(epochs == 0
                    ? "Interrupted before the first epoch ended; start the run again with: ./nndl train --resume " + run
                    : "Interrupted: " + run + " holds " + epochs + " epoch" + (epochs == 1 ? "" : "s")
                            + " (its last complete checkpoint); go on with: ./nndl train --resume " + run);
            err.flush();
            Runtime.getRuntime().halt(STATUS);
        }, "nndl interruption");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Whether the program is being interrupted: no further checkpoint is handed to the writer. */
    boolean started() {
        return started;
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down already: the hook is running and ends the program
        }
    }
}
