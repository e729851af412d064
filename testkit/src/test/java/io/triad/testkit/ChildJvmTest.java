package io.triad.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildJvmTest {
    @TempDir
    Path dir;

    /** The child: says it is ready, acknowledges a step every 10 ms, and complains once on its standard error. */
    public static final class Counter {
        public static void main(String[] args) throws InterruptedException {
            System.err.println("child stderr " + args[0]);
            System.out.println("ready");
            System.out.flush();
            for (int i = 1; ; i++) {
                System.out.println("synced " + i);
                System.out.flush();
                Thread.sleep(10);
            }
        }
    }

    @Test
    void whatTheChildPrintedBeforeTheKillIsKept() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        Path stderr = dir.resolve("child.stderr");
        try (ChildJvm child = ChildJvm.of(Counter.class)
                .jvmArgs("-XX:TieredStopAtLevel=1")
                .args("hello")
                .stderr(stderr, false)
                .onLine(seen::add)
                .start()) {
            assertThat(child.await("ready", Duration.ofSeconds(30))).isTrue();
            assertThat(child.await("synced 3", Duration.ofSeconds(30))).isTrue();
            child.kill();
            assertThat(child.process().isAlive()).isFalse();
            assertThat(child.process().exitValue()).as("killed by SIGKILL").isEqualTo(137);
            assertThat(child.await("synced", Duration.ofMillis(100)))
                    .as("the end of its output")
                    .isFalse();
        }
        assertThat(seen).startsWith("ready", "synced 1", "synced 2", "synced 3");
        assertThat(Files.readString(stderr)).contains("child stderr hello");
    }

    @Test
    void awaitIsFalseWhenTheChildEndsFirst() throws Exception {
        try (ChildJvm child = ChildJvm.of(ChildJvmTest.class) // no main: the JVM exits with an error at once
                .stderr(dir.resolve("err"), true)
                .start()) {
            assertThat(child.await("ready", Duration.ofSeconds(30))).isFalse();
        }
    }
}
