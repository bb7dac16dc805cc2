/* Battery recursion, source split, emissions, S(t) and the CSV series. */
#include "check.h"
#include "models/battery.h"
#include "models/emission_series.h"
#include "models/emissions.h"
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void test_battery(void)
{
    q6_battery_params p = {.capacity_j = 100, .self_discharge = 0.9, .charge_efficiency = 0.8};
    /* b(t) = eta (b - d) + mu (u_b + g_b), three steps from b0 = 50:
     * 1: d = 10, u_b = 5:           0.9 * 40 + 0.8 * 5  = 36 + 4  = 40
     * 2: d = 0,  u_b = 20, g_b = 10: 0.9 * 40 + 0.8 * 30 = 36 + 24 = 60
     * 3: d = 30:                    0.9 * 30            = 27 */
    double b = 50;
    b = q6_battery_next_j(&p, b, 10, 5, 0);
    CHECK_NEAR(b, 40.0, 1e-12);
    b = q6_battery_next_j(&p, b, 0, 20, 10);
    CHECK_NEAR(b, 60.0, 1e-12);
    b = q6_battery_next_j(&p, b, 30, 0, 0);
    CHECK_NEAR(b, 27.0, 1e-12);
    /* Bounds (13d): no discharge beyond the level, no level beyond capacity:
     * 0.9 * 95 + 0.8 * 20 = 101.5 > 100. Room at 95: (100 - 85.5)/0.8 = 18.125. */
    CHECK(isnan(q6_battery_next_j(&p, 5, 10, 0, 0)));
    CHECK(isnan(q6_battery_next_j(&p, 95, 0, 20, 0)));
    CHECK_NEAR(q6_battery_max_charge_input_j(&p, 95, 0), 18.125, 1e-12);
    CHECK_NEAR(q6_battery_next_j(&p, 95, 0, 18.125, 0), 100.0, 1e-12);
    CHECK(isnan(q6_battery_next_j(&p, 120, 0, 0, 0)));
    p.self_discharge = 0;
    CHECK(isnan(q6_battery_next_j(&p, 50, 0, 0, 0)));
}

static void test_split(void)
{
    q6_battery_params p = {.capacity_j = 100, .self_discharge = 0.9, .charge_efficiency = 0.8};
    q6_energy_split s;
    /* demand 50, renewable 30, level 40: 30 renewable + 20 battery, no grid;
     * next level 0.9 * (40 - 20) = 18. */
    CHECK(q6_energy_split_greedy(&p, 50, 30, 40, &s) == 0);
    CHECK_NEAR(s.renewable_used_j, 30, 0);
    CHECK_NEAR(s.battery_j, 20, 0);
    CHECK_NEAR(s.grid_used_j, 0, 0);
    CHECK_NEAR(s.battery_next_j, 18, 1e-12);
    /* demand 50, renewable 80, level 40: surplus 30 fits the room
     * (100 - 36)/0.8 = 80 -> stored 30, next 36 + 0.8 * 30 = 60. */
    CHECK(q6_energy_split_greedy(&p, 50, 80, 40, &s) == 0);
    CHECK_NEAR(s.renewable_stored_j, 30, 0);
    CHECK_NEAR(s.renewable_spilled_j, 0, 0);
    CHECK_NEAR(s.battery_next_j, 60, 1e-12);
    /* surplus beyond the room is spilled: renewable 200 -> surplus 150,
     * stored 80, spilled 70, battery full. */
    CHECK(q6_energy_split_greedy(&p, 50, 200, 40, &s) == 0);
    CHECK_NEAR(s.renewable_stored_j, 80, 1e-12);
    CHECK_NEAR(s.renewable_spilled_j, 70, 1e-12);
    CHECK_NEAR(s.battery_next_j, 100, 1e-12);
    /* demand 100, renewable 10, level 20: grid covers 70. Eq. 8 balance:
     * E = (u - u_b) + (g - g_b) + d = 10 + 70 + 20. */
    CHECK(q6_energy_split_greedy(&p, 100, 10, 20, &s) == 0);
    CHECK_NEAR(s.grid_used_j, 70, 0);
    CHECK_NEAR(s.renewable_used_j + s.grid_used_j + s.battery_j, 100, 0);
    CHECK(q6_energy_split_greedy(&p, -1, 10, 20, &s) == -1);

    /* Emissions of that split with w_g = 200 g/kWh = 200/1000/3.6e6
     * = 5.5556e-8 kg/J and clean renewable/battery:
     * c = 70 * 5.5556e-8 = 3.8889e-6 kg; per bit over 1 s at 1 Mbit/s:
     * 3.8889e-12 kg/bit; grid-only 100 J: 5.5556e-12; S = (1 - 0.7)^2 = 0.09. */
    double wg = q6_g_per_kwh_to_kg_per_j(200);
    CHECK_REL(wg, 5.5555556e-8, 1e-7);
    double c = q6_emissions_kg(s.renewable_used_j, s.grid_used_j, s.battery_j, 0, wg, 0);
    CHECK_REL(c, 3.8888889e-6, 1e-7);
    double cb = q6_emissions_per_bit_kg(c, 1.0, 1e6);
    double psi = q6_emissions_per_bit_kg(wg * 100, 1.0, 1e6);
    CHECK_REL(cb, 3.8888889e-12, 1e-7);
    CHECK_NEAR(q6_sustainability(cb, psi), 0.09, 1e-12);
    /* Limits: all from the grid -> S = 0; emission-free -> S = 1. */
    CHECK_NEAR(q6_sustainability(psi, psi), 0.0, 0.0);
    CHECK_NEAR(q6_sustainability(0.0, psi), 1.0, 0.0);
    CHECK(isnan(q6_sustainability(cb, 0.0)));
    CHECK(isnan(q6_emissions_per_bit_kg(c, 1.0, 0.0)));
}

