package io.github.d6connector.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.d6connector.testsupport.MutableClock;

class ClientsCacheTest {

    private static final Instant START = Instant.parse("2026-03-01T08:00:00Z");

    private final MutableClock clock = new MutableClock(START);
    private final ClientsCache cache = new ClientsCache(Duration.ofSeconds(60), clock);

    private static ClientsResult.Found list(Instant fetchedAt) {
        return new ClientsResult.Found(List.of(
                new ClientIntegration("1000", "Greenfield Primary", 8, "Admin+ API", "No"),
                new ClientIntegration("1000", "Greenfield Primary", 9, "Curriculum+ API", "Yes"),
                new ClientIntegration("1001", "Hillcrest High", 8, "Admin+ API", "No")), fetchedAt);
    }

    @Test
    void entryServedUntilTtl() {
        cache.put(ClientsQuery.ALL, list(START));

        clock.advance(Duration.ofSeconds(59));
        assertThat(cache.get(ClientsQuery.ALL)).isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(cache.get(ClientsQuery.ALL)).isEmpty();
    }

    @Test
    void zeroTtlKeepsNothing() {
        ClientsCache disabled = new ClientsCache(Duration.ZERO, clock);

        disabled.put(ClientsQuery.ALL, list(START));

        assertThat(disabled.get(ClientsQuery.ALL)).isEmpty();
    }

    @Test
    void recordStateUpdatesListsWithoutExtendingTtl() {
        cache.put(ClientsQuery.ALL, list(START));
        cache.put(ClientsQuery.school(1000), list(START));

        clock.advance(Duration.ofSeconds(30));
        cache.recordState(1000, 8, true);

        ClientsResult.Found all = cache.get(ClientsQuery.ALL).orElseThrow();
        assertThat(all.clients().get(0).activatedByIntegrator()).isEqualTo("Yes");
        assertThat(all.clients().get(1).activatedByIntegrator()).isEqualTo("Yes");
        assertThat(all.clients().get(2).activatedByIntegrator()).isEqualTo("No");
        assertThat(cache.get(ClientsQuery.school(1000)).orElseThrow().clients().get(0).active()).isTrue();
        clock.advance(Duration.ofSeconds(30));
        assertThat(cache.get(ClientsQuery.ALL)).isEmpty();
    }

    @Test
    void recordStateOfUnlistedIntegrationDropsList() {
        cache.put(ClientsQuery.ALL, list(START));

        cache.recordState(1001, 9, true);

        assertThat(cache.get(ClientsQuery.ALL)).isEmpty();
    }

    @Test
    void invalidateSchoolDropsFullAndSchoolLists() {
        cache.put(ClientsQuery.ALL, list(START));
        cache.put(ClientsQuery.school(1000), list(START));
        cache.put(ClientsQuery.school(1001), list(START));

        cache.invalidateSchool(1000);

        assertThat(cache.get(ClientsQuery.ALL)).isEmpty();
        assertThat(cache.get(ClientsQuery.school(1000))).isEmpty();
        assertThat(cache.get(ClientsQuery.school(1001))).isPresent();
    }

    @Test
    void activeReadsYesAndNoOnly() {
        assertThat(new ClientIntegration("1", null, 8, null, "Yes").active()).isTrue();
        assertThat(new ClientIntegration("1", null, 8, null, " no ").active()).isFalse();
        assertThat(new ClientIntegration("1", null, 8, null, "Pending").active()).isNull();
        assertThat(new ClientIntegration("1", null, 8, null, null).active()).isNull();
    }

    @Test
    void schoolIdsCompareAsNumbers() {
        ClientIntegration entry = new ClientIntegration("01000", null, 8, null, "Yes");

        assertThat(entry.isSchool(1000)).isTrue();
        assertThat(entry.isSchool(100)).isFalse();
        assertThat(new ClientIntegration("abc", null, 8, null, "Yes").isSchool(1000)).isFalse();
    }
}
