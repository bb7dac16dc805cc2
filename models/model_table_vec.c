/* Registry entry of paper 004's uplink: one vehicle's transfer to a BS or a
 * UAV under a chosen path-loss model, with the paper's constants settable
 * where it departs from the standards (UMa breakpoint d'BP, the LoS
 * probability constants d1 and p1, Okumura-Hata outside its validity only
 * on request), a finite-blocklength rate and the block coding delay. This
 * is what tools/paper004/experiment.py evaluates for Table III and Fig. 7. */
#include "models/channel.h"
#include "models/model_tables.h"
#include "models/pathloss.h"
#include "models/rate.h"
#include "models/vec_link.h"
#include <stdio.h>

enum { PL_FREE = 0, PL_HATA = 1, PL_UMA = 2, PL_UAV = 3 };
enum { LOS_NONE = 0, LOS_ONLY = 1, LOS_MIXED = 2 };
/* 38.901 Table 7.4.2-1 UMa LoS probability (h_UT <= 13 m): d1 = 18 m, p1 = 63 m. */
#define UMA_D1_M 18.0
#define UMA_P1_M 63.0

static const q6_model_param up_p[] = {
    Q6_P("data_bytes", "B", 1e6, 0, 1e12, "subtask size D (Table III: 1e5, 1e6, 1e7)"),
    Q6_I("pathloss_model", "1", 2, 0, 3,
         "0 free space (Friis), 1 Okumura-Hata (eq. 15), 2 3GPP UMa (eqs. 16-20), 3 3GPP UAV (eqs. 27-29)"),
    Q6_P("distance_2d_m", "m", 500, 1, 1e5, "horizontal vehicle-receiver distance"),
    Q6_P("tx_height_m", "m", 1.5, 0, 300, "vehicle antenna height h_UT (paper: 1.5 m)"),
    Q6_P("rx_height_m", "m", 25, 1, 300, "BS or UAV antenna height (paper Table III: h_BS 25 m)"),
    Q6_P("carrier_hz", "Hz", 900e6, 1e8, 1e11, "carrier f_c"),
    Q6_I("los_state", "1", 2, 0, 2,
         "UMa and UAV: 0 NLoS loss, 1 LoS loss, 2 mean gain mixed by the LoS probability"),
    Q6_P("breakpoint_m", "m", 0, 0, 1e5, "UMa d'BP; 0: 38.901's 4 h'BS h'UT fc / c (paper: 100 m)"),
    Q6_P("los_d1_m", "m", 0, 0, 1e5, "LoS probability d1; 0: standard (UMa 18 m, UAV 36.777 height formula)"),
    Q6_P("los_p1_m", "m", 0, 0, 1e6, "LoS probability p1; 0: standard (UMa 63 m, UAV height formula; paper: 63)"),
    Q6_I("hata_override", "1", 0, 0, 1, "1: evaluate Okumura-Hata outside 150-1500 MHz, 30-200 m, 1-10 m, 1-20 km"),
    Q6_P("tx_power_w", "W", 0.2, 0, 1e3, "vehicle transmit power"),
    Q6_P("noise_psd_dbm_per_hz", "dBm/Hz", -174, -250, 0, "noise density"),
    Q6_P("noise_figure_db", "dB", 7, 0, 50, "receiver noise figure"),
    Q6_I("antennas", "1", 1, 1, 1024, "receive antennas M: steering-vector array gain |a|^2 = M (eq. 14)"),
    Q6_P("bandwidth_hz", "Hz", 10e6, 1, 1e11, "bandwidth B (Table II: 10 MHz)"),
    Q6_P("blocklength", "1", 1000, 1, 1e9, "channel uses per block n (Table III: 1000; Table II: 100)"),
    Q6_P("error_probability", "1", 1e-6, 1e-300, 0.5, "block error target (Table II: 1e-6)"),
    Q6_P("decode_s_per_use", "s", 0, 0, 1, "decoding work per channel use (coding delay n/B + n x this)"),
};
static const q6_model_output up_o[] = {
    {"pathloss_db", "dB", "large-scale loss of the chosen model"},
    {"los_probability", "1", "P_LoS used (UMa, UAV; 1 for free space, 0 for Hata)"},
    {"snr_db", "dB", "P_tx M / (PL N0 NF B)"},
    {"rate_bps", "bit/s", "finite-blocklength rate (eq. 23)"},
    {"coding_delay_s", "s", "n / B + n x decode_s_per_use"},
    {"latency_s", "s", "8 D / R + coding delay"},
};