/* Expects parsing `text` to fail with a message containing `want`. */
static void expect_error(const char *text, const char *want)
{
    char err[256] = "";
    q6_emission_series *s = q6_emission_series_parse(text, "f.csv", err, sizeof err);
    CHECK(s == NULL);
    if (!strstr(err, want))
        fprintf(stderr, "got '%s', wanted '%s'\n", err, want);
    CHECK(strstr(err, want) != NULL);
    q6_emission_series_free(s);
}

static void test_series(void)
{
    const char *csv = "time_s,g_co2_per_kwh\n0,100\n3600,200\n# evening\n\n7200,150\n";
    char err[256];
    q6_emission_series *s = q6_emission_series_parse(csv, "f.csv", err, sizeof err);
    CHECK(s != NULL);
    CHECK(q6_emission_series_count(s) == 3);
    /* Step holds the previous sample; linear interpolates:
     * t = 1800: step 100, linear 100 + 0.5 * 100 = 150;
     * t = 5400: step 200, linear 200 - 0.5 * 50 = 175; clamped at both ends. */
    CHECK_NEAR(q6_emission_series_at(s, 1800, Q6_SERIES_STEP), 100, 0);
    CHECK_NEAR(q6_emission_series_at(s, 1800, Q6_SERIES_LINEAR), 150, 1e-12);
    CHECK_NEAR(q6_emission_series_at(s, 3600, Q6_SERIES_STEP), 200, 0);
    CHECK_NEAR(q6_emission_series_at(s, 5400, Q6_SERIES_LINEAR), 175, 1e-12);
    CHECK_NEAR(q6_emission_series_at(s, -5, Q6_SERIES_LINEAR), 100, 0);
    CHECK_NEAR(q6_emission_series_at(s, 1e9, Q6_SERIES_STEP), 150, 0);
    CHECK(isnan(q6_emission_series_at(s, NAN, Q6_SERIES_STEP)));
    q6_emission_series_free(s);

    expect_error("time,g\n0,1\n", "f.csv:1: header");
    expect_error("time_s,g_co2_per_kwh\n0,abc\n", "f.csv:2: field 'g_co2_per_kwh'");
    expect_error("time_s,g_co2_per_kwh\nx,1\n", "f.csv:2: field 'time_s'");
    expect_error("time_s,g_co2_per_kwh\n0,1\n10\n", "f.csv:3: field 'g_co2_per_kwh': missing");
    expect_error("time_s,g_co2_per_kwh\n0,1\n0,2\n", "f.csv:3: field 'time_s': not strictly");
    expect_error("time_s,g_co2_per_kwh\n0,-1\n", "f.csv:2: field 'g_co2_per_kwh': negative");
    expect_error("time_s,g_co2_per_kwh\n0,1,2\n", "f.csv:2: extra field");
    expect_error("time_s,g_co2_per_kwh\n0,nan\n", "f.csv:2: field 'g_co2_per_kwh'");
    expect_error("time_s,g_co2_per_kwh\n", "no samples");
    expect_error("", "header");

    /* From a file, CRLF line ends accepted. */
    char path[] = "/tmp/q6_series_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    const char *crlf = "time_s,g_co2_per_kwh\r\n0,50\r\n10,60\r\n";
    CHECK(write(fd, crlf, strlen(crlf)) == (ssize_t)strlen(crlf));
    close(fd);
    s = q6_emission_series_load(path, err, sizeof err);
    unlink(path);
    CHECK(s != NULL);
    CHECK_NEAR(q6_emission_series_at(s, 5, Q6_SERIES_LINEAR), 55, 1e-12);
    q6_emission_series_free(s);
    CHECK(q6_emission_series_load("/nonexistent/q6.csv", err, sizeof err) == NULL);
    CHECK(strstr(err, "/nonexistent/q6.csv") != NULL);
}

int main(void)
{
    test_battery();
    test_split();
    test_series();
    return CHECK_DONE();
}
