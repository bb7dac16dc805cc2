#include "sim/core/energy_account.h"
#include "models/battery.h"
#include "models/bs_power.h"
#include "models/compute.h"
#include "models/emission_series.h"
#include "models/emissions.h"
#include <math.h>
#include <simgrid/host.h>
#include <simgrid/plugins/energy.h>
#include <stdio.h>
#include <stdlib.h>

int q6_energy_account_init(q6_world *w, char *err, size_t errlen)
{
    const q6_energy_params *e = &w->sc->energy;
    w->ap_exec_flops = calloc(w->n_aps, sizeof *w->ap_exec_flops);
    w->ap_users = calloc(w->n_aps, sizeof *w->ap_users);
    w->site_battery_j = calloc(w->n_aps, sizeof *w->site_battery_j);
    const double *init = q6_exo_battery_initial(w->exo);
    for (size_t a = 0; a < w->n_aps; a++)
        w->site_battery_j[a] = init[a] * e->battery_capacity_j;
    if (e->emission_csv[0]) {
        w->emission_series = q6_emission_series_load(e->emission_csv, err, errlen);
        if (!w->emission_series)
            return -1;
    }
    return 0;
}

void q6_energy_account_free(q6_world *w)
{
    free(w->ap_exec_flops);
    free(w->ap_users);
    free(w->site_battery_j);
    q6_emission_series_free(w->emission_series);
    w->emission_series = NULL;
}

double q6_energy_vehicle_task_j(const q6_world *w, double flops)
{
    return q6_cpu_energy_j(w->sc->energy.vehicle_kappa, w->sc->vehicles.cpu_flops, flops);
}

/* g CO2/kWh of the grid at time t: the series when given, else the constant. */
static double grid_factor(const q6_world *w, double t_s)
{
    double g = w->emission_series ? q6_emission_series_at(w->emission_series, t_s, Q6_SERIES_STEP)
                                  : w->sc->energy.grid_g_per_kwh;
    return q6_g_per_kwh_to_kg_per_j(g);
}

void q6_energy_account_slot(q6_world *w, uint64_t k)
{
    const q6_energy_params *e = &w->sc->energy;
    q6_slot_metrics *m = &w->metrics[k];
    double slot_s = w->sc->slot_s;
    double w_g = grid_factor(w, (double)k * slot_s);
    double w_u = q6_g_per_kwh_to_kg_per_j(e->renewable_g_per_kwh);
    double w_d = q6_g_per_kwh_to_kg_per_j(e->battery_g_per_kwh);
    q6_battery_params batt = {e->battery_capacity_j, e->battery_keep_per_slot, e->battery_charge_efficiency};
    q6_bs_power_params bs = q6_bs_power_defaults();
    const double *renewable = q6_exo_renewable_j(w->exo);
    double *site_j = calloc(w->pf->n_hosts, sizeof *site_j);
    for (size_t h = 0; h < w->pf->n_hosts; h++) {
        double now = sg_host_get_consumed_energy(w->infra_host[h]);
        site_j[h] = now - w->infra_energy_prev_j[h];
        w->infra_energy_prev_j[h] = now;
    }
    for (size_t a = 0; a < w->n_aps; a++) {
        size_t h = w->pf->aps[a];
        if (w->pf->hosts[h].role != Q6_ROLE_BS)
            continue;
        /* Radio and baseband on top of the edge server: transmitting while
         * it served someone since the last epoch, asleep otherwise. */
        double speed = sg_host_get_speed(w->infra_host[h]);
        double load = fmin(1.0, w->ap_exec_flops[a] / (speed * slot_s));
        double p_out = w->ap_users[a] ? fmin(w->pf->hosts[h].tx_power_w, bs.max_output_w) : 0.0;
        double p_w = q6_bs_power_w(&bs, p_out, load);
        if (isfinite(p_w))
            site_j[h] += p_w * slot_s;
        w->ap_exec_flops[a] = 0;
    }
    for (size_t h = 0; h < w->pf->n_hosts; h++)
        m->energy_j[w->pf->hosts[h].role] += site_j[h];
    /* Supply: BS sites use renewable, then battery, then grid; others the grid. */
    for (size_t h = 0; h < w->pf->n_hosts; h++) {
        long a = -1;
        for (size_t j = 0; j < w->n_aps; j++)
            if (w->pf->aps[j] == h)
                a = (long)j;
        if (a >= 0 && w->pf->hosts[h].role == Q6_ROLE_BS) {
            q6_energy_split sp;
            if (q6_energy_split_greedy(&batt, site_j[h], renewable[a], w->site_battery_j[a], &sp) == 0) {
                m->renewable_j += sp.renewable_used_j;
                m->battery_j += sp.battery_j;
                m->grid_j += sp.grid_used_j;
                m->emissions_kg += q6_emissions_kg(sp.renewable_used_j, sp.grid_used_j, sp.battery_j, w_u, w_g, w_d);
                w->site_battery_j[a] = sp.battery_next_j;
                continue;
            }
        }
        m->grid_j += site_j[h];
        m->emissions_kg += site_j[h] * w_g;
    }
    free(site_j);
    for (size_t i = 0; i < w->n_nodes; i++) {
        double now = sg_host_get_consumed_energy(w->node_host[i]);
        m->energy_j[Q6_ENERGY_VEHICLE] += now - w->node_energy_prev_j[i];
        w->node_energy_prev_j[i] = now;
    }
}
