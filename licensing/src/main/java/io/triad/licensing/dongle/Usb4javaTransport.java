package io.triad.licensing.dongle;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.usb4java.Context;
import org.usb4java.Device;
import org.usb4java.DeviceDescriptor;
import org.usb4java.DeviceHandle;
import org.usb4java.DeviceList;
import org.usb4java.HotplugCallbackHandle;
import org.usb4java.LibUsb;
import org.usb4java.LoaderException;

/**
 * Dongles on the real USB bus, through libusb (usb4java 1.3.0's low-level API, which bundles libusb 1.0.22): every
 * device with the configured vendor and product id is a dongle, addressed {@code usb:<bus>-<port path>} (for example
 * {@code usb:1-1.2}), which stays the same while the key stays in the same port. A session opens the device, detaches
 * a kernel driver that holds interface 0 and claims it; vendor requests are control transfers on endpoint 0.
 *
 * <p>Hot-plug: usb4java's libusb learns about devices that arrive after its context started only from udev's
 * broadcasts, so with udev running ({@code /run/udev/control}) a hot-plug callback for the vendor and product id and
 * an event thread report arrivals and departures. Without udev (a container, a minimal appliance, the QEMU guest of
 * the tests) libusb's device list would stay what it was at start-up: then every {@link #scan} and every session
 * takes a fresh context, which lists the bus from sysfs, and a daemon thread compares scans every {@code
 * pollInterval}.
 *
 * <p>NOTE: thread safe. The transport owns a private libusb context; {@link #close} deregisters the callback, stops
 * the thread, closes the sessions still open and exits the context. A {@link Session} holds its dongle exclusively
 * (another {@link #open} of the same address waits) and must be closed.
 */
final class Usb4javaTransport implements DongleTransport {
    /** How long one control transfer may take before it fails as timed out. */
    public static final long TRANSFER_TIMEOUT_MILLIS = 1000;

    /** How long one pass of the event thread waits in libusb, so that {@link #close} is seen promptly. */
    private static final long EVENT_WAIT_MICROS = 100_000;

    private static final Logger LOG = LoggerFactory.getLogger(Usb4javaTransport.class);

    /** The socket of a running udev daemon, whose broadcasts libusb's hot-plug support listens to. */
    private static final Path UDEV_CONTROL = Path.of("/run/udev/control");

    private final Context context;
    private final int vendorId;
    private final int productId;
    private final Map<String, Semaphore> locks = new ConcurrentHashMap<>();
    private final Set<UsbSession> sessions = ConcurrentHashMap.newKeySet();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean changed = new AtomicBoolean();
    private final @Nullable HotplugCallbackHandle hotplug;
    private final Thread watcher;
    private volatile boolean running = true;

    /**
     * Starts a libusb context and the hot-plug (or polling) thread.
     *
     * @param pollInterval how often to compare scans where libusb has no hot-plug support
     * @throws DongleException when libusb cannot be loaded or initialised (no native library for this platform, an
     *     unwritable {@code java.io.tmpdir}, no USB subsystem)
     */
    Usb4javaTransport(int vendorId, int productId, Duration pollInterval) throws DongleException {
        this.vendorId = vendorId;
        this.productId = productId;
        Objects.requireNonNull(pollInterval, "pollInterval");
        this.context = new Context();
        int r;
        try {
            r = LibUsb.init(context);
        } catch (LoaderException | LinkageError e) {
            Throwable why = e instanceof ExceptionInInitializerError && e.getCause() != null ? e.getCause() : e;
            throw new DongleException(
                    "libusb is not available: usb4java could not load its native library (" + why
                            + "); it unpacks it into java.io.tmpdir (" + System.getProperty("java.io.tmpdir")
                            + "), which must be writable",
                    e);
        }
        if (r != LibUsb.SUCCESS) {
            throw new DongleException("libusb is not available: libusb_init failed with " + describe(r)
                    + " (is there a USB subsystem, /dev/bus/usb and /sys/bus/usb, on this machine?)");
        }
        try {
            this.hotplug = registerHotplug(pollInterval);
        } catch (RuntimeException | LinkageError e) {
            LibUsb.exit(context);
            throw new DongleException("libusb is not available: hot-plug registration failed: " + e, e);
        }
        long pollMillis = Math.max(10, pollInterval.toMillis());
        this.watcher = hotplug != null
                ? new Thread(this::handleEvents, "triad-dongle-usb-events")
                : new Thread(() -> poll(pollMillis), "triad-dongle-usb-poll");
        watcher.setDaemon(true);
        watcher.start();
    }

