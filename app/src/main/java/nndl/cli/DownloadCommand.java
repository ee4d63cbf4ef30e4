package nndl.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import nndl.download.Downloader;
import nndl.download.MnistCache;
import nndl.download.MnistFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "download", mixinStandardHelpOptions = true, sortOptions = false,
        defaultValueProvider = DownloadCommand.CacheFolder.class,
        description = {
                "Fetch the four MNIST files (about 11 MB) from public mirrors into a cache folder.",
                "",
                "train, evaluate and the other commands look there when no --data is given and this"
                        + " repository's data/mnist is absent.",
                "",
                "Each mirror is tried in turn (after the first file, the one that served the previous file first)."
                        + " A mirror is skipped for a file when it cannot be reached, answers with an HTTP error,"
                        + " sends no data for 30 s, cuts the transfer off, or sends a file whose content does not"
                        + " match: every file is gunzipped and its SHA-256 compared with the sums in"
                        + " data/mnist/README.md (sums of the IDX content, so they hold for any compression of it).",
                "",
                "A file is written only once it is verified, and atomically, so the folder never holds part of a"
                        + " file. Files already there with the right content are not fetched again, so running it"
                        + " again after a failure fetches only what is missing."},
        footer = {"", "Default mirrors, in order:",
                "  https://ossci-datasets.s3.amazonaws.com/mnist/ (the one torchvision uses)",
                "  https://storage.googleapis.com/cvdf-datasets/mnist/",
                "  http://yann.lecun.com/exdb/mnist/ (the original site; plain http, checked all the same)",
                "Exit status 2 when some file could not be had from any mirror."})
final class DownloadCommand implements Runnable {
    @Option(names = "--dir", paramLabel = "DIR",
            description = "Folder to put the files in. Default: $XDG_CACHE_HOME/nndl/mnist, or ~/.cache/nndl/mnist"
                    + " when XDG_CACHE_HOME is not set; here ${DEFAULT-VALUE}.")
    Path dir;
    @Option(names = "--mirror", paramLabel = "URL",
            description = "A folder URL (http or https) holding the four .gz files; repeat to give several."
                    + " Replaces the default mirrors, which are tried in the order given.")
    List<URI> mirrors;
    @Spec
    CommandSpec spec;

    /** Computes the default of --dir, so that --help shows the folder on this machine. */
    static final class CacheFolder implements CommandLine.IDefaultValueProvider {
        @Override
        public String defaultValue(CommandLine.Model.ArgSpec argSpec) {
            return argSpec.isOption() && "--dir".equals(((CommandLine.Model.OptionSpec) argSpec).longestName())
                    ? MnistCache.folder().toString() : null;
        }
    }

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Downloader downloader = mirrors == null || mirrors.isEmpty()
                ? new Downloader() : new Downloader(mirrors, MnistFile.ALL);
        downloader.download(dir, new Downloader.Listener() {
            @Override
            public void skipped(MnistFile file) {
                out.println(file.fileName() + ": already there with the right content, not fetched again");
            }

            @Override
            public void downloaded(MnistFile file, URI mirror, long bytes) {
                out.printf(Locale.ROOT, "%s: %,d bytes from %s, content verified%n", file.fileName(), bytes, mirror);
            }

            @Override
            public void mirrorFailed(MnistFile file, URI mirror, String reason) {
                err.println("nndl: " + file.fileName() + ": " + mirror + " " + reason);
            }
        });
        Path cache = MnistCache.folder();
        if (dir.toAbsolutePath().normalize().equals(cache.toAbsolutePath().normalize())) {
            out.println("MNIST is ready in " + dir + "; commands use it when data/mnist is absent and no --data is given");
        } else {
            out.println("MNIST is ready in " + dir + "; use it with --data " + dir);
        }
    }
}
