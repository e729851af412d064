package io.triad.appliance;

import io.triad.appliance.config.TriadConfig;
import io.triad.durable.DurableFiles;
import io.triad.licensing.dongle.DongleException;
import io.triad.licensing.dongle.EmulatedDongleFile;
import io.triad.licensing.license.LicenseDocument;
import io.triad.licensing.license.LicenseException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code triad dongle ...}: emulated dongles for the demo, development and tests. {@code emulate} provisions one (its
 * own serial and key pair, optionally a stored license); {@code unplug} and {@code plug} pull it out of the emulator's
 * bus and put it back, which a running appliance sees like a USB hot-plug within {@code licensing.pollMillis}.
 */
@Command(
        name = "dongle",
        description = "Emulated site dongles: emulate, list, unplug, plug.",
        subcommands = {
            DongleCommand.Emulate.class,
            DongleCommand.ListDongles.class,
            DongleCommand.Unplug.class,
            DongleCommand.Plug.class,
            CommandLine.HelpCommand.class
        })
final class DongleCommand implements Runnable {
    /** Where pulled dongles wait, below the emulator's directory. */
    static final String UNPLUGGED = "unplugged";

    @CommandLine.Spec
    CommandLine.Model.@Nullable CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                Subcommand.spec(spec).commandLine(), "expected a subcommand: emulate, list, unplug or plug");
    }

    /** The base of the subcommands: the emulator's directory, from {@code --dir} or the configuration. */
    abstract static class Sub extends Subcommand {
        @Option(names = "--dir", description = "The emulated dongles' directory (default: licensing.emulatedDir)")
        @Nullable
        Path dir;

        @CommandLine.Mixin
        ConfigOptions options = new ConfigOptions();

        Path bus() throws IOException {
            if (dir != null) {
                return dir;
            }
            TriadConfig c = options.load();
            return Licensing.Paths.of(c, Path.of(c.data)).emulatedDir();
        }
    }

    @Command(name = "emulate", description = "Provision an emulated dongle with its own serial and key pair.")
    static final class Emulate extends Sub {
        @Option(names = "--serial", required = true)
        String serial = "";

        @Option(names = "--license", description = "A license file to store on the dongle")
        @Nullable
        Path license;

        @Override
        public Integer call() throws IOException, DongleException, LicenseException {
            TriadConfig c = options.load();
            Path file = bus().resolve(EmulatedDongleFile.fileName(serial));
            byte[] doc = license == null ? new byte[0] : Files.readAllBytes(license);
            if (doc.length > 0) {
                LicenseDocument.inspect(doc); // a license document, at least; its signature is checked on use
            }
            EmulatedDongleFile d;
            if (Files.exists(file)) {
                d = EmulatedDongleFile.read(file)
                        .withLicense(
                                doc.length > 0
                                        ? doc
                                        : EmulatedDongleFile.read(file).licenseBytes());
                out().println("updated " + file);
            } else {
                d = EmulatedDongleFile.create(serial, doc, c.licensing.vendorId, c.licensing.productId);
                out().println("created " + file);
            }
            d.write(file);
            out().println("serial:     " + d.serial());
            out().println("public key: " + d.publicKey());
            out().println("license:    "
                    + (d.licenseBytes().length == 0 ? "none stored" : d.licenseBytes().length + " bytes"));
            out().flush();
            return 0;
        }
    }

    @Command(name = "list", description = "List the emulated dongles, plugged in and pulled.")
    static final class ListDongles extends Sub {
        @Override
        public Integer call() throws IOException {
            Path bus = bus();
            list(bus, "plugged in");
            list(bus.resolve(UNPLUGGED), "unplugged");
            out().flush();
            return 0;
        }

        private void list(Path d, String state) throws IOException {
            if (!Files.isDirectory(d)) {
                return;
            }
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(d, "*" + EmulatedDongleFile.SUFFIX)) {
                for (Path p : ds) {
                    try {
                        EmulatedDongleFile f = EmulatedDongleFile.read(p);
                        String lic = "none";
                        if (f.licenseBytes().length > 0) {
                            try {
                                lic = LicenseDocument.inspect(f.licenseBytes())
                                        .license()
                                        .licenseId();
                            } catch (LicenseException e) {
                                lic = "unreadable";
                            }
                        }
                        out().println(f.serial() + "\t" + state + "\tkey " + f.publicKey() + "\tlicense " + lic);
                    } catch (DongleException e) {
                        out().println(p.getFileName() + "\tbroken: " + e.getMessage());
                    }
                }
            }
        }
    }

    @Command(name = "unplug", description = "Pull an emulated dongle out (the appliance sees it leave).")
    static final class Unplug extends Sub {
        @Option(names = "--serial", required = true)
        String serial = "";

        @Override
        public Integer call() throws IOException {
            Path bus = bus();
            Path from = bus.resolve(EmulatedDongleFile.fileName(serial));
            if (!Files.exists(from)) {
                throw new IOException("no plugged-in emulated dongle " + serial + " in " + bus);
            }
            Files.createDirectories(bus.resolve(UNPLUGGED));
            DurableFiles.move(from, bus.resolve(UNPLUGGED).resolve(from.getFileName()));
            out().println("unplugged " + serial);
            out().flush();
            return 0;
        }
    }

    @Command(name = "plug", description = "Plug a pulled emulated dongle back in.")
    static final class Plug extends Sub {
        @Option(names = "--serial", required = true)
        String serial = "";

        @Override
        public Integer call() throws IOException {
            Path bus = bus();
            Path from = bus.resolve(UNPLUGGED).resolve(EmulatedDongleFile.fileName(serial));
            if (!Files.exists(from)) {
                throw new IOException("no unplugged emulated dongle " + serial + " in " + bus.resolve(UNPLUGGED));
            }
            DurableFiles.move(from, bus.resolve(from.getFileName()));
            out().println("plugged in " + serial);
            out().flush();
            return 0;
        }
    }
}
