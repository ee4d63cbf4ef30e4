package nndl.download;

import java.nio.file.Path;
import java.util.stream.Collectors;
import nndl.UserException;
import nndl.data.Mnist;

/**
 * The cache folder that {@code nndl download} fills, {@code $XDG_CACHE_HOME/nndl/mnist} or
 * {@code ~/.cache/nndl/mnist}, and the choice of data folder when none is given: the repository's
 * data/mnist when it has the files, else the cache.
 */
public final class MnistCache {
    private MnistCache() {
    }

    /** The cache folder on this machine. */
    public static Path folder() {
        return folder(System.getenv("XDG_CACHE_HOME"), System.getProperty("user.home"));
    }

    /** $XDG_CACHE_HOME/nndl/mnist when that is set to an absolute path (as the XDG spec requires), else ~/.cache/nndl/mnist. */
    static Path folder(String xdgCacheHome, String userHome) {
        if (xdgCacheHome != null && !xdgCacheHome.isEmpty() && Path.of(xdgCacheHome).isAbsolute()) {
            return Path.of(xdgCacheHome, "nndl", "mnist");
        }
        return Path.of(userHome, ".cache", "nndl", "mnist");
    }

    /** True when the folder has each of the four files, compressed or raw (it may still be corrupt). */
    public static boolean hasMnist(Path dir) {
        return MnistFile.ALL.stream().allMatch(f -> Mnist.file(dir, f.name()).isPresent());
    }

    /** {@code bundled} when it has the four files, else {@code cache} when it has them, else a UserException naming both. */
    public static Path choose(Path bundled, Path cache) {
        if (hasMnist(bundled)) {
            return bundled;
        }
        if (hasMnist(cache)) {
            return cache;
        }
        String names = MnistFile.ALL.stream().map(MnistFile::fileName).collect(Collectors.joining(", "));
        throw new UserException("no MNIST data: looked in " + bundled.toAbsolutePath() + " and in the download cache " + cache
                + " for " + names + "; run './nndl download' to fetch them into the cache, or give --data DIR"
                + " with a folder that has them");
    }
}
