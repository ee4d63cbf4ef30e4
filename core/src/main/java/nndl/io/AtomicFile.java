package nndl.io;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import nndl.UserException;

/**
 * Writes a file atomically: the content goes to a temporary file in the same folder, which
 * is then renamed over the target. A crash or an error part-way leaves the old file (or no
 * file) in place, never half a file. {@link #writeSynced} also forces the content and the
 * rename to the disk before it returns, so that the file survives the machine going down too.
 */
public final class AtomicFile {
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

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
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            // Not Files.createTempFile: that makes the file private (0600); this one gets the usual permissions.
            tmp = Files.createFile(dir.resolve("." + absolute.getFileName() + "." + Long.toHexString(RANDOM.nextLong()) + ".tmp"));
            try (FileOutputStream out = new FileOutputStream(tmp.toFile())) {
                content.writeTo(out);
                if (sync) {
                    out.getChannel().force(true);
                }
            }
            try {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
            if (sync) {
                syncFolder(dir);
            }
        } catch (IOException e) {
            throw new UserException("cannot write " + target + ": " + e.getMessage()
                    + "; check that the folder exists and is writable", e);
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

}
