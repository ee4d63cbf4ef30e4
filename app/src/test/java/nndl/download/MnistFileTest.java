package nndl.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nndl.testing.TestMnist;
import org.junit.jupiter.api.Test;

/** The checksums the downloader expects are those of data/mnist/README.md, and the bundled files have them. */
class MnistFileTest {
    static final Path BUNDLED = TestMnist.folder();

    @Test
    void checksumsAreTheReadmeTable() throws IOException {
        Map<String, String> table = new LinkedHashMap<>();
        Matcher row = Pattern.compile("(?m)^\\| (\\S+\\.gz) \\|.*\\| ([0-9a-f]{64}) \\|$")
                .matcher(Files.readString(BUNDLED.resolve("README.md")));
        while (row.find()) {
            table.put(row.group(1), row.group(2));
        }
        Map<String, String> ours = new LinkedHashMap<>();
        MnistFile.ALL.forEach(f -> ours.put(f.fileName(), f.contentSha256()));
        assertEquals(table, ours);
    }

    @Test
    void theBundledFilesPassTheCheck() {
        for (MnistFile file : MnistFile.ALL) {
            assertTrue(Downloader.isPresent(BUNDLED, file), file.fileName());
        }
    }
}
