#!/usr/bin/env bash
# Engine scale benchmark (issue 13): the PureEdgeSim-equivalent load and a
# scaling table. Each run is the default scenario without its UAV, on a
# tools/make_platform.py city of one BS per 100 devices (at least 10),
# 0.167 tasks/s/device, greedy, 1 s slots, measured with /usr/bin/time.
#
#   bench/engine/scale.sh [BUILD_DIR] pureedgesim        10,000 devices x 600 slots
#   bench/engine/scale.sh [BUILD_DIR] table [SLOTS] [N...] 1k 2k 5k 10k 20k x SLOTS (60)
#   bench/engine/scale.sh [BUILD_DIR] one N SLOTS [RATE]  one run
#
# Prints, per run: wall s, user CPU s, peak RSS MiB, tasks, events, tasks/s,
# events/s (both per wall second) and microseconds per simulated
# device-second, of wall and of user CPU time (t / (N x SLOTS));
# the load average at the start says how busy the shared machine was.
# Environment: Q6_ARGS extra q6sim options (e.g. --local-cpu simgrid); BS a
# fixed BS count instead of one per 100 devices; MP_ARGS extra
# tools/make_platform.py options (e.g. --walker 1584,72,1 for a LEO shell).
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

one() {
  local n=$1 slots=$2 rate=${3:-0.167} bs=${BS:-$(( $1 / 100 > 10 ? $1 / 100 : 10 ))}
  # shellcheck disable=SC2086
  python3 "$root/tools/make_platform.py" --bs "$bs" --area-m 2500 ${MP_ARGS:-} > "$work/platform.xml"
  sed -e "s/count = 100;/count = $n;/" -e "s/slots = 60;/slots = $slots;/" \
      -e "s/arrival_rate_hz = 0.5;/arrival_rate_hz = $rate;/" \
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

case $mode in
  pureedgesim)
    echo "PureEdgeSim-equivalent load: 10,000 devices, 600 s, 0.167 tasks/s/device, 100 BSs, greedy"
    header
    one 10000 600 ;;
  table)
    slots=${3:-60}
    shift $(( $# >= 3 ? 3 : $# ))
    sizes=${*:-1000 2000 5000 10000 20000}
    if [ -n "${BS:-}" ]; then aps="$BS BSs"; else aps="one BS per 100 devices"; fi
    echo "scaling: devices x $slots slots of 1 s, 0.167 tasks/s/device, $aps, greedy"
    header
    for n in $sizes; do one "$n" "$slots"; done ;;
  one)
    header
    one "$3" "$4" "${5:-0.167}" ;;
  *)
    echo "usage: $0 [BUILD_DIR] pureedgesim | table [SLOTS] [N...] | one N SLOTS [RATE]" >&2
    exit 2 ;;
esac
