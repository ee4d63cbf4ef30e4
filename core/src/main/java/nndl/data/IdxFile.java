package nndl.data;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;
import nndl.UserException;
import nndl.io.AtomicFile;

/**
 * The IDX format of the MNIST files: a big-endian magic number (0x00000803 for images,
 * 0x00000801 for labels), the dimensions, then one unsigned byte per value. Reads raw or
 * gzip-compressed files (told apart by their first bytes, not their names).
 */
public final class IdxFile {
    public static final int IMAGES_MAGIC = 0x00000803;
    public static final int LABELS_MAGIC = 0x00000801;
    /** The most bytes deflate makes of one (RFC 1951: a 258-byte match in at most 2 bits, about 1032 : 1). */
    private static final long MAX_DEFLATE_RATIO = 1032;
    /** The most bytes of a gzip file's data read before more of it is seen to be there (MNIST's largest file is 47 MB). */
    private static final int FIRST_READ = 64 << 20;
    /** The most bytes one Java array holds. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private IdxFile() {
    }

    /** Images: {@code count} images of {@code rows × cols} bytes, one after another. */
    public record Images(int count, int rows, int cols, byte[] pixels) {
    }

    /**
     * Reads images, checking the count the header declares against the file's length before
     * allocating for it (see {@link Source#read}).
     */
    public static Images readImages(Path file) {
        try (Source in = open(file)) {
            int magic = in.data.readInt();
            requireMagic(file, magic, IMAGES_MAGIC, "images");
            int count = in.data.readInt();
            int rows = in.data.readInt();
            int cols = in.data.readInt();
            if (count < 0 || rows <= 0 || cols <= 0 || (long) count * rows * cols > MAX_ARRAY) {
                throw corrupt(file, "impossible dimensions " + count + "x" + rows + "x" + cols);
            }
            byte[] pixels = in.read(count * rows * cols, 16, "pixels of " + count + " images");
            return new Images(count, rows, cols, pixels);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    public static byte[] readLabels(Path file) {
        try (Source in = open(file)) {
            int magic = in.data.readInt();
            requireMagic(file, magic, LABELS_MAGIC, "labels");
            int count = in.data.readInt();
            if (count < 0 || count > MAX_ARRAY) {
                throw corrupt(file, "impossible label count " + count);
            }
            return in.read(count, 8, count + " labels");
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    /** Writes images in IDX format, gzip-compressed when the name ends in .gz; atomically. */
    public static void writeImages(Path file, Images images) {
        AtomicFile.write(file, raw -> {
            try (DataOutputStream out = new DataOutputStream(compressIfGz(file, raw))) {
                out.writeInt(IMAGES_MAGIC);
                out.writeInt(images.count());
                out.writeInt(images.rows());
                out.writeInt(images.cols());
                out.write(images.pixels());
            }
        });
    }

    /** Writes labels in IDX format, gzip-compressed when the name ends in .gz; atomically. */
    public static void writeLabels(Path file, byte[] labels) {
        AtomicFile.write(file, raw -> {
            try (DataOutputStream out = new DataOutputStream(compressIfGz(file, raw))) {
                out.writeInt(LABELS_MAGIC);
                out.writeInt(labels.length);
                out.write(labels);
            }
        });
    }

    private static OutputStream compressIfGz(Path file, OutputStream raw) throws IOException {
        OutputStream buffered = new BufferedOutputStream(raw, 1 << 16);
        return file.getFileName().toString().endsWith(".gz") ? new GZIPOutputStream(buffered, 1 << 16) : buffered;
    }

    private static Source open(Path file) throws IOException {
        try {
            long length = Files.size(file);
            InputStream content = content(file);
            return new Source(file, new DataInputStream(content), length, content instanceof Gunzipped);
        } catch (NoSuchFileException e) {
            throw new UserException("data file " + file + " does not exist: point --data at a folder with the four MNIST files");
        }
    }

    /** An IDX file's content being read: its data stream, the file's length, and whether it is gzip-compressed. */
    private record Source(Path file, DataInputStream data, long length, boolean gzip) implements java.io.Closeable {
        /**
         * The {@code n} bytes after the {@code header} bytes, or "truncated", said before they are
         * allocated when the file is too short to hold them: a raw file's length must, and a gzip
         * file's data can be at most {@link #MAX_DEFLATE_RATIO} times its length. Even then a gzip
         * file's data is read into an array of at most {@link #FIRST_READ} bytes at first, grown
         * as the data comes, so that a header claiming more than is there costs little more than
         * what is there.
         */
        byte[] read(int n, int header, String what) throws IOException {
            long most = gzip ? length * MAX_DEFLATE_RATIO : length - header;
            if (most < n) {
                throw corrupt(file, "truncated: expected " + what + " (" + n + " bytes) but "
                        + (gzip ? "its " + length + " compressed bytes hold at most " + most : "found only " + most));
            }
            byte[] bytes = new byte[gzip ? (int) Math.min(n, FIRST_READ) : n];
            int read = data.readNBytes(bytes, 0, bytes.length);
            while (read == bytes.length && read < n) {
                bytes = Arrays.copyOf(bytes, (int) Math.min(n, 2L * bytes.length));
                read += data.readNBytes(bytes, read, bytes.length - read);
            }
            if (read < n) {
                throw corrupt(file, "truncated: expected " + what + " (" + n + " bytes) but found only " + read);
            }
            return bytes;
        }

        @Override
        public void close() throws IOException {
            data.close();
        }
    }

    /** A file's bytes, gunzipped first when it is gzip-compressed (as the IDX files are read, .gz or not). */
    public static InputStream content(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return b0 == 0x1f && b1 == 0x8b ? new Gunzipped(new GZIPInputStream(in, 1 << 16)) : in;
    }

    /** A gzip file's content (told apart from a raw one's, whose length is the file's). */
    private static final class Gunzipped extends BufferedInputStream {
        Gunzipped(InputStream gzip) {
            super(gzip, 1 << 16);
        }
    }


    private static void requireMagic(Path file, int magic, int expected, String kind) {
        if (magic != expected) {
            throw corrupt(file, String.format("wrong magic number 0x%08x (an IDX file of %s starts with 0x%08x)",
                    magic, kind, expected));
        }
    }

    private static UserException corrupt(Path file, String problem) {
        return new UserException("data file " + file + " is not a valid IDX file: " + problem
                + "; replace it with the original MNIST file");
    }

    private static UserException unreadable(Path file, IOException e) {
        if (e instanceof EOFException) {
            return corrupt(file, "truncated: the file ends early");
        }
        if (e instanceof ZipException) {
            return corrupt(file, "broken gzip data (" + e.getMessage() + ")");
        }
        if (e.getMessage() != null && e.getMessage().contains("Unexpected end of ZLIB input stream")) {
            return corrupt(file, "truncated gzip data");
        }
        return new UserException("cannot read data file " + file + ": " + e.getMessage(), e);
    }
}
