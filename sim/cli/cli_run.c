/* q6sim run SCENARIO [options] */
#include "sim/cli/cli.h"
#include "sim/cli/cli_args.h"
#include "sim/scenario/scenario.h"
#include "sim/engine/engine.h"
#include "traces/events/trace_io.h"
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f)
{
    fprintf(f,
            "usage: q6sim run SCENARIO [--scheduler NAME] [--matcher NAME] [--seed N] [--slots N] [--out DIR]\n"
            "                 [--set KEY=VALUE]... [--plugin PATH]... [--strict] [--quiet]\n"
            "                 [--local-cpu analytic|simgrid] [--radio analytic|simgrid] [--dense-channel]\n"
            "                 [--threads N] [--draw-ahead auto|on|off] [--trace all|none|KIND,...]\n"
            "                 [--record-timeline FILE | --replay-timeline FILE [--replay-any-timeline]]\n"
            "                 [--progress|--no-progress]\n"
            "\n"
            "Runs one scenario (a libconfig scenario file naming a SimGrid v4.1 platform)\n"
            "with one scheduler plugin and writes, atomically, to DIR:\n"
            "  trace.pb       every event (or the kinds --trace names), length-delimited\n"
            "                 protobuf (traces/events/trace.proto)\n"
            "  slots.csv      per-slot tasks, latency (s) and energy by node type (J)\n"
            "  summary.json   totals and the exogenous timeline digest\n"
            "  manifest.json  version, command line, seed, scenario and platform SHA-256\n"
            "  platform.xml   the generated SimGrid platform that was simulated\n"
            "and prints a result table on stdout.\n"
            "\n"
            "options:\n"
            "  --scheduler NAME  scheduler plugin to use (default: the scenario's 'scheduler')\n"
            "  --matcher NAME    energy-market matcher (default: the scenario's 'matcher');\n"
            "                    used only by scenarios with a market group\n"
            "  --seed N          seed of all exogenous streams (default: the scenario's)\n"
            "  --slots N         number of slots to simulate (default: the scenario's)\n"
            "  --out DIR         output directory (default: out/NAME-SCHEDULER-sSEED);\n"
            "                    an existing DIR is replaced only when the run succeeds, and\n"
            "                    only when it holds q6sim output or is empty\n"
            "  --overwrite       also replace an existing DIR that holds no q6sim output, and\n"
            "                    an existing --record-timeline FILE (never a non-folder DIR)\n"
            "  --set KEY=VALUE   override a scenario field, e.g. --set task.deadline_s=0.5\n"
            "                    or --set vehicles.count=200; repeatable\n"
            "  --plugin PATH     load an external plugin (.so); repeatable\n"
            "  --record-timeline FILE  write every exogenous value (positions, fading, tasks,\n"
            "                    renewables) to FILE (traces/events/timeline.proto)\n"
            "  --replay-timeline FILE  read them from FILE instead of drawing them; FILE is\n"
            "                    checked first (checksum, values) and must come from the same\n"
            "                    scenario (its files and --set overrides) and seed\n"
            "  --replay-any-timeline  replay a timeline recorded from another scenario or\n"
            "                    seed (or an old one without provenance); it must still fit\n"
            "                    the scenario's vehicles, APs and slots. The outputs state both\n"
            "                    seeds (summary.json and manifest.json: timeline_replay)\n"
            "  --progress        progress line on stderr (default: only when stderr is a terminal)\n"
            "  --no-progress     no progress line\n"
            "  --strict          fail the run on the first infeasible decision\n"
            "                    (default: report it and drop the tasks concerned)\n"
            "  --quiet           no result table\n"
            "  --local-cpu analytic|simgrid  how vehicles' own CPUs are simulated: an exact\n"
            "                    analytic processor-sharing model (default, faster) or\n"
            "                    SimGrid executions; task times agree (docs/engine.md)\n"
            "  --radio analytic|simgrid  how transfers between vehicles and APs are simulated:\n"
            "                    an exact analytic model of each vehicle's link (default,\n"
            "                    faster; a run whose AP air link would limit them stops\n"
            "                    and says so) or SimGrid transfers; task times agree\n"
            "                    (docs/engine.md); a scenario with an energy market\n"
            "                    always uses simgrid\n"
            "  --threads N       threads for each slot's per-vehicle channel work (default:\n"
            "                    the CPUs this process may use; at most one per 1,000\n"
            "                    vehicles is used); outputs are the same for every N\n"
            "  --draw-ahead auto|on|off  with 2 threads or more, draw the next slot's\n"
            "                    timeline on a thread of its own while the current slot\n"
            "                    runs: auto (default) from 1,000 vehicles, on at any size,\n"
            "                    off never; never with an energy market or UAV relays;\n"
            "                    outputs are the same either way (docs/engine.md)\n"
            "  --trace all|none|KIND,...  event kinds trace.pb holds (default all; names as\n"
            "                    in traces/events/trace.proto, e.g. TASK_DONE,TASK_DROPPED);\n"
            "                    summary.json counts every event either way\n"
            "  --dense-channel   hand the scheduler dense per-(vehicle, AP) arrays even when\n"
            "                    it reads reach lists (a check that both decide the same;\n"
            "                    docs/engine.md)\n"
            "  --help            this text\n"
            "\n"
            "exit codes: 0 success, 1 the run failed, 2 bad input\n");
}

