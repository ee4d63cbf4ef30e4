package nndl.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import nndl.UserException;
import nndl.data.Mnist;

/**
 * Which data a run was trained on: the data folder and the SHA-256 of each of its four MNIST
 * files, as found there (name.gz, else name). A run goes on only on the same bytes.
 */
public record DataFingerprint(Path folder, Map<String, String> sha256) {
    private static final String[] FILES = {Mnist.TRAIN_IMAGES, Mnist.TRAIN_LABELS, Mnist.TEST_IMAGES, Mnist.TEST_LABELS};

    /** The fingerprint of the four files in a folder; a missing one is a UserException naming it. */
    public static DataFingerprint of(Path folder) {
        Map<String, String> hashes = new LinkedHashMap<>();
        for (String name : FILES) {
            Path file = Mnist.file(folder, name).orElseThrow(() -> new UserException("data file " + folder.resolve(name + ".gz")
                    + " is missing (nor is there " + name + "): point --data at a folder with the four MNIST files"));
            hashes.put(String.valueOf(file.getFileName()), sha256(file));
        }
        return new DataFingerprint(folder.toAbsolutePath().normalize(), hashes);
    }

    static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UserException("cannot read data file " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("folder", folder.toString());
        m.put("sha256", sha256);
        return m;
    }

    static DataFingerprint fromMap(JsonNode node) {
        Map<String, String> hashes = new LinkedHashMap<>();
        node.path("sha256").fields().forEachRemaining(e -> hashes.put(e.getKey(), e.getValue().asText()));
        return new DataFingerprint(Path.of(node.path("folder").asText()), hashes);
    }

    /** Refuses other data: the first file whose name or SHA-256 is not the run's. */
    void check(DataFingerprint given, Path run) {
        if (given.sha256.equals(sha256)) {
            return;
        }
        for (Map.Entry<String, String> e : given.sha256.entrySet()) {
            String expected = sha256.get(e.getKey());
            if (!e.getValue().equals(expected)) {
                throw new UserException("the data in " + given.folder + " is not the run's: " + e.getKey()
                        + (expected == null ? " is not one of the files the run was trained on"
                        : " has SHA-256 " + e.getValue().substring(0, 12) + "…, the run's " + expected.substring(0, 12) + "…")
                        + "; give the data of " + run + " (" + folder + ") with --data");
            }
        }
        throw new UserException("the data in " + given.folder + " is not the run's (" + folder + "): give it with --data");
    }
}
