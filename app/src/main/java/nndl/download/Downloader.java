package nndl.download;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import nndl.UserException;
import nndl.data.Mnist;
import nndl.io.AtomicFile;

/**
 * Fetches the MNIST files from public mirrors into a folder.
 *
 * <p>Each file is tried on the mirrors in turn, starting with the one that served the previous file.
 * A mirror fails for a file when it cannot be reached, answers with an HTTP error, sends no data for
 * the timeout, cuts the transfer off, or sends data whose uncompressed content does not have the
 * expected SHA-256; then the next mirror is tried. A file is held in memory until it is verified and
 * only then written, atomically ({@link AtomicFile}), so the folder never holds part of a file.
 * Files already in the folder with the right content are not fetched again.
 */
public final class Downloader {
    /** The usual public MNIST mirrors, in the order they are tried; each holds the original .gz files. */
    public static final List<URI> MIRRORS = List.of(
            URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
            URI.create("https://storage.googleapis.com/cvdf-datasets/mnist/"),
            URI.create("http://yann.lecun.com/exdb/mnist/"));
    /** How long a mirror may take to connect or send the next data before it is given up. */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** More than this is not an MNIST .gz file (the largest is about 10 MB). */
    public static final long MAX_BYTES = 64L << 20;

    /** Hears what happens, file by file. */
    public interface Listener {
        default void skipped(MnistFile file) {
        }

        default void downloaded(MnistFile file, URI mirror, long bytes) {
        }

        default void mirrorFailed(MnistFile file, URI mirror, String reason) {
        }
    }

    private final List<URI> mirrors;
    private final List<MnistFile> files;
    private Duration timeout = TIMEOUT;
    private long maxBytes = MAX_BYTES;

    /** Downloads {@code files} from {@code mirrors} (folder URLs, http or https), tried in this order. */
    public Downloader(List<URI> mirrors, List<MnistFile> files) {
        UserException.require(!mirrors.isEmpty(), "no mirror to download from: give at least one --mirror URL");
        this.mirrors = mirrors.stream().map(Downloader::folderUrl).toList();
        this.files = List.copyOf(files);
    }

    /** The four MNIST files from the default mirrors. */
    public Downloader() {
        this(MIRRORS, MnistFile.ALL);
    }

    public Downloader timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    public Downloader maxBytes(long maxBytes) {
        this.maxBytes = maxBytes;
        return this;
    }

    /**
     * Makes {@code dir} hold every file with the right content. Throws a UserException naming what
     * failed on each mirror when some file cannot be had from any of them; files verified before
     * that stay (a later run skips them).
     */
    public void download(Path dir, Listener listener) {
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        List<URI> order = new ArrayList<>(mirrors);
        for (MnistFile file : files) {
            if (isPresent(dir, file)) {
                listener.skipped(file);
                continue;
            }
            List<String> failures = new ArrayList<>();
            URI served = null;
            for (URI mirror : order) {
                try {
                    byte[] data = fetch(client, mirror.resolve(file.fileName()));
                    verify(data, file);
                    AtomicFile.write(dir.resolve(file.fileName()), out -> out.write(data));
                    listener.downloaded(file, mirror, data.length);
                    served = mirror;
                    break;
                } catch (MirrorFailure e) {
                    listener.mirrorFailed(file, mirror, e.getMessage());
                    failures.add(mirror + " " + e.getMessage());
                }
            }
            if (served == null) {
                throw new UserException("could not download " + file.fileName() + ": " + String.join("; ", failures)
                        + ". Check the network connection and run again, or give --data DIR with a folder that has"
                        + " the four MNIST files");
            }
            order.remove(served);
            order.add(0, served);
        }
    }

    /** True when the file that {@code Mnist.load} would read from the folder (compressed or raw) has the right content. */
    static boolean isPresent(Path dir, MnistFile file) {
        return Mnist.file(dir, file.name()).map(path -> hasContent(path, file)).orElse(false);
    }

