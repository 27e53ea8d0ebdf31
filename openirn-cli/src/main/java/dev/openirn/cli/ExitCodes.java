package dev.openirn.cli;

/** The process exit codes of {@code openirn}, documented in docs/cli.md. */
final class ExitCodes {
    /** Everything done. */
    static final int OK = 0;
    /** The server refused a request, or an import has documents rejected or failed for good. */
    static final int FAILED = 1;
    /** Wrong command line (unknown option, missing argument). */
    static final int USAGE = 2;
    /** The input file has errors (each printed with row and column); nothing was submitted. */
    static final int INVALID_INPUT = 3;
    /** No credentials, or the server refused them. */
    static final int AUTHENTICATION = 4;
    /** The server could not be reached or kept failing (5xx) after retries; an import can be re-run. */
    static final int UNAVAILABLE = 5;
    /** Interrupted (Ctrl-C); an import can be re-run and continues where it stopped. */
    static final int INTERRUPTED = 130;

    private ExitCodes() {
    }
}
