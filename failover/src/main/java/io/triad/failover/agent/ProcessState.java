package io.triad.failover.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a process has ended. {@link ProcessHandle#isAlive()} is true for a zombie, a process that has exited but
 * that its parent has not reaped yet; an orphan's zombie lasts until the init process reaps it, which some container
 * inits do only now and then. On Linux a zombie counts as ended here ({@code /proc/<pid>/stat} state {@code Z}).
 */
final class ProcessState {
    private ProcessState() {}

    /** Whether {@code p} has exited: not alive, or a zombie. */
    static boolean ended(ProcessHandle p) {
        if (!p.isAlive()) {
            return true;
        }
        try {
            String stat =
                    Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"), StandardCharsets.ISO_8859_1);
            int close = stat.lastIndexOf(')'); // the command name in parentheses may hold anything
            return close > 0 && close + 2 < stat.length() && stat.charAt(close + 2) == 'Z';
        } catch (IOException e) {
            return !p.isAlive(); // no /proc here, or the process went away meanwhile
        }
    }
}
