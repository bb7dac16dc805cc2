#include "sim/core/energy_account.h"
#include "sim/base/alloc.h"
#include "models/battery.h"
#include "models/bs_power.h"
#include "models/compute.h"
#include "models/emission_series.h"
#include "models/emissions.h"
#include <math.h>
#include <simgrid/engine.h>
#include <simgrid/host.h>
#include <simgrid/plugins/energy.h>
#include <stdio.h>
#include <stdlib.h>

int q6_energy_account_init(q6_world *w, char *err, size_t errlen)
{
    const q6_energy_params *e = &w->sc->energy;
    if (!(w->ap.exec_flops = q6_calloc_checked(w->n_aps, sizeof *w->ap.exec_flops, "ap_exec_flops", err, errlen)) ||
        !(w->ap.users = q6_calloc_checked(w->n_aps, sizeof *w->ap.users, "ap_users", err, errlen)) ||
        !(w->energy.site_battery_j = q6_calloc_checked(w->n_aps, sizeof *w->energy.site_battery_j, "site_battery_j", err, errlen)) ||
        !(w->energy.ap_slot_j = q6_calloc_checked(w->n_aps, sizeof *w->energy.ap_slot_j, "ap_energy_slot_j", err, errlen)) ||
        !(w->energy.ap_emissions_slot_g = q6_calloc_checked(w->n_aps, sizeof *w->energy.ap_emissions_slot_g, "ap_emissions_slot_g", err, errlen)) ||
        !(w->energy.site_demand_j = q6_calloc_checked(w->pf->n_hosts, sizeof *w->energy.site_demand_j, "site_demand_j", err, errlen)) ||
        !(w->energy.ap_j = q6_calloc_checked(w->sc->slots * (w->n_aps ? w->n_aps : 1), sizeof *w->energy.ap_j,
                                             "ap_energy_j (slots x APs)", err, errlen)) ||
        !(w->ap.gpu_energy_j = q6_calloc_checked(w->n_aps ? w->n_aps : 1, sizeof *w->ap.gpu_energy_j, "ap_gpu_energy_j",
                                                 err, errlen)))
        return -1;
    const double *init = q6_exo_battery_initial(w->exo);
    for (size_t a = 0; a < w->n_aps; a++)
        w->energy.site_battery_j[a] = init[a] * e->battery_capacity_j;
    if (e->emission_csv[0]) {
        w->energy.emission_series = q6_emission_series_load(e->emission_csv, err, errlen);
        if (!w->energy.emission_series)
            return -1;
    }
    return 0;
}

void q6_energy_account_free(q6_world *w)
{
    free(w->ap.exec_flops);
    free(w->ap.users);
    free(w->energy.site_battery_j);
    free(w->energy.ap_slot_j);
    free(w->energy.ap_emissions_slot_g);
    free(w->energy.site_demand_j);
    free(w->energy.ap_j);
    free(w->ap.gpu_energy_j);
    q6_emission_series_free(w->energy.emission_series);
    w->energy.emission_series = NULL;
}

double q6_energy_vehicle_task_j(const q6_world *w, double flops)
{
    return q6_cpu_energy_j(w->sc->energy.vehicle_kappa, w->sc->vehicles.cpu_flops, flops);
}

double q6_energy_grid_g_per_kwh(const q6_world *w, double t_s)
{
    return w->energy.emission_series ? q6_emission_series_at(w->energy.emission_series, t_s, Q6_SERIES_STEP)
                              : w->sc->energy.grid_g_per_kwh;
}

/* kg CO2/J of the grid at time t: the series when given, else the constant. */
static double grid_factor(const q6_world *w, double t_s)
{
    return q6_g_per_kwh_to_kg_per_j(q6_energy_grid_g_per_kwh(w, t_s));
}

q6_battery_params q6_energy_site_battery(const q6_world *w)
{
    const q6_energy_params *e = &w->sc->energy;
    return (q6_battery_params){e->battery_capacity_j, e->battery_keep_per_slot, e->battery_charge_efficiency};
}

