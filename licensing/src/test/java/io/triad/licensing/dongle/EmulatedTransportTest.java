package io.triad.licensing.dongle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmulatedTransportTest extends DongleTransportContract {
    @TempDir
    Path dir;

    @Override
    protected DongleTransport transportWith(EmulatedDongleFile dongle) throws Exception {
        dongle.write(dir.resolve(EmulatedDongleFile.fileName(dongle.serial())));
        return new EmulatedTransport(
                dir, DongleProtocol.DEFAULT_VENDOR_ID, DongleProtocol.DEFAULT_PRODUCT_ID, Duration.ofMillis(20));
    }

    @Override
    protected void unplug() throws Exception {
        Files.delete(dir.resolve(EmulatedDongleFile.fileName(SERIAL)));
    }

    @Test
    void donglesOfAnotherProductAndBrokenFilesDoNotEnumerate() throws Exception {
        EmulatedDongleFile.create("TRD-OTHER", new byte[0], 0x1234, 0x5678).write(dir.resolve("TRD-OTHER.dongle.json"));
        Files.writeString(dir.resolve("broken.dongle.json"), "{ not json");
        try (EmulatedTransport t = new EmulatedTransport(
                dir, DongleProtocol.DEFAULT_VENDOR_ID, DongleProtocol.DEFAULT_PRODUCT_ID, Duration.ofSeconds(1))) {
            assertThat(t.scan()).extracting(DongleAddress::id).containsExactly("emulated:TRD-CONTRACT-1.dongle.json");
        }
    }
}