    private @Nullable HotplugCallbackHandle registerHotplug(Duration pollInterval) {
        HotplugCallbackHandle handle = null;
        if (LibUsb.hasCapability(LibUsb.CAP_HAS_HOTPLUG) && Files.exists(UDEV_CONTROL)) {
            handle = new HotplugCallbackHandle();
            int h = LibUsb.hotplugRegisterCallback(
                    context,
                    LibUsb.HOTPLUG_EVENT_DEVICE_ARRIVED | LibUsb.HOTPLUG_EVENT_DEVICE_LEFT,
                    LibUsb.HOTPLUG_NO_FLAGS,
                    vendorId,
                    productId,
                    LibUsb.HOTPLUG_MATCH_ANY,
                    (ctx, device, event, userData) -> {
                        // called inside handleEventsTimeout: only note it, the listeners run after it returns
                        changed.set(true);
                        return 0;
                    },
                    null,
                    handle);
            if (h != LibUsb.SUCCESS) {
                LOG.warn(
                        "libusb hot-plug registration failed ({}); polling every {} instead",
                        describe(h),
                        pollInterval);
                handle = null;
            }
        }
        return handle;
    }

    @Override
    public String kind() {
        return "usb";
    }

    /** Whether arrivals and departures come from libusb's hot-plug events (else from polling fresh scans). */
    public boolean hotplug() {
        return hotplug != null;
    }

    @Override
    public List<DongleAddress> scan() throws DongleException {
        requireOpen();
        if (hotplug != null) {
            return scan(context);
        }
        Context fresh = freshContext();
        try {
            return scan(fresh);
        } finally {
            LibUsb.exit(fresh);
        }
    }

    /** A context of its own, which lists the bus as it is now (from sysfs). */
    private static Context freshContext() throws DongleException {
        Context c = new Context();
        int r = LibUsb.init(c);
        if (r != LibUsb.SUCCESS) {
            throw new DongleException("cannot start a libusb context to list the USB devices: " + describe(r));
        }
        return c;
    }

    private List<DongleAddress> scan(Context in) throws DongleException {
        DeviceList list = new DeviceList();
        int n = LibUsb.getDeviceList(in, list);
        if (n < 0) {
            throw new DongleException("cannot list the USB devices: " + describe(n));
        }
        try {
            List<DongleAddress> out = new ArrayList<>();
            for (Device d : list) {
                if (matches(d)) {
                    out.add(address(d));
                }
            }
            return out;
        } finally {
            LibUsb.freeDeviceList(list, true);
        }
    }

    private boolean matches(Device d) {
        DeviceDescriptor desc = new DeviceDescriptor();
        int r = LibUsb.getDeviceDescriptor(d, desc);
        if (r != LibUsb.SUCCESS) {
            LOG.debug(
                    "no device descriptor for bus {} device {}: {}",
                    LibUsb.getBusNumber(d),
                    LibUsb.getDeviceAddress(d),
                    describe(r));
            return false;
        }
        return (desc.idVendor() & 0xffff) == vendorId && (desc.idProduct() & 0xffff) == productId;
    }

