package io.triad.testkit.cluster;

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
 * One line of a demo site's {@code hooks.log}, which every hook of {@code triad demo}'s configuration appends to:
 * {@code <epoch nanos from date +%s%N> <hook> <site> <component> <role> <weight> <epoch>}, for example {@code
 * 1796187171757961583 promote site-a EAP primary 100 4}. The time is the wall clock of the hook's shell, the same
 * clock as {@link java.time.Instant#now()}.
 */
public record HookLine(long nanos, String hook, String site, String component, String role, int weight, long epoch) {
    /** The line, or empty when it does not have the seven fields. */
    public static Optional<HookLine> parse(String line) {
        String[] f = line.strip().split(" ");
        if (f.length != 7) {
            return Optional.empty();
        }
        try {
            return Optional.of(new HookLine(
                    Long.parseLong(f[0]), f[1], f[2], f[3], f[4], Integer.parseInt(f[5]), Long.parseLong(f[6])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Every complete line of a hooks.log (none when it does not exist yet); a line still being written is left out. */
    public static List<HookLine> read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        int end = text.lastIndexOf('\n');
        List<HookLine> out = new ArrayList<>();
        if (end < 0) {
            return out;
        }
        for (String line : text.substring(0, end).split("\n")) {
            parse(line).ifPresent(out::add);
        }
        return out;
    }

    /**
     * The earliest line after {@code afterNanos} of this hook and component that {@code also} accepts (hooks of
     * different components run concurrently, so the file is not quite in time order).
     */
    public static Optional<HookLine> first(
            List<HookLine> lines, long afterNanos, String hook, String component, Predicate<HookLine> also) {
        return lines.stream()
                .filter(l ->
                        l.nanos > afterNanos && l.hook.equals(hook) && l.component.equals(component) && also.test(l))
                .min(Comparator.comparingLong(HookLine::nanos));
    }

    /** Nanoseconds since the epoch, the unit of {@link #nanos}. */
    public static long epochNanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
