package io.triad.durable;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.CopyOption;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Replaces files as a whole so that the replacement survives a crash or a power loss: the new content goes to a
 * temporary sibling (owner-only, a name of its own per call, so concurrent writers never share one), which is forced
 * to the device, renamed atomically over the target and followed by a force of the directory that records the rename.
 * After a failure at any step the old file is intact and the temporary file is removed.
 *
 * <p>The sequence is the one POSIX needs for a durable replace (write, {@code fsync(tmp)}, {@code rename},
 * {@code fsync(dir)}); without the last step the rename itself may be lost, without the second a power loss may leave
 * the new name pointing to an empty file.
 *
 * <p>NOTE: the methods are thread-safe; two writers of the same file do not corrupt it, the later rename wins.
 */
public final class DurableFiles {
    /** Writes a file's new content; the stream must not be closed by the writer (closing it is harmless). */
    @FunctionalInterface
    public interface ContentWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    private static final FileOps REAL = new FileOps() {
        @Override
        public FileChannel open(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attributes)
                throws IOException {
            return FileChannel.open(path, options, attributes);
        }

        @Override
        public void move(Path from, Path to, CopyOption... options) throws IOException {
            Files.move(from, to, options);
        }
    };

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private DurableFiles() {}

    /**
     * Replaces {@code file} with {@code bytes}; its directory must exist (a directory deleted under a running
     * component is an error, not something to create again silently).
     */
    public static void write(Path file, byte[] bytes) throws IOException {
        write(REAL, file, out -> out.write(bytes));
    }

    /** Replaces {@code file} with {@code text} in UTF-8; its directory must exist. */
    public static void writeString(Path file, String text) throws IOException {
        write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Replaces {@code file} with what {@code content} writes; its directory must exist. */
    public static void write(Path file, ContentWriter content) throws IOException {
        write(REAL, file, content);
    }

    /** Replaces {@code file} with {@code bytes}, creating its directory and the missing ones above it first. */
    public static void writeCreatingDirectories(Path file, byte[] bytes) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        write(file, bytes);
    }

    /**
     * Renames {@code from} to {@code to} atomically, replacing {@code to}, then forces the directories of both, so the
     * rename survives a power loss. Falls back to a plain move only where the file system cannot rename atomically
     * (another file store).
     */
    public static void move(Path from, Path to) throws IOException {
        move(REAL, from, to);
    }

    /** Forces a directory's entries (a file created, renamed or deleted in it) to the device. */
    public static void forceDirectory(Path dir) throws IOException {
        forceDirectory(REAL, dir);
    }

    static void write(FileOps ops, Path file, ContentWriter content) throws IOException {
        Objects.requireNonNull(content, "content");
        Path target = file.toAbsolutePath();
        Path dir = Objects.requireNonNull(target.getParent(), "a file to replace needs a directory: " + file);
        String name = target.getFileName().toString();
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] ownerOnly = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
        Path tmp;
        FileChannel channel;
        for (int attempt = 0; ; attempt++) {
            tmp = dir.resolve("." + name + "."
                    + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                channel = ops.open(tmp, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), ownerOnly);
                break;
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 16) {
                    throw e;
                }
            }
        }
        boolean moved = false;
        try {
            try (FileChannel ch = channel) {
                OutputStream out = Channels.newOutputStream(new UnclosableChannel(ch));
                content.writeTo(out);
                out.flush();
                ch.force(true);
            }
            rename(ops, tmp, target);
            moved = true;
            forceDirectory(ops, dir);
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    static void move(FileOps ops, Path from, Path to) throws IOException {
        Path source = from.toAbsolutePath();
        Path target = to.toAbsolutePath();
        rename(ops, source, target);
        Path targetDir = Objects.requireNonNull(target.getParent(), "a move needs a target directory: " + to);
        forceDirectory(ops, targetDir);
        Path sourceDir = source.getParent();
        if (sourceDir != null && !sourceDir.equals(targetDir)) {
            forceDirectory(ops, sourceDir);
        }
    }

    private static void rename(FileOps ops, Path from, Path to) throws IOException {
        try {
            ops.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            ops.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static void forceDirectory(FileOps ops, Path dir) throws IOException {
        try (FileChannel ch = ops.open(dir, EnumSet.of(StandardOpenOption.READ))) {
            ch.force(true);
        }
    }

    /** The file operations the writer uses; a seam for the test that records the sequence of calls. */
    interface FileOps {
        FileChannel open(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attributes)
                throws IOException;

        void move(Path from, Path to, CopyOption... options) throws IOException;
    }

    /** Keeps the output stream's close from closing the channel before it is forced. */
    private static final class UnclosableChannel implements java.nio.channels.WritableByteChannel {
        private final FileChannel channel;

        UnclosableChannel(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return channel.write(src);
        }

        @Override
        public boolean isOpen() {
            return channel.isOpen();
        }

        @Override
        public void close() {}
    }
}
