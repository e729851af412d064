package io.triad.failover.agent;

import io.triad.failover.agent.HealthCheck.Result;
import java.time.Duration;
import java.util.Map;

/**
 * A {@code script} check: the target run as {@code sh -c <target>} by a {@link HookRunner} (hook {@value #HOOK}, no
 * extra environment, the JVM's working directory); healthy on exit 0 within the timeout. The detail is the exit code
 * and the last non-blank line of the output, trimmed and cut to {@value #MAX_DETAIL_LINE} characters.
 */
final class ScriptHealthCheck implements HealthCheck {
    /** The hook name of script checks in the runner's counters and meters. */
    static final String HOOK = "health-check";
    /** The longest output line a detail shows. */
    static final int MAX_DETAIL_LINE = 200;

    private final String command;
    private final Duration timeout;
    private final HookRunner runner;

    ScriptHealthCheck(HealthCheckSpec spec, HookRunner runner) {
        this.command = spec.target();
        this.timeout = Duration.ofMillis(spec.timeoutMillis());
        this.runner = runner;
    }

    @Override
    public Result check() {
        HookRunner.Outcome o = runner.runCommand(HOOK, command, Map.of(), timeout, null);
        if (o.failedToStart()) {
            return new Result(false, "failed to start: " + o.output());
        }
        if (o.timedOut()) {
            return new Result(false, "timed out after " + timeout.toMillis() + " ms");
        }
        String last = lastLine(o.output());
        return new Result(o.ok(), "exit " + o.exitCode() + (last.isEmpty() ? "" : ": " + last));
    }

    /** The last non-blank line of {@code output}, trimmed, at most {@value #MAX_DETAIL_LINE} characters. */
    static String lastLine(String output) {
        int end = output.length();
        while (end > 0) {
            int start = output.lastIndexOf('\n', end - 1) + 1;
            String line = output.substring(start, end).strip();
            if (!line.isEmpty()) {
                if (line.length() <= MAX_DETAIL_LINE) {
                    return line;
                }
                int cut = Character.isHighSurrogate(line.charAt(MAX_DETAIL_LINE - 1))
                        ? MAX_DETAIL_LINE - 1
                        : MAX_DETAIL_LINE;
                return line.substring(0, cut);
            }
            end = start - 1;
        }
        return "";
    }
}
