/* Process cost model of an optimiser call (models/optimiser_energy.h),
 * against hand calculations: P(n) = P_idle + (P_busy - P_idle) n / (n + n_half)
 * with P_idle = 40 W, P_busy = 300 W, n_half = 1e4:
 *   P(0) = 40 W; P(1e4) = 40 + 260 / 2 = 170 W; P(3e4) = 40 + 260 * 3/4 = 235 W;
 *   P(1e12) within 3e-6 W of 300 W.
 * A 0.1 s call of n = 1e4 pairs that waited 0.08 s for QPU jobs billed
 * 0.03 s at 1 kW: 170 * 0.02 + 40 * 0.08 + 1000 * 0.03 = 3.4 + 3.2 + 30
 * = 36.6 J. Invalid inputs give NAN. */
#include "models/optimiser_energy.h"
#include "test/check.h"

int main(void)
{
    q6_process_power p = {40.0, 300.0, 1e4, 1000.0};
    CHECK_NEAR(q6_process_power_w(&p, 0), 40.0, 1e-12);
    CHECK_NEAR(q6_process_power_w(&p, 1e4), 170.0, 1e-12);
    CHECK_NEAR(q6_process_power_w(&p, 3e4), 235.0, 1e-12);
    CHECK_NEAR(q6_process_power_w(&p, 1e12), 300.0, 3e-6);
    CHECK_NEAR(q6_process_energy_j(&p, 1e4, 0.1, 0.08, 0.03), 36.6, 1e-12);
    /* No QPU: the whole call at P(n). */
    CHECK_NEAR(q6_process_energy_j(&p, 3e4, 2.0, 0, 0), 470.0, 1e-12);
    /* Waiting longer than the call (clock rounding) counts as the call. */
    CHECK_NEAR(q6_process_energy_j(&p, 1e4, 0.1, 0.1 + 1e-15, 0), 4.0, 1e-12);
    CHECK(isnan(q6_process_power_w(&p, -1)));
    CHECK(isnan(q6_process_power_w(&(q6_process_power){40, 300, 0, 0}, 5)));
    CHECK(isnan(q6_process_power_w(&(q6_process_power){NAN, 300, 1, 0}, 5)));
    CHECK(isnan(q6_process_energy_j(&p, 1, -1, 0, 0)));
    CHECK(isnan(q6_process_energy_j(&(q6_process_power){40, 300, 1, -2}, 1, 1, 0, 0)));
    CHECK(isnan(q6_process_power_w(NULL, 1)));
    return CHECK_DONE();
}
