package nndl.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import nndl.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistCacheTest {
    @TempDir
    Path tmp;

    @Test
    void theCacheFolderFollowsXdg() {
        assertEquals(Path.of("/var/cache/me/nndl/mnist"), MnistCache.folder("/var/cache/me", "/home/me"));
        assertEquals(Path.of("/home/me/.cache/nndl/mnist"), MnistCache.folder(null, "/home/me"));
        assertEquals(Path.of("/home/me/.cache/nndl/mnist"), MnistCache.folder("", "/home/me"));
        // the XDG spec says a relative path is invalid and to be ignored
        assertEquals(Path.of("/home/me/.cache/nndl/mnist"), MnistCache.folder("relative/cache", "/home/me"));
    }

    @Test
    void prefersTheBundledFolderThenTheCache() throws IOException {
        Path bundled = tmp.resolve("repo/data/mnist");
        Path cache = tmp.resolve("cache/nndl/mnist");
        fill(cache, true);
        assertEquals(cache, MnistCache.choose(bundled, cache), "no bundled folder");

        Files.createDirectories(bundled);
        Files.createFile(bundled.resolve("train-images-idx3-ubyte.gz"));
        assertEquals(cache, MnistCache.choose(bundled, cache), "bundled folder without all four files");

        fill(bundled, false); // raw files count as well
        assertEquals(bundled, MnistCache.choose(bundled, cache));
    }

    @Test
    void withNeitherTheErrorSaysWhereItLookedAndWhatToRun() {
        Path bundled = tmp.resolve("repo/data/mnist");
        Path cache = tmp.resolve("cache/nndl/mnist");
        UserException e = assertThrows(UserException.class, () -> MnistCache.choose(bundled, cache));
        assertTrue(e.getMessage().contains(bundled.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(cache.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("./nndl download"), e.getMessage());
        assertTrue(e.getMessage().contains("--data"), e.getMessage());
        assertFalse(Files.exists(cache), "looking creates nothing");
    }

    static void fill(Path dir, boolean gz) throws IOException {
        Files.createDirectories(dir);
        for (MnistFile f : MnistFile.ALL) {
            Path p = dir.resolve(gz ? f.fileName() : f.name());
            if (!Files.exists(p)) {
                Files.createFile(p);
            }
        }
    }
}
