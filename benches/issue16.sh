#!/usr/bin/env bash
# issue16.sh — the object-store speed table (issue 16) in one run: gitstore, git and gix on
# random reads, hashing, loose writes and reading every object.
#
# Usage:
#   GIX=/path/to/gix-driver benches/issue16.sh [BIG_REPO [SMALL_REPO [OUT_DIR]]]
#
#   BIG_REPO    a repository with one big pack (default: /work/.mirror/git+git/repo)
#   SMALL_REPO  a repository whose objects are copied loose into OUT_DIR with unpack-objects
#               (default: /work/.mirror/BurntSushi+ripgrep/repo); neither is written to
#   OUT_DIR     where everything is kept (default: a new temp dir, printed)
#
# Environment: as benches/compare.sh (GITSTORE, GIT, GIX, RUNS); ROWS, a regular expression,
# keeps only the rows whose key (random_big, random_loose, hash, hash_w, all_sorted,
# all_unordered) matches.
#
# Each row is one benchmarks/compare.sh benchmark (so its outputs are compared with git's, and
# its timings alternate the tools); this script only picks the rows, makes the loose copy and
# prints the table: median wall seconds, peak memory in MiB, and gitstore's time over the best
# peer's (the goal is at most 0.67).
set -u -o pipefail

SCRIPT_DIR=$(cd "$(dirname "$0")" && pwd)
BIG=${1:-/work/.mirror/git+git/repo}
SMALL=${2:-/work/.mirror/BurntSushi+ripgrep/repo}
OUT=${3:-$(mktemp -d "${TMPDIR:-/tmp}/gitstore-issue16.XXXXXX")}
mkdir -p "$OUT" && OUT=$(cd "$OUT" && pwd) || exit 2
GIT=${GIT:-git}
ROWS=${ROWS:-.}
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null LC_ALL=C

# the small repository with every object loose
LOOSE=$OUT/small-loose
if [ ! -f "$LOOSE/.done" ]; then
    rm -rf "$LOOSE" && "$GIT" init -q --bare "$LOOSE" || exit 2
    "$GIT" -C "$SMALL" rev-list --objects --all |
        "$GIT" -C "$SMALL" pack-objects -q --stdout |
        "$GIT" -C "$LOOSE" unpack-objects -q || exit 2
    touch "$LOOSE/.done"
fi

# key|description|repository|compare.sh benchmark
ROW_LIST=(
    "random_big|cat-file --batch, 10,000 random ids, $(basename "$(dirname "$BIG")") (packed)|$BIG|batch_random"
    "random_loose|same, $(basename "$(dirname "$SMALL")"), all loose|$LOOSE|batch_random"
    "hash|hash-object --stdin-paths, 10,000 files|$LOOSE|hash_object_nw"
    "hash_w|hash-object -w --stdin-paths, same files, fresh repository|$LOOSE|hash_object"
    "all_sorted|read every object ($(basename "$(dirname "$BIG")")), id order|$BIG|batch"
    "all_unordered|read every object, --unordered|$BIG|batch_unordered"
)

printf '| job | git | gix | gitstore | gitstore ÷ best | MiB git / gix / gitstore | check |\n'
printf '|---|---|---|---|---|---|---|\n'
for row in "${ROW_LIST[@]}"; do
    IFS='|' read -r key desc repo bench <<<"$row"
    [[ $key =~ $ROWS ]] || continue
    dir=$OUT/$(basename "$(dirname "$repo")")-$(basename "$repo")
    line=$(ONLY="^$bench\$" "$SCRIPT_DIR/compare.sh" "$repo" "$dir" | tail -n 1)
    # compare.sh's columns after the 52-character description:
    # git_s gitstore_s gix_s gs/git gs/gix git_MiB gs_MiB gix_MiB mem check…
    read -r g s x _ _ gm sm xm _ check <<<"${line:53}"
    best=$(awk -v g="$g" -v x="$x" 'BEGIN { b = g + 0; if (x != "-" && x + 0 < b) b = x + 0; print b }')
    ratio=$(awk -v s="$s" -v b="$best" 'BEGIN { if (s == "-" || b == 0) print "-"; else printf "%.2f", s / b }')
    printf '| %s | %s | %s | %s | %s | %s / %s / %s | %s |\n' "$desc" "$g" "$x" "$s" "$ratio" \
        "$gm" "$xm" "$sm" "$check"
done
echo "(median of ${RUNS:-5} runs, wall seconds; out: $OUT)"
