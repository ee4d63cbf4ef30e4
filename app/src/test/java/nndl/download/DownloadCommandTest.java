package nndl.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nndl.cli.CommandLineRun;
import nndl.cli.Main;
import nndl.data.Mnist;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nndl download} end to end, with the real checksums, from a loopback mirror serving data/mnist. */
class DownloadCommandTest {
    @TempDir
    Path tmp;
    String out;
    String err;

    @Test
    void fetchesTheFourFilesIntoAFolderTheOtherCommandsCanRead() throws IOException {
        try (LoopbackServer server = new LoopbackServer()) {
            for (MnistFile f : MnistFile.ALL) {
                server.on("/mnist/" + f.fileName(), LoopbackServer.serve(Files.readAllBytes(MnistFileTest.BUNDLED.resolve(f.fileName()))));
            }
            Path dir = tmp.resolve("cache");
            String[] args = {"download", "--dir", dir.toString(),
                    "--mirror", server.url("/nothing-here").toString(), "--mirror", server.url("/mnist").toString()};
            assertEquals(0, run(args), err);
            for (MnistFile f : MnistFile.ALL) {
                assertArrayEquals(Files.readAllBytes(MnistFileTest.BUNDLED.resolve(f.fileName())),
                        Files.readAllBytes(dir.resolve(f.fileName())));
                assertTrue(out.contains(f.fileName() + ": "), out);
            }
            assertEquals(1, server.requests("/mnist/train-images-idx3-ubyte.gz"));
            assertTrue(out.contains("9,719,438 bytes from " + server.url("/mnist/")), out);
            assertTrue(err.contains(server.url("/nothing-here/") + " answered HTTP 404"), err);
            assertTrue(out.contains("--data " + dir), out);

            Mnist mnist = Mnist.load(dir);
            assertEquals(List.of(50_000, 10_000, 10_000),
                    List.of(mnist.training().size(), mnist.validation().size(), mnist.test().size()));

            int before = server.totalRequests();
            assertEquals(0, run(args), err);
            assertEquals(before, server.totalRequests(), "a second run fetches nothing");
            assertTrue(out.contains("already there"), out);
        }
    }

    @Test
    void whenNoMirrorWorksItExitsWithAUserError() throws IOException {
        try (LoopbackServer server = new LoopbackServer()) {
            Path dir = tmp.resolve("cache");
            assertEquals(Main.USER_ERROR, run("download", "--dir", dir.toString(), "--mirror", server.url("/gone/").toString()));
            assertTrue(err.contains("nndl: could not download train-images-idx3-ubyte.gz: " + server.url("/gone/")
                    + " answered HTTP 404"), err);
            assertTrue(err.contains("--data DIR"), err);
            assertTrue(!Files.exists(dir) || DownloaderTest.listing(dir).isEmpty());
        }
    }

    @Test
    void aMirrorMustBeAnHttpUrl() {
        assertEquals(Main.USER_ERROR, run("download", "--dir", tmp.toString(), "--mirror", "file:///tmp/mnist/"));
        assertTrue(err.contains("nndl: mirror 'file:///tmp/mnist/' is not an http:// or https:// URL"), err);
    }

    @Test
    void helpNamesTheCacheFolderAndTheMirrors() {
        assertEquals(0, run("download", "--help"));
        assertTrue(out.contains(MnistCache.folder().toString()), out);
        assertTrue(out.contains("https://ossci-datasets.s3.amazonaws.com/mnist/"), out);
        assertTrue(out.contains("SHA-256"), out);
    }

    @Test
    void withoutDataTrainSaysWhereItLookedAndSuggestsDownload() {
        Assumptions.assumeFalse(MnistCache.hasMnist(MnistCache.folder()), "this machine has a download cache");
        String home = System.getProperty("nndl.home");
        System.setProperty("nndl.home", tmp.toString());
        try {
            assertEquals(Main.USER_ERROR, run("train", "--epochs", "1"));
        } finally {
            if (home == null) {
                System.clearProperty("nndl.home");
            } else {
                System.setProperty("nndl.home", home);
            }
        }
        assertTrue(err.startsWith("nndl: no MNIST data: looked in " + tmp.resolve("data/mnist") + " and in the download cache "
                + MnistCache.folder()), err);
        assertTrue(err.contains("run './nndl download'"), err);
    }

    /** Runs the command line, capturing what it prints. */
    int run(String... args) {
        CommandLineRun r = CommandLineRun.of(args);
        out = r.out();
        err = r.err();
        return r.status();
    }
}
