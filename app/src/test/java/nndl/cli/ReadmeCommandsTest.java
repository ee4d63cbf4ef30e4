package nndl.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The README's map from the book to commands names commands nndl takes, with options it knows. */
class ReadmeCommandsTest {
    @Test
    void everyCommandInTheBookMapParses() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("## The book, chapter by chapter");
        String section = readme.substring(start, readme.indexOf("\n## ", start + 1));
        Matcher m = Pattern.compile("`\\./nndl ([^`]+)`").matcher(section);
        List<String> commands = new ArrayList<>();
        while (m.find()) {
            commands.add(m.group(1));
        }
        assertTrue(commands.size() >= 15, "the map's commands: " + commands);
        for (String command : commands) {
            try {
                Main.commandLine().parseArgs(command.split("\\s+"));
            } catch (CommandLine.ParameterException e) {
                fail("./nndl " + command + ": " + e.getMessage());
            }
        }
    }
}
