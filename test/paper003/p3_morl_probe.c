/* Prints what the C `morl` network computes on fixed inputs, for
 * test_p3_morl.py to compare with the Python mirror and PyTorch: the
 * predictor's outputs over five slots of fixed slot features, then the
 * battery costs for three fixed server features. Usage: p3_morl_probe
 * WEIGHTS. Exit 2 with the reader's message on a bad weight file. */
#include "solvers/paper003/morl/morl.h"
#include <stdio.h>

int main(int argc, char **argv)
{
    char err[512];
    if (argc != 2) {
        fprintf(stderr, "usage: p3_morl_probe WEIGHTS\n");
        return 2;
    }
    p3_morl_net *n = p3_morl_net_load(argv[1], err, sizeof err);
    if (!n) {
        fprintf(stderr, "%s\n", err);
        return 2;
    }
    static const double slots[5][P3_PRED_IN] = {
        {246.7, 1.0, 0.4}, {252.4, 0.75, 1.2}, {300.0, 0.5, 3.0}, {190.0, 0.0, 10.0}, {355.0, 1.0, 0.05}};
    static const double sites[3][P3_SITE_IN] = {
        {12.0, 0.8, 250.0, 0.2, 0.5, 1.0}, {-30.0, 0.3, 320.0, 0.9, 4.0, 0.0}, {0.0, 1.0, 200.0, 0.0, 10.0, 0.0}};
    double pred[P3_PRED_OUT], cost[P3_N_OBJ * P3_N_BATT];
    for (int t = 0; t < 5; t++) {
        p3_morl_net_step(n, slots[t], pred);
        printf("pred %.17g %.17g\n", pred[0], pred[1]);
    }
    for (int s = 0; s < 3; s++) {
        p3_morl_net_costs(n, sites[s], cost);
        printf("cost");
        for (int i = 0; i < P3_N_OBJ * P3_N_BATT; i++)
            printf(" %.17g", cost[i]);
        printf("\n");
    }
    p3_morl_net_free(n);
    return 0;
}
