package io.triad.appliance.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A line of the {@code hooks.log} that the hooks of {@code triad demo}'s configuration write: {@code <date +%s%N> <hook>
 * <site> <component> <role> <weight> <epoch>}.
 */
record HookLine(long nanos, String hook, String site, String component, String role, int weight, long epoch) {
    /** The complete lines of {@code file} (a line still being written is left out); none when there is no file. */
    static List<HookLine> read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        List<HookLine> out = new ArrayList<>();
        int end = text.lastIndexOf('\n');
        if (end < 0) {
            return out;
        }
        for (String line : text.substring(0, end).split("\n")) {
            String[] f = line.strip().split(" ");
            if (f.length == 7) {
                out.add(new HookLine(
                        Long.parseLong(f[0]), f[1], f[2], f[3], f[4], Integer.parseInt(f[5]), Long.parseLong(f[6])));
            }
        }
        return out;
    }

    /** The earliest line after {@code afterNanos} of the hook and component that {@code also} accepts. */
    static Optional<HookLine> first(
            List<HookLine> lines, long afterNanos, String hook, String component, Predicate<HookLine> also) {
        return lines.stream()
                .filter(l ->
                        l.nanos > afterNanos && l.hook.equals(hook) && l.component.equals(component) && also.test(l))
                .min(Comparator.comparingLong(HookLine::nanos));
    }

    /** Nanoseconds since the epoch, the unit of {@link #nanos}. */
    static long epochNanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
