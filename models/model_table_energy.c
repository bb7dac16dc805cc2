/* Registry entries of the computation and energy models. */
#include "models/battery.h"
#include "models/bs_power.h"
#include "models/compute.h"
#include "models/edge_time.h"
#include "models/emissions.h"
#include "models/ev_energy.h"
#include "models/model_tables.h"

/* --- DVFS CPU ------------------------------------------------------------- */
static const q6_model_param dvfs_p[] = {
    Q6_P("cycles", "cycle", 1e9, 0, 1e18, "CPU cycles of the task"),
    Q6_P("freq_hz", "Hz", 2e9, 1, 1e11, "clock frequency"),
    Q6_P("kappa", "J/(cycle Hz^2)", 1e-28, 0, 1e-20, "effective switched capacitance"),
};
static const q6_model_output dvfs_o[] = {
    {"time_s", "s", "C / f"},
    {"energy_j", "J", "kappa f^2 C"},
    {"power_w", "W", "kappa f^3"},
};
static int dvfs_eval(const double *in, double *out, char *err, size_t errlen)
{
    (void)err;
    (void)errlen;
    out[0] = q6_cpu_time_s(in[0], in[1]);
    out[1] = q6_cpu_energy_j(in[2], in[1], in[0]);
    out[2] = in[2] * in[1] * in[1] * in[1];
    return 0;
}

/* --- CPU/GPU split (paper 003) -------------------------------------------- */
static const q6_model_param split_p[] = {
    Q6_P("work_flop", "FLOP", 1e12, 0, 1e21, "workload W_k"),
    Q6_P("cpu_fraction", "1", 0.5, 0, 1, "partitioning factor kappa_k (share on the CPU)"),
    Q6_P("cpu_flop_per_cycle", "FLOP/cycle", 16, 0, 1e6, "n_k"),
    Q6_P("cpu_freq_hz", "Hz", 3e9, 0, 1e11, "f_k^C"),
    Q6_P("gpu_flop_per_cycle", "FLOP/cycle", 1024, 0, 1e9, "n'_k"),
    Q6_P("gpu_freq_hz", "Hz", 1.5e9, 0, 1e11, "f_k^G"),
    Q6_P("alpha", "1", 1, 0, 1, "compute intensity"),
    Q6_P("beta", "1", 1, 0, 1, "data-dependent memory parameter"),
    Q6_P("cpu_a_w_per_hz3", "W/Hz^3", 1e-27, 0, 1e-18, "CPU core power coefficient A_C"),
    Q6_P("cpu_b_w", "W", 10, 0, 1e5, "CPU memory power B_C"),
    Q6_P("cpu_c_w_per_hz", "W/Hz", 1e-9, 0, 1e-3, "CPU static loss coefficient C_C"),
    Q6_P("gpu_a_w_per_hz3", "W/Hz^3", 2e-26, 0, 1e-18, "GPU core power coefficient A_G"),
    Q6_P("gpu_b_w", "W", 30, 0, 1e5, "GPU memory power B_G"),
    Q6_P("gpu_c_w_per_hz", "W/Hz", 2e-8, 0, 1e-3, "GPU static loss coefficient C_G"),
};
static const q6_model_output split_o[] = {
    {"cpu_time_s", "s", "kappa W / (n f^C)"},
    {"gpu_time_s", "s", "(1 - kappa) W / (n' f^G)"},
    {"delay_s", "s", "max of the two (eq. 3)"},
    {"cpu_energy_j", "J", "eq. 4 for the CPU"},
    {"gpu_energy_j", "J", "eq. 4 for the GPU"},
    {"energy_j", "J", "sum"},
};
static int split_eval(const double *in, double *out, char *err, size_t errlen)
{
    q6_cpu_gpu_params p = {.cpu_flop_per_cycle = in[2], .cpu_freq_hz = in[3],
                           .gpu_flop_per_cycle = in[4], .gpu_freq_hz = in[5], .alpha = in[6],
                           .beta = in[7], .cpu_a_w_per_hz3 = in[8], .cpu_b_w = in[9],
                           .cpu_c_w_per_hz = in[10], .gpu_a_w_per_hz3 = in[11],
                           .gpu_b_w = in[12], .gpu_c_w_per_hz = in[13]};
    q6_cpu_gpu_result r;
    if (q6_cpu_gpu_split(&p, in[0], in[1], &r) != 0)
        return q6_model_fail(err, errlen,
                             in[1] > 0 && !(in[2] * in[3] > 0) ? "cpu_freq_hz" : "gpu_freq_hz",
                             "a device with zero speed receives work");
    out[0] = r.cpu_time_s;
    out[1] = r.gpu_time_s;
    out[2] = r.delay_s;
    out[3] = r.cpu_energy_j;
    out[4] = r.gpu_energy_j;
    out[5] = r.energy_j;
    return 0;
}

