package io.triad.licensing.dongle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.triad.licensing.crypto.Ed25519;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link DongleTransport} passes, the emulator and usb4java alike: with one dongle plugged in
 * (serial {@link #SERIAL}, firmware 1.0, the license bytes {@link #LICENSE} of several chunks), the transport finds
 * it, reads its info and license, has it answer challenges that verify with its public key, reports refused requests
 * as STALLs and an unplugged dongle as gone.
 */
public abstract class DongleTransportContract {
    /** The serial of the dongle the subclass plugs in. */
    protected static final String SERIAL = "TRD-CONTRACT-1";

    /** The license the dongle stores: 2.5 chunks, so chunking is exercised. */
    protected static final byte[] LICENSE = license();

    private static final SecureRandom RANDOM = new SecureRandom();

    private DongleTransport transport;

    /** Plugs in the dongle file {@code dongle} and returns a transport that sees it. */
    protected abstract DongleTransport transportWith(EmulatedDongleFile dongle) throws Exception;

    /** Pulls the dongle out (delete the file, detach the USB/IP device, ...). */
    protected abstract void unplug() throws Exception;

    private static byte[] license() {
        byte[] b = new byte[DongleProtocol.CHUNK_BYTES * 5 / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) ('a' + i % 26);
        }
        return b;
    }

    /** The dongle the contract runs against. */
    protected static EmulatedDongleFile contractDongle() {
        return EmulatedDongleFile.create(
                SERIAL, LICENSE, DongleProtocol.DEFAULT_VENDOR_ID, DongleProtocol.DEFAULT_PRODUCT_ID);
    }

    private EmulatedDongleFile dongle;

    @BeforeEach
    void plugIn() throws Exception {
        dongle = contractDongle();
        transport = transportWith(dongle);
    }

    @AfterEach
    void closeTransport() {
        if (transport != null) {
            transport.close();
        }
    }

    private DongleAddress theDongle() throws DongleException {
        List<DongleAddress> found = transport.scan();
        assertThat(found).as("dongles found by %s", transport.kind()).hasSize(1);
        return found.get(0);
    }

    @Test
    void scanFindsThePluggedInDongle() throws Exception {
        DongleAddress a = theDongle();
        assertThat(a.id()).isNotBlank();
        assertThat(a.description()).isNotBlank();
    }

    @Test
    void infoReportsSerialFirmwareKeyAndLicenseSize() throws Exception {
        try (DongleTransport.Session s = transport.open(theDongle())) {
            DongleInfo info = DongleClient.info(s);
            assertThat(info.serial()).isEqualTo(SERIAL);
            assertThat(info.firmware()).isEqualTo("1.0");
            assertThat(info.publicKey()).isEqualTo(dongle.publicKeyBytes());
            assertThat(info.licenseBytes()).isEqualTo(LICENSE.length);
        }
    }

    @Test
    void licenseIsReadBackWholeInChunks() throws Exception {
        try (DongleTransport.Session s = transport.open(theDongle())) {
            assertThat(DongleClient.license(s, DongleClient.info(s).licenseBytes()))
                    .isEqualTo(LICENSE);
        }
    }

    @Test
    void challengeAnswerVerifiesWithTheDonglesKeyAndOnlyForItsNonce() throws Exception {
        byte[] nonce = new byte[DongleProtocol.NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        byte[] other = nonce.clone();
        other[0] ^= 1;
        try (DongleTransport.Session s = transport.open(theDongle())) {
            byte[] sig = DongleClient.challenge(s, nonce);
            var key = Ed25519.publicKey(dongle.publicKeyBytes());
            assertThat(Ed25519.verify(key, DongleProtocol.signedMessage(SERIAL, nonce), sig))
                    .isTrue();
            assertThat(Ed25519.verify(key, DongleProtocol.signedMessage(SERIAL, other), sig))
                    .isFalse();
            assertThat(Ed25519.verify(key, DongleProtocol.signedMessage("TRD-OTHER", nonce), sig))
                    .isFalse();
            byte[] second = DongleClient.challenge(s, other);
            assertThat(Ed25519.verify(key, DongleProtocol.signedMessage(SERIAL, other), second))
                    .isTrue();
        }
    }

    @Test
    void aResponseIsGivenOncePerChallenge() throws Exception {
        byte[] nonce = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        try (DongleTransport.Session s = transport.open(theDongle())) {
            DongleClient.challenge(s, nonce);
            assertThatThrownBy(() -> s.controlIn(DongleProtocol.GET_RESPONSE, 0, 0, 64))
                    .isInstanceOf(DongleException.class)
                    .hasMessageContaining("STALL");
        }
    }

    @Test
    void unknownRequestsAndBadArgumentsStall() throws Exception {
        try (DongleTransport.Session s = transport.open(theDongle())) {
            assertThatThrownBy(() -> s.controlIn(0x7f, 0, 0, 16))
                    .isInstanceOf(DongleException.class)
                    .hasMessageContaining("STALL");
            assertThatThrownBy(() -> s.controlOut(DongleProtocol.CHALLENGE, 0, 0, new byte[5]))
                    .isInstanceOf(DongleException.class)
                    .hasMessageContaining("STALL");
            assertThatThrownBy(() -> s.controlIn(DongleProtocol.GET_LICENSE, 0, 99, DongleProtocol.CHUNK_BYTES))
                    .isInstanceOf(DongleException.class)
                    .hasMessageContaining("STALL");
            // the session still works after refusals
            assertThat(DongleClient.info(s).serial()).isEqualTo(SERIAL);
        }
    }

    @Test
    void anUnpluggedDongleIsGoneAndTheChangeIsReported() throws Exception {
        DongleAddress a = theDongle();
        CountDownLatch changed = new CountDownLatch(1);
        transport.onChange(changed::countDown);
        unplug();
        assertThat(changed.await(changeWait().toMillis(), TimeUnit.MILLISECONDS))
                .as("change reported within %s", changeWait())
                .isTrue();
        assertThat(transport.scan()).isEmpty();
        assertThatThrownBy(() -> {
                    try (DongleTransport.Session s = transport.open(a)) {
                        DongleClient.info(s);
                    }
                })
                .isInstanceOf(DongleException.class);
    }

    /** How long a transport may take to report an unplugged dongle. */
    protected Duration changeWait() {
        return Duration.ofSeconds(10);
    }
}
