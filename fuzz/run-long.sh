#!/bin/bash
# Runs fuzz targets one after another for SECONDS each (default 1800, the issue's 30 minutes),
# growing a persistent corpus per target, and prints one line per target: wall and CPU
# seconds, executions, coverage (libFuzzer's cov/ft) and corpus size.
#
#   fuzz/run-long.sh [-t SECONDS] [-c CORPUS_ROOT] TARGET...
#
# CORPUS_ROOT defaults to fuzz/corpus (git-ignored); the committed fuzz/regressions/TARGET
# seeds it. Crashes land in fuzz/artifacts/TARGET, as with `cargo fuzz run`.
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
[ $# -gt 0 ] || { echo "usage: $0 [-t SECONDS] [-c CORPUS_ROOT] TARGET..." >&2; exit 2; }
mkdir -p logs
printf '%-16s %8s %8s %12s %8s %8s %8s %s\n' target wall_s cpu_s execs cov ft corpus result
for target in "$@"; do
    mkdir -p "$corpus_root/$target"
    log=logs/$target.log
    start=$(date +%s)
    status=ok
    /usr/bin/time -f '%U %S' -o "logs/$target.time" \
        cargo +nightly fuzz run -O "$target" "$corpus_root/$target" "regressions/$target" -- \
        -max_total_time="$seconds" -print_final_stats=1 >"$log" 2>&1 || status="FAILED (see fuzz/$log)"
    wall=$(($(date +%s) - start))
    cpu=$(awk '{printf "%d", $1 + $2}' "logs/$target.time" | tail -1)
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    last=$(grep -E '^#[0-9]+' "$log" | tail -1)
    cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
    ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
    corp=$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<<"$last")
    printf '%-16s %8s %8s %12s %8s %8s %8s %s\n' "$target" "$wall" "$cpu" "${execs:-?}" \
        "${cov:-?}" "${ft:-?}" "${corp:-?}" "$status"
done
