package nndl.cli;

import java.io.PrintWriter;
import nndl.train.Preset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "presets", mixinStandardHelpOptions = true,
        description = "List the book's experiments (and our best recipe) that train --preset runs.")
final class PresetsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        Table table = new Table("preset", "book's figure", "run");
        for (Preset p : Preset.all()) {
            table.row(p.name(), p.bookFigure(), p.description());
        }
        PrintWriter out = spec.commandLine().getOut();
        table.plain().forEach(out::println);
        out.println();
        out.println("Run one with ./nndl train --preset NAME; options given beside it override the preset's.");
    }
}
