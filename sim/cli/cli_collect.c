/* q6sim collect DIR [--out FILE] */
#include "sim/cli/cli.h"
#include "sim/base/stage.h"
#include "sim/workflow/afile.h"
#include "sim/workflow/collect.h"
#include <getopt.h>
#include <stdio.h>
#include <string.h>

static void usage(FILE *f)
{
    fputs("usage: q6sim collect DIR [--out FILE]\n"
          "\n"
          "Merges the results of a sweep folder (made by q6sim sweep) into one CSV table:\n"
          "one row per finished job, in job id order, with the columns of DIR/jobs.csv\n"
          "(job, scheduler, seed, one per grid parameter), timeline_digest, and every\n"
          "member of the job's summary.json (nested ones dotted, e.g. energy_j.vehicle;\n"
          "units in the names: _s seconds, _j joules, _kg kilograms). The table does\n"
          "not depend on how the sweep was run, interrupted or resumed. Jobs without a\n"
          "summary.json are left out and counted on stderr.\n"
          "\n"
          "options:\n"
          "  --out FILE  write the table to FILE (atomically) instead of stdout; an\n"
          "              existing FILE is replaced only with --overwrite\n"
          "  --overwrite replace an existing --out FILE (never a folder or a device)\n"
          "  --help      this text\n"
          "\n"
          "exit codes: 0 success, 1 a result could not be read or written, 2 bad input\n",
          f);
}

int q6_cli_collect(int argc, char **argv)
{
    static const struct option opts[] = {{"out", required_argument, 0, 'o'}, {"help", no_argument, 0, 'h'},
                                           {"overwrite", no_argument, 0, 'w'}, {0, 0, 0, 0}};
    const char *out = NULL;
    int c, overwrite = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'o': out = optarg; break;
        case 'w': overwrite = 1; break;
        case 'h': usage(stdout); return Q6_EXIT_OK;
        default: usage(stderr); return Q6_EXIT_BAD_INPUT;
        }
    }
    if (optind != argc - 1) {
        fprintf(stderr, "q6sim collect: expected exactly one sweep folder (see q6sim collect --help)\n");
        return Q6_EXIT_BAD_INPUT;
    }
    const char *dir = argv[optind];
    char jobs_csv[4200];
    snprintf(jobs_csv, sizeof jobs_csv, "%s/jobs.csv", dir);
    FILE *probe = fopen(jobs_csv, "r");
    if (!probe) {
        fprintf(stderr, "q6sim collect: %s: not a sweep folder (no jobs.csv)\n", dir);
        return Q6_EXIT_BAD_INPUT;
    }
    fclose(probe);
    char err[1024];
    if (out && q6_stage_check_file(out, overwrite, "--out", err, sizeof err) < 0) {
        fprintf(stderr, "q6sim collect: %s\n", err);
        return Q6_EXIT_BAD_INPUT;
    }
    q6_afile a;
    FILE *f = out ? q6_afile_open(&a, out) : stdout;
    if (!f) {
        fprintf(stderr, "q6sim collect: %s: cannot write\n", out);
        return Q6_EXIT_BAD_INPUT;
    }
    size_t rows, missing;
    if (q6_collect_write(dir, f, &rows, &missing, err, sizeof err) < 0) {
        if (out)
            q6_afile_abort(&a);
        fprintf(stderr, "q6sim collect: %s\n", err);
        return Q6_EXIT_RUN_FAILURE;
    }
    if (out ? q6_afile_commit(&a) < 0 : fflush(stdout) != 0) {
        fprintf(stderr, "q6sim collect: %s: cannot write\n", out ? out : "stdout");
        return Q6_EXIT_RUN_FAILURE;
    }
    fprintf(stderr, "q6sim collect: %zu job%s%s%s", rows, rows == 1 ? "" : "s", out ? " to " : "", out ? out : "");
    if (missing)
        fprintf(stderr, "; %zu job%s not finished (no summary.json), left out", missing, missing == 1 ? "" : "s");
    fputc('\n', stderr);
    return Q6_EXIT_OK;
}
