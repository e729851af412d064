package io.triad.collector.syslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.triad.collector.codec.ReceiveContext;
import io.triad.collector.model.LogEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SyslogCodecTest {
    private static final long RECEIVED = micros("2025-03-01T12:00:00Z");
    private static final ReceiveContext CTX = new ReceiveContext("site-a", "syslog-udp", "10.1.2.3:51514", RECEIVED);
    private static final SyslogCodec UTC = new SyslogCodec(ZoneOffset.UTC, 8192);

    static long micros(String instant) {
        Instant i = Instant.parse(instant);
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1000;
    }

    static byte[] fixture(String name) {
        try (InputStream in = SyslogCodecTest.class.getResourceAsStream(name)) {
            return Objects.requireNonNull(in, name).readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static LogEvent decode(SyslogCodec codec, byte[] bytes, ReceiveContext ctx) {
        return codec.decode(bytes, 0, bytes.length, ctx);
    }

    static LogEvent decode(String text) {
        return decode(UTC, text.getBytes(StandardCharsets.UTF_8), CTX);
    }

    static LogEvent decodeFixture(String name) {
        return decode(UTC, fixture(name), CTX);
    }

    @Nested
    class Rfc5424 {
        @Test
        void example1WithBomAndNoStructuredData() {
            LogEvent e = decodeFixture("rfc5424-example1.syslog");
            assertThat(e.parseError()).isEmpty();
            assertThat(e.facility()).isEqualTo(4);
            assertThat(e.severity()).isEqualTo(2);
            assertThat(e.timestamp()).isEqualTo(micros("2003-10-11T22:14:15.003Z"));
            assertThat(e.host()).isEqualTo("mymachine.example.com");
            assertThat(e.app()).isEqualTo("su");
            assertThat(e.procId()).isEmpty();
            assertThat(e.msgId()).isEqualTo("ID47");
            assertThat(e.fields()).isEmpty();
            assertThat(e.message()).isEqualTo("'su root' failed for lonvick on /dev/pts/8");
            assertThat(e.raw()).isEmpty();
        }

        @Test
        void example2WithMicrosecondsAndNegativeOffset() {
            LogEvent e = decodeFixture("rfc5424-example2.syslog");
            assertThat(e.parseError()).isEmpty();
            assertThat(e.facility()).isEqualTo(20);
            assertThat(e.severity()).isEqualTo(5);
            assertThat(e.timestamp()).isEqualTo(micros("2003-08-24T12:14:15.000003Z"));
            assertThat(e.host()).isEqualTo("192.0.2.1");
            assertThat(e.app()).isEqualTo("myproc");
            assertThat(e.procId()).isEqualTo("8710");
            assertThat(e.msgId()).isEmpty();
            assertThat(e.message()).isEqualTo("%% It's time to make the do-nuts.");
        }

        @Test
        void example3StructuredDataBecomesFields() {
            LogEvent e = decodeFixture("rfc5424-example3.syslog");
            assertThat(e.parseError()).isEmpty();
            assertThat(e.app()).isEqualTo("evntslog");
            assertThat(e.fields())
                    .containsOnly(
                            entry("exampleSDID@32473.iut", "3"),
                            entry("exampleSDID@32473.eventSource", "Application"),
                            entry("exampleSDID@32473.eventID", "1011"));
            assertThat(e.message()).isEqualTo("An application event log entry...");
        }

        @Test
        void example4TwoElementsAndNoMessage() {
            LogEvent e = decodeFixture("rfc5424-example4.syslog");
            assertThat(e.parseError()).isEmpty();
            assertThat(e.fields()).hasSize(4).containsEntry("examplePriority@32473.class", "high");
            assertThat(e.message()).isEmpty();
        }

        @Test
        void loggerOutputWithTimeQualityAndTrailingNewline() {
            LogEvent e = decodeFixture("logger-rfc5424.syslog");
            assertThat(e.parseError()).isEmpty();
            assertThat(e.facility()).isEqualTo(1);
            assertThat(e.severity()).isEqualTo(5);
            assertThat(e.timestamp()).isEqualTo(micros("2025-03-01T11:59:58.123456Z"));
            assertThat(e.host()).isEqualTo("web01");
            assertThat(e.app()).isEqualTo("deploy");
            assertThat(e.fields())
                    .containsOnly(
                            entry("timeQuality.tzKnown", "1"),
                            entry("timeQuality.isSynced", "1"),
                            entry("timeQuality.syncAccuracy", "43500"));
            assertThat(e.message()).isEqualTo("hello from logger");
        }

        @Test
        void juniperStructuredFormat() {
            LogEvent e = decodeFixture("juniper-structured.syslog");
            assertThat(e.parseError()).isEmpty();
            assertThat(e.timestamp()).isEqualTo(micros("2007-02-15T09:17:15.719Z"));
            assertThat(e.host()).isEqualTo("router1");
            assertThat(e.app()).isEqualTo("mgd");
            assertThat(e.procId()).isEqualTo("3046");
            assertThat(e.msgId()).isEqualTo("UI_DBASE_LOGOUT_EVENT");
            assertThat(e.fields()).containsOnly(entry("junos@2636.1.1.1.2.18.username", "regress"));
            assertThat(e.message()).isEqualTo("User 'regress' exiting configuration mode");
        }

        @Test
        void nilValuesEverywhereFallBackToReceiveTimeAndSourceHost() {
            LogEvent e = decode("<0>1 - - - - - -");
            assertThat(e.parseError()).isEmpty();
            assertThat(e.severity()).isZero();
            assertThat(e.facility()).isZero();
            assertThat(e.timestamp()).isEqualTo(RECEIVED);
            assertThat(e.host()).isEqualTo("10.1.2.3");
            assertThat(e.app()).isEmpty();
            assertThat(e.procId()).isEmpty();
            assertThat(e.msgId()).isEmpty();
            assertThat(e.fields()).isEmpty();
            assertThat(e.message()).isEmpty();
        }

        @Test
        void contextValuesAreCopied() {
            LogEvent e = decode("<14>1 - h a - - - m");
            assertThat(e.site()).isEqualTo("site-a");
            assertThat(e.input()).isEqualTo("syslog-udp");
            assertThat(e.source()).isEqualTo("10.1.2.3:51514");
            assertThat(e.received()).isEqualTo(RECEIVED);
        }

        @Test
        void fractionalSecondsAndOffsets() {
            assertThat(decode("<14>1 2025-03-01T12:00:00Z h a - - - m").timestamp())
                    .isEqualTo(micros("2025-03-01T12:00:00Z"));
            assertThat(decode("<14>1 2025-03-01T12:00:00.1Z h a - - - m").timestamp())
                    .isEqualTo(micros("2025-03-01T12:00:00.100Z"));
            assertThat(decode("<14>1 2025-03-01T12:00:00.123456+05:30 h a - - - m")
                            .timestamp())
                    .isEqualTo(micros("2025-03-01T06:30:00.123456Z"));
            assertThat(decode("<14>1 2025-03-01T00:00:00.5-00:00 h a - - - m").timestamp())
                    .isEqualTo(micros("2025-03-01T00:00:00.5Z"));
            assertThat(decode("<14>1 2024-02-29T23:59:59.999999-12:00 h a - - - m")
                            .timestamp())
                    .isEqualTo(micros("2024-03-01T11:59:59.999999Z"));
        }

        @Test
        void nanosecondFractionIsCutToMicroseconds() {
            assertThat(decode("<14>1 2025-03-01T12:00:00.123456789Z h a - - - m")
                            .timestamp())
                    .isEqualTo(micros("2025-03-01T12:00:00.123456Z"));
        }

        @Test
        void timestampWithoutOffsetIsReadInTheDefaultZone() {
            SyslogCodec zurich = new SyslogCodec(ZoneId.of("Europe/Zurich"), 8192);
            byte[] bytes = "<14>1 2025-07-01T12:00:00 h a - - - m".getBytes(StandardCharsets.UTF_8);
            assertThat(decode(zurich, bytes, CTX).timestamp()).isEqualTo(micros("2025-07-01T10:00:00Z"));
        }

        @Test
        void escapesInParamValuesAreUndoneAndOtherBackslashesKept() {
            LogEvent e = decode("<14>1 - h a - - [x@1 q=\"say \\\"hi\\\"\" b=\"a\\\\b\" r=\"[1\\]\" p=\"C:\\temp\"] m");
            assertThat(e.parseError()).isEmpty();
            assertThat(e.fields())
                    .containsOnly(
                            entry("x@1.q", "say \"hi\""),
                            entry("x@1.b", "a\\b"),
                            entry("x@1.r", "[1]"),
                            entry("x@1.p", "C:\\temp"));
            assertThat(e.message()).isEqualTo("m");
        }

        @Test
        void repeatedParamsAreJoinedWithComma() {
            LogEvent e = decode("<14>1 - h a - - [x@1 tag=\"a\" tag=\"b\"][x@1 tag=\"c\"] m");
            assertThat(e.fields()).containsOnly(entry("x@1.tag", "a,b,c"));
        }

        @Test
        void utf8ParamValuesAndEmptyValues() {
            LogEvent e = decode("<14>1 - h a - - [x@1 user=\"Jürg\" empty=\"\"] m");
            assertThat(e.fields()).containsOnly(entry("x@1.user", "Jürg"), entry("x@1.empty", ""));
        }

        @Test
        void openTelemetryElementAddsCorrelationKeys() {
            LogEvent e = decode("<14>1 2025-03-01T11:59:59.5Z app01 checkout 42 ORDER [opentelemetry"
                    + " trace_id=\"4bf92f3577b34da6a3ce929d0e0e4736\" span_id=\"00f067aa0ba902b7\" trace_flags=\"01\"]"
                    + " order placed");
            assertThat(e.parseError()).isEmpty();
            assertThat(e.correlation())
                    .containsOnly(
                            entry("trace_id", List.of("4bf92f3577b34da6a3ce929d0e0e4736")),
                            entry("span_id", List.of("00f067aa0ba902b7")));
            assertThat(e.fields())
                    .containsEntry("opentelemetry.trace_flags", "01")
                    .hasSize(3);
        }

        @Test
        void otherElementsDoNotCorrelate() {
            LogEvent e = decode("<14>1 - h a - - [x@1 trace_id=\"abc\"] m");
            assertThat(e.correlation()).isEmpty();
        }

        @Test
        void bomIsDroppedAndInvalidUtf8Replaced() {
            byte[] head = "<14>1 - h a - - - ".getBytes(StandardCharsets.US_ASCII);
            byte[] msg = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'o', 'k', ' ', (byte) 0xC3, (byte) 0x28};
            byte[] all = new byte[head.length + msg.length];
            System.arraycopy(head, 0, all, 0, head.length);
            System.arraycopy(msg, 0, all, head.length, msg.length);
            LogEvent e = decode(UTC, all, CTX);
            assertThat(e.parseError()).isEmpty();
            assertThat(e.message()).isEqualTo("ok \uFFFD(");
        }

        @Test
        void fieldsAtTheirMaximumLengthsParse() {
            String text = "<14>1 - " + "h".repeat(255) + " " + "a".repeat(48) + " " + "p".repeat(128) + " "
                    + "m".repeat(32) + " [" + "s".repeat(32) + " " + "n".repeat(32) + "=\"v\"] x";
            LogEvent e = decode(text);
            assertThat(e.parseError()).isEmpty();
            assertThat(e.host()).hasSize(255);
            assertThat(e.app()).hasSize(48);
            assertThat(e.procId()).hasSize(128);
            assertThat(e.msgId()).hasSize(32);
            assertThat(e.fields()).containsOnlyKeys("s".repeat(32) + "." + "n".repeat(32));
        }
    }

    @Nested
    class Rfc3164 {
        @Test
        void example1() {
            LogEvent e = decodeFixture("rfc3164-example1.syslog");
            assertThat(e.parseError()).isEmpty();
            assertThat(e.facility()).isEqualTo(4);
            assertThat(e.severity()).isEqualTo(2);
            // October is more than a month after the receive time (2025-03-01): it was last year's.
            assertThat(e.timestamp()).isEqualTo(micros("2024-10-11T22:14:15Z"));
            assertThat(e.host()).isEqualTo("mymachine");
            assertThat(e.app()).isEqualTo("su");
            assertThat(e.procId()).isEmpty();
            assertThat(e.message()).isEqualTo("'su root' failed for lonvick on /dev/pts/8");
        }

        @Test
        void example2HostWithoutTag() {
            LogEvent e = decodeFixture("rfc3164-example2.syslog");
            assertThat(e.parseError()).isEmpty();
            assertThat(e.timestamp()).isEqualTo(micros("2025-02-05T17:32:18Z"));
            assertThat(e.host()).isEqualTo("10.0.0.99");
            assertThat(e.app()).isEmpty();
            assertThat(e.message()).isEqualTo("Use the BFG!");
        }

        @Test
        void example3TimeZoneNameIsReadAsHostname() {
            // Section 5.4 example 3: what follows the TIMESTAMP is the HOSTNAME, here "CST".
            LogEvent e = decodeFixture("rfc3164-example3.syslog");
            assertThat(e.parseError()).isEmpty();
            assertThat(e.facility()).isEqualTo(20);
            assertThat(e.severity()).isEqualTo(5);
            assertThat(e.timestamp()).isEqualTo(micros("2024-08-24T05:34:00Z"));
            assertThat(e.host()).isEqualTo("CST");
            assertThat(e.message())
                    .startsWith("1987 mymachine myproc[10]: %% It's time")
                    .endsWith("Conveyer2=OK # %%");
        }

        @Test
        void example4WithoutValidTimestampKeepsContentAsMessage() {
            LogEvent e = decodeFixture("rfc3164-example4.syslog");
            assertThat(e.parseError()).isEmpty();
            assertThat(e.severity()).isZero();
            assertThat(e.facility()).isZero();
            assertThat(e.timestamp()).isEqualTo(RECEIVED);
            assertThat(e.host()).isEqualTo("10.1.2.3");
            assertThat(e.message())
                    .isEqualTo(
                            "1990 Oct 22 10:52:01 TZ-6 scapegoat.dmz.example.org 10.1.2.3 sched[0]: That's All Folks!");
        }

        @Test
        void rsyslogTraditionalForwardFormat() {
            LogEvent e = decodeFixture("rsyslog-traditional.syslog");
            assertThat(e.parseError()).isEmpty();
            assertThat(e.facility()).isEqualTo(10);
            assertThat(e.severity()).isEqualTo(6);
            assertThat(e.timestamp()).isEqualTo(micros("2025-03-01T11:59:01Z"));
            assertThat(e.host()).isEqualTo("web01");
            assertThat(e.app()).isEqualTo("sshd");
            assertThat(e.procId()).isEqualTo("2187");
            assertThat(e.message())
                    .isEqualTo("Accepted publickey for deploy from 10.0.0.5 port 51234 ssh2: ED25519 SHA256:Xq3z");
        }

        @Test
        void loggerRfc3164Output() {
            LogEvent e = decodeFixture("logger-rfc3164.syslog");
            assertThat(e.parseError()).isEmpty();
            assertThat(e.facility()).isEqualTo(1);
            assertThat(e.severity()).isEqualTo(5);
            assertThat(e.host()).isEqualTo("web01");
            assertThat(e.app()).isEqualTo("deploy");
            assertThat(e.message()).isEqualTo("hello from logger");
        }

        @Test
        void systemdWithIsoTimestamp() {
            LogEvent e = decodeFixture("systemd-iso.syslog");
            assertThat(e.parseError()).isEmpty();
            assertThat(e.timestamp()).isEqualTo(micros("2025-03-01T11:59:58.123456Z"));
            assertThat(e.host()).isEqualTo("web01");
            assertThat(e.app()).isEqualTo("systemd");
            assertThat(e.procId()).isEqualTo("1");
            assertThat(e.message()).isEqualTo("Started Session 5 of user deploy.");
        }

        @Test
        void juniperBsdFormat() {
            LogEvent e = decodeFixture("juniper-bsd.syslog");
            assertThat(e.parseError()).isEmpty();
            assertThat(e.facility()).isEqualTo(3);
            assertThat(e.severity()).isEqualTo(4);
            assertThat(e.timestamp()).isEqualTo(micros("2025-03-01T11:48:53Z"));
            assertThat(e.host()).isEqualTo("mx960-re0");
            assertThat(e.app()).isEqualTo("mgd");
            assertThat(e.procId()).isEqualTo("4096");
            assertThat(e.message()).isEqualTo("UI_COMMIT: User 'root' requested 'commit' operation (comment: none)");
        }

        @Test
        void ciscoIosSequenceAndUnsynchronizedClock() {
            LogEvent e = decodeFixture("cisco-ios-unsynced.syslog");
            assertThat(e.parseError()).isEmpty();
            assertThat(e.facility()).isEqualTo(23);
            assertThat(e.severity()).isEqualTo(5);
            assertThat(e.timestamp()).as("'*' marks a clock that was never set").isEqualTo(RECEIVED);
            assertThat(e.host()).isEqualTo("10.1.2.3");
            assertThat(e.msgId()).isEqualTo("SYS-5-CONFIG_I");
            assertThat(e.app()).isEmpty();
            assertThat(e.fields())
                    .containsOnly(
                            entry("sequence", "123"),
                            entry("time_unsynced", "true"),
                            entry("device_time", "Mar  1 00:00:11.123"));
            assertThat(e.message()).isEqualTo("Configured from console by vty0 (10.0.0.1)");
        }

        @Test
        void ciscoIosWithYearMillisecondsAndUtc() {
            LogEvent e = decodeFixture("cisco-ios-utc-year.syslog");
            assertThat(e.parseError()).isEmpty();
            assertThat(e.severity()).isEqualTo(3);
            assertThat(e.timestamp()).isEqualTo(micros("2025-03-01T11:59:30.456Z"));
            assertThat(e.msgId()).isEqualTo("LINK-3-UPDOWN");
            assertThat(e.fields()).containsOnly(entry("sequence", "45"));
            assertThat(e.message()).isEqualTo("Interface GigabitEthernet0/1, changed state to down");
        }

        @Test
        void ciscoIosUptimeTimestamp() {
            LogEvent e = decodeFixture("cisco-ios-uptime.syslog");
            assertThat(e.parseError()).isEmpty();
            assertThat(e.timestamp()).isEqualTo(RECEIVED);
            assertThat(e.fields()).containsOnly(entry("sequence", "17"), entry("uptime", "00:00:46"));
            assertThat(e.msgId()).isEqualTo("LINK-3-UPDOWN");
            assertThat(e.message()).isEqualTo("Interface FastEthernet0/0, changed state to up");
        }

        @Test
        void ciscoIosUptimeInDaysAndHours() {
            LogEvent e = decode("<189>1d02h: %SYS-5-CONFIG_I: Configured");
            assertThat(e.parseError()).isEmpty();
            assertThat(e.fields()).containsOnly(entry("uptime", "1d02h"));
            assertThat(e.msgId()).isEqualTo("SYS-5-CONFIG_I");
            assertThat(e.message()).isEqualTo("Configured");
        }

        @Test
        void ciscoIosOriginIdHostAndDotPrefix() {
            LogEvent e = decodeFixture("cisco-ios-origin-id.syslog");
            assertThat(e.parseError()).isEmpty();
            assertThat(e.host()).isEqualTo("router1");
            assertThat(e.timestamp())
                    .as("'.' marks a clock that lost sync; its time is kept")
                    .isEqualTo(micros("2025-03-01T11:00:00Z"));
            assertThat(e.fields()).containsOnly(entry("sequence", "46"), entry("time_unsynced", "true"));
            assertThat(e.msgId()).isEqualTo("SYS-5-RESTART");
            assertThat(e.message()).isEqualTo("System restarted --");
        }

        @Test
        void ciscoAsaWithoutTimestamp() {
            LogEvent e = decodeFixture("cisco-asa.syslog");
            assertThat(e.parseError()).isEmpty();
            assertThat(e.facility()).isEqualTo(20);
            assertThat(e.severity()).isEqualTo(6);
            assertThat(e.timestamp()).isEqualTo(RECEIVED);
            assertThat(e.msgId()).isEqualTo("ASA-6-302013");
            assertThat(e.message()).startsWith("Built outbound TCP connection 1 for outside:10.0.0.1/443");
        }

        @Test
        void missingHostnameWhenTagFollowsTimestamp() {
            LogEvent e = decode("<13>Mar  1 11:58:00 sshd[123]: session opened");
            assertThat(e.host()).isEqualTo("10.1.2.3");
            assertThat(e.app()).isEqualTo("sshd");
            assertThat(e.procId()).isEqualTo("123");
            assertThat(e.message()).isEqualTo("session opened");

            LogEvent plain = decode("<13>Mar  1 11:58:00 kernel: eth0 link up");
            assertThat(plain.host()).isEqualTo("10.1.2.3");
            assertThat(plain.app()).isEqualTo("kernel");
            assertThat(plain.message()).isEqualTo("eth0 link up");
        }

        @Test
        void ipv6HostnameIsNotMistakenForTag() {
            LogEvent e = decode("<13>Mar  1 11:58:00 2001:db8::1: app: x");
            assertThat(e.host()).isEqualTo("2001:db8::1:");
            assertThat(e.app()).isEqualTo("app");
        }

        @Test
        void tagWithPathAndDots() {
            LogEvent e = decode("<22>Mar  1 11:58:00 mail postfix/smtpd[4711]: connect from unknown[10.0.0.9]");
            assertThat(e.app()).isEqualTo("postfix/smtpd");
            assertThat(e.procId()).isEqualTo("4711");
            assertThat(e.message()).isEqualTo("connect from unknown[10.0.0.9]");
        }

        @Test
        void tagWithStrayClosingBracketIsAPlainName() {
            LogEvent e = decode("<86>Mar  1 11:59:01 web01 187]: A87]: Accepted");
            assertThat(e.parseError()).isEmpty();
            assertThat(e.app()).isEqualTo("187]");
            assertThat(e.procId()).isEmpty();
            assertThat(e.message()).isEqualTo("A87]: Accepted");
        }

        @Test
        void missingPriGetsUserNotice() {
            LogEvent e = decode("Mar  1 11:58:00 web01 app: hello");
            assertThat(e.parseError()).isEmpty();
            assertThat(e.facility()).isEqualTo(1);
            assertThat(e.severity()).isEqualTo(5);
            assertThat(e.host()).isEqualTo("web01");
            assertThat(e.app()).isEqualTo("app");
            assertThat(e.message()).isEqualTo("hello");
        }

        @Test
        void singleDigitDayWithOneOrTwoSpaces() {
            assertThat(decode("<13>Mar  1 11:58:00 h a: x").timestamp()).isEqualTo(micros("2025-03-01T11:58:00Z"));
            assertThat(decode("<13>Mar 1 11:58:00 h a: x").timestamp()).isEqualTo(micros("2025-03-01T11:58:00Z"));
            assertThat(decode("<13>Mar 01 11:58:00 h a: x").timestamp()).isEqualTo(micros("2025-03-01T11:58:00Z"));
        }

        @Test
        void yearIsInferredAcrossNewYear() {
            ReceiveContext justAfter = new ReceiveContext("s", "i", "", micros("2025-01-01T00:00:30Z"));
            byte[] lastYear = "<13>Dec 31 23:59:58 h a: x".getBytes(StandardCharsets.US_ASCII);
            assertThat(decode(UTC, lastYear, justAfter).timestamp()).isEqualTo(micros("2024-12-31T23:59:58Z"));

            ReceiveContext justBefore = new ReceiveContext("s", "i", "", micros("2024-12-31T23:59:59Z"));
            byte[] nextYear = "<13>Jan  1 00:00:02 h a: x".getBytes(StandardCharsets.US_ASCII);
            assertThat(decode(UTC, nextYear, justBefore).timestamp()).isEqualTo(micros("2025-01-01T00:00:02Z"));

            byte[] weekAhead = "<13>Jan  7 00:00:00 h a: x".getBytes(StandardCharsets.US_ASCII);
            assertThat(decode(UTC, weekAhead, justBefore).timestamp()).isEqualTo(micros("2025-01-07T00:00:00Z"));
        }

        @Test
        void timesWithoutOffsetAreInTheDefaultZone() {
            SyslogCodec zurich = new SyslogCodec(ZoneId.of("Europe/Zurich"), 8192);
            byte[] bsd = "<13>Mar  1 12:00:00 h a: x".getBytes(StandardCharsets.US_ASCII);
            assertThat(decode(zurich, bsd, CTX).timestamp()).isEqualTo(micros("2025-03-01T11:00:00Z"));
            byte[] iso = "<13>2025-07-01T12:00:00 h a: x".getBytes(StandardCharsets.US_ASCII);
            assertThat(decode(zurich, iso, CTX).timestamp()).isEqualTo(micros("2025-07-01T10:00:00Z"));
        }

        @Test
        void hostWithoutTagOrMessage() {
            LogEvent e = decode("<13>Mar  1 11:58:00 web01");
            assertThat(e.parseError()).isEmpty();
            assertThat(e.host()).isEqualTo("web01");
            assertThat(e.message()).isEmpty();
        }

        @Test
        void priWithoutTimestampTakesTagAndMessage() {
            LogEvent e = decode("<14>myapp: started");
            assertThat(e.parseError()).isEmpty();
            assertThat(e.timestamp()).isEqualTo(RECEIVED);
            assertThat(e.app()).isEqualTo("myapp");
            assertThat(e.message()).isEqualTo("started");
        }

        @Test
        void invalidDateIsNoTimestamp() {
            LogEvent e = decode("<13>Feb 30 10:00:00 h a: x");
            assertThat(e.parseError()).isEmpty();
            assertThat(e.timestamp()).isEqualTo(RECEIVED);
            assertThat(e.message()).isEqualTo("Feb 30 10:00:00 h a: x");
        }
    }

    @Nested
    class Failures {
        @Test
        void priAboveMaximumIsKeptWhole() {
            LogEvent e = decode("<999>1 - - - - - - hi");
            assertThat(e.failedToParse()).isTrue();
            assertThat(e.parseError()).isEqualTo("syslog PRI: expected a PRIVAL within 0..191 at offset 1; got 999");
            assertThat(e.message()).isEqualTo("<999>1 - - - - - - hi");
            assertThat(e.raw()).isEqualTo(e.message());
            assertThat(e.severity()).isEqualTo(5);
            assertThat(e.facility()).isEqualTo(1);
            assertThat(e.timestamp()).isEqualTo(RECEIVED);
            assertThat(e.host()).isEqualTo("10.1.2.3");
        }

        @Test
        void nonDigitPri() {
            assertThat(decode("<abc>hello").parseError())
                    .isEqualTo("syslog PRI: expected 1 to 3 digits after '<' at offset 1; got 'a'");
            assertThat(decode("<13").parseError())
                    .isEqualTo("syslog PRI: expected a digit or '>' at offset 3; got end of input");
            assertThat(decode("<1234>x").parseError()).isEqualTo("syslog PRI: expected '>' at offset 4; got '4'");
        }

        @Test
        void emptyInput() {
            LogEvent e = decode(UTC, new byte[0], CTX);
            assertThat(e.parseError()).isEqualTo("syslog: expected '<PRI>' or a TIMESTAMP; got empty input");
            assertThat(e.message()).isEmpty();
            assertThat(decode("\r\n\0").parseError()).isEqualTo(e.parseError());
        }

        @Test
        void textWithoutPriOrTimestamp() {
            LogEvent e = decode("hello world");
            assertThat(e.parseError()).isEqualTo("RFC 3164: expected '<PRI>' or a TIMESTAMP at offset 0; got 'h'");
            assertThat(e.message()).isEqualTo("hello world");
            assertThat(e.raw()).isEqualTo("hello world");
        }

        @Test
        void binaryGarbageIsKeptWithReplacementCharacters() {
            byte[] garbage = {1, (byte) 0xFF, (byte) 0xFE, 0, (byte) 0x80, 'x'};
            LogEvent e = decode(UTC, garbage, CTX);
            assertThat(e.parseError())
                    .isEqualTo("RFC 3164: expected '<PRI>' or a TIMESTAMP at offset 0; got byte 0x01");
            assertThat(e.message()).isEqualTo("\u0001\uFFFD\uFFFD\u0000\uFFFDx");
            assertThat(e.raw()).isEqualTo(e.message());
            assertThat(e.severity()).isEqualTo(5);
            assertThat(e.facility()).isEqualTo(1);
        }

        @Test
        void truncatedRfc5424HeaderKeepsPriValues() {
            LogEvent e = decode("<34>1 2003-10-11T22:14:15.003Z mymachine su");
            assertThat(e.parseError()).isEqualTo("RFC 5424 APP-NAME: expected SP at offset 43; got end of input");
            assertThat(e.severity()).isEqualTo(2);
            assertThat(e.facility()).isEqualTo(4);
            assertThat(e.message()).isEqualTo("<34>1 2003-10-11T22:14:15.003Z mymachine su");
            assertThat(e.app()).isEmpty();
            assertThat(e.timestamp()).isEqualTo(RECEIVED);
        }

        @Test
        void unterminatedStructuredData() {
            String text = "<34>1 2003-10-11T22:14:15.003Z mymachine su - ID47 [exampleSDID@32473 iut=\"3\"";
            assertThat(decode(text).parseError())
                    .isEqualTo(
                            "RFC 5424 STRUCTURED-DATA: expected ']' at offset " + text.length() + "; got end of input");
            assertThat(decode(text.substring(0, text.length() - 1)).parseError())
                    .isEqualTo("RFC 5424 STRUCTURED-DATA: expected '\"' closing PARAM-VALUE at offset "
                            + (text.length() - 1) + "; got end of input");
        }

        @Test
        void malformedStructuredData() {
            assertThat(decode("<14>1 - h a - - x m").parseError())
                    .isEqualTo("RFC 5424 STRUCTURED-DATA: expected '-' or '[' at offset 16; got 'x'");
            assertThat(decode("<14>1 - h a - - [x@1 a=1] m").parseError())
                    .isEqualTo("RFC 5424 STRUCTURED-DATA: expected '\"' opening PARAM-VALUE at offset 23; got '1'");
            assertThat(decode("<14>1 - h a - - [x@1]m").parseError())
                    .isEqualTo("RFC 5424 STRUCTURED-DATA: expected SP or end of input at offset 21; got 'm'");
            assertThat(decode("<14>1 - h a - - [] m").parseError())
                    .startsWith("RFC 5424 STRUCTURED-DATA: expected SD-ID of printable US-ASCII");
        }

        @Test
        void overLongHeaderFields() {
            assertThat(decode("<14>1 - " + "h".repeat(256) + " a - - - m").parseError())
                    .isEqualTo("RFC 5424 HOSTNAME: expected at most 255 characters at offset 8; got 256 characters");
            assertThat(decode("<14>1 - h " + "a".repeat(49) + " - - - m").parseError())
                    .isEqualTo("RFC 5424 APP-NAME: expected at most 48 characters at offset 10; got 49 characters");
            assertThat(decode("<14>1 - h a " + "p".repeat(129) + " - - m").parseError())
                    .isEqualTo("RFC 5424 PROCID: expected at most 128 characters at offset 12; got 129 characters");
            assertThat(decode("<14>1 - h a - " + "m".repeat(33) + " - m").parseError())
                    .isEqualTo("RFC 5424 MSGID: expected at most 32 characters at offset 14; got 33 characters");
            assertThat(decode("<14>1 - h a - - [" + "s".repeat(33) + "] m").parseError())
                    .isEqualTo(
                            "RFC 5424 STRUCTURED-DATA: expected SD-ID of at most 32 characters at offset 17; got 33 characters");
        }

        @Test
        void badTimestamps() {
            assertThat(decode("<14>1 2003-13-11T22:14:15Z h a - - - m").parseError())
                    .isEqualTo("RFC 5424 TIMESTAMP: expected a 2-digit month 01..12 at offset 11; got '1'");
            assertThat(decode("<14>1 2003-02-29T22:14:15Z h a - - - m").parseError())
                    .isEqualTo("RFC 5424 TIMESTAMP: expected a 2-digit day of month 01..28 at offset 14; got '2'");
            assertThat(decode("<14>1 2003-10-11 22:14:15Z h a - - - m").parseError())
                    .isEqualTo("RFC 5424 TIMESTAMP: expected 'T' at offset 16; got SP");
            assertThat(decode("<14>1 2003-10-11T22:14:15.Z h a - - - m").parseError())
                    .isEqualTo("RFC 5424 TIMESTAMP: expected 1 to 6 digits of TIME-SECFRAC at offset 26; got 'Z'");
            assertThat(decode("<14>1 2003-10-11T22:14:15Zx h a - - - m").parseError())
                    .isEqualTo("RFC 5424 TIMESTAMP: expected SP at offset 26; got 'x'");
        }

        @Test
        void controlCharacterInHeader() {
            assertThat(decode("<14>1 - h\ta - - - m").parseError())
                    .isEqualTo("RFC 5424 HOSTNAME: expected printable US-ASCII or SP at offset 9; got byte 0x09");
        }
    }

    @Nested
    class Limits {
        @Test
        void longMessageIsTruncatedAndMarked() {
            SyslogCodec small = new SyslogCodec(ZoneOffset.UTC, 40);
            byte[] bytes =
                    "<14>1 - h a - - - 0123456789012345678901234567890123456789".getBytes(StandardCharsets.US_ASCII);
            LogEvent e = decode(small, bytes, CTX);
            assertThat(e.parseError()).isEmpty();
            assertThat(e.fields()).containsOnly(entry("truncated", "true"));
            assertThat(e.message()).isEqualTo("0123456789012345678901");
        }

        @Test
        void truncationDoesNotSplitUtf8Characters() {
            SyslogCodec small = new SyslogCodec(ZoneOffset.UTC, 20);
            // "ü" is 2 bytes at offsets 18-19, "€" 3 bytes at 20-22: the cut at 20 lands before "€".
            byte[] bytes = "<14>1 - h a - - - üüx".getBytes(StandardCharsets.UTF_8);
            assertThat(decode(small, bytes, CTX).message()).isEqualTo("ü");
            byte[] euro = "<14>1 - h a - - - a€x".getBytes(StandardCharsets.UTF_8);
            assertThat(decode(small, euro, CTX).message()).isEqualTo("a");
        }

        @Test
        void failedParseOfTruncatedInputIsMarkedToo() {
            SyslogCodec small = new SyslogCodec(ZoneOffset.UTC, 10);
            LogEvent e =
                    decode(small, "<14>1 2003-10-11T22:14:15Z h a - - - m".getBytes(StandardCharsets.US_ASCII), CTX);
            assertThat(e.failedToParse()).isTrue();
            assertThat(e.message()).isEqualTo("<14>1 2003");
            assertThat(e.fields()).containsOnly(entry("truncated", "true"));
        }

        @Test
        void trailingLineEndsAndNulAreStripped() {
            assertThat(decode("<14>1 - h a - - - m\r\n").message()).isEqualTo("m");
            assertThat(decode("<13>Mar  1 11:58:00 h a: m\n\0").message()).isEqualTo("m");
        }

        @Test
        void decodesOnlyTheGivenRange() {
            byte[] bytes = "xx<14>1 - h a - - - mid yy".getBytes(StandardCharsets.US_ASCII);
            LogEvent e = UTC.decode(bytes, 2, bytes.length - 5, CTX);
            assertThat(e.parseError()).isEmpty();
            assertThat(e.message()).isEqualTo("mid");
        }

        @Test
        void rejectsBadArguments() {
            assertThatThrownBy(() -> new SyslogCodec(ZoneOffset.UTC, 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("maxMessageBytes must be >= 1; got: 0");
            assertThatThrownBy(() -> UTC.decode(new byte[4], 2, 3, CTX)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    @Nested
    class SourceHost {
        @Test
        void hostPartOfTheSourceAddress() {
            assertThat(SyslogCodec.hostOf("10.1.2.3:514")).isEqualTo("10.1.2.3");
            assertThat(SyslogCodec.hostOf("[2001:db8::1]:514")).isEqualTo("2001:db8::1");
            assertThat(SyslogCodec.hostOf("2001:db8::1")).isEqualTo("2001:db8::1");
            assertThat(SyslogCodec.hostOf("router1")).isEqualTo("router1");
            assertThat(SyslogCodec.hostOf("")).isEmpty();
        }
    }
}
