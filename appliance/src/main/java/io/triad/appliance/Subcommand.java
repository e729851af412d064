package io.triad.appliance;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;

/** The base of the {@code triad license} and {@code triad dongle} subcommands: the command line's output streams. */
abstract class Subcommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.@Nullable CommandSpec spec;

    /** The spec picocli injected. */
    static CommandLine.Model.CommandSpec spec(CommandLine.Model.@Nullable CommandSpec s) {
        if (s == null) {
            throw new IllegalStateException("picocli injects the command spec");
        }
        return s;
    }

    PrintWriter out() {
        return spec(spec).commandLine().getOut();
    }

    PrintWriter err() {
        return spec(spec).commandLine().getErr();
    }
}
