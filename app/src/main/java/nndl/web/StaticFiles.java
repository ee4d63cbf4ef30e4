package nndl.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The page's files, read once from the jar (resources under {@code web/}). A URL path is looked
 * up in a fixed table, never turned into a file or resource name, so no path ("..", "%2e%2e",
 * "/web/../../pom.xml") can reach anything but these files.
 */
final class StaticFiles {
    /** A file to serve: its bytes and media type. */
    record File(byte[] bytes, String type) {
    }

    private static final Map<String, String[]> TABLE = Map.of(
            "/", new String[] {"index.html", "text/html; charset=utf-8"},
            "/index.html", new String[] {"index.html", "text/html; charset=utf-8"},
            "/app.js", new String[] {"app.js", "text/javascript; charset=utf-8"},
            "/lab.js", new String[] {"lab.js", "text/javascript; charset=utf-8"},
            "/chart.js", new String[] {"chart.js", "text/javascript; charset=utf-8"},
            "/neuron.js", new String[] {"neuron.js", "text/javascript; charset=utf-8"},
            "/style.css", new String[] {"style.css", "text/css; charset=utf-8"},
            "/favicon.svg", new String[] {"favicon.svg", "image/svg+xml"});

    private final Map<String, File> files;

    StaticFiles() {
        files = Map.copyOf(TABLE.entrySet().stream().collect(java.util.stream.Collectors.toMap(
                Map.Entry::getKey, e -> new File(resource(e.getValue()[0]), e.getValue()[1]))));
    }

    /** The file for a raw URL path, or null. */
    File get(String rawPath) {
        return files.get(rawPath);
    }

    private static byte[] resource(String name) {
        try (InputStream in = StaticFiles.class.getResourceAsStream("/web/" + name)) {
            if (in == null) {
                throw new IllegalStateException("web/" + name + " is missing from the jar: rebuild nndl");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