    private static boolean hasContent(Path path, MnistFile file) {
        try {
            return Checksum.ofContent(path).equals(file.contentSha256());
        } catch (IOException e) {
            return false; // unreadable or broken: fetch it again
        }
    }

    /** The body of a 200 answer, complete, or MirrorFailure saying why not. */
    private byte[] fetch(HttpClient client, URI uri) throws MirrorFailure {
        ResponseBody body = new ResponseBody(maxBytes);
        HttpRequest request = HttpRequest.newBuilder(uri).GET().build();
        CompletableFuture<HttpResponse<byte[]>> pending = client.sendAsync(request,
                info -> info.statusCode() == 200 ? body : HttpResponse.BodySubscribers.replacing(null));
        HttpResponse<byte[]> response = await(pending, body);
        if (response.statusCode() != 200) {
            throw new MirrorFailure("answered HTTP " + response.statusCode());
        }
        // a transfer cut off before Content-Length bytes fails in HttpClient; without a length, in the gzip check
        return response.body();
    }

    /** Waits for the response, giving up when no data has arrived for the timeout. */
    private HttpResponse<byte[]> await(CompletableFuture<HttpResponse<byte[]>> pending, ResponseBody body)
            throws MirrorFailure {
        long tick = Math.max(1, Math.min(250, timeout.toMillis() / 4));
        while (true) {
            try {
                return pending.get(tick, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (body.idleNanos() > timeout.toNanos()) {
                    pending.cancel(true);
                    throw new MirrorFailure("sent no data for " + timeout.toMillis() / 1000.0 + " s");
                }
            } catch (ExecutionException e) {
                throw new MirrorFailure(describe(e.getCause()));
            } catch (InterruptedException e) {
                pending.cancel(true);
                Thread.currentThread().interrupt();
                throw new UserException("download interrupted");
            }
        }
    }

    /** Fails unless the data are gzip whose content has the file's SHA-256. */
    private static void verify(byte[] data, MnistFile file) throws MirrorFailure {
        if (!Checksum.isGzip(data)) {
            throw new MirrorFailure("sent something that is not gzip data (" + data.length + " bytes)");
        }
        String sha;
        try {
            sha = Checksum.ofGunzipped(data);
        } catch (IOException e) {
            throw new MirrorFailure("sent broken gzip data (" + e.getMessage() + ")");
        }
        if (!sha.equals(file.contentSha256())) {
            throw new MirrorFailure("sent a file whose content does not match (SHA-256 " + sha.substring(0, 12)
                    + "..., expected " + file.contentSha256().substring(0, 12) + "...)");
        }
    }

    /** A short reason for a failed transfer, with the first message along the chain of causes. */
    private static String describe(Throwable error) {
        if (error instanceof HttpConnectTimeoutException) {
            return "timed out connecting";
        }
        Throwable t = error;
        while ((t.getMessage() == null || t.getMessage().isBlank()) && t.getCause() != null) {
            t = t.getCause();
        }
        String detail = t.getMessage() == null || t.getMessage().isBlank() ? "" : " (" + t.getMessage() + ")";
        return (error instanceof ConnectException ? "could not be reached" : "failed") + detail;
    }

    /** A folder URL ending in '/', so that file names resolve inside it; http or https only. */
    private static URI folderUrl(URI mirror) {
        String scheme = mirror.getScheme();
        UserException.require(("http".equals(scheme) || "https".equals(scheme)) && mirror.getHost() != null,
                "mirror '" + mirror + "' is not an http:// or https:// URL of a folder");
        String s = mirror.toString();
        return s.endsWith("/") ? mirror : URI.create(s + "/");
    }

    /** Why one mirror could not supply one file. */
    private static final class MirrorFailure extends Exception {
        MirrorFailure(String reason) {
            super(reason, null, false, false);
        }
    }
}