/* The split of a site's demand under the scheduler's decision (checked by
 * E1): the battery discharges d and stores u_b + g_b; the renewable left
 * after u_b feeds the rest of the demand first, then the grid (eq. 8). */
static void split_decided(const q6_battery_params *batt, double demand_j, double renewable_j, double level_j,
                          const double choice[3], q6_energy_split *sp)
{
    double ur = choice[0] == Q6_UNSET ? 0 : choice[0], ug = choice[1] == Q6_UNSET ? 0 : choice[1];
    double dis = choice[2] == Q6_UNSET ? 0 : choice[2];
    double rest = fmax(0.0, demand_j - dis);
    sp->renewable_stored_j = ur;
    sp->renewable_used_j = fmin(fmax(0.0, renewable_j - ur), rest);
    sp->renewable_spilled_j = fmax(0.0, renewable_j - ur - sp->renewable_used_j);
    sp->battery_j = dis;
    sp->grid_used_j = rest - sp->renewable_used_j;
    sp->grid_stored_j = ug;
    sp->battery_next_j = q6_battery_next_j(batt, level_j, dis, ur, ug);
}

void q6_energy_account_slot(q6_world *w, uint64_t k)
{
    q6_slot_metrics *m = &w->log.metrics[k];
    double slot_s = w->sc->slot_s;
    q6_bs_power_params bs = q6_bs_power_defaults();
    double *site_j = w->energy.site_demand_j;
    for (size_t h = 0; h < w->pf->n_hosts; h++) {
        double now = sg_host_get_consumed_energy(w->net.infra_host[h]);
        site_j[h] = now - w->energy.infra_prev_j[h];
        w->energy.infra_prev_j[h] = now;
    }
    /* Gate-model QPU runs (agents/qpu_exec.c): heat and cooling of the runs
     * that ended in the slot, on top of the host's standing draw. */
    if (w->pf->qpu >= 0)
        site_j[w->pf->qpu] += w->energy.qpu_job_unbooked_j;
    w->energy.qpu_job_unbooked_j = 0;
    /* QPU jobs sleep on the QPU host rather than compute on it, so their
     * energy beyond its idle draw comes from the annealer model (agents/qpu.c). */
    if (w->pf->qpu >= 0) {
        site_j[w->pf->qpu] += w->energy.qpu_unaccounted_j;
        w->energy.qpu_unaccounted_j = 0;
    }
    for (size_t a = 0; a < w->n_aps; a++) {
        size_t h = w->pf->aps[a];
        /* GPU work of the slot (its model's energy, agents/task.c). */
        site_j[h] += w->ap.gpu_energy_j[a];
        w->ap.gpu_energy_j[a] = 0;
        if (w->pf->hosts[h].role != Q6_ROLE_BS)
            continue;
        /* Radio and baseband on top of the edge server: transmitting while
         * it served someone since the last epoch, asleep otherwise. */
        double speed = sg_host_get_speed(w->net.infra_host[h]);
        double load = fmin(1.0, w->ap.exec_flops[a] / (speed * slot_s));
        double p_out = w->ap.users[a] ? fmin(w->pf->hosts[h].tx_power_w, bs.max_output_w) : 0.0;
        double p_w = q6_bs_power_w(&bs, p_out, load);
        if (isfinite(p_w))
            site_j[h] += p_w * slot_s;
        w->ap.exec_flops[a] = 0;
    }
    for (size_t h = 0; h < w->pf->n_hosts; h++)
        m->energy_j[w->pf->hosts[h].role] += site_j[h];
    for (size_t a = 0; a < w->n_aps; a++)
        w->energy.ap_j[k * w->n_aps + a] = site_j[w->pf->aps[a]];
    /* A vehicle slot holds a vehicle only while the mobility source says
     * it is present: a slot whose vehicle is absent at this epoch (not yet
     * in the trace, or gone) draws nothing, so its host's idle draw over
     * the slot is dropped. (Dynamic energy - DVFS computing, radio - is
     * charged per task where it happens.) A vehicle host draws its idle
     * power at every load (platform.c gives every pstate idle:idle:idle),
     * so its energy since the last booking is that power times the time:
     * what SimGrid's energy plugin adds up, without asking it for each of
     * 10^4-10^5 hosts every slot (one simcall each, issue 13). */
    const q6_pose *pose = q6_exo_node_poses(w->exo);
    double now_s = simgrid_get_clock();
    double idle_j = w->sc->vehicles.idle_power_w * (now_s - w->energy.vehicles_booked_s);
    for (size_t i = 0; i < w->n_nodes; i++)
        if (pose[i].present)
            m->energy_j[Q6_ENERGY_VEHICLE] += idle_j;
    w->energy.vehicles_booked_s = now_s;
}

