/* Random small slot problems and exhaustive search (see instance.h). */
#include "instance.h"
#include <math.h>
#include <string.h>

static double uni(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    *s = x;
    return (double)(x >> 11) * 0x1p-53;
}

void instance_random(instance *in, uint32_t n_users, uint32_t n_aps, uint64_t *s)
{
    memset(in, 0, sizeof *in);
    for (uint32_t i = 0; i < n_users; i++) {
        in->input_bits[i] = 2e5 + 2e6 * uni(s);
        in->work[i] = 1e8 + 2e9 * uni(s);
    }
    for (uint32_t j = 0; j < n_aps; j++) {
        int leo = j == n_aps - 1;
        in->bmin[j] = 0.3 + 0.2 * uni(s); /* at most 2-3 users per AP */
        in->bmax[j] = in->bmin[j] + (1.0 - in->bmin[j]) * uni(s);
        in->cpu[j] = leo ? 0.0 : 5e9 + 1e10 * uni(s);
        in->fmin[j] = 0.2 * in->cpu[j] + (leo ? 1.0 : 0.0);
        in->fmax[j] = leo ? 1.0 : in->fmin[j] + (in->cpu[j] - in->fmin[j]) * uni(s);
        in->kappa[j] = 1e-28 * (0.5 + uni(s));
        in->backhaul[j] = leo ? 2e7 + 5e7 * uni(s) : 5e7 + 2e8 * uni(s);
        in->txw[j] = 5.0 + 15.0 * uni(s);
        in->queue[j] = uni(s) < 0.3 ? 0.0 : 20.0 * uni(s);
    }
    for (uint32_t i = 0; i < n_users; i++)
        for (uint32_t j = 0; j < n_aps; j++) {
            size_t k = (size_t)i * n_aps + j;
            in->reach[k] = j == n_aps - 1 || uni(s) < 0.7;
            in->rate[k] = (j == n_aps - 1 ? 5e6 : 1e7) + 1e8 * uni(s);
        }
    q6_bd_problem *p = &in->p;
    p->n_users = n_users;
    p->n_aps = n_aps;
    p->v = 1.0 + 50.0 * uni(s);
    p->cloud_flops = 2e10 + 2e10 * uni(s);
    p->input_bits = in->input_bits;
    p->work_cycles = in->work;
    p->beta_min = in->bmin;
    p->beta_max = in->bmax;
    p->cpu_hz = in->cpu;
    p->f_min = in->fmin;
    p->f_max = in->fmax;
    p->kappa = in->kappa;
    p->backhaul_bps = in->backhaul;
    p->tx_power_w = in->txw;
    p->queue_j = in->queue;
    p->rate_bps = in->rate;
    p->reach = in->reach;
}

uint32_t instance_binaries(const instance *in)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < in->p.n_users; i++)
        for (uint32_t j = 0; j < in->p.n_aps; j++)
            if (in->reach[i * in->p.n_aps + j])
                n += 1 + (in->cpu[j] > 0.0);
    return n;
}

double instance_brute_force(const instance *in, q6_bd_binaries *best,
                            void (*visit)(void *ctx, const q6_bd_binaries *b, double value), void *ctx)
{
    const q6_bd_problem *p = &in->p;
    uint32_t nu = p->n_users, na = p->n_aps;
    uint32_t choice[INST_MAX_USERS] = {0}; /* per user: 2 j + onboard */
    uint32_t ap[INST_MAX_USERS];
    uint8_t onboard[INST_MAX_USERS];
    q6_bd_binaries b = {ap, onboard};
    q6_bd_alloc a;
    if (q6_bd_alloc_init(&a, p) < 0)
        return NAN;
    double opt = INFINITY;
    for (;;) {
        int valid = 1;
        for (uint32_t i = 0; i < nu; i++) {
            ap[i] = choice[i] / 2;
            onboard[i] = (uint8_t)(choice[i] % 2);
            if (!in->reach[i * na + ap[i]] || (onboard[i] && !(in->cpu[ap[i]] > 0.0)))
                valid = 0;
        }
        if (valid && q6_bd_subproblem(p, &b, &a) == 0 && a.feasible) {
            if (visit)
                visit(ctx, &b, a.value);
            if (a.value < opt) {
                opt = a.value;
                if (best) {
                    memcpy(best->ap, ap, nu * sizeof *ap);
                    memcpy(best->onboard, onboard, nu);
                }
            }
        }
        uint32_t i = 0;
        while (i < nu && ++choice[i] == 2 * na)
            choice[i++] = 0;
        if (i == nu)
            break;
    }
    q6_bd_alloc_free(&a);
    return opt;
}
