package dev.openirn.client;

import java.util.List;

/** One page of a list: its objects, newest first, and whether older ones follow. */
public final class Page<T> {
    private final List<T> data;
    private final boolean hasMore;

    Page(List<T> data, boolean hasMore) {
        this.data = List.copyOf(data);
        this.hasMore = hasMore;
    }

    public List<T> data() {
        return data;
    }

    public boolean hasMore() {
        return hasMore;
    }
}
