package nndl.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nndl.cli.CommandLineRun;
import nndl.cli.ServeRun;
import nndl.testing.TestMnist;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ./nndl serve as a person runs it: it prints the address when ready, serves there, and stops when interrupted. */
class ServeCommandTest {
    @Test
    void servePrintsItsAddressAndServesThePageThere(@TempDir Path dir) throws Exception {
        Path model = TestMnist.savedNetwork(dir);
        ServeRun serve = ServeRun.start("--model", model.toString(), "--port", "0", "--data", CommandLineRun.DATA);
        Matcher m = Pattern.compile("^nndl: serving \\S+small\\.json \\[784, 20, 10\\] at (http://127\\.0\\.0\\.1:\\d+/)"
                + " \\(open it in a browser; Ctrl-C stops\\)\\n$").matcher(serve.printed);
        assertTrue(m.matches(), serve.printed);
        URI url = serve.url();
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> page = client.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<canvas id=\"canvas\""));
        HttpResponse<String> model2 = client.send(HttpRequest.newBuilder(url.resolve("/api/model")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(10_000, Served.JSON.readTree(model2.body()).get("test").get("total").asInt(), "the test digits were loaded from --data");

        serve.close();
        assertFalse(serve.running());
        assertThrows(ConnectException.class, () -> client.send(HttpRequest.newBuilder(url).build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void aBadPortIsOneLine(@TempDir Path dir) throws IOException {
        CommandLineRun run = CommandLineRun.of("serve", "--model", TestMnist.savedNetwork(dir).toString(), "--port", "70000");
        assertEquals(2, run.status());
        assertEquals("nndl: --port must be between 0 and 65535, got 70000", run.err().trim());
    }
}
