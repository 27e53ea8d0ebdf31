package dev.openirn.server.irp;

import dev.openirn.nic.NicClientConfig;

/** The IRP this process talks to, and the sandbox's default API user when it is the sandbox. */
public record IrpEndpoint(NicClientConfig config, boolean sandbox, String sandboxUserName, String sandboxPassword) {

    @Override
    public String toString() {
        return "IrpEndpoint[" + config.baseUrl() + ", sandbox=" + sandbox + "]";
    }
}
