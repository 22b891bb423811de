package dev.shoal.cli;

import dev.shoal.cli.fetch.FetchCommand;
import dev.shoal.cli.fetch.RowOptions;
import dev.shoal.options.ClientOptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The classes whose annotations the warm-up reads: every one whose annotations picocli reads for a command. */
class CommandAnnotationsTest {
    @Test
    void followsSuperclassesMixinsAndArgumentGroups() {
        assertEquals(List.of(TestCommand.class, Outer.class, Inner.class, Group.class, Base.class),
                List.copyOf(CommandAnnotations.classes(TestCommand.class)));
    }

    @Test
    void coversFetchAndItsMixins() {
        var classes = CommandAnnotations.classes(FetchCommand.class);
        assertTrue(classes.containsAll(List.of(FetchCommand.class, ClientOptions.class, RowOptions.class)),
                classes.toString());
        assertTrue(classes.stream().anyMatch(c -> c.getSimpleName().equals("SessionOptions")), classes.toString());
    }

    @Test
    void readingThemLeavesPicocliAModelAsBefore() {
        CommandAnnotations.read(TestCommand.class);
        CommandLine cli = new CommandLine(new TestCommand());
        cli.parseArgs("--base", "1", "--outer", "2", "--inner", "3", "--grouped", "4");
        assertEquals(List.of("--base", "--outer", "--inner", "--grouped"),
                cli.getCommandSpec().options().stream().map(o -> o.longestName()).toList());
    }

    static class Base {
        @Option(names = "--base")
        int base;
    }

    @Command(name = "test")
    static class TestCommand extends Base {
        @Mixin
        Outer outer = new Outer();
        @ArgGroup(exclusive = false)
        Group group;
    }

    static class Outer {
        @Option(names = "--outer")
        int outer;
        @Mixin
        Inner inner = new Inner();
    }

    static class Inner {
        @Option(names = "--inner")
        int inner;
    }

    static class Group {
        @Option(names = "--grouped")
        int grouped;
    }
}
