package io.triad.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One line of a demo site's {@code hooks.log}, which every hook of {@code triad demo} appends to: {@code <epoch nanos
 * from date +%s%N> <hook> <site> <component> <role> <weight> <epoch>}, for example {@code 1796187171757961583 promote
 * site-a EAP primary 100 4}. The time is the wall clock of the hook's shell, the same clock as {@link
 * java.time.Instant#now()}.
 */
record FailoverHookLine(long nanos, String hook, String site, String component, String role, int weight, long epoch) {

    /** The line, or empty when it does not have the seven fields. */
    static Optional<FailoverHookLine> parse(String line) {
        String[] f = line.strip().split(" ");
        if (f.length != 7) {
            return Optional.empty();
        }
        try {
            return Optional.of(new FailoverHookLine(
                    Long.parseLong(f[0]), f[1], f[2], f[3], f[4], Integer.parseInt(f[5]), Long.parseLong(f[6])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Every complete line of a hooks.log (none when it does not exist yet); a line still being written is left out. */
    static List<FailoverHookLine> read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        int end = text.lastIndexOf('\n');
        List<FailoverHookLine> out = new ArrayList<>();
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
    static Optional<FailoverHookLine> first(
            List<FailoverHookLine> lines,
            long afterNanos,
            String hook,
            String component,
            Predicate<FailoverHookLine> also) {
        return lines.stream()
                .filter(l ->
                        l.nanos > afterNanos && l.hook.equals(hook) && l.component.equals(component) && also.test(l))
                .min(Comparator.comparingLong(FailoverHookLine::nanos));
    }
}
