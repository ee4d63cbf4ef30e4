package nndl.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * IDX files whose headers do not fit their data, with a part of the line that must refuse each;
 * written by {@link #main} to a folder for measuring outside the tests.
 */
public final class CraftedIdx {
    private CraftedIdx() {
    }

    /** Each crafted file's bytes by name (".gz" for gzip-compressed), with what the refusal says. */
    public static Map<String, Object[]> all() throws IOException {
        byte[] hundred = new byte[100 * 784];
        Arrays.fill(hundred, (byte) 7);
        byte[] claimsMillion = IdxFileTest.imagesBytes(IdxFile.IMAGES_MAGIC, 1_000_000, 28, 28, hundred);
        byte[] labels = ByteBuffer.allocate(8 + 10).putInt(IdxFile.LABELS_MAGIC).putInt(Integer.MAX_VALUE - 8).array();
        byte[] gz = IdxFileTest.gzip(claimsMillion);
        Map<String, Object[]> m = new LinkedHashMap<>();
        m.put("images-1000000-over-100", new Object[] {claimsMillion,
            "truncated: expected pixels of 1000000 images (784000000 bytes) but found only 78400"});
        m.put("images-1000000-over-100.gz", new Object[] {gz,
            "truncated: expected pixels of 1000000 images (784000000 bytes) but its " + gz.length + " compressed bytes hold at most "
                    + gz.length * 1032});
        m.put("labels-2147483639-over-10", new Object[] {labels, "truncated: expected 2147483639 labels (2147483639 bytes) but found only 10"});
        m.put("labels-2147483639-over-10.gz", new Object[] {IdxFileTest.gzip(labels), "compressed bytes hold at most"});
        m.put("labels-2147483647", new Object[] {ByteBuffer.allocate(8).putInt(IdxFile.LABELS_MAGIC).putInt(Integer.MAX_VALUE).array(),
            "impossible label count 2147483647"});
        m.put("images-negative-count", new Object[] {IdxFileTest.imagesBytes(IdxFile.IMAGES_MAGIC, -1, 28, 28, new byte[0]),
            "impossible dimensions -1x28x28"});
        m.put("images-3-gigabytes", new Object[] {IdxFileTest.imagesBytes(IdxFile.IMAGES_MAGIC, 4_000_000, 28, 28, hundred),
            "impossible dimensions 4000000x28x28"});
        byte[] noise = new byte[800_000];
        new java.util.Random(1).nextBytes(noise);
        m.put("images-1000000-over-800KB-of-noise.gz", new Object[] {IdxFileTest.gzip(IdxFileTest.imagesBytes(IdxFile.IMAGES_MAGIC, 1_000_000, 28, 28, noise)),
            "truncated: expected pixels of 1000000 images (784000000 bytes) but found only 800000"});
        m.put("images-gzip-cut.gz", new Object[] {Arrays.copyOf(gz, gz.length / 2), "truncated"});
        byte[] broken = gz.clone();
        for (int i = 20; i < 60; i++) {
            broken[i] = (byte) 0xff;
        }
        m.put("images-gzip-broken.gz", new Object[] {broken, "broken gzip data"});
        return m;
    }

    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[0]));
        for (Map.Entry<String, Object[]> idx : all().entrySet()) {
            Files.write(dir.resolve(idx.getKey()), (byte[]) idx.getValue()[0]);
        }
    }
}
