package io.triad.licensing.license;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a vendor licenses to one cluster: its three sites, the dongle of every site (each clone its own serial and key
 * pair), the modules, node limits, the validity window and the policy the appliance evaluates it by.
 *
 * <p>Immutable; the compact constructor checks every rule that does not need a clock, so a {@code License} that exists
 * is well-formed. Whether it is valid now, and whether enough dongles attest it, is {@code status}'s business.
 *
 * @param format the document format, {@value #FORMAT}
 * @param licenseId the vendor's id of this license
 * @param customer who it is issued to
 * @param clusterId the cluster it binds to (an appliance configured for another cluster refuses it)
 * @param sites the sites of the cluster, data sites and witness
 * @param dongles every dongle the license accepts, each assigned to one site
 * @param modules the licensed modules ({@link #KNOWN_MODULES} and vendor-defined ones)
 * @param limits node limits by name ({@code nodes} for the whole cluster, or a module name)
 * @param notBefore start of validity
 * @param notAfter end of validity
 * @param issued when the vendor signed it
 * @param policy how attestations make the cluster licensed
 * @param demo whether this is a demonstration license (signed by the published demo vendor key)
 */
public record License(
        int format,
        String licenseId,
        String customer,
        String clusterId,
        List<Site> sites,
        List<Dongle> dongles,
        List<String> modules,
        Map<String, Integer> limits,
        Instant notBefore,
        Instant notAfter,
        Instant issued,
        Policy policy,
        boolean demo) {

    public static final int FORMAT = 1;

    /** The backbone's modules as the product names them. */
    public static final List<String> KNOWN_MODULES = List.of("backbone", "EEP", "EAP", "AAM", "MSM", "GSM", "failover");

    /**
     * One site of the cluster.
     *
     * @param id the site id ({@code site.id} of its configuration)
     * @param role {@code data} or {@code witness}
     */
    public record Site(String id, String role) {
        public Site {
            requireText(id, "site id");
            if (!"data".equals(role) && !"witness".equals(role)) {
                throw new IllegalArgumentException(
                        "site " + id + ": role must be 'data' or 'witness'; got '" + role + "'");
            }
        }
    }

    /**
     * One dongle the license accepts.
     *
     * @param serial its serial number
     * @param site the site it belongs to: it counts only for that site
     * @param publicKey its raw Ed25519 public key, base64
     */
    public record Dongle(String serial, String site, String publicKey) {
        public Dongle {
            requireText(serial, "dongle serial");
            requireText(site, "dongle site");
            byte[] raw;
            try {
                raw = Base64.getDecoder().decode(Objects.requireNonNull(publicKey, "publicKey"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("dongle " + serial + ": public key is not base64", e);
            }
            if (raw.length != 32) {
                throw new IllegalArgumentException(
                        "dongle " + serial + ": an Ed25519 public key is 32 bytes; got " + raw.length);
            }
        }

        public byte[] publicKeyBytes() {
            return Base64.getDecoder().decode(publicKey);
        }
    }

    /**
     * How the cluster is licensed.
     *
     * @param quorum sites with an attested dongle needed (2 of 3)
     * @param attestationMaxAge how old an attestation may be and still count
     * @param minorityGrace how long a site that sees fewer than {@code quorum} attested sites, itself among them, stays
     *     fully functional
     * @param noDongleGrace the same when no attested dongle is seen at all
     * @param clockTolerance how far the clock may go back, or lag behind the peers, before it counts as rolled back
     */
    public record Policy(
            int quorum,
            Duration attestationMaxAge,
            Duration minorityGrace,
            Duration noDongleGrace,
            Duration clockTolerance) {
        public Policy {
            if (quorum < 1) {
                throw new IllegalArgumentException("quorum must be at least 1; got " + quorum);
            }
            requirePositive(attestationMaxAge, "attestationMaxAge");
            requireNotNegative(minorityGrace, "minorityGrace");
            requireNotNegative(noDongleGrace, "noDongleGrace");
            requireNotNegative(clockTolerance, "clockTolerance");
        }

        /** The defaults of {@code triad license issue}: 2 of 3, 15 min, 30 days, 72 h, 10 min. */
        public static Policy defaults() {
            return new Policy(
                    2, Duration.ofMinutes(15), Duration.ofDays(30), Duration.ofHours(72), Duration.ofMinutes(10));
        }
    }

    public License {
        if (format != FORMAT) {
            throw new IllegalArgumentException(
                    "license format " + format + " is not supported; this appliance reads format " + FORMAT);
        }
        requireText(licenseId, "licenseId");
        requireText(customer, "customer");
        requireText(clusterId, "clusterId");
        sites = List.copyOf(Objects.requireNonNull(sites, "sites"));
        dongles = List.copyOf(Objects.requireNonNull(dongles, "dongles"));
        modules = List.copyOf(Objects.requireNonNull(modules, "modules"));
        limits = Map.copyOf(new TreeMap<>(Objects.requireNonNull(limits, "limits")));
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        Objects.requireNonNull(issued, "issued");
        Objects.requireNonNull(policy, "policy");
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException(
                    "notAfter (" + notAfter + ") must be after notBefore (" + notBefore + ")");
        }
        if (sites.isEmpty()) {
            throw new IllegalArgumentException("a license names at least one site");
        }
        Set<String> siteIds = new HashSet<>();
        for (Site s : sites) {
            if (!siteIds.add(s.id())) {
                throw new IllegalArgumentException("site " + s.id() + " is listed twice");
            }
        }
        Set<String> serials = new HashSet<>();
        Set<String> keys = new HashSet<>();
        for (Dongle d : dongles) {
            if (!serials.add(d.serial())) {
                throw new IllegalArgumentException("dongle " + d.serial() + " is listed twice");
            }
            if (!keys.add(d.publicKey())) {
                throw new IllegalArgumentException("dongle " + d.serial() + " has another dongle's public key");
            }
            if (!siteIds.contains(d.site())) {
                throw new IllegalArgumentException(
                        "dongle " + d.serial() + " belongs to site " + d.site() + ", which the license does not list");
            }
        }
        if (policy.quorum() > sites.size()) {
            throw new IllegalArgumentException(
                    "quorum " + policy.quorum() + " is more than the " + sites.size() + " sites listed");
        }
        for (Map.Entry<String, Integer> e : limits.entrySet()) {
            if (e.getValue() == null || e.getValue() < 0) {
                throw new IllegalArgumentException(
                        "limit " + e.getKey() + " must be a count >= 0; got " + e.getValue());
            }
        }
        List<String> dup = new ArrayList<>(modules);
        if (new HashSet<>(dup).size() != dup.size()) {
            throw new IllegalArgumentException("a module is listed twice: " + modules);
        }
    }

    /** The dongle entry of a serial. */
    public Optional<Dongle> dongle(String serial) {
        return dongles.stream().filter(d -> d.serial().equals(serial)).findFirst();
    }

    /** Whether the license lists this site. */
    public boolean hasSite(String id) {
        return sites.stream().anyMatch(s -> s.id().equals(id));
    }

    /** Whether {@code instant} is inside the validity window ({@code notBefore} inclusive, {@code notAfter} exclusive). */
    public boolean validAt(Instant instant) {
        return !instant.isBefore(notBefore) && instant.isBefore(notAfter);
    }

    private static void requireText(String s, String what) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
    }

    private static void requirePositive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be a positive duration; got " + d);
        }
    }

    private static void requireNotNegative(Duration d, String what) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(what + " must be a duration >= 0; got " + d);
        }
    }
}
