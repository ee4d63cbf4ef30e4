package nndl.cli;

import nndl.train.Preset;
import picocli.CommandLine.Command;

@Command(name = "presets", mixinStandardHelpOptions = true,
        description = "List the book's experiments (and our best recipe) that train --preset runs.")
final class PresetsCommand implements Runnable {
    @Override
    public void run() {
        System.out.printf("%-18s %-44s %s%n", "preset", "book's figure", "run");
        for (Preset p : Preset.all()) {
            System.out.printf("%-18s %-44s %s%n", p.name(), p.bookFigure(), p.description());
        }
        System.out.println();
        System.out.println("Run one with ./nndl train --preset NAME; options given beside it override the preset's.");
    }
}