void q6_energy_account_dispatch(q6_world *w, uint64_t k)
{
    const q6_energy_params *e = &w->sc->energy;
    q6_slot_metrics *m = &w->log.metrics[k];
    double slot_s = w->sc->slot_s;
    double w_g = grid_factor(w, (double)k * slot_s);
    double w_u = q6_g_per_kwh_to_kg_per_j(e->renewable_g_per_kwh);
    double w_d = q6_g_per_kwh_to_kg_per_j(e->battery_g_per_kwh);
    q6_battery_params batt = q6_energy_site_battery(w);
    const double *renewable = q6_exo_renewable_j(w->exo);
    const double *site_j = w->energy.site_demand_j;
    /* Supply: BS sites use renewable, then battery, then grid; others the grid. */
    for (size_t h = 0; h < w->pf->n_hosts; h++) {
        long a = -1;
        for (size_t j = 0; j < w->n_aps; j++)
            if (w->pf->aps[j] == h)
                a = (long)j;
        if (a >= 0 && w->pf->hosts[h].role == Q6_ROLE_BS) {
            q6_energy_split sp;
            const double *choice = w->ap.battery_choice[a];
            int decided = choice[0] != Q6_UNSET || choice[1] != Q6_UNSET || choice[2] != Q6_UNSET;
            int ok = decided ? (split_decided(&batt, site_j[h], renewable[a], w->energy.site_battery_j[a], choice, &sp),
                                isfinite(sp.battery_next_j))
                             : q6_energy_split_greedy(&batt, site_j[h], renewable[a], w->energy.site_battery_j[a], &sp) == 0;
            if (ok) {
                /* Grid energy stored in the battery is drawn (and emits) now. */
                double kg = q6_emissions_kg(sp.renewable_used_j, sp.grid_used_j + sp.grid_stored_j, sp.battery_j, w_u,
                                            w_g, w_d);
                m->renewable_j += sp.renewable_used_j;
                m->battery_j += sp.battery_j;
                m->grid_j += sp.grid_used_j + sp.grid_stored_j;
                m->emissions_kg += kg;
                w->energy.site_battery_j[a] = sp.battery_next_j;
                w->energy.ap_slot_j[a] = site_j[h];
                w->energy.ap_emissions_slot_g[a] = 1e3 * kg;
                w->log.ap_slots[k * w->n_aps + (size_t)a].emissions_kg = kg;
                w->log.ap_slots[k * w->n_aps + (size_t)a].grid_only_kg = site_j[h] * w_g;
                continue;
            }
        }
        m->grid_j += site_j[h];
        m->emissions_kg += site_j[h] * w_g;
        if (a >= 0) {
            w->energy.ap_slot_j[a] = site_j[h];
            w->energy.ap_emissions_slot_g[a] = 1e3 * site_j[h] * w_g;
            w->log.ap_slots[k * w->n_aps + (size_t)a].emissions_kg = site_j[h] * w_g;
            w->log.ap_slots[k * w->n_aps + (size_t)a].grid_only_kg = site_j[h] * w_g;
        }
    }
    for (size_t h = 0; h < w->pf->n_hosts; h++)
        m->grid_only_kg += site_j[h] * w_g;
}
