/* The spatial index of the reach lists (sim/core/reach.c) against a scan
 * of every AP with the coverage rule written out here: an AP covers a
 * vehicle when their 3-D distance is at most its range_m (0: no limit)
 * and an orbiting one is at or above its minimum elevation. Layouts:
 * ranged BSs of mixed ranges on a grid, one far away (the grid's cells
 * must grow, not its cell count), vehicles inside, on the edges of and far
 * outside the grid, a moving ranged UAV, unranged APs, satellites above
 * and below their mask; then the BSs move (the grid is rebuilt) and
 * vehicles go absent (the bounding box shrinks). */
#include "test/check.h"
#include "sim/core/reach.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { N_AP = 64, N_VEH = 400 };

static q6_infra_host hosts[N_AP];
static size_t ap_index[N_AP];
static double xyz[3 * N_AP];

static int covers_brute(size_t a, const q6_pose *v)
{
    const q6_infra_host *h = &hosts[a];
    double dx = xyz[3 * a] - v->x_m, dy = xyz[3 * a + 1] - v->y_m, dz = xyz[3 * a + 2] - v->z_m;
    if (h->range_m > 0 && sqrt(dx * dx + dy * dy + dz * dz) > h->range_m)
        return 0;
    if (h->orbiting && atan2(dz, sqrt(dx * dx + dy * dy)) < h->min_elevation_rad)
        return 0;
    return 1;
}

static double u01(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return (double)((*s >> 8) & 0xffffff) / 16777216.0;
}

/* Every present vehicle's list equals the scan's, ascending; returns how
 * many pairs were listed (so a test can see it is neither none nor all). */
static size_t compare(q6_reach_index *r, const q6_pose *veh, size_t *mismatch)
{
    char err[256];
    CHECK(q6_reach_slot(r, xyz, veh, N_VEH, err, sizeof err) == 0);
    uint32_t got[N_AP];
    size_t listed = 0;
    for (size_t i = 0; i < N_VEH; i++) {
        if (!veh[i].present)
            continue;
        size_t n = q6_reach_vehicle(r, veh[i].x_m, veh[i].y_m, veh[i].z_m, got), k = 0;
        int same = 1;
        for (size_t a = 0; a < N_AP; a++)
            if (covers_brute(a, &veh[i]))
                same &= k < n && got[k++] == a;
        same &= k == n;
        *mismatch += !same;
        listed += n;
    }
    return listed;
}

int main(void)
{
    unsigned seed = 7;
    for (size_t a = 0; a < N_AP; a++) {
        memset(&hosts[a], 0, sizeof hosts[a]);
        ap_index[a] = a;
        hosts[a].role = Q6_ROLE_BS;
        xyz[3 * a] = 500.0 * (double)(a % 7);
        xyz[3 * a + 1] = 500.0 * (double)(a / 7);
        xyz[3 * a + 2] = 25.0;
        hosts[a].range_m = a % 3 == 0 ? 300.0 : a % 3 == 1 ? 650.0 : 1200.0;
    }
    hosts[50].range_m = 0;                      /* unranged BS: covers everyone */
    xyz[3 * 51] = 2.5e4, xyz[3 * 51 + 1] = -2.0e4; /* a ranged BS far away: cells of 2x the range */
    hosts[52].role = Q6_ROLE_UAV;               /* a ranged UAV that moves */
    xyz[3 * 52 + 2] = 100.0;
    for (size_t a = 60; a < N_AP; a++) {        /* satellites: two high, one at the mask, one low */
        hosts[a].role = Q6_ROLE_LEO;
        hosts[a].orbiting = 1;
        hosts[a].range_m = a == 61 ? 800e3 : 0; /* one also has a slant-range limit */
        hosts[a].min_elevation_rad = 25.0 * M_PI / 180;
        xyz[3 * a] = a < 62 ? 2.0e5 * (double)(a - 60) : a == 62 ? 550e3 / tan(25.0 * M_PI / 180) + 1500.0 : 1.5e6;
        xyz[3 * a + 1] = a < 62 ? 1.0e5 : a == 62 ? 1000.0 : -1.5e6;
        xyz[3 * a + 2] = 550e3;
    }
    q6_platform pf = {hosts, N_AP, ap_index, N_AP, 0, -1, -1, ""};
    unsigned char moves[N_AP] = {0};
    moves[52] = 1;
    char err[256];
    q6_reach_index *r = q6_reach_create(&pf, moves, err, sizeof err);
    CHECK(r != NULL);
    if (!r)
        return 1;
    CHECK(q6_reach_any_range(&pf));

    q6_pose veh[N_VEH];
    for (size_t i = 0; i < N_VEH; i++) {
        memset(&veh[i], 0, sizeof veh[i]);
        veh[i].present = 1;
        veh[i].x_m = -1500.0 + 6500.0 * u01(&seed);
        veh[i].y_m = -1500.0 + 7000.0 * u01(&seed);
        veh[i].z_m = 1.5;
    }
    /* Exactly on a range: 300 m horizontally from BS 0 at the same height. */
    veh[0].x_m = 300.0, veh[0].y_m = 0.0, veh[0].z_m = 25.0;
    veh[1].x_m = 2.45e4, veh[1].y_m = -2.0e4;   /* near the far BS only */
    veh[2].x_m = -1.0e6;                         /* far from everything ranged */
    size_t mismatch = 0, all = (size_t)N_VEH * N_AP;
    size_t listed = compare(r, veh, &mismatch);
    CHECK(mismatch == 0);
    CHECK(listed > N_VEH && listed < all / 2);
    /* The satellite at the mask covers some vehicles, not all. */
    size_t at_mask = 0;
    for (size_t i = 0; i < N_VEH; i++)
        at_mask += covers_brute(62, &veh[i]);
    CHECK(at_mask > 0 && at_mask < N_VEH);

    for (int slot = 0; slot < 3; slot++) {
        /* The UAV flies; in slot 0 it is outside the vehicles' box, 400 m
         * west of its edge (vehicle 2), within its 650 m range of that one. */
        xyz[3 * 52] = slot == 0 ? veh[2].x_m - 400.0 : 1000.0 * slot;
        xyz[3 * 52 + 1] = slot == 0 ? veh[2].y_m : 800.0 * slot;
        if (slot == 1)                                               /* the BSs move: rebuild */
            for (size_t a = 0; a < 50; a++)
                xyz[3 * a] -= 2600.0;
        if (slot == 2)
            for (size_t i = 0; i < N_VEH; i += 2)
                veh[i].present = 0;
        mismatch = 0;
        listed = compare(r, veh, &mismatch);
        CHECK(mismatch == 0);
        CHECK(listed > 0);
        CHECK(slot != 0 || covers_brute(52, &veh[2]));
    }
    q6_reach_free(r);
    /* Without the far BS the cells are exactly the largest range. */
    hosts[51].range_m = 0;
    r = q6_reach_create(&pf, moves, err, sizeof err);
    CHECK(r != NULL);
    if (!r)
        return 1;
    mismatch = 0;
    CHECK(compare(r, veh, &mismatch) > 0);
    CHECK(mismatch == 0);
    q6_reach_free(r);
    printf("%d checks, %d failed\n", q6_check_count, q6_check_failures);
    return q6_check_failures != 0;
}
