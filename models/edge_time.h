/* Edge-computing time of a BS task split among EVs (paper 000 eq. 2 and
 * Theorem 1). Seconds. NAN for negative or non-finite input. */
#ifndef Q6_MODELS_EDGE_TIME_H
#define Q6_MODELS_EDGE_TIME_H

/* t_BS = max(t_task - sum_EV, 0) + t_add (eq. 2). */
double q6_edge_bs_time_s(double task_time_s, double ev_time_sum_s, double add_time_s);

/* Theorem 1 lower bound on t_task given the observed t_BS:
 * sqrt(t_BS^2 - 2 t_add sum_EV) - sum_EV, floored at 0 (and 0 when the
 * radicand is negative). We read the printed bound with the "- sum_EV"
 * outside the root (as in eq. 12 with t_add ~ 0; inside it would add s^2 to
 * s). It holds whenever t_add <= 2 sum_EV (a necessary assumption: the
 * paper's proof takes t_add ~ 0; with sum_EV = 0 and t_add > 0 it fails). */
double q6_edge_task_time_lower_s(double bs_time_s, double ev_time_sum_s, double add_time_s);
/* Theorem 1 upper bound t_add + sum_EV, valid when the BS computes no chunk
 * itself (t_task <= sum_EV). */
double q6_edge_task_time_upper_s(double ev_time_sum_s, double add_time_s);

#endif
