package io.triad.durable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.CopyOption;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableFilesTest {
    @TempDir
    Path dir;

    @Test
    void writesTheTempFileForcesItRenamesThenForcesTheDirectory() throws IOException {
        Recorder ops = new Recorder();
        Path file = dir.resolve("state.json");

        DurableFiles.write(ops, file, out -> out.write("{\"v\":1}".getBytes(StandardCharsets.UTF_8)));

        assertThat(ops.calls)
                .containsExactly(
                        "create tmp",
                        "write tmp 7",
                        "force tmp",
                        "close tmp",
                        "move tmp -> state.json atomic",
                        "open dir",
                        "force dir",
                        "close dir");
        assertThat(Files.readString(file)).isEqualTo("{\"v\":1}");
        assertThat(leftovers()).containsExactly("state.json");
    }

    @Test
    void theTemporaryFileIsOwnerOnlyAndTheTargetKeepsItsMode() throws IOException {
        Path file = dir.resolve("secret");
        DurableFiles.writeString(file, "k");
        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void aFailedWriteLeavesTheOldFileIntactAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("license.json");
        DurableFiles.writeString(file, "old");

        assertThatThrownBy(() -> DurableFiles.write(file, out -> {
                    out.write("half of the new".getBytes(StandardCharsets.UTF_8));
                    throw new IOException("disk full");
                }))
                .isInstanceOf(IOException.class)
                .hasMessage("disk full");

        assertThat(Files.readString(file)).isEqualTo("old");
        assertThat(leftovers()).containsExactly("license.json");
    }

    @Test
    void aFailedForceLeavesTheOldFileIntact() throws IOException {
        Path file = dir.resolve("sequence");
        DurableFiles.writeString(file, "a 1\n");
        Recorder ops = new Recorder();
        ops.failForceOf = "tmp";

        assertThatThrownBy(() -> DurableFiles.write(ops, file, out -> out.write('x')))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("force failed");

        assertThat(Files.readString(file)).isEqualTo("a 1\n");
        assertThat(ops.calls).doesNotContain("move tmp -> sequence atomic");
        assertThat(leftovers()).containsExactly("sequence");
    }

    @Test
    void aFailedRenameLeavesTheOldFileIntact() throws IOException {
        Path file = dir.resolve("checkpoint");
        DurableFiles.writeString(file, "42");
        Recorder ops = new Recorder();
        ops.failMove = true;

        assertThatThrownBy(() -> DurableFiles.write(ops, file, out -> out.write('7')))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("rename failed");

        assertThat(Files.readString(file)).isEqualTo("42");
        assertThat(leftovers()).containsExactly("checkpoint");
    }

    @Test
    void createsTheDirectoryOnlyWhenAskedAndReplacesAnExistingFile() throws IOException {
        Path file = dir.resolve("a/b/run.json");
        assertThatThrownBy(() -> DurableFiles.writeString(file, "first")).isInstanceOf(IOException.class);
        assertThat(dir.resolve("a")).doesNotExist();

        DurableFiles.writeCreatingDirectories(file, "first".getBytes(StandardCharsets.UTF_8));
        DurableFiles.write(file, "second".getBytes(StandardCharsets.UTF_8));
        assertThat(Files.readString(file)).isEqualTo("second");
    }

    @Test
    void moveRenamesAndForcesBothDirectories() throws IOException {
        Path from = dir.resolve("bus/DONGLE-1.json");
        Files.createDirectories(from.getParent());
        Files.writeString(from, "dongle");
        Path to = dir.resolve("bus/unplugged/DONGLE-1.json");
        Files.createDirectories(to.getParent());
        Recorder ops = new Recorder();

        DurableFiles.move(ops, from, to);

        assertThat(ops.calls)
                .containsExactly(
                        "move DONGLE-1.json -> DONGLE-1.json atomic",
                        "open unplugged",
                        "force unplugged",
                        "close unplugged",
                        "open bus",
                        "force bus",
                        "close bus");
        assertThat(from).doesNotExist();
        assertThat(Files.readString(to)).isEqualTo("dongle");
    }

    @Test
    void concurrentWritersOfOneFileLeaveOneWholeContent() throws Exception {
        Path file = dir.resolve("report.json");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            String content = String.valueOf((char) ('a' + w)).repeat(10_000);
            done.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < 50; i++) {
                    DurableFiles.writeString(file, content);
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        String text = Files.readString(file);
        assertThat(text).hasSize(10_000);
        assertThat(text.chars().distinct().count()).isEqualTo(1);
        assertThat(leftovers()).containsExactly("report.json");
    }

    private List<String> leftovers() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Real file operations that record each call; names the temp file "tmp" and a directory by its name. */
    private static final class Recorder implements DurableFiles.FileOps {
        final List<String> calls = new ArrayList<>();
        String failForceOf = "";
        boolean failMove;

        @Override
        public FileChannel open(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attributes)
                throws IOException {
            String name = name(path);
            if (options.contains(java.nio.file.StandardOpenOption.CREATE_NEW)) {
                calls.add("create " + name);
            } else {
                calls.add("open " + name);
            }
            return new RecordingChannel(FileChannel.open(path, options, attributes), name, this);
        }

        @Override
        public void move(Path from, Path to, CopyOption... options) throws IOException {
            boolean atomic = List.of(options).contains(java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            calls.add("move " + name(from) + " -> " + name(to) + (atomic ? " atomic" : ""));
            if (failMove) {
                throw new IOException("rename failed");
            }
            Files.move(from, to, options);
        }

        private static String name(Path p) {
            String n = String.valueOf(p.getFileName());
            if (n.endsWith(".tmp")) {
                return "tmp";
            }
            return Files.isDirectory(p) ? (n.startsWith("junit") ? "dir" : n) : n;
        }
    }

    private static final class RecordingChannel extends FileChannel {
        private final FileChannel delegate;
        private final String name;
        private final Recorder recorder;

        RecordingChannel(FileChannel delegate, String name, Recorder recorder) {
            this.delegate = delegate;
            this.name = name;
            this.recorder = recorder;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            int n = delegate.write(src);
            recorder.calls.add("write " + name + " " + n);
            return n;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            recorder.calls.add("force " + name);
            if (recorder.failForceOf.equals(name)) {
                throw new IOException("force failed");
            }
            delegate.force(metaData);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            delegate.close();
            recorder.calls.add("close " + name);
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return delegate.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return delegate.read(dsts, offset, length);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            long n = delegate.write(srcs, offset, length);
            recorder.calls.add("write " + name + " " + n);
            return n;
        }

        @Override
        public long position() throws IOException {
            return delegate.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            delegate.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return delegate.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            delegate.truncate(size);
            return this;
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return delegate.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            return delegate.transferFrom(src, position, count);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return delegate.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            return delegate.write(src, position);
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return delegate.map(mode, position, size);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return delegate.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return delegate.tryLock(position, size, shared);
        }
    }
}
