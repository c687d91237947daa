package io.github.d6connector.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class LedgerIndexTest {

    private static final long NOW = 1_772_359_200_000L;

    private static String uuid(Random random) {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    @Test
    void putThenGet() {
        LedgerIndex index = new LedgerIndex();

        index.put("r-1", 4096, NOW, false);

        LedgerIndex.Entry entry = index.get("r-1");
        assertThat(entry).isNotNull();
        assertThat(entry.offset()).isEqualTo(4096);
        assertThat(entry.recordedAtMillis()).isEqualTo(NOW);
        assertThat(entry.delivered()).isFalse();
        assertThat(index.size()).isEqualTo(1);
        assertThat(index.get("r-2")).isNull();
    }

    @Test
    void putKeepsDeliveredFlagAndLargeOffset() {
        LedgerIndex index = new LedgerIndex();
        long largeOffset = 1L << 50;

        index.put("r-1", largeOffset, NOW, true);

        assertThat(index.get("r-1").offset()).isEqualTo(largeOffset);
        assertThat(index.get("r-1").delivered()).isTrue();
    }

    @Test
    void putOverwritesSameId() {
        LedgerIndex index = new LedgerIndex();
        index.put("r-1", 0, NOW, true);

        index.put("r-1", 700, NOW + 5_000, false);

        assertThat(index.size()).isEqualTo(1);
        assertThat(index.get("r-1").offset()).isEqualTo(700);
        assertThat(index.get("r-1").recordedAtMillis()).isEqualTo(NOW + 5_000);
        assertThat(index.get("r-1").delivered()).isFalse();
    }

    @Test
    void recordedTimeRoundsUpToSecond() {
        LedgerIndex index = new LedgerIndex();

        index.put("r-1", 0, NOW + 1, false);
        index.put("r-2", 0, NOW + 999, false);

        assertThat(index.get("r-1").recordedAtMillis()).isEqualTo(NOW + 1_000);
        assertThat(index.get("r-2").recordedAtMillis()).isEqualTo(NOW + 1_000);
    }

    @Test
    void setDeliveredKeepsOffsetAndTime() {
        LedgerIndex index = new LedgerIndex();
        index.put("r-1", 123, NOW, false);

        index.setDelivered("r-1");
        index.setDelivered("unknown");

        LedgerIndex.Entry entry = index.get("r-1");
        assertThat(entry.delivered()).isTrue();
        assertThat(entry.offset()).isEqualTo(123);
        assertThat(entry.recordedAtMillis()).isEqualTo(NOW);
        assertThat(index.size()).isEqualTo(1);
        assertThat(index.get("unknown")).isNull();
    }

    @Test
    void growthKeepsAllEntries() {
        LedgerIndex index = new LedgerIndex();
        Random random = new Random(42);
        String[] ids = new String[100_000];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = uuid(random);
            index.put(ids[i], i * 500L, NOW + i * 1_000L, i % 3 == 0);
        }

        assertThat(index.size()).isEqualTo(ids.length);
        for (int i = 0; i < ids.length; i++) {
            LedgerIndex.Entry entry = index.get(ids[i]);
            assertThat(entry).as(ids[i]).isNotNull();
            assertThat(entry.offset()).as(ids[i]).isEqualTo(i * 500L);
            assertThat(entry.recordedAtMillis()).as(ids[i]).isEqualTo(NOW + i * 1_000L);
            assertThat(entry.delivered()).as(ids[i]).isEqualTo(i % 3 == 0);
        }
    }

    @Test
    void probingWrapsAroundTableEnd() {
        // All keys share their low bits, so they start at the table's last slot and probing wraps to slot 0.
        LedgerIndex index = new LedgerIndex(id -> Long.parseLong(id) << 40 | 0xFF);
        for (int i = 1; i <= 40; i++) {
            index.put(Integer.toString(i), i, NOW, false);
        }

        assertThat(index.size()).isEqualTo(40);
        for (int i = 1; i <= 40; i++) {
            assertThat(index.get(Integer.toString(i)).offset()).isEqualTo(i);
        }
    }

    @Test
    void zeroHashIsStored() {
        LedgerIndex index = new LedgerIndex(id -> id.equals("zero") ? 0L : 1L);

        index.put("zero", 10, NOW, false);
        index.put("one", 20, NOW, false);

        assertThat(index.size()).isEqualTo(2);
        assertThat(index.get("zero").offset()).isEqualTo(10);
        assertThat(index.get("one").offset()).isEqualTo(20);
    }

    @Test
    void sameHashSharesOneEntry() {
        LedgerIndex index = new LedgerIndex(id -> 42L);

        index.put("first", 0, NOW, true);
        index.put("second", 900, NOW, false);

        assertThat(index.size()).isEqualTo(1);
        assertThat(index.get("first").offset()).isEqualTo(900);
        assertThat(index.get("first").delivered()).isFalse();
    }

    @Test
    void removeRecordedBeforeKeepsTheRest() {
        LedgerIndex index = new LedgerIndex();
        Random random = new Random(7);
        String[] ids = new String[30_000];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = uuid(random);
            index.put(ids[i], i, NOW + i * 1_000L, i % 2 == 0);
        }

        index.removeRecordedBefore(NOW + 20_000 * 1_000L);

        assertThat(index.size()).isEqualTo(10_000);
        for (int i = 0; i < 20_000; i++) {
            assertThat(index.get(ids[i])).as(ids[i]).isNull();
        }
        for (int i = 20_000; i < ids.length; i++) {
            LedgerIndex.Entry entry = index.get(ids[i]);
            assertThat(entry).as(ids[i]).isNotNull();
            assertThat(entry.offset()).as(ids[i]).isEqualTo(i);
            assertThat(entry.delivered()).as(ids[i]).isEqualTo(i % 2 == 0);
        }

        index.put("after", 1, NOW + 40_000_000L, false);
        assertThat(index.get("after").offset()).isEqualTo(1);
        assertThat(index.size()).isEqualTo(10_001);
    }

    @Test
    void removeRecordedBeforeAllEmptiesIndex() {
        LedgerIndex index = new LedgerIndex();
        for (int i = 0; i < 100; i++) {
            index.put("r-" + i, i, NOW, false);
        }

        index.removeRecordedBefore(NOW + 1_000);

        assertThat(index.size()).isZero();
        assertThat(index.get("r-0")).isNull();
        index.put("r-0", 5, NOW + 2_000, false);
        assertThat(index.get("r-0").offset()).isEqualTo(5);
    }

    @Test
    void removeRecordedBeforeKeepsEntryWithinSameSecond() {
        LedgerIndex index = new LedgerIndex();
        index.put("same-second", 0, NOW + 100, false);
        index.put("second-before", 0, NOW - 1, false);

        index.removeRecordedBefore(NOW + 200);

        assertThat(index.get("same-second")).isNotNull();
        assertThat(index.get("second-before")).isNull();
    }

    @Test
    void sortedOffsetsAscend() {
        LedgerIndex index = new LedgerIndex();
        index.put("c", 300, NOW, false);
        index.put("a", 100, NOW, true);
        index.put("b", 200, NOW, false);

        assertThat(index.sortedOffsets()).containsExactly(100, 200, 300);
    }

    @Test
    void hashSpreadsUuids() {
        Random random = new Random(3);
        Set<Long> hashes = new HashSet<>();
        Set<Long> lowBits = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            long hash = LedgerIndex.hash(uuid(random));
            hashes.add(hash);
            lowBits.add(hash & 0xFFFF);
        }

        assertThat(hashes).hasSize(100_000);
        // 100,000 uniform draws from 65,536 values hit about 65,536 * (1 - e^(-100000/65536)) = 51,300 of them.
        assertThat(lowBits.size()).isBetween(50_000, 52_500);
    }

    @Test
    void hashDiffersForNearIds() {
        assertThat(LedgerIndex.hash("request-1")).isNotEqualTo(LedgerIndex.hash("request-2"));
        assertThat(LedgerIndex.hash("ab")).isNotEqualTo(LedgerIndex.hash("ba"));
        assertThat(LedgerIndex.hash("request-1")).isEqualTo(LedgerIndex.hash("request-1"));
    }
}
