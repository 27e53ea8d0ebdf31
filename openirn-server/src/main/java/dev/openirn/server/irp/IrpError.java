package dev.openirn.server.irp;

/** One error the IRP reported: its own code (e.g. "2150") and message. */
public record IrpError(String code, String message) {

    @Override
    public String toString() {
        return code + ": " + message;
    }
}
