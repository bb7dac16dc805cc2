/* The engine's per-AP path loss (sim/core/radio.c) with paper 004's
 * overrides: an AP's uma_breakpoint_m replaces 38.901's d'BP, and its
 * los_d1_m / los_p1_m replace the standards' LoS-probability constants,
 * checked against the model functions evaluated by hand at one geometry;
 * and the bounded CSI error an AP may add to its fading draw. */
#include "check.h"
#include "models/pathloss.h"
#include "sim/base/rng.h"
#include "sim/core/radio.h"
#include <string.h>

static q6_infra_host ap(q6_pathloss_kind kind)
{
    q6_infra_host h;
    memset(&h, 0, sizeof h);
    h.role = kind == Q6_PL_UAV ? Q6_ROLE_UAV : Q6_ROLE_BS;
    h.pathloss = kind;
    h.carrier_hz = 3.5e9;
    return h;
}

static void test_uma_breakpoint(void)
{
    /* BS at 25 m, vehicle at 1.5 m, 500 m away: 38.901's d'BP = 560 m puts
     * it before the breakpoint (PL1 = 98.269 dB), the paper's 100 m after
     * it (PL2 = 110.649 dB); the engine mixes LoS and NLoS (129.916 dB) by
     * 38.901's LoS probability at 500 m (d1 18 m, p1 63 m):
     * 18/500 + (482/500) e^(-500/63) = 0.036 + 0.964 x 3.5742e-4 = 0.0363446. */
    q6_infra_host h = ap(Q6_PL_UMA);
    double xyz[3] = {0, 0, 25};
    double p = q6_los_probability(500, 18, 63);
    CHECK_NEAR(p, 0.0363446, 1e-7);
    double std_db = q6_radio_pathloss_db(&h, xyz, 500, 0, 1.5);
    CHECK_NEAR(std_db, q6_pathloss_mixture_db(p, 98.2692, 129.9158), 1e-3);
    h.uma_breakpoint_m = 100;
    double paper_db = q6_radio_pathloss_db(&h, xyz, 500, 0, 1.5);
    CHECK_NEAR(paper_db, q6_pathloss_mixture_db(p, 110.6492, 129.9158), 1e-3);
    CHECK(paper_db > std_db + 0.5);
    /* The LoS probability constants too: d1 = 600 m makes 500 m pure LoS. */
    h.los_d1_m = 600;
    CHECK_NEAR(q6_radio_pathloss_db(&h, xyz, 500, 0, 1.5), 110.6492, 1e-3);
}

static void test_uav_los_probability(void)
{
    /* UAV at 50 m, vehicle on the ground 200 m away (2-D). 36.777's height
     * formulas give P_LoS = 0.96709; the paper's d1 = 100 m, p1 = 63 m give
     * 0.5 + 0.5 e^(-200/63) = 0.520905. */
    q6_infra_host h = ap(Q6_PL_UAV);
    double xyz[3] = {0, 0, 50};
    double d3 = hypot(200, 50);
    double los = q6_pathloss_uav_los_db(d3, 50, 3.5e9), nlos = q6_pathloss_uav_nlos_db(d3, 50, 3.5e9);
    CHECK_NEAR(q6_radio_pathloss_db(&h, xyz, 200, 0, 0),
               q6_pathloss_mixture_db(q6_los_probability_uav(200, 50), los, nlos), 1e-9);
    h.los_d1_m = 100;
    h.los_p1_m = 63;
    CHECK_NEAR(q6_radio_pathloss_db(&h, xyz, 200, 0, 0), q6_pathloss_mixture_db(0.5209053, los, nlos), 1e-5);
    /* Inside d1 the link is LoS. */
    CHECK_NEAR(q6_radio_pathloss_db(&h, xyz, 80, 0, 0), q6_pathloss_uav_los_db(hypot(80, 50), 50, 3.5e9), 1e-9);
}

/* Bounded CSI error (eqs. 11-12) on a 4-antenna AP. Without fading the
 * channel is the steering vector, |a| = 2: every gain lies in
 * [(2 - tau)^2, (2 + tau)^2] (triangle inequality); unclipped, the mean is
 * |a|^2 + E|eps|^2 = 4 + 4 x 0.1 = 4.4, and with Rayleigh branches
 * E sum |h_m + eps_m|^2 = 4 (1 + 0.1) = 4.4 as well. Variance 0 keeps the
 * old draw: the gain is M without fading. */
static void test_csi_error(void)
{
    q6_infra_host h = ap(Q6_PL_UMA);
    h.antennas = 4;
    h.fading = Q6_FADE_NONE;
    gsl_rng *r = q6_rng_stream(3, 1, Q6_STREAM_FADING);
    CHECK_NEAR(q6_radio_fading_gain(&h, -1, r), 4.0, 0.0);
    h.csi_error_variance = 0.1;
    h.csi_error_bound = 0.3;
    int inside = 1;
    for (int i = 0; i < 5000; i++) {
        double g = q6_radio_fading_gain(&h, -1, r);
        inside &= g >= 1.7 * 1.7 - 1e-12 && g <= 2.3 * 2.3 + 1e-12;
    }
    CHECK(inside);
    h.csi_error_bound = 100.0;
    double mean = 0;
    for (int i = 0; i < 40000; i++)
        mean += q6_radio_fading_gain(&h, -1, r) / 40000;
    CHECK_NEAR(mean, 4.4, 0.01);
    h.fading = Q6_FADE_RAYLEIGH;
    mean = 0;
    for (int i = 0; i < 40000; i++)
        mean += q6_radio_fading_gain(&h, -1, r) / 40000;
    CHECK_NEAR(mean, 4.4, 0.05);
    gsl_rng_free(r);
}

int main(void)
{
    test_csi_error();
    test_uma_breakpoint();
    test_uav_los_probability();
    return CHECK_DONE();
}
