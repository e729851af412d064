package io.triad.failover;

import io.triad.durable.DurableFiles;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.MD5FileUtil;
import org.jspecify.annotations.Nullable;

/**
 * The Ratis state machine of the cluster state: applies each committed {@link ClusterChange} (JSON) in log order and
 * answers the proposer with the {@link ClusterJson.Outcome}; takes snapshots as versioned JSON files through Ratis's
 * {@link SimpleStateMachineStorage} and loads the latest one at start and when the leader installs one.
 *
 * <p>NOTE: Ratis calls {@code applyTransaction} from one thread; the state and the applied index change together under
 * this object's lock, which {@code takeSnapshot} takes too, so a snapshot always matches its index.
 */
final class ClusterStateMachine extends BaseStateMachine {
    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
    private final Consumer<ClusterState> applied;
    private final Runnable leaderChanged;
    private volatile ClusterState state = ClusterState.EMPTY;

    /**
     * @param applied called on Ratis's apply thread after each change that changed the state, and after a snapshot load
     * @param leaderChanged called when Ratis learns of a new leader
     */
    ClusterStateMachine(Consumer<ClusterState> applied, Runnable leaderChanged) {
        this.applied = applied;
        this.leaderChanged = leaderChanged;
    }

    ClusterState state() {
        return state;
    }

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        super.initialize(server, groupId, raftStorage);
        storage.init(raftStorage);
        load(storage.getLatestSnapshot());
    }

    @Override
    public void reinitialize() throws IOException {
        load(storage.loadLatestSnapshot());
    }

    @Override
    public StateMachineStorage getStateMachineStorage() {
        return storage;
    }

    private synchronized void load(@Nullable SingleFileSnapshotInfo snapshot) throws IOException {
        if (snapshot == null) {
            return;
        }
        File file = snapshot.getFile().getPath().toFile();
        if (snapshot.hasMd5()) {
            MD5FileUtil.verifySavedMD5(file, snapshot.getFile().getFileDigest());
        }
        ClusterJson.Snapshot s = ClusterJson.snapshot(Files.readAllBytes(file.toPath()));
        state = s.state();
        updateLastAppliedTermIndex(s.term(), s.index());
        applied.accept(state);
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        byte[] data = entry.getStateMachineLogEntry().getLogData().toByteArray();
        ClusterJson.Outcome outcome;
        ClusterState after;
        synchronized (this) {
            ClusterState before = state;
            try {
                after = ClusterJson.change(data).applyTo(before);
                outcome = new ClusterJson.Outcome(after.version(), null);
            } catch (RejectedChangeException e) {
                after = before;
                outcome = new ClusterJson.Outcome(before.version(), e.getMessage());
            } catch (IOException | RuntimeException e) {
                // an undecodable change is refused alike on every site: the decision depends on the bytes only
                after = before;
                outcome = new ClusterJson.Outcome(before.version(), "not a cluster change: " + e.getMessage());
            }
            state = after;
            updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
            if (after != before) {
                applied.accept(after);
            }
        }
        return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(ClusterJson.outcome(outcome))));
    }

    @Override
    public CompletableFuture<Message> query(Message request) {
        return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(ClusterJson.state(state))));
    }

    @Override
    public synchronized long takeSnapshot() throws IOException {
        TermIndex last = getLastAppliedTermIndex();
        if (last == null || last.getIndex() < 0) {
            return RaftLog.INVALID_LOG_INDEX;
        }
        File file = storage.getSnapshotFile(last.getTerm(), last.getIndex());
        DurableFiles.write(file.toPath(), ClusterJson.snapshot(last.getTerm(), last.getIndex(), state));
        FileInfo info = new FileInfo(file.toPath(), MD5FileUtil.computeAndSaveMd5ForFile(file));
        storage.updateLatestSnapshot(new SingleFileSnapshotInfo(info, last));
        return last.getIndex();
    }

    @Override
    public void notifyLeaderChanged(RaftGroupMemberId groupMemberId, RaftPeerId newLeaderId) {
        leaderChanged.run();
    }
}