/* --- BS power (paper 000) ------------------------------------------------- */
static const q6_model_param bs_p[] = {
    Q6_P("output_power_w", "W", 20, 0, 1e4, "antenna output P_out (0 = sleep)"),
    Q6_P("cpu_load", "1", 0.5, 0, 1, "BBU CPU load tau"),
    Q6_P("duration_s", "s", 1, 0, 1e9, "time t for e = P t"),
    Q6_P("max_output_w", "W", 40, 1e-3, 1e4, "P_max (assumed 46 dBm)"),
    Q6_P("pa_efficiency", "1", 0.311, 1e-3, 1, "eta (Table II)"),
    Q6_P("rf_power_w", "W", 21.9, 0, 1e4, "P_RF (Table II)"),
    Q6_P("sleep_power_w", "W", 6.45, 0, 1e4, "P_sleep (Table II)"),
    Q6_P("bbu_cores", "1", 1, 1, 1024, "N_BBU active cores"),
    Q6_P("bbu_core_min_w", "W", 5, 0, 1e4, "P_BBU^min per core (Table II)"),
    Q6_P("bbu_core_max_w", "W", 20, 0, 1e4, "P_BBU^max per core (Table II)"),
    Q6_P("bbu_freq_hz", "Hz", 2.5e9, 0, 1e11, "f_BBU (Table II)"),
    Q6_P("bbu_ref_freq_hz", "Hz", 2.5e9, 1, 1e11, "frequency where a loaded core draws P^max"),
    Q6_P("bbu_freq_exponent", "1", 1, 0, 10, "beta"),
};
static const q6_model_output bs_o[] = {
    {"power_w", "W", "P_BS (eq. 1)"},
    {"energy_j", "J", "P_BS t"},
};
static int bs_eval(const double *in, double *out, char *err, size_t errlen)
{
    q6_bs_power_params p = {.max_output_w = in[3], .pa_efficiency = in[4], .rf_power_w = in[5],
                            .sleep_power_w = in[6], .bbu_cores = in[7], .bbu_core_min_w = in[8],
                            .bbu_core_max_w = in[9], .bbu_freq_hz = in[10],
                            .bbu_ref_freq_hz = in[11], .bbu_freq_exponent = in[12]};
    if (in[0] > in[3])
        return q6_model_fail(err, errlen, "output_power_w", "exceeds max_output_w");
    if (in[9] < in[8])
        return q6_model_fail(err, errlen, "bbu_core_max_w", "below bbu_core_min_w");
    out[0] = q6_bs_power_w(&p, in[0], in[1]);
    out[1] = out[0] * in[2];
    return 0;
}

/* --- EV travel (paper 000) ---------------------------------------------- */
static const q6_model_param ev_p[] = {
    Q6_P("distance_m", "m", 1000, 0, 1e7, "distance d_EV"),
    Q6_P("speed_mps", "m/s", 10, 0.01, 100, "constant speed v"),
    Q6_P("mass_kg", "kg", 1000, 0, 1e5, "m (Table II)"),
    Q6_P("rolling_coeff", "1", 0.018, 0, 1, "f_g (Table II)"),
    Q6_P("drag_coeff", "1", 0.4, 0, 5, "f_a (Table II)"),
    Q6_P("frontal_area_m2", "m^2", 2, 0, 100, "phi (Table II)"),
};
static const q6_model_output ev_o[] = {
    {"energy_j", "J", "e_EV^trv (eq. 5)"},
    {"time_s", "s", "d / v"},
};
static int ev_eval(const double *in, double *out, char *err, size_t errlen)
{
    (void)err;
    (void)errlen;
    out[0] = q6_ev_travel_energy_j(in[0], in[1], in[2], in[3], in[4], in[5]);
    out[1] = in[0] / in[1];
    return 0;
}

