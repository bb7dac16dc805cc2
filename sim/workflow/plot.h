/* Plots of a compare folder through gnuplot (Debian gnuplot-nox):
 * timeseries.png, per-slot means with 95% bands of a few slots.csv
 * columns, and summary.png, bars of the main summary metrics with their
 * 95% intervals. The data (.dat files in plots/) and the script (plots/compare.gp,
 * run from the folder) stay with the figures. */
#ifndef Q6_WORKFLOW_PLOT_H
#define Q6_WORKFLOW_PLOT_H
#include "sim/workflow/compare.h"

/* Returns 0 when the figures were made, 1 when gnuplot is not installed
 * (data and script are still written), -1 with err when it failed. */
int q6_plot_compare(const q6_compare_layout *L, const q6_compare_data *D, char *err, size_t errlen);

#endif
