package nndl.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import nndl.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aWriteReplacesTheFileWholeAndAFailedOneLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("m.json");
        AtomicFile.writeString(file, "old");
        AtomicFile.writeString(file, "new");
        assertEquals("new", Files.readString(file));
        UserException e = assertThrows(UserException.class, () -> AtomicFile.write(file, out -> {
            out.write("half".getBytes());
            throw new IOException("disk full");
        }));
        assertTrue(e.getMessage().startsWith("cannot write " + file + ": disk full"), e.getMessage());
        assertEquals("new", Files.readString(file));
        assertEquals(List.of("m.json"), names());
    }

    @Test
    void aSymbolicLinkIsWrittenThroughAndStaysALink() throws IOException {
        Path real = Files.createDirectories(dir.resolve("elsewhere")).resolve("model.json");
        Files.writeString(real, "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), Path.of("elsewhere", "model.json"));
        AtomicFile.writeString(link, "new");
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("new", Files.readString(real));
        // A link to a file not there yet makes that file.
        Path dangling = Files.createSymbolicLink(dir.resolve("next.json"), dir.resolve("elsewhere/next.json"));
        AtomicFile.writeString(dangling, "made");
        assertTrue(Files.isSymbolicLink(dangling));
        assertEquals("made", Files.readString(dir.resolve("elsewhere/next.json")));
        // A loop of links is refused.
        Files.createSymbolicLink(dir.resolve("a"), dir.resolve("b"));
        Files.createSymbolicLink(dir.resolve("b"), dir.resolve("a"));
        UserException e = assertThrows(UserException.class, () -> AtomicFile.writeString(dir.resolve("a"), "x"));
        assertTrue(e.getMessage().contains("leads round in a loop"), e.getMessage());
    }

    @Test
    void aFolderOrANamedPipeIsRefusedNeverReplaced() throws Exception {
        UserException e = assertThrows(UserException.class, () -> AtomicFile.writeString(dir, "x"));
        assertEquals(dir + " is a folder: give a file name", e.getMessage());
        Path fifo = dir.resolve("pipe");
        assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo makes named pipes");
        e = assertThrows(UserException.class, () -> AtomicFile.writeString(fifo, "x"));
        assertEquals(fifo + " is a named pipe, which nndl does not replace: give a regular file", e.getMessage());
        e = assertThrows(UserException.class, () -> AtomicFile.checkWritable(fifo, "--metrics-out"));
        assertTrue(e.getMessage().startsWith("--metrics-out " + fifo + " is a named pipe"), e.getMessage());
        assertTrue(Files.exists(fifo) && !Files.isRegularFile(fifo), "still the pipe");
        // Through a link, too.
        Path link = Files.createSymbolicLink(dir.resolve("to-pipe"), fifo);
        assertThrows(UserException.class, () -> AtomicFile.writeString(link, "x"));
        assertTrue(Files.isSymbolicLink(link));
    }

    @Test
    void aCharacterDeviceIsWrittenDirectly() {
        Path devNull = Path.of("/dev/null");
        assumeTrue(Files.isWritable(devNull), "a Unix /dev/null");
        assertTrue(AtomicFile.writesDirectly(devNull));
        AtomicFile.writeString(devNull, "into nothing");
        AtomicFile.checkWritable(devNull, "--save");
        assertFalse(Files.isRegularFile(devNull), "still the device");
        assertFalse(AtomicFile.writesDirectly(dir.resolve("plain.json")));
    }

    @Test
    void leftoversOfInterruptedWritesAreRemovedByTheNextWriteToTheSameTarget() throws Exception {
        // A process that has ended: the pid of a temporary file it left is free.
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        long gone = ended.pid();
        long live = ProcessHandle.current().pid();
        Path target = dir.resolve("net.json");
        String leftover = ".net.json." + gone + ".1f2e3d.tmp";
        String writing = ".net.json." + live + ".abc.tmp";        // another write of this process, under way
        String oldStyle = ".net.json.7a7a7a7a.tmp";               // nndl's earlier names, without a pid ...
        String recentOldStyle = ".net.json.5b5b.tmp";             // ... taken for leftovers once ten minutes old
        String otherTarget = ".other.json." + gone + ".99.tmp";   // another target's: not this write's business
        for (String name : List.of(leftover, writing, oldStyle, recentOldStyle, otherTarget)) {
            Files.writeString(dir.resolve(name), "1.5 MB of a model");
        }
        Files.setLastModifiedTime(dir.resolve(oldStyle), FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        AtomicFile.writeString(target, "{}");
        assertEquals(List.of(recentOldStyle, writing, otherTarget, "net.json").stream().sorted().toList(), names());
    }

    @Test
    void writabilityIsCheckedWithoutLeavingAnything() throws IOException {
        Path nested = dir.resolve("runs/today/model.json");
        AtomicFile.checkWritable(nested, "--save");
        assertFalse(Files.exists(nested));
        try (Stream<Path> files = Files.list(dir.resolve("runs/today"))) {
            assertEquals(0, files.count(), "nothing left in the folder it made");
        }
        Path file = Files.writeString(dir.resolve("blocker"), "a file, not a folder");
        UserException e = assertThrows(UserException.class, () -> AtomicFile.checkWritable(file.resolve("model.json"), "--save"));
        assertTrue(e.getMessage().startsWith("--save " + file.resolve("model.json") + " cannot be written: "), e.getMessage());
        e = assertThrows(UserException.class, () -> AtomicFile.checkWritable(dir, "--plot"));
        assertEquals("--plot " + dir + " is a folder: give a file name", e.getMessage());
    }
}