int q6_cli_run(int argc, char **argv)
{
    static const struct option opts[] = {
        {"scheduler", required_argument, 0, 'S'}, {"seed", required_argument, 0, 's'},
        {"matcher", required_argument, 0, 'M'},
        {"slots", required_argument, 0, 'n'},     {"out", required_argument, 0, 'o'},
        {"plugin", required_argument, 0, 'p'},    {"strict", no_argument, 0, 'x'},
        {"quiet", no_argument, 0, 'q'},           {"help", no_argument, 0, 'h'},
        {"set", required_argument, 0, 'k'},
        {"record-timeline", required_argument, 0, 'R'}, {"replay-timeline", required_argument, 0, 'P'},
        {"replay-any-timeline", no_argument, 0, 'A'},
        {"progress", no_argument, 0, 'g'},        {"no-progress", no_argument, 0, 'G'},
        {"overwrite", no_argument, 0, 'w'},
        {"local-cpu", required_argument, 0, 'L'},
        {"radio", required_argument, 0, 'r'},
        {"threads", required_argument, 0, 'T'},
        {"trace", required_argument, 0, 'E'},
        {"dense-channel", no_argument, 0, 'D'},
        {"draw-ahead", required_argument, 0, 'H'},
        {0, 0, 0, 0}};
    q6_run_options o;
    memset(&o, 0, sizeof o);
    o.progress = -1;
    const char *plugins[32];
    const char *overrides[64];
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'S': o.scheduler = optarg; break;
        case 'M': o.matcher = optarg; break;
        case 's':
            if (q6_cli_whole("run", "--seed", optarg, 0, Q6_SEED_MAX, "", &o.seed) < 0)
                return Q6_EXIT_BAD_INPUT;
            o.has_seed = 1;
            break;
        case 'n':
            if (q6_cli_whole("run", "--slots", optarg, 1, Q6_SLOTS_MAX, "slots", &o.slots) < 0)
                return Q6_EXIT_BAD_INPUT;
            o.has_slots = 1;
            break;
        case 'o': o.out_dir = optarg; break;
        case 'w': o.overwrite = 1; break;
        case 'p':
            if (o.n_plugin_paths == 32) {
                fprintf(stderr, "q6sim run: --plugin: at most 32 plugins\n");
                return Q6_EXIT_BAD_INPUT;
            }
            plugins[o.n_plugin_paths++] = optarg;
            break;
        case 'k':
            if (o.n_overrides == 64) {
                fprintf(stderr, "q6sim run: --set: at most 64 overrides\n");
                return Q6_EXIT_BAD_INPUT;
            }
            overrides[o.n_overrides++] = optarg;
            break;
        case 'x': o.strict = 1; break;
        case 'R': o.record_timeline = optarg; break;
        case 'P': o.replay_timeline = optarg; break;
        case 'A': o.replay_any_timeline = 1; break;
        case 'g': o.progress = 1; break;
        case 'G': o.progress = 0; break;
        case 'q': o.quiet = 1; break;
        case 'L':
            if (strcmp(optarg, "analytic") && strcmp(optarg, "simgrid")) {
                fprintf(stderr, "q6sim run: --local-cpu: '%s' is neither analytic nor simgrid\n", optarg);
                return Q6_EXIT_BAD_INPUT;
            }
            o.local_cpu_simgrid = !strcmp(optarg, "simgrid");
            break;
        case 'r':
            if (strcmp(optarg, "analytic") && strcmp(optarg, "simgrid")) {
                fprintf(stderr, "q6sim run: --radio: '%s' is neither analytic nor simgrid\n", optarg);
                return Q6_EXIT_BAD_INPUT;
            }
            o.radio_simgrid = !strcmp(optarg, "simgrid");
            break;
        case 'T': {
            uint64_t v;
            if (q6_cli_whole("run", "--threads", optarg, 1, 64, "threads", &v) < 0)
                return Q6_EXIT_BAD_INPUT;
            o.threads = (size_t)v;
            break;
        }
        case 'E': {
            char why[256];
            if (q6_trace_kinds_parse(optarg, &o.trace_kinds, why, sizeof why) < 0) {
                fprintf(stderr, "q6sim run: --trace: %s\n", why);
                return Q6_EXIT_BAD_INPUT;
            }
            o.trace_kinds_set = 1;
            break;
        }
        case 'D': o.dense_channel = 1; break;
        case 'H':
            if (strcmp(optarg, "auto") && strcmp(optarg, "on") && strcmp(optarg, "off")) {
                fprintf(stderr, "q6sim run: --draw-ahead: '%s' is not auto, on or off\n", optarg);
                return Q6_EXIT_BAD_INPUT;
            }
            o.draw_ahead = !strcmp(optarg, "on") ? 1 : !strcmp(optarg, "off") ? -1 : 0;
            break;
        case 'h': usage(stdout); return Q6_EXIT_OK;
        default: usage(stderr); return Q6_EXIT_BAD_INPUT;
        }
    }
    if (optind != argc - 1) {
        fprintf(stderr, "q6sim run: expected exactly one SCENARIO file\n");
        usage(stderr);
        return Q6_EXIT_BAD_INPUT;
    }
    if (o.replay_any_timeline && !o.replay_timeline) {
        fprintf(stderr, "q6sim run: --replay-any-timeline: only with --replay-timeline FILE\n");
        return Q6_EXIT_BAD_INPUT;
    }
    o.scenario_path = argv[optind];
    o.plugin_paths = plugins;
    o.overrides = overrides;
    o.argc = argc;
    o.argv = argv;
    return q6_run(&o);
}
