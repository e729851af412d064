package io.triad.licensing.dongle;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emulated dongles: every {@link EmulatedDongleFile} in one directory with the configured vendor and product id is a
 * plugged-in dongle; removing the file pulls it. Transfers are encoded as USB setup packets and answered by {@link
 * DongleDevice}, byte for byte what a real key would send.
 *
 * <p>NOTE: thread safe. A poller compares the directory every {@code pollInterval} and calls the listeners when it
 * changed (the emulator's hot-plug).
 */
final class EmulatedTransport implements DongleTransport {
    private static final Logger LOG = LoggerFactory.getLogger(EmulatedTransport.class);

    private final Path directory;
    private final int vendorId;
    private final int productId;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService poller;
    private final ScheduledFuture<?> polling;
    private volatile List<String> lastListing = List.of();

    EmulatedTransport(Path directory, int vendorId, int productId, Duration pollInterval) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.vendorId = vendorId;
        this.productId = productId;
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "triad-dongle-emulator");
            t.setDaemon(true);
            return t;
        });
        this.lastListing = listing();
        long ms = Math.max(10, pollInterval.toMillis());
        this.polling = poller.scheduleWithFixedDelay(this::poll, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** The directory whose files are the plugged-in dongles. */
    public Path directory() {
        return directory;
    }

    @Override
    public String kind() {
        return "emulated";
    }

    @Override
    public List<DongleAddress> scan() throws DongleException {
        List<DongleAddress> out = new ArrayList<>();
        for (Path file : files()) {
            try {
                EmulatedDongleFile f = EmulatedDongleFile.read(file);
                if (f.vendorId() == vendorId && f.productId() == productId) {
                    out.add(new DongleAddress(
                            "emulated:" + file.getFileName(),
                            String.format(
                                    java.util.Locale.ROOT,
                                    "emulated %04x:%04x serial %s (%s)",
                                    f.vendorId(),
                                    f.productId(),
                                    f.serial(),
                                    file)));
                }
            } catch (DongleException e) {
                // a broken file is a broken device on the bus: it does not enumerate, the others still do
                LOG.warn("ignoring {}: {}", file, e.getMessage());
            }
        }
        return out;
    }

    @Override
    public Session open(DongleAddress address) throws DongleException {
        Path file = fileOf(address);
        ReentrantLock lock = locks.computeIfAbsent(address.id(), k -> new ReentrantLock());
        lock.lock();
        try {
            if (!Files.isRegularFile(file)) {
                throw new DongleException("the dongle at " + address.id() + " is no longer plugged in");
            }
            return new EmulatedSession(file, EmulatedDongleFile.read(file).device(), lock);
        } catch (DongleException | RuntimeException e) {
            lock.unlock();
            throw e;
        }
    }

    private Path fileOf(DongleAddress address) throws DongleException {
        String id = address.id();
        if (!id.startsWith("emulated:")) {
            throw new DongleException("not an emulated dongle's address: " + id);
        }
        String name = id.substring("emulated:".length());
        if (name.contains("/") || name.contains("\\") || name.startsWith(".")) {
            throw new DongleException("not an emulated dongle's address: " + id);
        }
        return directory.resolve(name);
    }

    @Override
    public void onChange(Runnable listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    private void poll() {
        List<String> now = listing();
        if (!now.equals(lastListing)) {
            lastListing = now;
            for (Runnable l : listeners) {
                try {
                    l.run();
                } catch (RuntimeException e) {
                    LOG.warn("a dongle change listener failed", e);
                }
            }
        }
    }

    /** File names with size and modification time, so a replaced file counts as a change too. */
    private List<String> listing() {
        List<String> out = new ArrayList<>();
        for (Path p : files()) {
            try {
                out.add(p.getFileName() + ":" + Files.size(p) + ":"
                        + Files.getLastModifiedTime(p).toMillis());
            } catch (IOException e) {
                out.add(p.getFileName() + ":gone");
            }
        }
        return out;
    }

    private List<Path> files() {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(directory, "*" + EmulatedDongleFile.SUFFIX)) {
            for (Path p : ds) {
                out.add(p);
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            LOG.warn("cannot list the emulated dongles in {}: {}", directory, e.getMessage());
        }
        out.sort(null);
        return out;
    }

    @Override
    public void close() {
        polling.cancel(false);
        poller.shutdownNow();
    }

    private static final class EmulatedSession implements Session {
        private final Path file;
        private final DongleDevice device;
        private final ReentrantLock lock;
        private boolean closed;

        EmulatedSession(Path file, DongleDevice device, ReentrantLock lock) {
            this.file = file;
            this.device = device;
            this.lock = lock;
        }

        @Override
        public byte[] controlIn(int request, int value, int index, int length) throws DongleException {
            return transfer(
                    new DongleDevice.Setup(DongleProtocol.REQUEST_TYPE_IN, request, value, index, length), new byte[0]);
        }

        @Override
        public void controlOut(int request, int value, int index, byte[] data) throws DongleException {
            transfer(new DongleDevice.Setup(DongleProtocol.REQUEST_TYPE_OUT, request, value, index, data.length), data);
        }

        private byte[] transfer(DongleDevice.Setup setup, byte[] data) throws DongleException {
            if (closed) {
                throw new IllegalStateException("session closed");
            }
            if (!Files.isRegularFile(file)) {
                throw new DongleException("the dongle " + device.info().serial() + " was unplugged");
            }
            try {
                // through the wire encoding, as a USB host controller would carry it
                return device.control(DongleDevice.Setup.of(setup.encode()), data.clone());
            } catch (DongleDevice.Stall e) {
                throw new DongleException(
                        "the dongle " + device.info().serial() + " refused "
                                + DongleProtocol.requestName(setup.request()) + " (STALL): " + e.getMessage(),
                        e);
            }
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                lock.unlock();
            }
        }
    }
}
