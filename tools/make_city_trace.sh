#!/bin/sh
# Makes a synthetic city mobility trace (SUMO FCD, gzip) with Debian's sumo
# and sumo-tools: a Manhattan grid (netgenerate), random trips
# (randomTrips.py) and a microscopic simulation (sumo --fcd-output).
# Defaults match paper 000: a 2.5 km x 2.5 km area, about 150 vehicles.
# Deterministic for a seed: every random choice comes from --seed.
set -eu

usage() {
    cat <<'USAGE'
usage: make_city_trace.sh [--area-m 2500] [--vehicles 150] [--duration-s 600]
                          [--seed 1] [--warmup-s 0] [--block-m 250]
                          [--out city.fcd.xml.gz]
  --area-m M      side of the square street grid, metres (default 2500)
  --vehicles N    vehicles kept in the network on average (default 150)
  --duration-s S  recorded time, seconds (default 600)
  --seed K        random seed of randomTrips.py and sumo (default 1)
  --warmup-s W    simulated time before recording starts, so the network is
                  filled at the first recorded step; FCD times then run
                  from W to W+S (default 0: times from 0, network fills up)
  --block-m B     street spacing, metres (default 250; at most area/2)
  --out FILE      output, gzip FCD XML (default city.fcd.xml.gz)
Needs netgenerate, sumo and $SUMO_HOME/tools/randomTrips.py (Debian: sumo,
sumo-tools). Exits 3 when they are missing.
USAGE
}

area_m=2500; vehicles=150; duration_s=600; seed=1; warmup_s=0; block_m=250
out=city.fcd.xml.gz
while [ $# -gt 0 ]; do
    case "$1" in
        --area-m) area_m=$2; shift 2 ;;
        --vehicles) vehicles=$2; shift 2 ;;
        --duration-s) duration_s=$2; shift 2 ;;
        --seed) seed=$2; shift 2 ;;
        --warmup-s) warmup_s=$2; shift 2 ;;
        --block-m) block_m=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "make_city_trace.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
    esac
done

is_pos_number() { echo "$1" | grep -Eq '^[0-9]+([.][0-9]+)?$' && awk -v v="$1" 'BEGIN{exit !(v>0)}'; }
for pair in "area-m:$area_m" "vehicles:$vehicles" "duration-s:$duration_s" "block-m:$block_m"; do
    name=${pair%%:*}; val=${pair#*:}
    is_pos_number "$val" || { echo "make_city_trace.sh: --$name must be a number > 0, got '$val'" >&2; exit 2; }
done
echo "$seed" | grep -Eq '^[0-9]+$' || { echo "make_city_trace.sh: --seed must be a non-negative integer, got '$seed'" >&2; exit 2; }
echo "$warmup_s" | grep -Eq '^[0-9]+([.][0-9]+)?$' || { echo "make_city_trace.sh: --warmup-s must be a number >= 0, got '$warmup_s'" >&2; exit 2; }

SUMO_HOME=${SUMO_HOME:-/usr/share/sumo}
export SUMO_HOME
random_trips=$SUMO_HOME/tools/randomTrips.py
for tool in netgenerate sumo python3; do
    command -v "$tool" >/dev/null 2>&1 || { echo "make_city_trace.sh: '$tool' not found (apt install sumo sumo-tools)" >&2; exit 3; }
done
[ -f "$random_trips" ] || { echo "make_city_trace.sh: $random_trips not found (apt install sumo-tools)" >&2; exit 3; }

# Grid: junctions every block_m (at most area/2) so the grid spans area_m.
junctions=$(awk -v a="$area_m" -v b="$block_m" 'BEGIN{n=int(a/b+0.5); if(n<2)n=2; print n+1}')
edge_m=$(awk -v a="$area_m" -v n="$junctions" 'BEGIN{printf "%.3f", a/(n-1)}')
# Insertion period so that about N vehicles are in the net (Little's law,
# N = trip time / period): a trip covers on average 2/3 of the side along
# each axis of the grid (mean Manhattan distance 2a/3) at an effective
# urban speed of about 8 m/s (50 km/h limit, junction stops).
period_s=$(awk -v a="$area_m" -v n="$vehicles" 'BEGIN{printf "%.6f", (2.0*a/3.0/8.0)/n}')
end_s=$(awk -v w="$warmup_s" -v d="$duration_s" 'BEGIN{print w+d}')

work=$(mktemp -d "${TMPDIR:-/tmp}/q6citytrace.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

netgenerate --grid --grid.number "$junctions" --grid.length "$edge_m" \
    --default.lanenumber 1 --no-turnarounds true --seed "$seed" \
    --output-file "$work/net.net.xml" >"$work/netgenerate.log" 2>&1 ||
    { cat "$work/netgenerate.log" >&2; exit 1; }
python3 "$random_trips" -n "$work/net.net.xml" -o "$work/trips.xml" \
    -r "$work/routes.rou.xml" --seed "$seed" -b 0 -e "$end_s" -p "$period_s" \
    --min-distance "$(awk -v a="$area_m" 'BEGIN{print a/4}')" \
    --validate >"$work/randomTrips.log" 2>&1 ||
    { cat "$work/randomTrips.log" >&2; exit 1; }
sumo -n "$work/net.net.xml" -r "$work/routes.rou.xml" --seed "$seed" \
    -b 0 -e "$end_s" --device.fcd.begin "$warmup_s" \
    --no-step-log true --no-warnings true --duration-log.disable true \
    --fcd-output "$work/out.fcd.xml.gz" >"$work/sumo.log" 2>&1 ||
    { cat "$work/sumo.log" >&2; exit 1; }
# Drop SUMO's header comment (it holds the date and the temporary paths) so
# that the same arguments give a byte-identical file; gzip -n stores no time.
gzip -dc "$work/out.fcd.xml.gz" |
    awk 'skip == 0 && /^<!--/ { skip = 1 } skip == 0 { print } skip == 1 && /-->/ { skip = 0 }' |
    gzip -n -6 >"$work/clean.fcd.xml.gz"
mv "$work/clean.fcd.xml.gz" "$out"
