package dev.openirn.server.irp;

import dev.openirn.nic.NicClientConfig;

/**
 * One IRP this process talks to, by {@code name} (as metrics, logs and the {@code irp} of an
 * e-invoice say it), and the sandbox's default API user when it is the sandbox.
 */
public record IrpEndpoint(String name, NicClientConfig config, boolean sandbox, String sandboxUserName,
        String sandboxPassword) {

    /** The one IRP of a process that has one: {@code sandbox} or {@code nic}. */
    public IrpEndpoint(NicClientConfig config, boolean sandbox, String sandboxUserName, String sandboxPassword) {
        this(sandbox ? "sandbox" : "nic", config, sandbox, sandboxUserName, sandboxPassword);
    }

    @Override
    public String toString() {
        return "IrpEndpoint[" + name + ", " + config.baseUrl() + ", sandbox=" + sandbox + "]";
    }
}