/* --- edge-computing time (paper 000) ------------------------------------ */
static const q6_model_param edge_p[] = {
    Q6_P("task_time_s", "s", 100, 0, 1e9, "t_task^comp: whole task on the BS"),
    Q6_P("ev_time_sum_s", "s", 60, 0, 1e9, "sum over the K EVs of t_EV^comp"),
    Q6_P("add_time_s", "s", 1, 0, 1e9, "t_BS^add: time to add the chunks"),
};
static const q6_model_output edge_o[] = {
    {"bs_time_s", "s", "t_BS^comp (eq. 2)"},
    {"task_lower_s", "s", "Theorem 1 lower bound from t_BS (valid if t_add <= 2 sum)"},
    {"task_upper_s", "s", "Theorem 1 upper bound t_add + sum (no BS chunks)"},
};
static int edge_eval(const double *in, double *out, char *err, size_t errlen)
{
    (void)err;
    (void)errlen;
    out[0] = q6_edge_bs_time_s(in[0], in[1], in[2]);
    out[1] = q6_edge_task_time_lower_s(out[0], in[1], in[2]);
    out[2] = q6_edge_task_time_upper_s(in[1], in[2]);
    return 0;
}

/* --- battery and source split (paper 003) -------------------------------- */
static const q6_model_param batt_p[] = {
    Q6_P("capacity_j", "J", 3.6e6, 0, 1e15, "b_max"),
    Q6_P("self_discharge", "1", 0.99, 1e-6, 1, "eta: fraction kept per slot"),
    Q6_P("charge_efficiency", "1", 0.95, 1e-6, 1, "mu: fraction of input stored"),
    Q6_P("level_j", "J", 1.8e6, 0, 1e15, "b(t-1)"),
    Q6_P("discharge_j", "J", 1e5, 0, 1e15, "d(t)"),
    Q6_P("charge_renewable_j", "J", 5e4, 0, 1e15, "u_b(t)"),
    Q6_P("charge_grid_j", "J", 0, 0, 1e15, "g_b(t)"),
};
static const q6_model_output batt_o[] = {
    {"next_level_j", "J", "b(t) = eta (b - d) + mu (u_b + g_b) (eq. 2)"},
    {"max_charge_input_j", "J", "largest u_b + g_b that keeps b(t) <= b_max"},
};
static int batt_eval(const double *in, double *out, char *err, size_t errlen)
{
    q6_battery_params p = {in[0], in[1], in[2]};
    if (in[3] > in[0])
        return q6_model_fail(err, errlen, "level_j", "exceeds capacity_j");
    if (in[4] > in[3])
        return q6_model_fail(err, errlen, "discharge_j", "exceeds level_j (13d)");
    out[1] = q6_battery_max_charge_input_j(&p, in[3], in[4]);
    if (in[5] + in[6] > out[1] * (1.0 + 1e-12))
        return q6_model_fail(err, errlen, "charge_renewable_j",
                             "charging would exceed capacity_j (13d)");
    out[0] = q6_battery_next_j(&p, in[3], in[4], in[5], in[6]);
    return 0;
}

