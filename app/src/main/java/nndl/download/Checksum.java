package nndl.download;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import nndl.data.IdxFile;

/** SHA-256 of an IDX file's content: of the bytes after gunzip when it is gzip-compressed, else of the bytes. */
final class Checksum {
    private Checksum() {
    }

    /** True when the data start with the gzip magic bytes 1f 8b. */
    static boolean isGzip(byte[] data) {
        return data.length >= 2 && (data[0] & 0xff) == 0x1f && (data[1] & 0xff) == 0x8b;
    }

    /** SHA-256 (lower-case hex) of gzip-compressed data after gunzip; IOException if the gzip data are broken. */
    static String ofGunzipped(byte[] gzip) throws IOException {
        return sha256(new GZIPInputStream(new ByteArrayInputStream(gzip), 1 << 16));
    }

    /** SHA-256 (lower-case hex) of a file's content, gunzipped first if it is gzip-compressed. */
    static String ofContent(Path file) throws IOException {
        try (InputStream in = IdxFile.content(file)) {
            return sha256(in);
        }
    }

    private static String sha256(InputStream in) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
        byte[] buffer = new byte[1 << 16];
        for (int n; (n = in.read(buffer)) > 0; ) {
            digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
