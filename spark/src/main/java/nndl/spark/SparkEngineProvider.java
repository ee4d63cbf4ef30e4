package nndl.spark;

import java.nio.file.Path;
import java.util.function.IntFunction;
import nndl.search.Engine;
import nndl.search.EngineProvider;
import nndl.search.TrainingSetup;

/** {@code --engine spark}: found by the search through {@link java.util.ServiceLoader}. */
public final class SparkEngineProvider implements EngineProvider {
    @Override
    public String name() {
        return "spark";
    }

    @Override
    public Engine open(String master, TrainingSetup setup, IntFunction<Path> checkpoints) {
        return SparkEngine.start(master, setup, checkpoints);
    }
}
