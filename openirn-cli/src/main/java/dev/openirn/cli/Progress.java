package dev.openirn.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A progress bar on stderr: {@code [#########.....] 1200/2000 60% 85.3/s ETA 0:09 (3 failed)}, redrawn in place
 * on a terminal and as a line every few seconds when stderr is a file or pipe. An import sets it from its batches'
 * counts: a document counts once the server has settled it (registered, refused, or failed at the IRP).
 */
final class Progress {

    private static final int WIDTH = 30;

    private final PrintStream err;
    private final int total;
    private final int alreadyDone;
    private final boolean terminal;
    private final boolean enabled;
    private final long started = System.nanoTime();
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private long lastDrawn;

    Progress(PrintStream err, int total, int alreadyDone, boolean enabled) {
        this.err = err;
        this.total = total;
        this.alreadyDone = alreadyDone;
        this.terminal = System.console() != null;
        this.enabled = enabled;
    }

    /** {@code processed} documents settled in this run so far, {@code failedSoFar} of them (and earlier) failed. */
    void update(int processed, int failedSoFar) {
        done.set(processed);
        failed.set(failedSoFar);
        draw(false);
    }

    synchronized void draw(boolean last) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        long interval = terminal ? 100_000_000L : 2_000_000_000L;
        if (!last && now - lastDrawn < interval) {
            return;
        }
        lastDrawn = now;
        int sent = done.get();
        int complete = alreadyDone + sent;
        double seconds = Math.max((now - started) / 1e9, 0.001);
        double rate = sent / seconds;
        int remaining = total - complete;
        String eta = rate > 0 ? clock(Duration.ofSeconds((long) Math.ceil(remaining / rate))) : "--:--";
        int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * complete / total);
        String bar = "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "]";
        String line = String.format("%s %d/%d %3d%% %.1f/s %s%s", bar, complete, total,
                total == 0 ? 100 : complete * 100 / total, rate, last ? "done in " + clock(Duration.ofNanos(now - started)) : "ETA " + eta,
                failed.get() == 0 ? "" : " (" + failed.get() + " failed)");
        if (terminal) {
            err.print("\r" + line + (last ? "\n" : ""));
        } else {
            err.println(line);
        }
        err.flush();
    }

    private static String clock(Duration duration) {
        long seconds = duration.getSeconds();
        return seconds >= 3600 ? String.format("%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format("%d:%02d", seconds / 60, seconds % 60);
    }
}
