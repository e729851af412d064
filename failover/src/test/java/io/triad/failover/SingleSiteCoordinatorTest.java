package io.triad.failover;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The single-site coordinator passes the contract; its state file is the versioned snapshot JSON. */
class SingleSiteCoordinatorTest extends CoordinatorContract {
    private final List<Coordinator> open = new ArrayList<>();

    @Override
    List<Coordinator> open(Path dir) throws Exception {
        SingleSiteCoordinator c = SingleSiteCoordinator.open("site-a", dir);
        open.add(c);
        return List.of(c);
    }

    @Override
    void closeAll() {
        open.forEach(Coordinator::close);
        open.clear();
    }

    @Test
    void theStateFileIsVersionedJson() throws Exception {
        Coordinator c = open(dir).get(0);
        for (ClusterChange ch : threeSites()) {
            await(c.submit(ch));
        }
        String json = Files.readString(dir.resolve(SingleSiteCoordinator.FILE), StandardCharsets.UTF_8);
        assertThat(json)
                .startsWith("{\"format\":1,")
                .contains("\"role\":\"witness\"")
                .contains("\"state\":\"up\"");
        assertThat(Files.getPosixFilePermissions(dir.resolve(SingleSiteCoordinator.FILE))
                        .toString())
                .isEqualTo("[OWNER_READ, OWNER_WRITE]");
    }

    @Test
    void anotherFormatIsRefusedWithItsNumber() throws Exception {
        Files.writeString(
                dir.resolve(SingleSiteCoordinator.FILE), "{\"format\":2,\"state\":{}}", StandardCharsets.UTF_8);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SingleSiteCoordinator.open("site-a", dir))
                .hasMessageContaining("snapshot format 2 is not the supported format 1");
    }

    @Test
    void aBareSiteAlwaysLeadsWithALease() throws Exception {
        Coordinator c = open(dir).get(0);
        assertThat(c.isLeader()).isTrue();
        assertThat(c.holdsLease()).isTrue();
        assertThat(c.lease().leaderAt(System.nanoTime())).isTrue();
        assertThat(c.leader()).contains("site-a");
    }
}
