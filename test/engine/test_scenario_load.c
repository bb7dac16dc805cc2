/* Scenario loading faults found by fuzzing (issue 12). Overrides (--set
 * KEY=VALUE, and every sweep grid point): a key that libconfig cannot name
 * is refused with a message naming it, instead of the NULL setting it gave
 * crashing the loader; valid overrides still land. A directory given as the
 * scenario is refused with a message, instead of libconfig's scanner
 * ending the process (fuzz_sweep_spec: scenario = "."). */
#include "sim/scenario/scenario.h"
#include "test/check.h"
#include "test/mobility/tmpdir.h"
#include <stdlib.h>
#include <string.h>

static const char *base =
    "platform = \"p.xml\"; slot_s = 1.0; slots = 4;\n"
    "vehicles = { count = 2; mobility = { model = \"static\"; }; };\n";

/* Loads path with one override; returns the loader's result, message in err. */
static int load1(const char *path, const char *ov, q6_scenario *sc, char *err, size_t len)
{
    const char *ovs[1] = {ov};
    err[0] = 0;
    return q6_scenario_load_with(path, ovs, 1, sc, err, len);
}

int main(void)
{
    char dir[4096], path[4300], err[1024];
    tmp_make_dir(dir, sizeof dir);
    tmp_write(dir, "s.cfg", base, path, sizeof path);
    q6_scenario *sc = malloc(sizeof *sc);
    CHECK(sc != NULL);
    if (!sc)
        return CHECK_DONE();

    /* Names libconfig refuses, as leaf and as intermediate group. */
    const char *bad_names[] = {"task.0x=1", "task.-a=1", "0=1", "9.deadline_s=1", "task.a b=1", "x.y$z.w=2"};
    for (size_t i = 0; i < sizeof bad_names / sizeof *bad_names; i++) {
        CHECK(load1(path, bad_names[i], sc, err, sizeof err) == -1);
        CHECK(strstr(err, "not a valid field name") != NULL);
        CHECK(strncmp(err, "--set ", 6) == 0 && strstr(err, bad_names[i]) != NULL);
    }
    /* A key made only of dots names no field at all. */
    CHECK(load1(path, "...=3", sc, err, sizeof err) == -1);
    CHECK(strstr(err, "expected KEY=VALUE") != NULL);

    /* Valid overrides still apply: an existing leaf, and a new group path. */
    CHECK(load1(path, "task.deadline_s=3.25", sc, err, sizeof err) == 0);
    CHECK(sc->task.deadline_s == 3.25);
    CHECK(load1(path, "site.latitude_deg=45", sc, err, sizeof err) == 0);
    CHECK_NEAR(sc->site_latitude_rad, 45 * M_PI / 180, 1e-15);

    /* A directory: an error naming it, and the process goes on. */
    CHECK(q6_scenario_load(dir, sc, err, sizeof err) == -1);
    CHECK(strstr(err, dir) == err && strstr(err, "cannot open the scenario file") != NULL);
    CHECK(strstr(err, "directory") != NULL);

    /* Size: the read buffer grows from 64 KiB, so a valid scenario behind
     * 300 KiB of comments (several growth steps, lines across the
     * boundaries) loads the same as the short one; one byte past 16 MiB is
     * refused, exactly 16 MiB is not refused for its size. */
    size_t pad = 300 * 1024, big = 16u * 1024 * 1024;
    char *text = malloc(big + 2);
    CHECK(text != NULL);
    if (text) {
        for (size_t i = 0; i < pad; i++)
            text[i] = i % 100 == 99 ? '\n' : (i % 100 == 0 ? '#' : 'x');
        strcpy(text + pad, base);
        tmp_write(dir, "padded.cfg", text, path, sizeof path);
        CHECK(q6_scenario_load(path, sc, err, sizeof err) == 0);
        CHECK(sc->slots == 4 && sc->slot_s == 1.0);
        for (size_t i = 0; i < big + 1; i++)
            text[i] = i % 100 == 99 ? '\n' : (i % 100 == 0 ? '#' : 'x');
        text[big + 1] = 0;
        tmp_write(dir, "huge.cfg", text, path, sizeof path);
        CHECK(q6_scenario_load(path, sc, err, sizeof err) == -1);
        CHECK(strstr(err, "larger than 16 MiB") != NULL);
        text[big] = 0; /* exactly the limit: a comment-only file, refused for another reason */
        tmp_write(dir, "limit.cfg", text, path, sizeof path);
        CHECK(q6_scenario_load(path, sc, err, sizeof err) == -1);
        CHECK(strstr(err, "larger than 16 MiB") == NULL);
        free(text);
    }

    free(sc);
    tmp_remove_dir(dir);
    return CHECK_DONE();
}
