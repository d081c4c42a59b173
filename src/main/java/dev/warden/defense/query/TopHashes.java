package dev.warden.defense.query;

import java.util.Arrays;

/**
 * The S largest distinct hashes seen, as a min-heap of longs: a new hash costs one comparison with the root
 * unless it belongs in the heap (about S ln(n/S) times out of n), when a duplicate check over S longs and a
 * sift follow.
 */
final class TopHashes {
    private final long[] heap;
    private int size;

    TopHashes(int capacity) {
        heap = new long[capacity];
    }

    void clear() {
        size = 0;
    }

    int size() {
        return size;
    }

    void offer(long h) {
        if (size == heap.length) {
            if (h <= heap[0] || contains(h)) return;
            heap[0] = h;
            siftDown(0);
            return;
        }
        if (contains(h)) return;
        int i = size++;
        heap[i] = h;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (heap[parent] <= heap[i]) break;
            swap(i, parent);
            i = parent;
        }
    }

    /** These hashes, then the largest of {@code fill}'s until there are as many as the capacity, largest first. */
    long[] merged(TopHashes fill) {
        int extra = Math.min(fill.size, heap.length - size);
        long[] out = new long[size + extra];
        System.arraycopy(heap, 0, out, 0, size);
        if (extra > 0) {
            long[] rest = Arrays.copyOf(fill.heap, fill.size);
            Arrays.sort(rest);
            for (int i = 0; i < extra; i++) out[size + i] = rest[rest.length - 1 - i];
        }
        return out;
    }

    private boolean contains(long h) {
        for (int i = 0; i < size; i++) if (heap[i] == h) return true;
        return false;
    }

    private void siftDown(int i) {
        while (true) {
            int l = 2 * i + 1;
            if (l >= size) return;
            int smallest = l + 1 < size && heap[l + 1] < heap[l] ? l + 1 : l;
            if (heap[i] <= heap[smallest]) return;
            swap(i, smallest);
            i = smallest;
        }
    }

    private void swap(int a, int b) {
        long t = heap[a];
        heap[a] = heap[b];
        heap[b] = t;
    }
}
