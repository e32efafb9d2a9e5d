#!/bin/bash
# Runs fuzz targets one after another until each has had SECONDS of CPU time (default 1800, the
# issue's 30 minutes), growing a persistent corpus per target, and prints one line per target:
# CPU and wall seconds, executions, coverage (libFuzzer's cov/ft) and corpus size. CPU time,
# not wall time, is what counts: on a shared machine a niced fuzzer may get little of a core.
#
#   fuzz/run-long.sh [-t CPU_SECONDS] [-c CORPUS_ROOT] TARGET...
#
# CORPUS_ROOT defaults to fuzz/corpus (git-ignored); the committed fuzz/regressions/TARGET
# seeds it. Crashes land in fuzz/artifacts/TARGET, as with `cargo fuzz run`; a crash stops that
# target. Each target runs in slices of at most 10 minutes of wall time, logged to
# fuzz/logs/TARGET.log.
set -euo pipefail
cd "$(dirname "$0")"
seconds=1800
corpus_root=corpus
while getopts t:c: opt; do
    case $opt in
    t) seconds=$OPTARG ;;
    c) corpus_root=$OPTARG ;;
    *) exit 2 ;;
    esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || { echo "usage: $0 [-t CPU_SECONDS] [-c CORPUS_ROOT] TARGET..." >&2; exit 2; }
mkdir -p logs
printf '%-16s %8s %8s %12s %8s %8s %8s %s\n' target cpu_s wall_s execs cov ft corpus result
for target in "$@"; do
    mkdir -p "$corpus_root/$target"
    log=logs/$target.log
    : >"$log"
    cargo +nightly fuzz build -O "$target" >>"$log" 2>&1
    start=$(date +%s)
    cpu=0
    execs=0
    status=ok
    while [ "$cpu" -lt "$seconds" ]; do
        slice=$(( (seconds - cpu) < 600 ? (seconds - cpu) : 600 ))
        [ "$slice" -ge 30 ] || slice=30
        if ! /usr/bin/time -f '%U %S' -o "logs/$target.time" \
            cargo +nightly fuzz run -O "$target" "$corpus_root/$target" "regressions/$target" -- \
            -max_total_time="$slice" -print_final_stats=1 >>"$log" 2>&1; then
            status="FAILED (see fuzz/$log)"
        fi
        used=$(awk 'END {printf "%d", $1 + $2}' "logs/$target.time")
        cpu=$((cpu + used))
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
        execs=$((execs + ${runs:-0}))
        [ "$status" = ok ] || break
    done
    wall=$(($(date +%s) - start))
    last=$(grep -aE '^#[0-9]+' "$log" | tail -1)
    cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
    ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
    corp=$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<<"$last")
    printf '%-16s %8s %8s %12s %8s %8s %8s %s\n' "$target" "$cpu" "$wall" "$execs" \
        "${cov:-?}" "${ft:-?}" "${corp:-?}" "$status"
done
