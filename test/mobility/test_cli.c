/* q6sim mobility: output of a hand trace, determinism of a model, bad
 * input -> exit 2 and nothing on stdout. */
#include "sim/cli/cli.h"
#include "test/check.h"
#include "test/mobility/tmpdir.h"
#include <fcntl.h>

static char out_path[600];

/* Runs the subcommand with stdout sent to out_path; returns its status
 * and the captured text in buf. */
static int run_cli(char *buf, size_t len, int argc, char **argv)
{
    fflush(stdout);
    int saved = dup(1);
    int fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fd, 1);
    close(fd);
    int rc = q6_cli_mobility(argc, argv);
    fflush(stdout);
    dup2(saved, 1);
    close(saved);
    FILE *f = fopen(out_path, "r");
    size_t n = f ? fread(buf, 1, len - 1, f) : 0;
    buf[n] = '\0';
    if (f)
        fclose(f);
    return rc;
}

int main(void)
{
    char dir[256], trace[512], out[8192], out2[8192];
    tmp_make_dir(dir, sizeof dir);
    snprintf(out_path, sizeof out_path, "%s/stdout.txt", dir);
    tmp_write(dir, "t.fcd.xml",
              "<fcd-export>\n<timestep time=\"0\">\n<vehicle id=\"car,1\" x=\"10\" y=\"20\" angle=\"90\" speed=\"5\"/>\n"
              "</timestep>\n<timestep time=\"2\">\n<vehicle id=\"car,1\" x=\"20\" y=\"20\" angle=\"90\" speed=\"5\"/>\n"
              "</timestep>\n</fcd-export>\n", trace, sizeof trace);
    /* Halfway between (10,20) at 0 s and (20,20) at 2 s: (15, 20); default
     * height 1.5 m; heading east = 0; the id has a comma, so it is quoted. */
    char *a1[] = {"mobility", trace, "--at", "1.0", NULL};
    CHECK(run_cli(out, sizeof out, 4, a1) == Q6_EXIT_OK);
    CHECK(strcmp(out, "id,x_m,y_m,z_m,speed_mps,heading_rad\n"
                      "\"car,1\",15.000000,20.000000,1.500000,5.000000,0.000000\n") == 0);
    char *a2[] = {"mobility", trace, "--at", "1.0", "--format", "json", NULL};
    CHECK(run_cli(out, sizeof out, 6, a2) == Q6_EXIT_OK);
    CHECK(strstr(out, "{\"id\": \"car,1\", \"x_m\": 15, \"y_m\": 20,") != NULL);

    /* Same seed, same bytes; another seed, other positions. */
    char *a3[] = {"mobility", "gauss-markov", "--at", "30", "--seed", "9", "--nodes", "5",
                  "--set", "area_m=[300.0,200.0]", NULL};
    CHECK(run_cli(out, sizeof out, 10, a3) == Q6_EXIT_OK);
    CHECK(run_cli(out2, sizeof out2, 10, a3) == Q6_EXIT_OK);
    CHECK(strcmp(out, out2) == 0);
    int lines = 0;
    for (char *p = out; *p; p++)
        lines += *p == '\n';
    CHECK(lines == 6);   /* header + 5 nodes */
    a3[5] = "10";
    CHECK(run_cli(out2, sizeof out2, 10, a3) == Q6_EXIT_OK);
    CHECK(strcmp(out, out2) != 0);

    /* Bad input: exit 2, nothing written. */
    char *b1[] = {"mobility", "gauss-markov", "--at", "30", "--set", "alpha=2.0", NULL};
    CHECK(run_cli(out, sizeof out, 6, b1) == Q6_EXIT_BAD_INPUT && out[0] == '\0');
    char *b2[] = {"mobility", "teleport", "--at", "1", NULL};
    CHECK(run_cli(out, sizeof out, 4, b2) == Q6_EXIT_BAD_INPUT && out[0] == '\0');
    char *b3[] = {"mobility", "static", "--at", "nan", NULL};
    CHECK(run_cli(out, sizeof out, 4, b3) == Q6_EXIT_BAD_INPUT && out[0] == '\0');
    char *b4[] = {"mobility", "/nonexistent.xml", "--at", "1", NULL};
    CHECK(run_cli(out, sizeof out, 4, b4) == Q6_EXIT_BAD_INPUT && out[0] == '\0');
    char *h[] = {"mobility", "--help", NULL};
    CHECK(run_cli(out, sizeof out, 2, h) == Q6_EXIT_OK && strstr(out, "usage: q6sim mobility"));
    tmp_remove_dir(dir);
    return CHECK_DONE();
}