static int hata_check(const double *in, double d3d, char *err, size_t errlen)
{
    int out = q6_hata_validity(d3d, in[5], in[4], in[3]);
    if (!out || in[10] == 1.0)
        return 0;
    const char *field = out & Q6_HATA_OUT_CARRIER ? "carrier_hz"
                        : out & Q6_HATA_OUT_BS_HEIGHT ? "rx_height_m"
                        : out & Q6_HATA_OUT_MS_HEIGHT ? "tx_height_m"
                                                      : "distance_2d_m";
    return q6_model_fail(err, errlen, field,
                         "outside Okumura-Hata's validity (150-1500 MHz, BS 30-200 m, mobile 1-10 m, "
                         "1-20 km); set hata_override=1 to evaluate it anyway");
}

static int up_eval(const double *in, double *out, char *err, size_t errlen)
{
    double d2 = in[2], dh = in[4] - in[3], d3 = sqrt(d2 * d2 + dh * dh), fc = in[5];
    int model = (int)in[1], los_state = (int)in[6];
    double pl = NAN, p_los = 1.0;
    if (model == PL_FREE) {
        pl = q6_pathloss_fspl_db(d3, fc);
    } else if (model == PL_HATA) {
        if (hata_check(in, d3, err, errlen))
            return -1;
        pl = q6_pathloss_hata_urban_db(d3, fc, in[4], in[3]);
        p_los = 0.0;
    } else {
        double los, nlos;
        if (model == PL_UMA) {
            double bp = in[7] > 0 ? in[7] : q6_uma_breakpoint_m(in[4], in[3], fc);
            los = q6_pathloss_uma_los_bp_db(d2, in[4], in[3], fc, bp);
            nlos = q6_pathloss_uma_nlos_bp_db(d2, in[4], in[3], fc, bp);
            p_los = q6_los_probability(d2, in[8] > 0 ? in[8] : UMA_D1_M, in[9] > 0 ? in[9] : UMA_P1_M);
        } else {
            los = q6_pathloss_uav_los_db(d3, in[4], fc);
            nlos = q6_pathloss_uav_nlos_db(d3, in[4], fc);
            p_los = in[8] > 0 || in[9] > 0
                        ? q6_los_probability(d2, in[8] > 0 ? in[8] : 100.0, in[9] > 0 ? in[9] : 63.0)
                        : q6_los_probability_uav(d2, in[4]);
        }
        if (isnan(los) || (los_state != LOS_ONLY && isnan(nlos)))
            return q6_model_fail(err, errlen, model == PL_UMA ? "distance_2d_m" : "rx_height_m",
                                 model == PL_UMA ? "outside 38.901 UMa (10 m - 5 km, heights above 1 m, 0.5-100 GHz)"
                                                 : "outside 36.777 UMa-AV (UAV 22.5-300 m LoS, 10-100 m NLoS)");
        pl = los_state == LOS_ONLY ? los : los_state == LOS_NONE ? nlos : q6_pathloss_mixture_db(p_los, los, nlos);
        if (los_state != LOS_MIXED)
            p_los = los_state == LOS_ONLY;
    }
    if (isnan(pl) || isnan(p_los))
        return q6_model_fail(err, errlen, "distance_2d_m", "outside the path-loss model's domain");
    double noise_w = q6_dbm_to_w(in[12] + in[13]) * in[15];
    double snr = in[11] * in[14] * q6_db_to_linear(-pl) / noise_w;
    out[0] = pl;
    out[1] = p_los;
    out[2] = q6_linear_to_db(snr);
    out[3] = q6_rate_fbl_bps(in[15], snr, in[16], in[17]);
    out[4] = q6_fbl_coding_delay_s(in[16], in[15], in[18]);
    out[5] = q6_fbl_latency_s(8.0 * in[0], in[15], snr, in[16], in[17], in[18]);
    if (isnan(out[5]))
        return q6_model_fail(err, errlen, "blocklength", "outside the rate model's domain");
    return 0;
}

const q6_model_desc q6_models_vec[] = {
    Q6_MODEL("p4_uplink", "paper 004 vehicle uplink: path loss, array gain, FBL rate, coding delay, latency",
             "paper 004 eqs. 14-31, Table III; 3GPP TR 38.901, TR 36.777; Hata 1980", up_p, up_o, up_eval),
};
const size_t q6_models_vec_count = Q6_COUNT(q6_models_vec);
