/* Progress line on stderr for long runs: slots done, simulated time,
 * events per second and ETA. Wall-clock time is only displayed, never fed
 * back into the simulation. */
#ifndef Q6_SIM_PROGRESS_H
#define Q6_SIM_PROGRESS_H
#include <stdint.h>

typedef struct {
    int enabled;
    double start_wall_s, last_print_s;
    int printed;
} q6_progress;

/* enabled: 1 always, 0 never, -1 when stderr is a terminal. */
void q6_progress_start(q6_progress *p, int enabled);
void q6_progress_slot(q6_progress *p, uint64_t done, uint64_t total, double sim_s, uint64_t events);
void q6_progress_end(q6_progress *p);

#endif
