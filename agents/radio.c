/* A vehicle's radio during uploads. One radio transmits at its power while
 * any upload of the node is on the air, however many share it: two tasks
 * uploading at once over the node's link each take longer (they share its
 * bandwidth) but the radio is on once, not twice. Each upload is charged
 * its share of the on-air time: the integral of 1 / (uploads on air) over
 * its own interval, times its transmit power, so that with one power the
 * node's uploads add up to power x the time its radio was on. */
#include "agents/agents.h"
#include <simgrid/engine.h>

/* Advances the node's share integral to now. */
static void advance(q6_world *w, uint32_t node, double now)
{
    if (w->node.radio_uploads[node] > 0)
        w->node.radio_share_s[node] += (now - w->node.radio_last_s[node]) / w->node.radio_uploads[node];
    w->node.radio_last_s[node] = now;
}

double q6_radio_begin(q6_world *w, uint32_t node)
{
    advance(w, node, simgrid_get_clock());
    w->node.radio_uploads[node]++;
    return w->node.radio_share_s[node];
}

double q6_radio_end(q6_world *w, uint32_t node, double stamp)
{
    advance(w, node, simgrid_get_clock());
    w->node.radio_uploads[node]--;
    return w->node.radio_share_s[node] - stamp;
}
