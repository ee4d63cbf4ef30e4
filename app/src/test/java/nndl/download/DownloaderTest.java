package nndl.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import nndl.UserException;
import nndl.data.IdxFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The downloader against mirrors on a loopback HTTP server that misbehave in the ways real ones do. */
class DownloaderTest {
    /** Three 2x2 images and their labels: small IDX files like MNIST's. */
    static final byte[] IMAGES = idx(IdxFile.IMAGES_MAGIC, new int[] {3, 2, 2}, new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
    static final byte[] LABELS = idx(IdxFile.LABELS_MAGIC, new int[] {3}, new byte[] {7, 2, 1});
    static final MnistFile IMAGES_FILE = new MnistFile("tiny-images-idx3-ubyte", sha256(IMAGES));
    static final MnistFile LABELS_FILE = new MnistFile("tiny-labels-idx1-ubyte", sha256(LABELS));

    @TempDir
    Path dir;
    LoopbackServer server;
    final List<String> events = new ArrayList<>();
    final Downloader.Listener listener = new Downloader.Listener() {
        @Override
        public void skipped(MnistFile file) {
            events.add("skipped " + file.fileName());
        }

        @Override
        public void downloaded(MnistFile file, URI mirror, long bytes) {
            events.add("downloaded " + file.fileName() + " " + bytes + " from " + mirror.getPath());
        }

        @Override
        public void mirrorFailed(MnistFile file, URI mirror, String reason) {
            events.add("failed " + file.fileName() + " at " + mirror.getPath() + ": " + reason);
        }
    };

    @BeforeEach
    void startServer() throws IOException {
        server = new LoopbackServer();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void fetchesAGoodFileAndWritesNothingElse() throws IOException {
        byte[] gz = gzip(IMAGES);
        server.on("/a/tiny-images-idx3-ubyte.gz", LoopbackServer.serve(gz));
        new Downloader(List.of(server.url("/a/")), List.of(IMAGES_FILE)).download(dir, listener);

        assertEquals(List.of("downloaded tiny-images-idx3-ubyte.gz " + gz.length + " from /a/"), events);
        assertArrayEquals(gz, Files.readAllBytes(dir.resolve("tiny-images-idx3-ubyte.gz")), "stored as served");
        assertEquals(List.of("tiny-images-idx3-ubyte.gz"), listing(dir), "no temporary file left behind");
        assertEquals(3, IdxFile.readImages(dir.resolve("tiny-images-idx3-ubyte.gz")).count());
    }

    @Test
    void acceptsAnyCompressionOfTheRightContent() throws IOException {
        // the mirrors' original .gz files differ from data/mnist's re-compressed ones; only the content counts
        byte[] withName = gzipWithHeaderName(LABELS);
        assertFalse(Arrays.equals(withName, gzip(LABELS)));
        server.on("/a/tiny-labels-idx1-ubyte.gz", LoopbackServer.serve(withName));
        new Downloader(List.of(server.url("/a/")), List.of(LABELS_FILE)).download(dir, listener);
        assertArrayEquals(LABELS, gunzip(Files.readAllBytes(dir.resolve("tiny-labels-idx1-ubyte.gz"))));
    }

    /** Ways a first mirror fails, each followed by a good second mirror. */
    static Stream<Arguments> badMirrors() {
        byte[] good = gzip(IMAGES);
        byte[] corrupted = good.clone();
        corrupted[corrupted.length / 2] ^= 0x40; // one flipped bit in the deflate data
        byte[] otherContent = IMAGES.clone();
        otherContent[20] = 99; // a different pixel
        return Stream.of(
                Arguments.of("HTTP 404", (Function<LoopbackServer, HttpHandler>) s -> LoopbackServer.status(404), "HTTP 404"),
                Arguments.of("HTTP 503", (Function<LoopbackServer, HttpHandler>) s -> LoopbackServer.status(503), "HTTP 503"),
                Arguments.of("an HTML page", (Function<LoopbackServer, HttpHandler>)
                        s -> LoopbackServer.serve("<html>moved</html>".getBytes()), "not gzip"),
                Arguments.of("a bit flipped", (Function<LoopbackServer, HttpHandler>) s -> LoopbackServer.serve(corrupted), "gzip"),
                Arguments.of("gzip of other content", (Function<LoopbackServer, HttpHandler>)
                        s -> LoopbackServer.serve(gzip(otherContent)), "SHA-256"),
                Arguments.of("a file that ends early", (Function<LoopbackServer, HttpHandler>)
                        s -> LoopbackServer.serve(Arrays.copyOf(good, good.length - 10)), "gzip"),
                Arguments.of("a transfer cut off", (Function<LoopbackServer, HttpHandler>) s -> LoopbackServer.cutOff(good), "failed"),
                Arguments.of("more bytes than allowed", (Function<LoopbackServer, HttpHandler>)
                        s -> LoopbackServer.serve(new byte[5000]), "failed (more than 1000 bytes"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badMirrors")
    void fallsOverToTheNextMirror(String what, Function<LoopbackServer, HttpHandler> bad, String reason) throws IOException {
        server.on("/bad/tiny-images-idx3-ubyte.gz", bad.apply(server));
        server.on("/good/tiny-images-idx3-ubyte.gz", LoopbackServer.serve(gzip(IMAGES)));
        new Downloader(List.of(server.url("/bad/"), server.url("/good/")), List.of(IMAGES_FILE))
                .maxBytes(1000)
                .download(dir, listener);

        assertEquals(2, events.size(), events::toString);
        assertTrue(events.get(0).startsWith("failed tiny-images-idx3-ubyte.gz at /bad/: "), events::toString);
        assertTrue(events.get(0).contains(reason), events::toString);
        assertTrue(events.get(1).startsWith("downloaded tiny-images-idx3-ubyte.gz"), events::toString);
        assertTrue(events.get(1).endsWith("from /good/"), events::toString);
        assertEquals(1, server.requests("/bad/tiny-images-idx3-ubyte.gz"));
        assertArrayEquals(IMAGES, gunzip(Files.readAllBytes(dir.resolve("tiny-images-idx3-ubyte.gz"))));
        assertEquals(List.of("tiny-images-idx3-ubyte.gz"), listing(dir));
    }

    @Test
    void givesUpOnAMirrorThatStopsSending() throws IOException {
        server.on("/slow/tiny-labels-idx1-ubyte.gz", server.stall(gzip(LABELS)));
        server.on("/good/tiny-labels-idx1-ubyte.gz", LoopbackServer.serve(gzip(LABELS)));
        new Downloader(List.of(server.url("/slow/"), server.url("/good/")), List.of(LABELS_FILE))
                .timeout(Duration.ofMillis(500))
                .download(dir, listener);

        assertTrue(events.get(0).startsWith("failed tiny-labels-idx1-ubyte.gz at /slow/: sent no data"), events::toString);
        assertTrue(events.get(1).endsWith("from /good/"), events::toString);
        assertArrayEquals(LABELS, gunzip(Files.readAllBytes(dir.resolve("tiny-labels-idx1-ubyte.gz"))));
    }

    @Test
    void allMirrorsFailingIsAUserErrorThatLeavesNoFile() throws IOException {
        byte[] good = gzip(IMAGES);
        server.on("/cut/tiny-images-idx3-ubyte.gz", LoopbackServer.cutOff(good));
        server.on("/wrong/tiny-images-idx3-ubyte.gz", LoopbackServer.serve(gzip(LABELS)));
        URI closed = URI.create("http://127.0.0.1:" + closedPort() + "/mnist/");
        Path target = dir.resolve("cache");

        UserException e = assertThrows(UserException.class, () -> new Downloader(
                List.of(server.url("/cut/"), server.url("/missing/"), closed, server.url("/wrong/")), List.of(IMAGES_FILE))
                .download(target, listener));

        String message = e.getMessage();
        assertTrue(message.startsWith("could not download tiny-images-idx3-ubyte.gz: "), message);
        assertTrue(message.contains(server.url("/missing/") + " answered HTTP 404"), message);
        assertTrue(message.contains(closed + " could not be reached"), message);
        assertTrue(message.contains(server.url("/wrong/") + " sent a file whose content does not match"), message);
        assertTrue(message.contains(server.url("/cut/").toString()), message);
        assertTrue(message.contains("--data DIR"), message);
        assertFalse(message.contains("\n"), "one line");
        assertEquals(4, events.size(), events::toString);
        assertTrue(!Files.exists(target) || listing(target).isEmpty(), "nothing left in the folder");
    }

    @Test
    void keepsTheFilesItVerifiedWhenALaterOneFails() throws IOException {
        server.on("/a/tiny-images-idx3-ubyte.gz", LoopbackServer.serve(gzip(IMAGES)));
        server.on("/a/tiny-labels-idx1-ubyte.gz", LoopbackServer.cutOff(gzip(LABELS)));
        assertThrows(UserException.class, () -> new Downloader(List.of(server.url("/a/")), List.of(IMAGES_FILE, LABELS_FILE))
                .download(dir, listener));
        assertEquals(List.of("tiny-images-idx3-ubyte.gz"), listing(dir));
    }

    @Test
    void doesNotFetchFilesThatAreAlreadyThere() throws IOException {
        server.on("/a/tiny-images-idx3-ubyte.gz", LoopbackServer.serve(gzip(IMAGES)));
        server.on("/a/tiny-labels-idx1-ubyte.gz", LoopbackServer.serve(gzip(LABELS)));
        Downloader downloader = new Downloader(List.of(server.url("/a/")), List.of(IMAGES_FILE, LABELS_FILE));
        downloader.download(dir, listener);
        assertEquals(2, server.totalRequests());

        events.clear();
        downloader.download(dir, listener);
        assertEquals(2, server.totalRequests(), "no request the second time");
        assertEquals(List.of("skipped tiny-images-idx3-ubyte.gz", "skipped tiny-labels-idx1-ubyte.gz"), events);
    }

    @Test
    void aRawFileWithTheRightContentCountsAsThere() throws IOException {
        Files.write(dir.resolve("tiny-labels-idx1-ubyte"), LABELS);
        server.on("/a/tiny-labels-idx1-ubyte.gz", LoopbackServer.serve(gzip(LABELS)));
        new Downloader(List.of(server.url("/a/")), List.of(LABELS_FILE)).download(dir, listener);
        assertEquals(0, server.totalRequests());
        assertEquals(List.of("skipped tiny-labels-idx1-ubyte.gz"), events);
    }

    @Test
    void replacesAFileThatIsThereButWrong() throws IOException {
        Files.write(dir.resolve("tiny-images-idx3-ubyte.gz"), Arrays.copyOf(gzip(IMAGES), 20)); // an earlier, broken copy
        server.on("/a/tiny-images-idx3-ubyte.gz", LoopbackServer.serve(gzip(IMAGES)));
        new Downloader(List.of(server.url("/a/")), List.of(IMAGES_FILE)).download(dir, listener);
        assertEquals(1, server.totalRequests());
        assertArrayEquals(IMAGES, gunzip(Files.readAllBytes(dir.resolve("tiny-images-idx3-ubyte.gz"))));
    }

    @Test
    void triesTheMirrorThatServedThePreviousFileFirst() throws IOException {
        server.on("/down/tiny-images-idx3-ubyte.gz", LoopbackServer.status(500));
        server.on("/down/tiny-labels-idx1-ubyte.gz", LoopbackServer.status(500));
        server.on("/up/tiny-images-idx3-ubyte.gz", LoopbackServer.serve(gzip(IMAGES)));
        server.on("/up/tiny-labels-idx1-ubyte.gz", LoopbackServer.serve(gzip(LABELS)));
        new Downloader(List.of(server.url("/down/"), server.url("/up/")), List.of(IMAGES_FILE, LABELS_FILE))
                .download(dir, listener);
        assertEquals(1, server.requests("/down/tiny-images-idx3-ubyte.gz"));
        assertEquals(0, server.requests("/down/tiny-labels-idx1-ubyte.gz"));
        assertEquals(List.of("tiny-images-idx3-ubyte.gz", "tiny-labels-idx1-ubyte.gz"), listing(dir));
    }

    @Test
    void followsARedirect() throws IOException {
        server.on("/old/tiny-labels-idx1-ubyte.gz", exchange -> {
            exchange.getResponseHeaders().add("Location", server.url("/new/tiny-labels-idx1-ubyte.gz").toString());
            exchange.sendResponseHeaders(302, -1);
        });
        server.on("/new/tiny-labels-idx1-ubyte.gz", LoopbackServer.serve(gzip(LABELS)));
        new Downloader(List.of(server.url("/old/")), List.of(LABELS_FILE)).download(dir, listener);
        assertEquals(1, server.requests("/new/tiny-labels-idx1-ubyte.gz"));
        assertArrayEquals(LABELS, gunzip(Files.readAllBytes(dir.resolve("tiny-labels-idx1-ubyte.gz"))));
    }

    @Test
    void aMirrorIsAFolderUrl() {
        server.on("/mnist/tiny-labels-idx1-ubyte.gz", LoopbackServer.serve(gzip(LABELS)));
        URI withoutSlash = URI.create(server.url("/mnist/").toString().replaceAll("/$", ""));
        new Downloader(List.of(withoutSlash), List.of(LABELS_FILE)).download(dir, listener);
        assertEquals(1, server.totalRequests());

        UserException e = assertThrows(UserException.class,
                () -> new Downloader(List.of(URI.create("ftp://example.org/mnist/")), List.of(LABELS_FILE)));
        assertTrue(e.getMessage().contains("ftp://example.org/mnist/"), e.getMessage());
    }

    static byte[] idx(int magic, int[] dimensions, byte[] values) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dimensions.length + values.length); // big-endian
        b.putInt(magic);
        for (int d : dimensions) {
            b.putInt(d);
        }
        return b.put(values).array();
    }

    static byte[] gzip(byte[] content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** gzip as the original MNIST files were made: with the file name in the header (FNAME). */
    static byte[] gzipWithHeaderName(byte[] content) {
        byte[] plain = gzip(content);
        byte[] name = "tiny\0".getBytes();
        ByteBuffer b = ByteBuffer.allocate(plain.length + name.length);
        b.put(plain, 0, 10).put(name).put(plain, 10, plain.length - 10);
        byte[] out = b.array();
        out[3] = 0x08; // FLG.FNAME
        return out;
    }

    static byte[] gunzip(byte[] gz) throws IOException {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> listing(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** A loopback port nothing listens on. */
    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
