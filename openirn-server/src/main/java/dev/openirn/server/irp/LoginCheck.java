package dev.openirn.server.irp;

import java.time.Duration;

/**
 * What a fresh login to the IRP came to ("test connection").
 *
 * @param errorCode    the IRP's code when it refused the login; null otherwise
 * @param errorMessage the IRP's message, or why the IRP could not be reached
 * @param unreachable  the IRP gave no answer (as opposed to refusing the login)
 */
public record LoginCheck(boolean ok, Duration latency, String errorCode, String errorMessage, boolean unreachable) {
}
