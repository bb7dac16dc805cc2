#!/usr/bin/env bash
# Installs the Debian 12 packages q6sim needs to build, test and plot (and
# Slurm with munge, which the workflow test starts on localhost; PyTorch,
# numpy and protobuf for the learning agents under /usr/bin/python3).
# Installs only what is missing; needs root (or sudo) when something is.
set -euo pipefail
pkgs=(build-essential meson ninja-build pkg-config
      libsimgrid-dev libigraph-dev libgsl-dev libprotobuf-c-dev protobuf-c-compiler
      libxml2-dev libconfig-dev libssl-dev zlib1g-dev
      libglpk-dev   # MILP master of the gbd scheduler (solvers/benders)
      clang-14 libclang-rt-14-dev   # libFuzzer harnesses (tools/fuzz.sh)
      gnuplot-nox sumo sumo-tools python3
      slurm-wlm munge    # single-node Slurm for the sweep test (test/workflow/test_slurm.py)
      # learning schedulers (issue 14): q6env, the reference agents and their tests
      python3-numpy python3-protobuf protobuf-compiler python3-torch libopenblas-dev)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "install-deps: installing ${missing[*]}" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
