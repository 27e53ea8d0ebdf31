package dev.openirn.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Median with min and max over repetitions. */
record Stat(double median, double min, double max, int n) {

    static final Stat NONE = new Stat(Double.NaN, Double.NaN, Double.NaN, 0);

    static Stat of(List<Double> values) {
        if (values.isEmpty()) {
            return NONE;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int size = sorted.size();
        double median = size % 2 == 1 ? sorted.get(size / 2) : (sorted.get(size / 2 - 1) + sorted.get(size / 2)) / 2;
        return new Stat(median, sorted.get(0), sorted.get(size - 1), size);
    }

    boolean present() {
        return n > 0 && !Double.isNaN(median);
    }

    String format(String pattern) {
        if (!present()) {
            return "–";
        }
        if (n == 1) {
            return String.format(Locale.ROOT, pattern, median);
        }
        return String.format(Locale.ROOT, pattern + " (" + pattern + "–" + pattern + ")", median, min, max);
    }
}
