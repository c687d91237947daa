package io.github.d6connector.ledger;

import java.util.Arrays;
import java.util.function.ToLongFunction;

/**
 * The in-memory index of the request ledger: for each request id, the file offset of its outcome line, when it
 * was recorded and whether its outcome was delivered.
 *
 * <p>The index is an open-addressing hash table with linear probing over primitive arrays, keyed by a 64-bit
 * hash of the request id. The ids themselves are not kept, so two ids with the same hash share one entry, and
 * the caller must check the id on the line at the offset. A slot takes 20 bytes and an entry no object of its
 * own. The table doubles when it is 70% full, so above its minimum of 16 slots it is 35% to 70% full and an
 * entry takes 29 to 57 bytes.
 * Expired entries leave by rebuilding the table from the entries that remain, so no deletion markers are
 * needed. The class is not thread-safe.
 */
final class LedgerIndex {

    /** Key of an empty slot. A request id whose hash is 0 gets {@link #ZERO_HASH_KEY} instead. */
    private static final long EMPTY = 0L;
    private static final long ZERO_HASH_KEY = 0x9E37_79B9_7F4A_7C15L;

    private static final int MIN_CAPACITY = 16;
    private static final int LOAD_PERCENT = 70;

    private static final long FNV_OFFSET_BASIS = 0xCBF2_9CE4_8422_2325L;
    private static final long FNV_PRIME = 0x0000_0100_0000_01B3L;

    private static final long UNSIGNED_INT_MAX = 0xFFFF_FFFFL;

    private final ToLongFunction<String> hashFunction;
    private long[] keys;
    /** File offset shifted left by one, with the delivered flag in bit 0. */
    private long[] offsetsAndDelivered;
    /** Recording time in whole seconds since the epoch, rounded up, as an unsigned int. */
    private int[] recordedAtSeconds;
    private int size;
    private int resizeThreshold;

    LedgerIndex() {
        this(LedgerIndex::hash);
    }

    /** Creates an index that hashes request ids with the given function, which tests use to force collisions. */
    LedgerIndex(ToLongFunction<String> hashFunction) {
        this.hashFunction = hashFunction;
        allocate(MIN_CAPACITY);
    }

