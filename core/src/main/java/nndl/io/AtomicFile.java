package nndl.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nndl.UserException;

/**
 * The one way nndl writes a file: atomically. The content goes to a temporary file in the same
 * folder, which is then renamed over the target, so a crash or an error part-way leaves the old
 * file (or no file) in place, never half a file. Whatever the name leads to is what is written:
 * a symbolic link is written through (the file it points to is replaced, the link stays); a
 * character device (a terminal, /dev/null) is written directly; a folder, a named pipe, a block
 * device or a socket is refused, never replaced.
 *
 * <p>{@link #writeSynced} also forces the content and the rename to the disk before it returns,
 * so that the file survives the machine going down too.
 *
 * <p>A temporary file is named {@code .NAME.PID.RANDOM.tmp}, after its writer's process; one
 * whose writer is gone (killed part-way) is a leftover, removed by the next write to the same
 * target.
 */
public final class AtomicFile {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** How old a temporary file of an nndl that did not name its process must be to be taken for a leftover. */
    private static final Duration OLD = Duration.ofMinutes(10);
    /** Unix file types in {@code unix:mode} (the S_IFMT bits). */
    private static final int TYPE_MASK = 0170000;
    private static final int CHARACTER_DEVICE = 0020000;
    private static final int FIFO = 0010000;
    private static final int BLOCK_DEVICE = 0060000;
    /** The most symbolic links followed from one name (Linux's own limit). */
    private static final int MAX_LINKS = 40;

    private AtomicFile() {
    }

    /** Writes the content of a file to a stream; the stream is closed by the caller's code or by us. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    public static void write(Path target, Content content) {
        write(target, content, false);
    }

    /**
     * Writes atomically and durably: the temporary file is forced to the disk (fsync) before it
     * is renamed over the target, and the folder after, so that once this returns the new file is
     * there whatever happens next, and at any moment before, the old one is.
     */
    public static void writeSynced(Path target, Content content) {
        write(target, content, true);
    }

