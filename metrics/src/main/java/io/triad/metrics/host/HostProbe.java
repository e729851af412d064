package io.triad.metrics.host;

import io.triad.metrics.model.Labels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.CentralProcessor.TickType;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HWDiskStore;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.NetworkIF;
import oshi.hardware.VirtualMemory;
import oshi.software.os.FileSystem;
import oshi.software.os.OSFileStore;
import oshi.software.os.OperatingSystem;

/**
 * Reads the host's resources once per {@link #probe()}, as series named like Prometheus's node_exporter names them
 * (so dashboards, rules and people's habits carry over), each labelled with {@code site}, {@code host} and {@code
 * component="os"}:
 *
 * <ul>
 *   <li>CPU: {@code node_cpu_seconds_total{cpu, mode}} (user, nice, system, idle, iowait, irq, softirq, steal),
 *       {@code node_load1}, {@code node_load5}, {@code node_load15}, {@code node_cpu_count};
 *   <li>memory: {@code node_memory_MemTotal_bytes}, {@code node_memory_MemAvailable_bytes}, {@code
 *       node_memory_SwapTotal_bytes}, {@code node_memory_SwapFree_bytes};
 *   <li>pressure: {@code node_pressure_cpu_waiting_seconds_total}, {@code node_pressure_memory_waiting_seconds_total},
 *       {@code node_pressure_memory_stalled_seconds_total}, {@code node_pressure_io_waiting_seconds_total}, {@code
 *       node_pressure_io_stalled_seconds_total} (where the kernel has PSI);
 *   <li>file systems ({@code mountpoint, fstype, device}): {@code node_filesystem_size_bytes}, {@code
 *       node_filesystem_avail_bytes}, {@code node_filesystem_free_bytes}, {@code node_filesystem_files}, {@code
 *       node_filesystem_files_free};
 *   <li>disks ({@code device}): {@code node_disk_reads_completed_total}, {@code node_disk_writes_completed_total},
 *       {@code node_disk_read_bytes_total}, {@code node_disk_written_bytes_total}, {@code
 *       node_disk_io_time_seconds_total};
 *   <li>network ({@code device}): {@code node_network_receive_bytes_total}, {@code node_network_transmit_bytes_total},
 *       {@code node_network_receive_errs_total}, {@code node_network_transmit_errs_total}, {@code
 *       node_network_receive_drop_total};
 *   <li>{@code node_filefd_allocated}, {@code node_filefd_maximum}, {@code node_processes}, {@code node_threads}.
 * </ul>
 *
 * <p>NOTE: not thread safe; {@link HostTelemetry} calls it from one thread.
 */
public final class HostProbe {
    /** File system types that hold no data of their own. */
    private static final Set<String> PSEUDO_FS = Set.of(
            "tmpfs",
            "devtmpfs",
            "proc",
            "sysfs",
            "cgroup",
            "cgroup2",
            "squashfs",
            "nsfs",
            "autofs",
            "devpts",
            "mqueue",
            "securityfs",
            "debugfs",
            "tracefs",
            "fusectl",
            "configfs",
            "pstore",
            "bpf",
            "hugetlbfs",
            "binfmt_misc",
            "ramfs",
            "efivarfs",
            "rpc_pipefs",
            "fuse.lxcfs");

    private static final TickType[] MODES = {
        TickType.USER,
        TickType.NICE,
        TickType.SYSTEM,
        TickType.IDLE,
        TickType.IOWAIT,
        TickType.IRQ,
        TickType.SOFTIRQ,
        TickType.STEAL
    };

    private final String site;
    private final String host;
    private final Path procPressure;
    private final HardwareAbstractionLayer hardware;
    private final OperatingSystem os;

    /**
     * @param site the site label of every series
     * @param host the host label of every series
     * @param procPressure where the kernel's pressure files are ({@code /proc/pressure})
     */
    public HostProbe(String site, String host, Path procPressure) {
        this.site = site;
        this.host = host;
        this.procPressure = procPressure;
        SystemInfo si = new SystemInfo();
        this.hardware = si.getHardware();
        this.os = si.getOperatingSystem();
    }

    /** Reads every resource now. */
    List<HostSample> probe() {
        List<HostSample> out = new ArrayList<>(256);
        cpu(out);
        memory(out);
        pressure(out);
        fileSystems(out);
        disks(out);
        network(out);
        return out;
    }

