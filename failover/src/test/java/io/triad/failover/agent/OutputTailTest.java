package io.triad.failover.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OutputTailTest {

    private static void write(OutputTail t, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        t.write(b, 0, b.length);
    }

    @Test
    void keepsEverythingUnderTheCapacity() {
        OutputTail t = new OutputTail(10);
        write(t, "abc");
        write(t, "def");
        assertThat(t.text()).isEqualTo("abcdef");
        assertThat(t.total()).isEqualTo(6);
    }

    @Test
    void keepsTheLastBytesAcrossManyWritesThatWrapTheRing() {
        OutputTail t = new OutputTail(7);
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            String s = Integer.toString(i);
            write(t, s);
            all.append(s);
            assertThat(t.text()).isEqualTo(all.substring(Math.max(0, all.length() - 7)));
        }
        assertThat(t.total()).isEqualTo(all.length());
    }

    @Test
    void oneWriteLongerThanTheCapacityKeepsItsTail() {
        OutputTail t = new OutputTail(4);
        write(t, "xy");
        write(t, "0123456789");
        assertThat(t.text()).isEqualTo("6789");
        assertThat(t.total()).isEqualTo(12);
    }

    @Test
    void aCharacterCutInHalfIsLeftOut() {
        OutputTail t = new OutputTail(4);
        write(t, "a\u20ac\u00e9"); // 61 | e2 82 ac | c3 a9: the last four bytes start inside the euro sign
        assertThat(t.text()).isEqualTo("\u00e9");
    }
}
