#!/usr/bin/env python3
"""Writes a q6sim platform: N BSs on a near-square grid over an area, with
optional UAV, HAP and LEO access points, the cloud, the QPU host and the
grid, all routed to a core router (Full routing). See docs/platform-format.md.

QPU power (docs/platform-format.md, "Power states"): an annealer system
draws about 25 kW whether or not it anneals (the cryostat's pulse-tube
compressor and the room-temperature electronics run continuously; the
chip itself dissipates microwatts). --qpu-access shared (default) models
cloud access, the common case: the standing draw belongs to the provider
and is shared by all its users, so the host idles at 0 W and each job is
charged the whole system's power for its access time (models/annealer.h).
--qpu-access dedicated models a city that runs its own system around the
clock: it idles at the full 25 kW and jobs add nothing."""
import argparse
import math
import sys


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--bs", type=int, default=20, help="number of BSs (default 20)")
    ap.add_argument("--area-m", type=float, default=2500.0, help="side of the square area, m (default 2500)")
    ap.add_argument("--uav", type=int, default=0, help="number of UAVs (default 0)")
    ap.add_argument("--hap", action="store_true", help="add a HAP at 20 km over the centre")
    ap.add_argument("--leo", action="store_true", help="add a LEO satellite at 550 km over the centre")
    ap.add_argument("--bs-speed", default="100Gf", help="BS edge server speed (default 100Gf)")
    ap.add_argument("--bs-range-m", type=float, default=0.0,
                    help="BS coverage range (platform property range_m), m; 0: no limit (default)")
    ap.add_argument("--margin-m", type=float, default=0.0,
                    help="extend the BS grid, at the same spacing, this far beyond every side of the area, m "
                         "(more BSs, numbered after the N inside; default 0)")
    ap.add_argument("--walker", metavar="T,P,F", help="add a Walker delta shell of T LEO satellites in P planes, phasing F")
    ap.add_argument("--leo-altitude-m", type=float, default=550e3, help="Walker shell altitude, m (default 550e3)")
    ap.add_argument("--leo-inclination-deg", type=float, default=53.0, help="Walker shell inclination, deg (default 53)")
    ap.add_argument("--qpu-access", choices=("shared", "dedicated"), default="shared",
                    help="shared: cloud access, 0 W idle, jobs charged 25 kW x access time (default); "
                         "dedicated: the city's own system, 25 kW around the clock")
    a = ap.parse_args()
    if a.bs < 1 or not a.area_m > 0 or a.uav < 0 or not a.bs_range_m >= 0 or not a.margin_m >= 0:
        sys.exit("make_platform.py: --bs must be >= 1, --area-m > 0, --uav >= 0, --bs-range-m >= 0, --margin-m >= 0")
    cols = math.ceil(math.sqrt(a.bs))
    rows = math.ceil(a.bs / cols)
    hosts, links, routes = [], [], []

    def ap_host(name, role, speed, x, y, z, carrier, bw, gain, watts, extra=""):
        hosts.append(f'    <host id="{name}" speed="{speed}">\n'
                     f'      <prop id="role" value="{role}"/> <prop id="x_m" value="{x:.3f}"/> '
                     f'<prop id="y_m" value="{y:.3f}"/> <prop id="z_m" value="{z:g}"/>\n'
                     f'      <prop id="carrier_hz" value="{carrier:g}"/> <prop id="bandwidth_hz" value="{bw:g}"/> '
                     f'<prop id="antenna_gain_dbi" value="{gain:g}"/>{extra}\n'
                     f'      <prop id="wattage_per_state" value="{watts}"/>\n    </host>')

    def backhaul(name, link, bw, lat):
        links.append(f'    <link id="{link}" bandwidth="{bw}" latency="{lat}"/>')
        routes.append(f'    <route src="{name}" dst="cloud"><link_ctn id="{link}"/><link_ctn id="core-cloud"/></route>')

    # The N BSs inside the area, then the margin's ring of cells (same spacing).
    dx, dy = a.area_m / cols, a.area_m / rows
    mx, my = math.ceil(a.margin_m / dx), math.ceil(a.margin_m / dy)
    cells = [divmod(i, cols) for i in range(a.bs)]
    cells += [(r, c) for r in range(-my, rows + my) for c in range(-mx, cols + mx)
              if not (0 <= r < rows and 0 <= c < cols)]
    for i, (r, c) in enumerate(cells):
        x = (c + 0.5) * dx
        y = (r + 0.5) * dy
        rng = f' <prop id="range_m" value="{a.bs_range_m:g}"/>' if a.bs_range_m > 0 else ""
        ap_host(f"bs-{i}", "bs", a.bs_speed, x, y, 25, 3.5e9, 20e6, 10, "120:120:300", rng)
        backhaul(f"bs-{i}", f"fibre-bs-{i}", "10Gbps", "0.5ms")
        routes.append(f'    <route src="bs-{i}" dst="grid"><link_ctn id="fibre-bs-{i}"/><link_ctn id="core-grid"/></route>')
    for i in range(a.uav):
        ap_host(f"uav-{i}", "uav", "20Gf", a.area_m / 2, a.area_m / 2, 100, 3.5e9, 10e6, 5, "15:15:40")
        backhaul(f"uav-{i}", f"uav-backhaul-{i}", "200Mbps", "1ms")
    if a.hap:
        ap_host("hap-0", "hap", "200Gf", a.area_m / 2, a.area_m / 2, 20000, 2e9, 20e6, 30, "60:60:250")
        backhaul("hap-0", "hap-feeder", "1Gbps", "0.07ms")
    if a.leo:
        ap_host("leo-0", "leo", "1Gf", a.area_m / 2, a.area_m / 2, 550000, 2e9, 30e6, 50, "30:30:60")
        backhaul("leo-0", "leo-feeder", "500Mbps", "1.9ms")
    if a.walker:
        try:
            t, p, f = (int(v) for v in a.walker.split(","))
        except ValueError:
            sys.exit("make_platform.py: --walker: expected T,P,F as three whole numbers")
        if t < 1 or p < 1 or t % p or not 0 <= f < p:
            sys.exit("make_platform.py: --walker: need T >= 1, P dividing T and 0 <= F < P")
        s_per = t // p
        for k in range(t):
            plane, slot = divmod(k, s_per)
            raan = 360.0 * plane / p
            phase = 360.0 * slot / s_per + 360.0 * f * plane / t  # Walker delta phasing
            name = f"leo-{k}"
            hosts.append(f'    <host id="{name}" speed="1Gf">\n'
                         f'      <prop id="role" value="leo"/> <prop id="x_m" value="0"/> <prop id="y_m" value="0"/> '
                         f'<prop id="z_m" value="{a.leo_altitude_m:g}"/>\n'
                         f'      <prop id="orbit_altitude_m" value="{a.leo_altitude_m:g}"/> '
                         f'<prop id="orbit_inclination_deg" value="{a.leo_inclination_deg:g}"/> '
                         f'<prop id="orbit_raan_deg" value="{raan:.6f}"/> <prop id="orbit_phase_deg" value="{phase % 360:.6f}"/>\n'
                         f'      <prop id="carrier_hz" value="2e9"/> <prop id="bandwidth_hz" value="30e6"/> '
                         f'<prop id="antenna_gain_dbi" value="50"/> <prop id="min_elevation_deg" value="25"/>\n'
                         f'      <prop id="wattage_per_state" value="30:30:60"/>\n    </host>')
            backhaul(name, f"feeder-{name}", "500Mbps", "1.9ms")
    print("<?xml version='1.0'?>")
    print('<!DOCTYPE platform SYSTEM "https://simgrid.org/simgrid.dtd">')
    print("<!-- made by tools/make_platform.py -->")
    print('<platform version="4.1">\n  <zone id="city" routing="Full">')
    print("\n".join(hosts))
    print('    <host id="cloud" speed="1Tf"><prop id="role" value="cloud"/>'
          '<prop id="wattage_per_state" value="400:400:2000"/></host>')
    qpu_idle_w = 0 if a.qpu_access == "shared" else 25000
    print(f'    <!-- QPU: {a.qpu_access} access, idle {qpu_idle_w} W; jobs: 25 kW x access time '
          '(docs/platform-format.md) -->')
    print('    <host id="qpu" speed="10Gf"><prop id="role" value="qpu"/>'
          f'<prop id="wattage_per_state" value="{qpu_idle_w}:25000:25000"/></host>')
    print('    <host id="grid" speed="1Gf"><prop id="role" value="grid"/></host>')
    print("\n".join(links))
    print('    <link id="core-cloud" bandwidth="100Gbps" latency="10ms"/>')
    print('    <link id="cloud-qpu" bandwidth="10Gbps" latency="0.1ms"/>')
    print('    <link id="core-grid" bandwidth="1Gbps" latency="2ms"/>')
    print("\n".join(routes))
    print('    <route src="cloud" dst="qpu"><link_ctn id="cloud-qpu"/></route>')
    print("  </zone>\n</platform>")


main()
