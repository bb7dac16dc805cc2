#!/usr/bin/env bash
# Engine scale benchmark (issue 13): the PureEdgeSim-equivalent load, a
# scaling table and the P3 city. Each run is the default scenario without
# its UAV, on a tools/make_platform.py city of one BS per 100 devices (at
# least 10), 0.167 tasks/s/device, greedy, 1 s slots, measured with
# /usr/bin/time.
#
#   bench/engine/scale.sh [BUILD_DIR] pureedgesim        10,000 devices x 600 slots, 2,500 m square
#   bench/engine/scale.sh [BUILD_DIR] table [SLOTS] [N...] 1k 2k 5k 10k 20k x SLOTS (60)
#   bench/engine/scale.sh [BUILD_DIR] p3 [SLOTS]          100,000 vehicles, 1,000 BSs, 1,584-satellite
#                                                         Walker shell, SLOTS (10) of P3's 3,600
#   bench/engine/scale.sh [BUILD_DIR] one N SLOTS [RATE]  one run
#
# Coverage: every BS gets range_m = RANGE_M (default 500 m, the inter-site
# distance of 3GPP TR 38.901's urban macro layout, twice the 250 m BS
# spacing here, so a vehicle hears its nearest BS, at most 177 m away, and
# the ring around it; docs/engine.md). RANGE_M=0 gives the BSs no range
# (every pair computed, as before coverage ranges). Satellites are out of
# reach below their 25 degree elevation mask either way.
# Area: the table keeps the density of the PureEdgeSim load (10,000 devices
# and 100 BSs on 2,500 m x 2,500 m), so the square grows with the devices
# (side 2,500 m x sqrt(N / 10,000)) and the pairs in reach per device stay
# constant; AREA_M=2500 fixes the side instead (the table as measured
# before coverage ranges). p3 keeps the same density (7,906 m).
# Margin (table only): a square has edges, where a vehicle hears fewer BSs
# (about 7 within 500 m at 1,000 devices, 11 at 20,000), so the channel work
# per device would grow with the square for that reason alone; the table
# therefore extends the BS grid, at the same spacing, MARGIN_M (default
# RANGE_M) beyond every side (the suburbs' BSs, with no vehicle of their
# own), so that every vehicle hears a full ring at every size. MARGIN_M=0
# gives the square alone (as measured before this option).
#
# Prints, per run: wall s, user CPU s, peak RSS MiB, tasks, events, tasks/s,
# events/s (both per wall second) and microseconds per simulated
# device-second, of wall and of user CPU time (t / (N x SLOTS));
# the load average at the start says how busy the shared machine was.
# Environment: Q6_ARGS extra q6sim options (e.g. --local-cpu simgrid, --threads 1); BS a
# fixed BS count instead of one per 100 devices; MP_ARGS extra
# tools/make_platform.py options (e.g. --walker 1584,72,1 for a LEO shell);
# RANGE_M, AREA_M, MARGIN_M above.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
mode=${2:-table}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

header() {
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  printf '%8s %6s %9s %9s %9s %9s %10s %9s %10s %9s %9s\n' devices slots wall_s user_s peak_MiB tasks events \
    tasks/s events/s wall_us user_us
}

range_m=${RANGE_M:-500}

# Side of the square for n devices: AREA_M, else the PureEdgeSim density.
side() { if [ -n "${AREA_M:-}" ]; then echo "$AREA_M"; else python3 -c "print(round(2500 * ($1 / 10000) ** 0.5, 1))"; fi; }

one() {
  local n=$1 slots=$2 rate=${3:-0.167} bs=${BS:-$(( $1 / 100 > 10 ? $1 / 100 : 10 ))} area
  area=$(side "$n")
  # shellcheck disable=SC2086
  python3 "$root/tools/make_platform.py" --bs "$bs" --area-m "$area" --bs-range-m "$range_m" \
    --margin-m "${margin_m:-0}" ${MP_ARGS:-} \
    > "$work/platform.xml"
  sed -e "s/count = 100;/count = $n;/" -e "s/slots = 60;/slots = $slots;/" \
      -e "s/arrival_rate_hz = 0.5;/arrival_rate_hz = $rate;/" \
      -e "s/area_m = \[2500.0, 2500.0\];/area_m = [$area, $area];/" \
      -e '/^uavs = {/,/^};/d' "$root/platforms/default/scenario.cfg" > "$work/scenario.cfg"
  rm -rf "$work/out"
  # shellcheck disable=SC2086
  /usr/bin/time -f '%e %U %M' -o "$work/time" "$build/q6sim" run "$work/scenario.cfg" --out "$work/out" --quiet \
    ${Q6_ARGS:-} 2> "$work/stderr" || { cat "$work/stderr" >&2; exit 1; }
  python3 - "$work" "$n" "$slots" <<'PY'
import json, sys
work, n, slots = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
wall, user, rss_kib = open(f"{work}/time").read().split()[-3:]
wall, user = float(wall), float(user)
s = json.load(open(f"{work}/out/summary.json"))
print(f"{n:8d} {slots:6d} {wall:9.2f} {user:9.2f} {int(rss_kib) / 1024:9.1f} {s['tasks_generated']:9d} "
      f"{s['events']:10d} {s['tasks_generated'] / wall:9.0f} {s['events'] / wall:10.0f} "
      f"{1e6 * wall / (n * slots):9.2f} {1e6 * user / (n * slots):9.2f}")
PY
}

if [ "$range_m" = 0 ]; then cover="BSs without range"; else cover="BS range_m $range_m m"; fi
if [ -n "${AREA_M:-}" ]; then where="on a fixed ${AREA_M} m square"; else where="at 1,600 devices/km2"; fi
case $mode in
  pureedgesim)
    AREA_M=${AREA_M:-2500}
    echo "PureEdgeSim-equivalent load: 10,000 devices, 600 s, 0.167 tasks/s/device, 100 BSs on a 2,500 m square, $cover, greedy"
    header
    one 10000 600 ;;
  table)
    slots=${3:-60}
    shift $(( $# >= 3 ? 3 : $# ))
    sizes=${*:-1000 2000 5000 10000 20000}
    if [ -n "${BS:-}" ]; then aps="$BS BSs"; else aps="one BS per 100 devices"; fi
    margin_m=${MARGIN_M:-$range_m}
    if [ "$margin_m" = 0 ]; then ring=""; else ring=", BS grid extended $margin_m m beyond the square"; fi
    echo "scaling: devices x $slots slots of 1 s, 0.167 tasks/s/device, $aps $where$ring, $cover, greedy"
    header
    for n in $sizes; do one "$n" "$slots"; done ;;
  p3)
    slots=${3:-10}
    MP_ARGS="${MP_ARGS:-} --walker 1584,72,1"
    echo "P3: 100,000 vehicles x $slots slots of 1 s, 0.167 tasks/s/vehicle, 1,000 BSs $where, $cover, 1,584-satellite Walker shell, greedy"
    header
    one 100000 "$slots" ;;
  one)
    header
    one "$3" "$4" "${5:-0.167}" ;;
  *)
    echo "usage: $0 [BUILD_DIR] pureedgesim | table [SLOTS] [N...] | p3 [SLOTS] | one N SLOTS [RATE]" >&2
    exit 2 ;;
esac
