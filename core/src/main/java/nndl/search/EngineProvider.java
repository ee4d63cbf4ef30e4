package nndl.search;

import java.nio.file.Path;
import java.util.function.IntFunction;

/**
 * An engine from another module, found with {@link java.util.ServiceLoader} when that module is
 * on the class path: the spark module provides "spark". Nothing in core or app depends on it.
 */
public interface EngineProvider {
    /** The engine's name, as in {@code --engine NAME}. */
    String name();

    /**
     * Connects to {@code master} and returns an engine ready to run jobs; a UserException if it
     * cannot. Each trial's checkpoint is kept in {@code checkpoints.apply(trial)} on this machine
     * (null: none kept), so that a promoted trial goes on from its lower rung.
     */
    Engine open(String master, TrainingSetup setup, IntFunction<Path> checkpoints);
}
