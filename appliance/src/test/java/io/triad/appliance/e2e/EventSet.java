package io.triad.appliance.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The events a site's search returns for a query, read page by page: their ids ({@code origin:seq}), the highest
 * sequence per origin site, the numbers of {@link LogLoad}'s events and how often each was found, and per origin the
 * events flagged as written while their site was fenced. Two sites hold the
 * same set when their per-origin sequences and their {@link #digest() digests of the sorted ids} are equal.
 */
record EventSet(
        SortedSet<String> ids,
        SortedMap<String, Long> maxSeqs,
        Map<Integer, Integer> numbers,
        SortedMap<String, Integer> fenced,
        int hits) {

    /**
     * Reads every hit of {@code query} from a site's search API.
     *
     * @param get answers {@code GET /api/v1<path>} of the site
     */
    static EventSet read(Function<String, JsonNode> get, String query) {
        SortedSet<String> ids = new TreeSet<>();
        SortedMap<String, Long> maxSeqs = new TreeMap<>();
        Map<Integer, Integer> numbers = new TreeMap<>();
        SortedMap<String, Integer> fenced = new TreeMap<>();
        int hits = 0;
        String cursor = "";
        do {
            JsonNode page = get.apply("/api/v1/search?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8)
                    + "&from=now-1d&to=now%2B1h&limit=5000"
                    + (cursor.isEmpty() ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
            for (JsonNode hit : page.path("hits")) {
                hits++;
                String id = hit.path("id").asText();
                ids.add(id);
                int colon = id.lastIndexOf(':');
                maxSeqs.merge(id.substring(0, colon), Long.parseLong(id.substring(colon + 1)), Math::max);
                if (hit.path("fields").path("triad.fenced").asText().equals("true")) {
                    fenced.merge(id.substring(0, colon), 1, Integer::sum);
                }
                String message = hit.path("message").asText();
                if (message.startsWith("event n")) {
                    numbers.merge(LogLoad.number(message), 1, Integer::sum);
                }
            }
            cursor = page.path("cursor").asText("");
        } while (!cursor.isEmpty());
        return new EventSet(ids, maxSeqs, numbers, fenced, hits);
    }

    /** SHA-256 of the sorted ids, one per line. */
    String digest() {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (String id : ids) {
                d.update((id + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
