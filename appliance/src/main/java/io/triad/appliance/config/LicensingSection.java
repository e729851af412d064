package io.triad.appliance.config;

/** The site dongle and the license (see {@code docs/licensing.md}). */
public final class LicensingSection {
    /**
     * {@code emulated}: the dongles are the files in {@code emulatedDir} (demo, development, tests); {@code usb}:
     * real USB dongles through libusb.
     */
    public String transport = "emulated";

    /** The dongle's USB vendor and product id. */
    public int vendorId = io.triad.licensing.dongle.DongleProtocol.DEFAULT_VENDOR_ID;

    public int productId = io.triad.licensing.dongle.DongleProtocol.DEFAULT_PRODUCT_ID;

    /** The emulated dongles' directory; empty = {@code <data>/license/dongles}. */
    public String emulatedDir = "";

    /**
     * Where a single site keeps its attestation reports; empty = {@code <data>/license/attestations}. A clustered
     * site ({@code cluster.peers} set) shares them through the cluster state instead and does not use it.
     */
    public String attestationsDir = "";

    /** Trusted vendor public keys ({@code *.json}); empty = {@code <data>/license/vendor-keys}. */
    public String vendorKeysDir = "";

    /** Whether the published demo vendor key is trusted (turn off in production). */
    public boolean trustDemoKey = true;

    /**
     * At the first start with the emulated transport and no license: make an emulated dongle for this site and a
     * demo license for it (a standalone demo, quorum 1), so a new appliance runs licensed.
     */
    public boolean provisionDemo = true;

    /** How often this site's dongles are challenged; hot-plug triggers a challenge at once. */
    public int attestIntervalSeconds = 60;

    /** How often the state is evaluated from the sites' reports. */
    public int evaluateIntervalSeconds = 15;

    /**
     * On a clustered site, how old this site's report in the cluster state may grow before a report that found the
     * same is submitted again (a changed one goes at once); at most a third of the license's attestationMaxAge is
     * used.
     */
    public int attestationRefreshSeconds = 300;

    /** On a clustered site, the largest attestation report (its JSON, in bytes) submitted to the cluster state. */
    public int maxReportBytes = 65_536;

    /** USB polling interval where libusb has no hot-plug (and the emulator's directory poll). */
    public int pollMillis = 1000;

    void check(Problems p) {
        if (!"emulated".equals(transport) && !"usb".equals(transport)) {
            p.add("licensing.transport must be 'emulated' or 'usb'; got: '" + transport + "'");
        }
        if (vendorId < 0 || vendorId > 0xffff) {
            p.add("licensing.vendorId must be within 0..65535; got: " + vendorId);
        }
        if (productId < 0 || productId > 0xffff) {
            p.add("licensing.productId must be within 0..65535; got: " + productId);
        }
        p.positive("licensing.attestIntervalSeconds", attestIntervalSeconds);
        p.positive("licensing.evaluateIntervalSeconds", evaluateIntervalSeconds);
        p.positive("licensing.pollMillis", pollMillis);
        p.positive("licensing.attestationRefreshSeconds", attestationRefreshSeconds);
        if (maxReportBytes < 1024 || maxReportBytes > 1 << 20) {
            p.add("licensing.maxReportBytes must be within 1024..1048576; got: " + maxReportBytes);
        }
    }
}
