package io.triad.metrics.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.triad.metrics.model.LabelMatcher;
import io.triad.metrics.model.Labels;
import io.triad.metrics.store.H2File;
import io.triad.testkit.MutableClock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SilenceStoreTest {
    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(1_700_000_000_000L);

    private Silence silence(Instant start, Duration length, LabelMatcher... matchers) {
        return new Silence(0, List.of(matchers), start, start.plus(length), "ops", "disk swap", clock.instant());
    }

    @Test
    void silencesSurviveAReopenWithTheirMatchers() throws Exception {
        Instant now = clock.instant();
        long id;
        try (SilenceStore store = SilenceStore.open(dir, clock, 10, Duration.ofDays(1))) {
            Silence s = store.add(silence(
                    now,
                    Duration.ofHours(2),
                    LabelMatcher.eq("alertname", "VolumeFillingUp"),
                    LabelMatcher.of("host", LabelMatcher.Type.RE, "eap-.*"),
                    LabelMatcher.of("mountpoint", LabelMatcher.Type.NEQ, "/boot")));
            id = s.id();
            assertThat(id).isPositive();
        }
        try (SilenceStore store = SilenceStore.open(dir, clock, 10, Duration.ofDays(1))) {
            Silence s = store.silence(id).orElseThrow();
            assertThat(s.matchers())
                    .extracting(LabelMatcher::toString)
                    .containsExactly("alertname=\"VolumeFillingUp\"", "host=~\"eap-.*\"", "mountpoint!=\"/boot\"");
            assertThat(s.createdBy()).isEqualTo("ops");
            assertThat(s.comment()).isEqualTo("disk swap");
            assertThat(s.status(now)).isEqualTo(Silence.Status.ACTIVE);
            Labels alert = Labels.of("alertname", "VolumeFillingUp", "host", "eap-1", "mountpoint", "/data");
            assertThat(s.mutes(alert, now)).isTrue();
            assertThat(s.mutes(alert.with("mountpoint", "/boot"), now)).isFalse();
            assertThat(s.mutes(alert.with("host", "gsm-1"), now)).isFalse();
            assertThat(s.mutes(alert, now.plus(Duration.ofHours(2)))).isFalse();
        }
    }

    @Test
    void maintenanceWindowMutesOnlyInsideItsTimeRange() throws Exception {
        Instant start = clock.instant().plus(Duration.ofHours(1));
        try (SilenceStore store = SilenceStore.open(dir, clock, 10, Duration.ofDays(1))) {
            Silence w = store.add(silence(start, Duration.ofHours(1), LabelMatcher.eq("site", "site-b")));
            Labels alert = Labels.of("alertname", "TargetDown", "site", "site-b");
            assertThat(w.status(clock.instant())).isEqualTo(Silence.Status.PENDING);
            assertThat(w.mutes(alert, clock.instant())).isFalse();
            assertThat(w.mutes(alert, start.plusSeconds(60))).isTrue();
            assertThat(store.expire(w.id())).isTrue();
            Silence expired = store.silence(w.id()).orElseThrow();
            assertThat(expired.status(clock.instant())).isEqualTo(Silence.Status.EXPIRED);
            assertThat(expired.mutes(alert, start.plusSeconds(60))).isFalse();
            assertThat(store.expire(w.id())).isFalse();
            assertThat(store.expire(12345)).isFalse();
        }
    }

    @Test
    void expiredSilencesArePurgedAfterTheirKeepTime() throws Exception {
        try (SilenceStore store = SilenceStore.open(dir, clock, 10, Duration.ofHours(1))) {
            Silence old = store.add(silence(clock.instant(), Duration.ofMinutes(5), LabelMatcher.eq("host", "a")));
            clock.advance(Duration.ofMinutes(30));
            store.add(silence(clock.instant(), Duration.ofMinutes(5), LabelMatcher.eq("host", "b")));
            assertThat(store.silence(old.id())).isPresent();
            clock.advance(Duration.ofHours(2));
            store.add(silence(clock.instant(), Duration.ofMinutes(5), LabelMatcher.eq("host", "c")));
            assertThat(store.silences()).hasSize(1);
        }
    }

    @Test
    void badSilencesAreRefusedWithTheReason() throws Exception {
        Instant now = clock.instant();
        try (SilenceStore store = SilenceStore.open(dir, clock, 2, Duration.ofDays(1))) {
            assertThatThrownBy(() -> silence(now, Duration.ofHours(1))).hasMessageContaining("at least one matcher");
            assertThatThrownBy(
                            () -> silence(now, Duration.ofHours(1), LabelMatcher.of("x", LabelMatcher.Type.RE, ".*")))
                    .hasMessageContaining("mute every alert");
            assertThatThrownBy(() -> silence(now, Duration.ZERO, LabelMatcher.eq("x", "y")))
                    .hasMessageContaining("must be after its startsAt");
            assertThatThrownBy(() ->
                            store.add(silence(now.minusSeconds(7200), Duration.ofHours(1), LabelMatcher.eq("x", "y"))))
                    .hasMessageContaining("is not in the future");
            store.add(silence(now, Duration.ofHours(1), LabelMatcher.eq("x", "1")));
            store.add(silence(now, Duration.ofHours(1), LabelMatcher.eq("x", "2")));
            assertThatThrownBy(() -> store.add(silence(now, Duration.ofHours(1), LabelMatcher.eq("x", "3"))))
                    .hasMessageContaining("already 2 silences that have not expired (limit 2)");
            assertThat(store.silences()).hasSize(2);
        }
    }

    @Test
    void aCorruptDatabaseIsSetAsideAndTheStoreStartsEmpty() throws Exception {
        try (SilenceStore store = SilenceStore.open(dir, clock, 10, Duration.ofDays(1))) {
            store.add(silence(clock.instant(), Duration.ofHours(2), LabelMatcher.eq("host", "a")));
        }
        Path db = dir.resolve("alerts.mv.db");
        long size = Files.size(db);
        try (FileChannel ch = FileChannel.open(db, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate((int) (size - 8192)), 8192); // the chunks overwritten, the headers kept
        }
        try (SilenceStore store = SilenceStore.open(dir, clock, 10, Duration.ofDays(1))) {
            assertThat(store.silences()).isEmpty();
            store.add(silence(clock.instant(), Duration.ofHours(2), LabelMatcher.eq("host", "b")));
        }
        List<Path> aside = H2File.setAsideFiles(dir.resolve("alerts"));
        assertThat(aside)
                .extracting(p -> p.getFileName().toString())
                .containsExactly("alerts.corrupt-20231114T221320Z.mv.db");
        assertThat(Files.size(aside.get(0))).isGreaterThan(8192); // H2 may have written to it while opening it
        try (SilenceStore store = SilenceStore.open(dir, clock, 10, Duration.ofDays(1))) {
            assertThat(store.silences()).hasSize(1);
        }
        assertThat(H2File.setAsideFiles(dir.resolve("alerts"))).hasSize(1);
    }

    @Test
    void aLockedDatabaseFailsTheOpenAndKeepsItsSilences() throws Exception {
        try (SilenceStore store = SilenceStore.open(dir, clock, 10, Duration.ofDays(1))) {
            store.add(silence(clock.instant(), Duration.ofHours(2), LabelMatcher.eq("host", "a")));
        }
        try (FileChannel ch = FileChannel.open(dir.resolve("alerts.mv.db"), StandardOpenOption.WRITE);
                FileLock unused = ch.lock()) {
            assertThatThrownBy(() -> SilenceStore.open(dir, clock, 10, Duration.ofDays(1)))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("cannot open the silences database")
                    .hasMessageContaining("Database may be already in use");
        }
        assertThat(H2File.setAsideFiles(dir.resolve("alerts"))).isEmpty();
        try (SilenceStore store = SilenceStore.open(dir, clock, 10, Duration.ofDays(1))) {
            assertThat(store.silences()).hasSize(1);
        }
    }
}
