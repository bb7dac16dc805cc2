/* Paper 003 downlink model (models/downlink.h): eq. 6, N_k, eq. 9, eq. 10
 * against hand calculations written out below. */
#include "check.h"
#include "models/downlink.h"

static void test_tx_energy(void)
{
    /* B = 1 MHz, T = 1 ms, |h|^2 = 0.5, I = 0.2 W, N0 B = 1e-6 W/Hz x 1e6 = 1 W.
     * Denominator |h|^2 I + N0 B = 0.1 + 1 = 1.1 W. Rate 2 Mbit/s ->
     * 2^(R/B) - 1 = 3. E = 1.1 x 1e-3 / 0.5 x 3 = 6.6e-3 J. */
    CHECK_NEAR(q6_dl_tx_energy_j(2e6, 0.5, 0.2, 1e-6, 1e6, 1e-3), 6.6e-3, 1e-15);
    /* Inverse check: the power E/T = 6.6 W gives back the rate:
     * 1e6 log2(1 + 6.6 x 0.5 / 1.1) = 1e6 log2(4) = 2e6. */
    CHECK_NEAR(q6_dl_rate_bps(6.6, 0.5, 0.2, 1e-6, 1e6), 2e6, 1e-6);
    CHECK_NEAR(q6_dl_tx_energy_j(0, 0.5, 0.2, 1e-6, 1e6, 1e-3), 0.0, 0);
    CHECK(isnan(q6_dl_tx_energy_j(1e6, 0, 0.2, 1e-6, 1e6, 1e-3)));
    CHECK(isnan(q6_dl_tx_energy_j(-1, 0.5, 0.2, 1e-6, 1e6, 1e-3)));
}

static void test_queue(void)
{
    /* N = floor(T sum R / (|M| L)): T = 10 ms, sum R = 2.5 Mbit/s, 3 users,
     * L = 1000 bit -> 25000 / 3000 = 8.33 -> 8. */
    CHECK(q6_dl_packets_served(0.01, 2.5e6, 3, 1000) == 8);
    CHECK(q6_dl_packets_served(0.01, 0, 3, 1000) == 0);
    /* Eq. 9 from Omega = 0 with N = 8 each slot and arrivals 12, 5, 0, 9:
     * 0 -> 12 -> max(0, 4) + 5 = 9 -> max(0, 1) + 0 = 1 -> 0 + 9 = 9. */
    uint64_t arrivals[4] = {12, 5, 0, 9}, q[5] = {0};
    for (int t = 0; t < 4; t++)
        q[t + 1] = q6_dl_queue_next(q[t], 8, arrivals[t]);
    CHECK(q[1] == 12 && q[2] == 9 && q[3] == 1 && q[4] == 9);
    /* Eq. 10 over the slots 1..4 with lambda = 650 packets/s (6.5 per 10 ms):
     * mean of (12, 9, 1, 9) / 650 = 31 / 4 / 650 = 0.0119230769... s. */
    CHECK_NEAR(q6_dl_queue_delay_s(q + 1, 4, 650.0), 31.0 / 4.0 / 650.0, 1e-15);
    CHECK(isnan(q6_dl_queue_delay_s(q, 0, 650.0)));
    CHECK(isnan(q6_dl_queue_delay_s(q, 4, 0.0)));
}

int main(void)
{
    test_tx_energy();
    test_queue();
    return CHECK_DONE();
}
