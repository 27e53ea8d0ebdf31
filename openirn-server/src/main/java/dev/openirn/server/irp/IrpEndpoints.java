package dev.openirn.server.irp;

/**
 * Which IRP each environment talks to. Test clients use the bundled sandbox whenever it runs, so
 * test data never reaches a real IRP; live clients use the configured NIC IRP in {@code nic} mode
 * (and the sandbox in {@code sandbox} mode, where there is no real IRP).
 */
public record IrpEndpoints(IrpEndpoint test, IrpEndpoint live) {

    public IrpEndpoint of(String environment) {
        return "live".equals(environment) ? live : test;
    }
}