    private static void write(Path target, Content content, boolean sync) {
        Path tmp = null;
        try {
            Path destination = destination(target);
            if (writesDirectly(target)) {
                try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.WRITE)) {
                    content.writeTo(out);
                }
                return;
            }
            Path dir = destination.getParent();
            Files.createDirectories(dir);
            removeLeftovers(destination);
            // Not Files.createTempFile: that makes the file private (0600); this one gets the usual permissions.
            tmp = Files.createFile(temporary(destination));
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
                 OutputStream out = Channels.newOutputStream(channel)) {
                content.writeTo(out);
                if (sync) {
                    channel.force(true);
                }
            }
            try {
                Files.move(tmp, destination, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, destination, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
            if (sync) {
                syncFolder(dir);
            }
        } catch (IOException e) {
            throw new UserException("cannot write " + target + ": " + reason(e) + "; check that the folder exists and is writable", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original error matters more
                }
            }
        }
    }

    /** Forces a folder's entries (a rename in it) to the disk, where the system allows it. */
    private static void syncFolder(Path dir) {
        try (FileChannel folder = FileChannel.open(dir, StandardOpenOption.READ)) {
            folder.force(true);
        } catch (IOException e) {
            // Some systems cannot open a folder for this; the rename itself is done.
        }
    }

    /** Writes a string as UTF-8, atomically. */
    public static void writeString(Path target, String text) {
        write(target, out -> out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /**
     * Whether the target is written directly rather than replaced: a character device (a
     * terminal, /dev/null). Whoever rewrites a growing file after each step sends such a target
     * only what is new.
     */
    public static boolean writesDirectly(Path target) {
        return Files.exists(target) && !Files.isRegularFile(target) && type(target) == CHARACTER_DEVICE;
    }

    /**
     * Checks, before a long run, that the target can be written when the run ends: it is not a
     * folder or a file nndl refuses to replace, and a file can be made in its folder (which is
     * made if missing). Nothing is left behind.
     */
    public static void checkWritable(Path target, String what) {
        try {
            if (writesDirectly(target)) {
                UserException.require(Files.isWritable(target), what + " " + target + " cannot be written: it is not writable");
                return;
            }
            Path destination = destination(target);
            Path dir = destination.getParent();
            Files.createDirectories(dir);
            Files.delete(Files.createFile(temporary(destination)));
        } catch (UserException e) {
            throw new UserException(what + " " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UserException(what + " " + target + " cannot be written: " + reason(e)
                    + "; give a file in a folder you can write to", e);
        }
    }

    /**
     * Where writing to the target puts the file: the target itself, or the file its symbolic
     * links lead to (which may not exist yet). Refuses a folder and what is neither a regular
     * file nor a character device.
     */
    private static Path destination(Path target) throws IOException {
        Path path = target.toAbsolutePath();
        if (Files.exists(path)) {
            if (Files.isDirectory(path)) {
                throw new UserException(target + " is a folder: give a file name");
            }
            if (!Files.isRegularFile(path) && type(path) != CHARACTER_DEVICE) {
                int type = type(path);
                throw new UserException(target + " is " + (type == FIFO ? "a named pipe" : type == BLOCK_DEVICE ? "a block device"
                        : "not a regular file") + ", which nndl does not replace: give a regular file");
            }
            return path.toRealPath();
        }
        // A link to nothing yet: follow it to the name it will create.
        for (int links = 0; Files.isSymbolicLink(path); links++) {
            if (links == MAX_LINKS) {
                throw new UserException(target + " is a symbolic link that leads round in a loop");
            }
            path = path.resolveSibling(Files.readSymbolicLink(path));
        }
        return path;
    }

    /** The Unix file type of what a path leads to, or −1 where the file system does not say. */
    private static int type(Path path) {
        try {
            return ((Integer) Files.getAttribute(path, "unix:mode")) & TYPE_MASK;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return -1;
        }
    }

    private static Path temporary(Path destination) {
        return destination.resolveSibling("." + destination.getFileName() + "." + ProcessHandle.current().pid()
                + "." + Long.toHexString(RANDOM.nextLong() >>> 1) + ".tmp");
    }

    /**
     * Removes the temporary files of earlier writes to this destination that never finished: those
     * whose process is gone, and those of an nndl that did not name its process (.NAME.HEX.tmp),
     * once {@link #OLD}. Another live writer's temporary file is left alone.
     */
    private static void removeLeftovers(Path destination) throws IOException {
        Pattern ours = Pattern.compile("\\." + Pattern.quote(destination.getFileName().toString())
                + "\\.(?:(\\d+)\\.)?[0-9a-f]+\\.tmp");
        try (DirectoryStream<Path> files = Files.newDirectoryStream(destination.getParent(),
                "." + globQuoted(destination.getFileName().toString()) + ".*.tmp")) {
            for (Path file : files) {
                Matcher m = ours.matcher(file.getFileName().toString());
                if (m.matches() && (m.group(1) != null ? !alive(Long.parseLong(m.group(1))) : old(file))) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    private static boolean alive(long pid) {
        return pid == ProcessHandle.current().pid() || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static boolean old(Path file) throws IOException {
        FileTime modified = Files.getLastModifiedTime(file);
        return modified.toInstant().isBefore(Instant.now().minus(OLD));
    }

    private static String globQuoted(String name) {
        return name.replaceAll("([*?\\[\\]{}\\\\])", "\\\\$1");
    }

    /** What went wrong, in words: the JDK names only the file for some problems. */
    private static String reason(IOException e) {
        String what = e instanceof AccessDeniedException ? "permission denied"
                : e instanceof NoSuchFileException ? "no such file or folder"
                : e instanceof FileAlreadyExistsException ? "a file is in the way"
                : e instanceof FileSystemException f ? f.getReason() : e.getMessage();
        return e instanceof FileSystemException f && f.getFile() != null ? what + " (" + f.getFile() + ")" : what;
    }
}
