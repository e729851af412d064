package io.triad.appliance.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Reads the answers of the cluster API: a view ({@code GET /api/v1/cluster} or an event of {@code
 * /api/v1/cluster/watch}) and the history ({@code GET /api/v1/cluster/history}). Missing parts read as missing nodes or
 * empty strings, so that a condition polled before the cluster has placed anything is false rather than an error.
 */
final class ClusterViews {
    private ClusterViews() {}

    /** The component {@code name} of the view, or a missing node. */
    static JsonNode component(JsonNode view, String name) {
        for (JsonNode c : view.path("components")) {
            if (c.path("name").asText().equals(name)) {
                return c;
            }
        }
        return RunningAppliance.JSON.missingNode();
    }

    /** The placement of component {@code name} on {@code site}, or a missing node. */
    static JsonNode placement(JsonNode view, String name, String site) {
        for (JsonNode p : component(view, name).path("placement")) {
            if (p.path("site").asText().equals(site)) {
                return p;
            }
        }
        return RunningAppliance.JSON.missingNode();
    }

    /** The role component {@code name} is placed as on {@code site}, or "". */
    static String role(JsonNode view, String name, String site) {
        return placement(view, name, site).path("role").asText();
    }

    /** The role site's agent runs component {@code name} as, or "". */
    static String applied(JsonNode view, String name, String site) {
        return placement(view, name, site).path("applied").path("role").asText();
    }

    /** Active-standby component -> its primary. */
    static Map<String, String> primaries(JsonNode view) {
        Map<String, String> out = new TreeMap<>();
        for (JsonNode c : view.path("components")) {
            for (JsonNode p : c.path("placement")) {
                if (p.path("role").asText().equals("primary")) {
                    out.put(c.path("name").asText(), p.path("site").asText());
                }
            }
        }
        return out;
    }

    /** The components of {@code primaries} whose primary is {@code site}, in their order. */
    static List<String> primaryOn(Map<String, String> primaries, String site) {
        List<String> out = new ArrayList<>();
        primaries.forEach((c, s) -> {
            if (s.equals(site)) {
                out.add(c);
            }
        });
        return List.copyOf(out);
    }

    /** The data site the view shows down, or empty. */
    static String stateDown(JsonNode view) {
        for (JsonNode s : view.path("sites")) {
            if (s.path("state").asText().equals("down")) {
                return s.path("id").asText();
            }
        }
        return "";
    }

    /**
     * Why a view of the demo's backbone (six components) is not settled, or empty: every site up, every active-standby
     * component with a primary ({@code want}'s when given, else each data site primary of one at least), the
     * active-active ones 50/50, and every agent running what it is placed as.
     */
    static String settled(JsonNode view, @Nullable Map<String, String> want) {
        for (JsonNode s : view.path("sites")) {
            if (!s.path("state").asText().equals("up")) {
                return s.path("id").asText() + " is " + s.path("state").asText();
            }
        }
        if (view.path("components").size() < 6) {
            return view.path("components").size() + " components";
        }
        Set<String> primarySites = new HashSet<>();
        for (JsonNode c : view.path("components")) {
            String name = c.path("name").asText();
            boolean standby = c.path("mode").asText().equals("active-standby");
            boolean hasPrimary = false;
            for (JsonNode p : c.path("placement")) {
                String role = p.path("role").asText();
                JsonNode a = p.path("applied");
                if (!a.path("role").asText().equals(role)
                        || a.path("weight").asInt() != p.path("weight").asInt()) {
                    return name + " on " + p.path("site").asText() + " runs "
                            + a.path("role").asText() + ", placed " + role;
                }
                if (standby && role.equals("primary")) {
                    hasPrimary = true;
                    primarySites.add(p.path("site").asText());
                    if (want != null && !p.path("site").asText().equals(want.get(name))) {
                        return name + " is primary on " + p.path("site").asText();
                    }
                }
                if (!standby && (!role.equals("active") || p.path("weight").asInt() != 50)) {
                    return name + " on " + p.path("site").asText() + " is " + role + " " + p.path("weight");
                }
            }
            if (standby && !hasPrimary) {
                return name + " has no primary";
            }
        }
        return primarySites.size() == 2 ? "" : "primaries only on " + primarySites;
    }

    /**
     * When the history (newest first) last has the controller mark {@code site} up: its newest {@code site-state}
     * event ending in {@code -> UP}.
     */
    static Optional<Instant> markedUp(JsonNode history, String site) {
        for (JsonNode e : history.path("events")) {
            if (e.path("type").asText().equals("site-state")
                    && e.path("site").asText().equals(site)
                    && e.path("detail").asText().endsWith("-> UP")) {
                return Optional.of(Instant.parse(e.path("at").asText()));
            }
        }
        return Optional.empty();
    }
}
