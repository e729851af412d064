package io.triad.failover.agent;

import io.triad.failover.agent.HealthCheck.Result;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A {@code process} check: by pid file (the file holds the pid of a live process) or by name (a live process other
 * than this JVM has the substring in its command line, or in its executable's path when the command line cannot be
 * read). Both look at {@link ProcessHandle}s, which see the processes of every user only where the platform allows
 * it. A zombie (exited, not yet reaped) is not running.
 */
final class ProcessHealthCheck implements HealthCheck {
    /** A pid file longer than this does not hold a pid. */
    static final int MAX_PIDFILE_BYTES = 64;

    private final @Nullable Path pidfile;
    private final String name;

    ProcessHealthCheck(HealthCheckSpec spec) {
        String target = spec.target();
        if (target.startsWith(HealthCheckSpec.PIDFILE_PREFIX)) {
            this.pidfile = HealthCheckSpec.pidfile(target);
            this.name = "";
        } else {
            this.pidfile = null;
            this.name = target.substring(HealthCheckSpec.NAME_PREFIX.length());
        }
    }

    @Override
    public Result check() {
        return pidfile != null ? byPidfile(pidfile) : byName();
    }

    private static Result byPidfile(Path file) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_PIDFILE_BYTES + 1);
        } catch (NoSuchFileException e) {
            return new Result(false, "pid file " + file + " does not exist");
        } catch (IOException e) {
            return new Result(false, "pid file " + file + " cannot be read: " + e.getMessage());
        }
        if (bytes.length > MAX_PIDFILE_BYTES) {
            return new Result(
                    false, "pid file " + file + " does not hold a pid: longer than " + MAX_PIDFILE_BYTES + " bytes");
        }
        String text = new String(bytes, StandardCharsets.UTF_8).trim();
        long pid;
        try {
            pid = Long.parseLong(text);
        } catch (NumberFormatException e) {
            pid = -1;
        }
        if (pid <= 0) {
            return new Result(
                    false, "pid file " + file + " does not hold a pid: \"" + HealthCheckSpec.printable(text) + "\"");
        }
        boolean alive = ProcessHandle.of(pid).map(h -> !ProcessState.ended(h)).orElse(false);
        return alive
                ? new Result(true, "pid " + pid + " is running")
                : new Result(false, "pid " + pid + " (from " + file + ") is not running");
    }

    private Result byName() {
        long self = ProcessHandle.current().pid();
        Optional<ProcessHandle> match;
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            match = all.filter(p -> p.pid() != self)
                    .filter(p -> commandLine(p).contains(name))
                    .filter(p -> !ProcessState.ended(p))
                    .findFirst();
        }
        return match.map(p -> new Result(true, "pid " + p.pid() + " runs \"" + name + "\""))
                .orElseGet(() -> new Result(false, "no process has \"" + name + "\" in its command line"));
    }

    private static String commandLine(ProcessHandle p) {
        ProcessHandle.Info info = p.info();
        return info.commandLine().or(info::command).orElse("");
    }
}
