package io.triad.metrics.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Linux pressure stall information ({@code /proc/pressure/cpu|memory|io}, kernel 4.20+): the total microseconds
 * some (and, for memory and io, all) tasks waited on the resource.
 *
 * <p>NOTE: stateless and thread safe.
 */
final class PressureStall {
    private PressureStall() {}

    /**
     * Parses one pressure file: {@code some avg10=0.00 avg60=0.00 avg300=0.00 total=123} and a {@code full} line.
     *
     * @return {@code some} and {@code full} to their totals in seconds; lines it does not understand are skipped
     */
    static Map<String, Double> parse(List<String> lines) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String line : lines) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length < 2 || !(parts[0].equals("some") || parts[0].equals("full"))) {
                continue;
            }
            for (String p : parts) {
                if (p.startsWith("total=")) {
                    try {
                        out.put(parts[0], Long.parseLong(p.substring(6)) / 1e6);
                    } catch (NumberFormatException e) {
                        // a malformed total: leave the line out
                    }
                }
            }
        }
        return out;
    }

    /** The totals of a resource ({@code cpu}, {@code memory}, {@code io}); empty where the kernel has no PSI. */
    static Map<String, Double> read(Path procPressure, String resource) {
        Path file = procPressure.resolve(resource);
        try {
            return parse(Files.readAllLines(file, StandardCharsets.US_ASCII));
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
    }
}
