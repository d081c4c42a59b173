package dev.warden.cli;

import java.io.PrintStream;

/** A one-line progress indicator on standard error, redrawn in place on a terminal and sparse otherwise. */
final class Progress {
    private final String what;
    private final long total;
    private final PrintStream err = System.err;
    private final boolean terminal = System.console() != null;
    private int lastPercent = -1;

    Progress(String what, long total) {
        this.what = what;
        this.total = Math.max(1, total);
    }

    void update(long done) {
        int percent = (int) (100 * done / total);
        if (percent == lastPercent || (!terminal && percent % 25 != 0)) return;
        lastPercent = percent;
        err.print((terminal ? "\r" : "") + what + ": " + done + "/" + total + " (" + percent + "%)" + (terminal ? "" : "\n"));
        err.flush();
    }

    void done() {
        if (terminal) err.println();
    }
}