    private void cpu(List<HostSample> out) {
        CentralProcessor cpu = hardware.getProcessor();
        long[][] ticks = cpu.getProcessorCpuLoadTicks(); // milliseconds per logical processor and mode
        for (int c = 0; c < ticks.length; c++) {
            for (TickType mode : MODES) {
                add(
                        out,
                        "node_cpu_seconds_total",
                        ticks[c][mode.getIndex()] / 1000.0,
                        "cpu",
                        Integer.toString(c),
                        "mode",
                        mode.name().toLowerCase(Locale.ROOT));
            }
        }
        double[] load = cpu.getSystemLoadAverage(3);
        add(out, "node_load1", load[0]);
        add(out, "node_load5", load[1]);
        add(out, "node_load15", load[2]);
        add(out, "node_cpu_count", cpu.getLogicalProcessorCount());
    }

    private void memory(List<HostSample> out) {
        GlobalMemory memory = hardware.getMemory();
        VirtualMemory virtual = memory.getVirtualMemory();
        add(out, "node_memory_MemTotal_bytes", memory.getTotal());
        add(out, "node_memory_MemAvailable_bytes", memory.getAvailable());
        add(out, "node_memory_SwapTotal_bytes", virtual.getSwapTotal());
        add(out, "node_memory_SwapFree_bytes", virtual.getSwapTotal() - virtual.getSwapUsed());
    }

    private void pressure(List<HostSample> out) {
        for (String resource : new String[] {"cpu", "memory", "io"}) {
            Map<String, Double> totals = PressureStall.read(procPressure, resource);
            Double some = totals.get("some");
            if (some != null) {
                add(out, "node_pressure_" + resource + "_waiting_seconds_total", some);
            }
            Double full = totals.get("full");
            if (full != null && !resource.equals("cpu")) {
                add(out, "node_pressure_" + resource + "_stalled_seconds_total", full);
            }
        }
    }

    private void fileSystems(List<HostSample> out) {
        FileSystem fs = os.getFileSystem();
        for (OSFileStore store : fs.getFileStores(true)) {
            if (PSEUDO_FS.contains(store.getType()) || store.getTotalSpace() <= 0) {
                continue;
            }
            String[] l = {"mountpoint", store.getMount(), "fstype", store.getType(), "device", store.getVolume()};
            add(out, "node_filesystem_size_bytes", store.getTotalSpace(), l);
            add(out, "node_filesystem_avail_bytes", store.getUsableSpace(), l);
            add(out, "node_filesystem_free_bytes", store.getFreeSpace(), l);
            if (store.getTotalInodes() > 0) {
                add(out, "node_filesystem_files", store.getTotalInodes(), l);
                add(out, "node_filesystem_files_free", store.getFreeInodes(), l);
            }
        }
        add(out, "node_filefd_allocated", fs.getOpenFileDescriptors());
        add(out, "node_filefd_maximum", fs.getMaxFileDescriptors());
        add(out, "node_processes", os.getProcessCount());
        add(out, "node_threads", os.getThreadCount());
    }

    private void disks(List<HostSample> out) {
        for (HWDiskStore d : hardware.getDiskStores()) {
            String[] l = {"device", d.getName().replaceFirst("^/dev/", "")};
            add(out, "node_disk_reads_completed_total", d.getReads(), l);
            add(out, "node_disk_writes_completed_total", d.getWrites(), l);
            add(out, "node_disk_read_bytes_total", d.getReadBytes(), l);
            add(out, "node_disk_written_bytes_total", d.getWriteBytes(), l);
            add(out, "node_disk_io_time_seconds_total", d.getTransferTime() / 1000.0, l);
        }
    }

    private void network(List<HostSample> out) {
        for (NetworkIF n : hardware.getNetworkIFs(true)) {
            String[] l = {"device", n.getName()};
            add(out, "node_network_receive_bytes_total", n.getBytesRecv(), l);
            add(out, "node_network_transmit_bytes_total", n.getBytesSent(), l);
            add(out, "node_network_receive_errs_total", n.getInErrors(), l);
            add(out, "node_network_transmit_errs_total", n.getOutErrors(), l);
            add(out, "node_network_receive_drop_total", n.getInDrops(), l);
        }
    }

    private void add(List<HostSample> out, String name, double value, String... labels) {
        Map<String, String> m = new TreeMap<>();
        m.put(Labels.NAME, name);
        m.put("site", site);
        m.put("host", host);
        m.put("component", "os");
        for (int i = 0; i + 1 < labels.length; i += 2) {
            m.put(labels[i], labels[i + 1]);
        }
        out.add(new HostSample(Labels.of(m), value));
    }
}
