/* q6sim trace dump FILE [--format csv|jsonl] [--header]
 * q6sim timeline dump FILE [--format csv|jsonl]
 * Both turn a recorded binary file into text on stdout. */
#include "sim/cli/cli.h"
#include "traces/events/timeline_io.h"
#include "traces/events/trace_io.h"
#include <getopt.h>
#include <stdio.h>
#include <string.h>

static void usage(FILE *f)
{
    fprintf(f,
            "usage: q6sim trace dump FILE [--format csv|jsonl] [--header]\n\n"
            "Converts a trace.pb file (length-delimited q6.trace.Record messages, schema\n"
            "traces/events/trace.proto, version %u) to CSV (default) or JSON lines on stdout,\n"
            "in time order (events of equal time in the order they were emitted).\n"
            "Columns: time_s,kind,slot,task,node,ap,host,value,detail (node, ap: -1 when\n"
            "not about one).\n"
            "  --header  first print the trace header (scenario, seed, scheduler, slot\n"
            "            length, slots): CSV as a comment line '# {json}', JSON lines as\n"
            "            {\"header\": {...}}\n"
            "\n"
            "value, by kind (SI units):\n"
            "  TASK_ARRIVAL      input size, bytes (time = arrival)\n"
            "  TASK_DECIDED      where it runs: 0 local, 1 AP edge (ap), 2 cloud (via ap)\n"
            "  TASK_SENT         input size, bytes, sent from host (detail 'to cloud': AP to cloud)\n"
            "  EXEC_START/END    work, FLOP, on host\n"
            "  TASK_DONE         latency, s (result back at the node)\n"
            "  TASK_DROPPED      latency so far, s, for a missed deadline; 0 otherwise\n"
            "                    (detail says why)\n"
            "  INFEASIBLE        the plugin's offending index (task: 0; market pair: the\n"
            "                    buyer party); detail names the constraint\n"
            "  SLOT_DECIDED      tasks decided in the slot\n"
            "  LINK_RATE         node's access rate, bit/s (node, ap); for a UAV backhaul\n"
            "                    (node -1): relay path delay, s, or -1 without a path\n"
            "  ENERGY_BID        energy, J: a host's slot consumption (host) or a market\n"
            "                    party's bid (detail buy/sell)\n"
            "  ENERGY_OFFER      grid price per kWh (detail: the host it answers)\n"
            "  HANDOVER          the previous AP's index (ap = new AP)\n"
            "  VISIBILITY_START/END  the satellite's height z, m, in the scenario frame\n"
            "  MARKET_MATCH      energy, J, of the EV (node) - BS (ap) pair; detail = direction\n"
            "  MARKET_GRID       energy, J, traded with the grid; detail = direction\n"
            "  EDGE_CHUNK_DONE   chunk time t_task, s; detail = times and the Theorem 1 check\n"
            "  QPU_JOB_START     run time of one quantum-circuit run, s; detail = run number, success probability\n"
            "  QPU_JOB_END       energy of a successful run, J (cooling included)\n"
            "  QPU_JOB_FAILED    energy of a failed run, J; detail = retrying, or the runs made\n"
            "\n"
            "Bad input (a directory, an empty or damaged file): exit 2, nothing printed.\n",
            Q6_TRACE_SCHEMA_VERSION);
}

static void timeline_usage(FILE *f)
{
    fprintf(f,
            "usage: q6sim timeline dump FILE [--format csv|jsonl]\n\n"
            "Prints a timeline recorded with 'q6sim run --record-timeline FILE' (schema\n"
            "traces/events/timeline.proto, versions 1 to %u). The file is checked first, as\n"
            "for --replay-timeline (checksum, values); bad input: exit 2, nothing printed.\n"
            "  csv    (default) first line '# {header json}' (nodes, aps, slots,\n"
            "         slot_length_s, market sizes; version 2: seed, scenario_name,\n"
            "         scenario_identity), then columns slot,field,i,j,value, one value a row:\n"
            "           battery_initial i=AP, market_soc_initial i=party   (slot empty)\n"
            "           x_m y_m z_m speed_mps heading_rad present            i=node\n"
            "           ap_x_m ap_y_m ap_z_m renewable_j                     i=AP\n"
            "           fading (power gain)                                  i=node j=AP\n"
            "           bs_load (P_out/P_max)                                i=market BS\n"
            "           task_arrival_s task_input_bytes task_output_bytes\n"
            "           task_work_flops                         i=node j=task in the slot\n"
            "  jsonl  {\"header\": {...}}, then one object per slot with the arrays of\n"
            "         timeline.proto (node_pose as [x, y, z, speed, heading] per node)\n",
            Q6_TIMELINE_SCHEMA_VERSION);
}

/* Options shared by both dumps; 0 to go on, else the exit code (help: -1). */
static int dump_args(int argc, char **argv, const char *cmd, int allow_header, void (*help)(FILE *), int *jsonl,
                     int *header)
{
    static const struct option opts[] = {{"format", required_argument, 0, 'f'}, {"header", no_argument, 0, 'H'},
                                         {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    int c;
    *jsonl = *header = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'h') {
            help(stdout);
            return -1;
        }
        if (c == 'H' && allow_header) {
            *header = 1;
            continue;
        }
        if (c != 'f') {
            help(stderr);
            return Q6_EXIT_BAD_INPUT;
        }
        if (!strcmp(optarg, "jsonl"))
            *jsonl = 1;
        else if (strcmp(optarg, "csv")) {
            fprintf(stderr, "q6sim %s: --format: unknown format '%s' (csv or jsonl)\n", cmd, optarg);
            return Q6_EXIT_BAD_INPUT;
        }
    }
    if (argc - optind != 2 || strcmp(argv[optind], "dump")) {
        help(stderr);
        return Q6_EXIT_BAD_INPUT;
    }
    return 0;
}

int q6_cli_trace(int argc, char **argv)
{
    int jsonl, header, rc = dump_args(argc, argv, "trace", 1, usage, &jsonl, &header);
    if (rc)
        return rc < 0 ? Q6_EXIT_OK : rc;
    char err[5200];
    if (q6_trace_dump(argv[optind + 1], stdout, jsonl, header, err, sizeof err) < 0) {
        fflush(stdout);
        fprintf(stderr, "q6sim trace: %s\n", err);
        return Q6_EXIT_BAD_INPUT;
    }
    return Q6_EXIT_OK;
}

int q6_cli_timeline(int argc, char **argv)
{
    int jsonl, header, rc = dump_args(argc, argv, "timeline", 0, timeline_usage, &jsonl, &header);
    if (rc)
        return rc < 0 ? Q6_EXIT_OK : rc;
    char err[5200];
    if (q6_timeline_dump(argv[optind + 1], stdout, jsonl, err, sizeof err) < 0) {
        fflush(stdout);
        fprintf(stderr, "q6sim timeline: %s\n", err);
        return Q6_EXIT_BAD_INPUT;
    }
    return Q6_EXIT_OK;
}