    /**
     * Returns a 64-bit hash of a request id: FNV-1a over its UTF-16 chars, then the SplitMix64 finalizer, so
     * that all output bits, the low ones that pick a slot included, depend on every char.
     */
    static long hash(String requestId) {
        long hash = FNV_OFFSET_BASIS;
        for (int i = 0; i < requestId.length(); i++) {
            hash ^= requestId.charAt(i);
            hash *= FNV_PRIME;
        }
        hash = (hash ^ (hash >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        hash = (hash ^ (hash >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return hash ^ (hash >>> 31);
    }

    /** An index entry, whose {@code recordedAtMillis} is the recording time rounded up to a whole second. */
    record Entry(long offset, long recordedAtMillis, boolean delivered) {
    }

    int size() {
        return size;
    }

    /** Returns the entry of a request id, or of another id with the same hash, or {@code null} when none. */
    Entry get(String requestId) {
        int slot = find(key(requestId));
        if (slot < 0) {
            return null;
        }
        long packed = offsetsAndDelivered[slot];
        return new Entry(packed >>> 1, Integer.toUnsignedLong(recordedAtSeconds[slot]) * 1000, (packed & 1) != 0);
    }

    /** Adds the entry of a request id, replacing any entry under the same hash. */
    void put(String requestId, long offset, long recordedAtMillis, boolean delivered) {
        if (offset < 0) {
            throw new IllegalArgumentException("Ledger offset " + offset + " is negative");
        }
        if (size >= resizeThreshold) {
            rebuild(keys.length * 2, Long.MIN_VALUE);
        }
        long key = key(requestId);
        int slot = find(key);
        if (slot < 0) {
            slot = -slot - 1;
            keys[slot] = key;
            size++;
        }
        store(slot, offset << 1 | (delivered ? 1 : 0), roundUpToSeconds(recordedAtMillis));
    }

    /** Marks the entry of a request id as delivered. Does nothing when there is no entry under its hash. */
    void setDelivered(String requestId) {
        int slot = find(key(requestId));
        if (slot >= 0) {
            offsetsAndDelivered[slot] |= 1;
        }
    }

    /** Returns the file offsets of all entries in ascending order. */
    long[] sortedOffsets() {
        long[] offsets = new long[size];
        int count = 0;
        for (int slot = 0; slot < keys.length; slot++) {
            if (keys[slot] != EMPTY) {
                offsets[count++] = offsetsAndDelivered[slot] >>> 1;
            }
        }
        Arrays.sort(offsets);
        return offsets;
    }

    /**
     * Removes the entries recorded before a time. An entry recorded less than a second before it may stay,
     * because times are kept in whole seconds rounded up.
     */
    void removeRecordedBefore(long oldestMillis) {
        long oldestSeconds = roundUpToSeconds(oldestMillis);
        int remaining = 0;
        for (int slot = 0; slot < keys.length; slot++) {
            if (keys[slot] != EMPTY && Integer.toUnsignedLong(recordedAtSeconds[slot]) >= oldestSeconds) {
                remaining++;
            }
        }
        rebuild(capacityFor(remaining), oldestSeconds);
    }

    /** Moves the entries recorded at or after a time, in whole seconds, into new arrays of a given capacity. */
    private void rebuild(int capacity, long oldestSeconds) {
        long[] oldKeys = keys;
        long[] oldOffsets = offsetsAndDelivered;
        int[] oldSeconds = recordedAtSeconds;
        allocate(capacity);
        for (int oldSlot = 0; oldSlot < oldKeys.length; oldSlot++) {
            if (oldKeys[oldSlot] == EMPTY || Integer.toUnsignedLong(oldSeconds[oldSlot]) < oldestSeconds) {
                continue;
            }
            int slot = -find(oldKeys[oldSlot]) - 1;
            keys[slot] = oldKeys[oldSlot];
            store(slot, oldOffsets[oldSlot], oldSeconds[oldSlot]);
            size++;
        }
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        offsetsAndDelivered = new long[capacity];
        recordedAtSeconds = new int[capacity];
        size = 0;
        resizeThreshold = (int) ((long) capacity * LOAD_PERCENT / 100);
    }

    private void store(int slot, long offsetAndDelivered, int seconds) {
        offsetsAndDelivered[slot] = offsetAndDelivered;
        recordedAtSeconds[slot] = seconds;
    }

    /** Returns the slot that contains a key, or {@code -(empty slot) - 1} where the key would go. */
    private int find(long key) {
        int mask = keys.length - 1;
        int slot = (int) key & mask;
        while (true) {
            long current = keys[slot];
            if (current == key) {
                return slot;
            }
            if (current == EMPTY) {
                return -slot - 1;
            }
            slot = (slot + 1) & mask;
        }
    }

    private long key(String requestId) {
        long hash = hashFunction.applyAsLong(requestId);
        return hash == EMPTY ? ZERO_HASH_KEY : hash;
    }

    /** Returns the smallest power-of-two capacity whose load limit is above a number of entries. */
    private static int capacityFor(int entries) {
        int capacity = MIN_CAPACITY;
        while ((long) capacity * LOAD_PERCENT / 100 <= entries) {
            capacity *= 2;
        }
        return capacity;
    }

    /**
     * Converts milliseconds since the epoch to whole seconds, rounded up and clamped to the unsigned int range.
     * Until that range ends in 2106, the stored time is never earlier than the real one.
     */
    private static int roundUpToSeconds(long millis) {
        long seconds = Math.max(0, Math.floorDiv(millis, 1000) + (Math.floorMod(millis, 1000) == 0 ? 0 : 1));
        return (int) Math.min(seconds, UNSIGNED_INT_MAX);
    }
}