static const q6_model_param split_src_p[] = {
    Q6_P("demand_j", "J", 5e5, 0, 1e15, "E_tot of the slot"),
    Q6_P("renewable_available_j", "J", 3e5, 0, 1e15, "renewable energy available"),
    Q6_P("level_j", "J", 1e5, 0, 1e15, "battery level b(t-1)"),
    Q6_P("capacity_j", "J", 3.6e6, 0, 1e15, "b_max"),
    Q6_P("self_discharge", "1", 0.99, 1e-6, 1, "eta"),
    Q6_P("charge_efficiency", "1", 0.95, 1e-6, 1, "mu"),
    Q6_P("w_renewable_g_per_kwh", "g/kWh", 0, 0, 1e4, "w_u"),
    Q6_P("w_grid_g_per_kwh", "g/kWh", 200, 0, 1e4, "w_g (GB grid 2023: ~200)"),
    Q6_P("w_battery_g_per_kwh", "g/kWh", 0, 0, 1e4, "w_d"),
    Q6_P("slot_s", "s", 1, 1e-9, 1e9, "slot duration T"),
    Q6_P("rate_sum_bps", "bit/s", 1e8, 1e-9, 1e15, "sum of the served rates"),
};
static const q6_model_output split_src_o[] = {
    {"renewable_used_j", "J", "u - u_b"},
    {"renewable_stored_j", "J", "u_b"},
    {"renewable_spilled_j", "J", "renewable neither used nor stored"},
    {"battery_j", "J", "d"},
    {"grid_used_j", "J", "g - g_b"},
    {"battery_next_j", "J", "b(t)"},
    {"emissions_kg", "kg", "c (eq. 11)"},
    {"emissions_per_bit_kg", "kg/bit", "c / (T sum R)"},
    {"grid_only_per_bit_kg", "kg/bit", "C_psi^b = w_g E / (T sum R)"},
    {"sustainability", "1", "S = (1 - C^b / C_psi^b)^2 (eq. 12)"},
};
static int split_src_eval(const double *in, double *out, char *err, size_t errlen)
{
    q6_battery_params p = {in[3], in[4], in[5]};
    q6_energy_split s;
    if (in[2] > in[3])
        return q6_model_fail(err, errlen, "level_j", "exceeds capacity_j");
    if (q6_energy_split_greedy(&p, in[0], in[1], in[2], &s) != 0)
        return q6_model_fail(err, errlen, "demand_j", "cannot be split");
    double wu = q6_g_per_kwh_to_kg_per_j(in[6]), wg = q6_g_per_kwh_to_kg_per_j(in[7]),
           wd = q6_g_per_kwh_to_kg_per_j(in[8]);
    out[0] = s.renewable_used_j;
    out[1] = s.renewable_stored_j;
    out[2] = s.renewable_spilled_j;
    out[3] = s.battery_j;
    out[4] = s.grid_used_j;
    out[5] = s.battery_next_j;
    out[6] = q6_emissions_kg(s.renewable_used_j, s.grid_used_j, s.battery_j, wu, wg, wd);
    out[7] = q6_emissions_per_bit_kg(out[6], in[9], in[10]);
    out[8] = q6_emissions_per_bit_kg(wg * in[0], in[9], in[10]);
    out[9] = out[8] > 0.0 ? q6_sustainability(out[7], out[8]) : NAN;
    return 0;
}

const q6_model_desc q6_models_energy[] = {
    Q6_MODEL("cpu_dvfs", "CPU time and energy with DVFS", "paper 002 eqs. 18-19; paper 001 eq. 1",
             dvfs_p, dvfs_o, dvfs_eval),
    Q6_MODEL("cpu_gpu_split", "CPU/GPU split of a workload: delay and energy",
             "paper 003 eqs. 3-4", split_p, split_o, split_eval),
    Q6_MODEL("bs_power", "base-station power: RRU + BBU, sleep at zero load",
             "paper 000 eq. 1, Table II", bs_p, bs_o, bs_eval),
    Q6_MODEL("ev_travel", "EV travel energy", "paper 000 eq. 5, Table II", ev_p, ev_o, ev_eval),
    Q6_MODEL("edge_time", "BS edge-computing time and Theorem 1 bounds",
             "paper 000 eq. 2, Theorem 1", edge_p, edge_o, edge_eval),
    Q6_MODEL("battery", "battery step with self-discharge and charging loss",
             "paper 003 eq. 2, (13d)", batt_p, batt_o, batt_eval),
    Q6_MODEL("energy_split", "renewable/battery/grid split, emissions and S(t)",
             "paper 003 eqs. 2, 8, 11, 12 (greedy dispatch rule of q6sim)", split_src_p,
             split_src_o, split_src_eval),
};
const size_t q6_models_energy_count = Q6_COUNT(q6_models_energy);
