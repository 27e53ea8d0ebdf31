package dev.openirn.server.irp;

/** The circuit to the IRP is open: nothing was sent, try again later. */
public class IrpUnavailableException extends RuntimeException {

    public IrpUnavailableException(String message) {
        super(message);
    }
}