    private static String id(Device d) {
        ByteBuffer ports = ByteBuffer.allocateDirect(7);
        int n = LibUsb.getPortNumbers(d, ports);
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                path.append('.');
            }
            path.append(ports.get(i) & 0xff);
        }
        return "usb:" + LibUsb.getBusNumber(d) + "-" + (n > 0 ? path : "0");
    }

    private DongleAddress address(Device d) {
        return new DongleAddress(
                id(d),
                String.format(
                        Locale.ROOT,
                        "USB %04x:%04x on bus %03d device %03d (%s)",
                        vendorId,
                        productId,
                        LibUsb.getBusNumber(d),
                        LibUsb.getDeviceAddress(d),
                        node(d)));
    }

    private static String node(Device d) {
        return String.format(Locale.ROOT, "/dev/bus/usb/%03d/%03d", LibUsb.getBusNumber(d), LibUsb.getDeviceAddress(d));
    }

    @Override
    public Session open(DongleAddress address) throws DongleException {
        requireOpen();
        Semaphore lock = locks.computeIfAbsent(address.id(), k -> new Semaphore(1));
        try {
            lock.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DongleException("interrupted while waiting for the dongle at " + address.id(), e);
        }
        Context own = null;
        try {
            own = hotplug != null ? null : freshContext();
            UsbSession s = openDevice(own != null ? own : context, own, address, lock);
            sessions.add(s);
            return s;
        } catch (DongleException | RuntimeException e) {
            if (own != null) {
                LibUsb.exit(own);
            }
            lock.release();
            throw e;
        }
    }

    private UsbSession openDevice(Context in, @Nullable Context own, DongleAddress address, Semaphore lock)
            throws DongleException {
        DeviceList list = new DeviceList();
        int n = LibUsb.getDeviceList(in, list);
        if (n < 0) {
            throw new DongleException("cannot list the USB devices: " + describe(n));
        }
        try {
            for (Device d : list) {
                if (id(d).equals(address.id()) && matches(d)) {
                    return claim(own, address, d, lock);
                }
            }
        } finally {
            LibUsb.freeDeviceList(list, true);
        }
        throw new DongleException("the dongle at " + address.id() + " is no longer plugged in");
    }

    /** Opens {@code d} (libusb keeps its own reference for the handle) and claims interface 0. */
    private UsbSession claim(@Nullable Context own, DongleAddress address, Device d, Semaphore lock)
            throws DongleException {
        DeviceHandle handle = new DeviceHandle();
        int r = LibUsb.open(d, handle);
        if (r == LibUsb.ERROR_ACCESS) {
            throw new DongleException(String.format(
                    Locale.ROOT,
                    "no permission to open the dongle at %s (%s); give this service access, e.g. with a udev rule"
                            + " SUBSYSTEM==\"usb\", ATTR{idVendor}==\"%04x\", ATTR{idProduct}==\"%04x\","
                            + " MODE=\"0660\", GROUP=\"<the service's group>\"",
                    address.id(),
                    node(d),
                    vendorId,
                    productId));
        }
        if (r == LibUsb.ERROR_NO_DEVICE) {
            throw new DongleException("the dongle at " + address.id() + " was unplugged");
        }
        if (r != LibUsb.SUCCESS) {
            throw new DongleException("cannot open the dongle at " + address.id() + ": " + describe(r));
        }
        try {
            int active = LibUsb.kernelDriverActive(handle, 0);
            if (active == 1) {
                int detached = LibUsb.detachKernelDriver(handle, 0);
                if (detached != LibUsb.SUCCESS) {
                    throw new DongleException("the dongle at " + address.id()
                            + " is held by a kernel driver that could not be detached: " + describe(detached));
                }
                LOG.info("detached the kernel driver from the dongle at {}", address.id());
            }
            int claimed = LibUsb.claimInterface(handle, 0);
            if (claimed == LibUsb.ERROR_BUSY) {
                throw new DongleException(
                        "the dongle at " + address.id() + " is claimed by another process (interface 0 is busy)");
            }
            if (claimed == LibUsb.ERROR_NO_DEVICE) {
                throw new DongleException("the dongle at " + address.id() + " was unplugged");
            }
            if (claimed != LibUsb.SUCCESS) {
                throw new DongleException(
                        "cannot claim interface 0 of the dongle at " + address.id() + ": " + describe(claimed));
            }
            return new UsbSession(address, handle, own, lock);
        } catch (DongleException | RuntimeException e) {
            LibUsb.close(handle);
            throw e;
        }
    }

    @Override
    public void onChange(Runnable listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    private void fire() {
        for (Runnable l : listeners) {
            try {
                l.run();
            } catch (RuntimeException e) {
                LOG.warn("a dongle change listener failed", e);
            }
        }
    }

    private void handleEvents() {
        while (running) {
            int r = LibUsb.handleEventsTimeout(context, EVENT_WAIT_MICROS);
            if (r != LibUsb.SUCCESS && r != LibUsb.ERROR_INTERRUPTED && running) {
                LOG.warn("libusb event handling failed: {}", describe(r));
                sleep(EVENT_WAIT_MICROS / 1000);
            }
            if (changed.getAndSet(false) && running) {
                fire();
            }
        }
    }

    private void poll(long millis) {
        List<String> last = ids();
        while (running) {
            sleep(millis);
            if (!running) {
                return;
            }
            List<String> now = ids();
            if (!now.equals(last)) {
                last = now;
                fire();
            }
        }
    }

    private List<String> ids() {
        try {
            return scan().stream().map(DongleAddress::id).sorted().toList();
        } catch (DongleException e) {
            LOG.warn("polling the USB bus failed: {}", e.getMessage());
            return List.of();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void requireOpen() {
        if (!running) {
            throw new IllegalStateException("the USB transport is closed");
        }
    }

    /** {@code LIBUSB_ERROR_PIPE (Pipe error)}. */
    private static String describe(int error) {
        return LibUsb.errorName(error) + " (" + LibUsb.strError(error) + ")";
    }

    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        HotplugCallbackHandle h = hotplug;
        if (h != null) {
            LibUsb.hotplugDeregisterCallback(context, h); // also wakes the event thread
        }
        watcher.interrupt();
        try {
            watcher.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (UsbSession s : sessions) {
            s.close();
        }
        if (watcher.isAlive()) {
            // exiting the context under a thread still inside libusb would crash the JVM: leak it instead
            LOG.warn("the libusb {} thread did not stop; its context is left open", watcher.getName());
            return;
        }
        LibUsb.exit(context);
    }

    private final class UsbSession implements Session {
        private final DongleAddress address;
        private final DeviceHandle handle;
        private final @Nullable Context own;
        private final Semaphore lock;
        private boolean closed;

        /** @param own the context opened for this session alone (exited with it), or null for the transport's */
        UsbSession(DongleAddress address, DeviceHandle handle, @Nullable Context own, Semaphore lock) {
            this.address = address;
            this.handle = handle;
            this.own = own;
            this.lock = lock;
        }

        @Override
        public byte[] controlIn(int request, int value, int index, int length) throws DongleException {
            if (length < 0 || length > 0xffff) {
                throw new IllegalArgumentException("a control transfer carries 0 to 65535 bytes; got " + length);
            }
            ByteBuffer buffer = ByteBuffer.allocateDirect(length);
            int n = transfer(DongleProtocol.REQUEST_TYPE_IN, request, value, index, buffer);
            byte[] out = new byte[n];
            buffer.get(0, out);
            return out;
        }

        @Override
        public void controlOut(int request, int value, int index, byte[] data) throws DongleException {
            if (data.length > 0xffff) {
                throw new IllegalArgumentException("a control transfer carries 0 to 65535 bytes; got " + data.length);
            }
            ByteBuffer buffer = ByteBuffer.allocateDirect(data.length);
            buffer.put(0, data);
            int n = transfer(DongleProtocol.REQUEST_TYPE_OUT, request, value, index, buffer);
            if (n != data.length) {
                throw new DongleException("the dongle at " + address.id() + " took " + n + " of the " + data.length
                        + " bytes of " + DongleProtocol.requestName(request));
            }
        }

        private synchronized int transfer(int requestType, int request, int value, int index, ByteBuffer buffer)
                throws DongleException {
            if (closed) {
                throw new IllegalStateException("session closed");
            }
            int r = LibUsb.controlTransfer(
                    handle,
                    (byte) requestType,
                    (byte) request,
                    (short) value,
                    (short) index,
                    buffer,
                    TRANSFER_TIMEOUT_MILLIS);
            if (r >= 0) {
                return r;
            }
            String what = DongleProtocol.requestName(request);
            throw switch (r) {
                case LibUsb.ERROR_PIPE ->
                    new DongleException("the dongle at " + address.id() + " refused " + what + " (STALL)");
                case LibUsb.ERROR_NO_DEVICE ->
                    new DongleException("the dongle at " + address.id() + " was unplugged during " + what);
                case LibUsb.ERROR_TIMEOUT ->
                    new DongleException("the dongle at " + address.id() + " did not answer " + what + " within "
                            + TRANSFER_TIMEOUT_MILLIS + " ms (timeout)");
                default -> new DongleException(what + " to the dongle at " + address.id() + " failed: " + describe(r));
            };
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            sessions.remove(this);
            int r = LibUsb.releaseInterface(handle, 0);
            if (r != LibUsb.SUCCESS && r != LibUsb.ERROR_NO_DEVICE) {
                LOG.debug("releasing interface 0 of {}: {}", address.id(), describe(r));
            }
            LibUsb.close(handle);
            if (own != null) {
                LibUsb.exit(own);
            }
            lock.release();
        }
    }
}
