#!/usr/bin/env bash
# compare.sh — whole commands, side by side, through git and gitstore.
#
# Usage:
#   benches/compare.sh REPO [OUT_DIR]
#
#   REPO     a git repository (work tree or bare) to read from; it is never written to.
#   OUT_DIR  where inputs, outputs and timings are kept (default: a new temp dir, printed).
#
# Environment:
#   GITSTORE  the gitstore binary (default: target/release/gitstore, relative to the crate)
#   GIT       the git binary (default: git)
#   RUNS      timed runs per command and tool (default 5; the median wall time is reported)
#   ONLY      a regular expression: run only the benchmarks whose name matches
#   GIX       a gitoxide driver (benches/gix-driver, built apart): run it as a third tool
#
# For every benchmark, each tool runs once untimed (warm-up; its stdout is kept and compared:
# MISMATCH is printed when git's and gitstore's differ), then RUNS times, alternating, under
# `/usr/bin/time -f '%M'` (peak RSS) with stdout to /dev/null, wall time taken by bash's
# microsecond clock around it (GNU time's own is in hundredths). The table shows the median seconds, the
# ratio gitstore/git, the highest peak RSS of the timed runs in MiB and its ratio.
# A command gitstore fails on, or prints nothing for while git prints something, is reported as
# "unsupported" (with the first line of its stderr).
#
# Sanity check (both sides git, ratios ≈ 1):
#   ../shared/corpus/synth-repo /tmp/synth --preset medium
#   GITSTORE=git benches/compare.sh /tmp/synth
#
# Adding a benchmark: write `bench_<name> TOOL` that runs TOOL through `timed` (stdout is
# already redirected by the caller; run in the directory given by `$WORKDIR`), optionally a
# `prepare_<name>` (run once, untimed) and `setup_<name> TOOL` (run before each run, untimed),
# and add <name> to BENCHES.
set -u -o pipefail

die() { echo "compare.sh: $*" >&2; exit 2; }

[ $# -ge 1 ] && [ $# -le 2 ] || { sed -n '2,20p' "$0" >&2; exit 2; }
REPO=$(cd "$1" 2>/dev/null && pwd) || die "no such directory: $1"
OUT=${2:-$(mktemp -d "${TMPDIR:-/tmp}/gitstore-compare.XXXXXX")}
mkdir -p "$OUT" || die "cannot create $OUT"
OUT=$(cd "$OUT" && pwd)
SCRIPT_DIR=$(cd "$(dirname "$0")" && pwd)
GIT=${GIT:-git}
GITSTORE=${GITSTORE:-$SCRIPT_DIR/../target/release/gitstore}
RUNS=${RUNS:-5}
ONLY=${ONLY:-}
TIMEFILE=$OUT/time.out
GIX=${GIX:-}
LABELS=(git gitstore)
if [ -n "$GIX" ]; then
    command -v "$GIX" >/dev/null || die "gix driver not found: $GIX (cargo build --release in benches/gix-driver)"
    LABELS+=(gix)
fi

command -v "$GIT" >/dev/null || die "git not found: $GIT"
command -v "$GITSTORE" >/dev/null || die "gitstore not found: $GITSTORE (build it or set GITSTORE)"
[ -x /usr/bin/time ] || die "/usr/bin/time (GNU time) is required"
"$GIT" -C "$REPO" rev-parse --git-dir >/dev/null 2>&1 || die "not a git repository: $REPO"

export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null LC_ALL=C
WORKDIR=$REPO

# Runs a command under GNU time; its "seconds KiB" line goes to $TIMEFILE.
timed() {
    local start=$EPOCHREALTIME rc
    /usr/bin/time -f '%M' -o "$TIMEFILE.rss" "$@"
    rc=$?
    local end=$EPOCHREALTIME
    awk -v s="$start" -v e="$end" -v k="$(tail -n 1 "$TIMEFILE.rss")" 'BEGIN { printf "%.4f %s\n", e - s, k }' >"$TIMEFILE"
    return $rc
}

# --- benchmarks -----------------------------------------------------------------------------

# Each group below adds its names with BENCHES+=(…), so adding a group touches no shared line.
BENCHES=(batch_check batch batch_unordered batch_random hash_object)
BENCHES+=(diff_tree_far)
BENCHES+=(merge_base_all merge_base_all_graph merge_base_independent merge_base_independent_graph
    merge_base_is_ancestor_graph)
BENCHES+=(rev_list_count rev_list rev_list_all rev_list_path rev_list_count_graph rev_list_graph)
BENCHES+=(log_oneline log_path)
BENCHES+=(rev_list_objects_all rev_list_objects_all_missing)
BENCHES+=(index_pack index_pack_stdin unpack_objects)
BENCHES+=(pack_reuse pack_fresh pack_noreuse)
BENCHES+=(repack)
BENCHES+=(pack_all)
BENCHES+=(fsck)
BENCHES+=(hash_object_nw)

desc_batch_check="cat-file --batch-all-objects --batch-check"
bench_batch_check() { timed "$1" cat-file --batch-all-objects --batch-check; }

desc_batch="cat-file --batch-all-objects --batch"
bench_batch() { timed "$1" cat-file --batch-all-objects --batch; }

desc_batch_unordered="cat-file --batch-all-objects --batch --unordered"
bench_batch_unordered() { timed "$1" cat-file --batch-all-objects --batch --unordered; }

desc_batch_random="cat-file --batch < 10000 random ids"
prepare_batch_random() {
    "$GIT" -C "$REPO" cat-file --batch-all-objects --batch-check='%(objectname)' >"$OUT/all-ids"
    # Deterministic: awk's generator with a fixed seed, drawing with replacement. (A shuf fed a
    # repeating --random-source draws only a handful of distinct ids.)
    awk 'BEGIN { srand(20261201) } { id[NR] = $0 } END { for (i = 0; i < 10000; i++) print id[1 + int(rand() * NR)] }' \
        "$OUT/all-ids" >"$OUT/random-ids"
    echo "random ids: $(sort -u "$OUT/random-ids" | wc -l) distinct of $(wc -l <"$OUT/random-ids")" >&2
}
bench_batch_random() { timed "$1" cat-file --batch <"$OUT/random-ids"; }

desc_hash_object="hash-object -w --stdin-paths < 10000 files"
prepare_hash_object() {
    local dir=$OUT/files
    if [ ! -f "$dir/.done" ]; then
        rm -rf "$dir" && mkdir -p "$dir"
        # 10,000 files of 0 to ~24 KiB, plus a few larger ones, all deterministic.
        awk -v dir="$dir" 'BEGIN {
            for (i = 0; i < 10000; i++) {
                f = sprintf("%s/f%05d.txt", dir, i)
                n = (i * 7919) % 400
                if (i % 1000 == 7) n = 20000
                printf "" > f
                for (j = 0; j < n; j++) printf "line %d of file %d: %s\n", j, i, substr("abcdefghijklmnopqrstuvwxyz", 1 + (i + j) % 26) > f
                close(f)
            }
        }'
        touch "$dir/.done"
    fi
    find "$dir" -name 'f*.txt' | sort >"$OUT/paths"
}
setup_hash_object() {
    WORKDIR=$OUT/hash-target-$(basename "$1")
    rm -rf "$WORKDIR" && "$GIT" init -q "$WORKDIR"
}
bench_hash_object() { timed "$1" hash-object -w --stdin-paths <"$OUT/paths"; }

desc_hash_object_nw="hash-object --stdin-paths < 10000 files (no -w)"
prepare_hash_object_nw() { prepare_hash_object; }
bench_hash_object_nw() { timed "$1" hash-object --stdin-paths <"$OUT/paths"; }

desc_diff_tree_far="diff-tree -r <first commit> HEAD (first-parent ends)"
prepare_diff_tree_far() {
    DIFF_TREE_FIRST=$("$GIT" -C "$REPO" rev-list --first-parent HEAD | tail -n 1)
}
bench_diff_tree_far() { timed "$1" diff-tree -r "$DIFF_TREE_FIRST" HEAD; }
# merge-base between the branch committed to first and the one committed to last (a walk
# through much of the history), and --independent over every branch; without a commit-graph
# (core.commitGraph=false, in REPO) and with one (a shared clone of REPO whose graph
# `git commit-graph write --reachable` wrote).
prepare_merge_base() {
    [ -n "${MB_A:-}" ] && return
    "$GIT" -C "$REPO" for-each-ref --sort=committerdate --format='%(objectname)' refs/heads >"$OUT/heads"
    MB_A=$(head -n 1 "$OUT/heads")
    MB_B=$(tail -n 1 "$OUT/heads")
    MB_ROOT=$("$GIT" -C "$REPO" rev-list --max-parents=0 "$MB_B" | tail -n 1)
    MB_GRAPH=$OUT/with-graph
    if [ ! -f "$MB_GRAPH/objects/info/commit-graph" ]; then
        rm -rf "$MB_GRAPH"
        "$GIT" clone -q --bare --shared "$REPO" "$MB_GRAPH" &&
            "$GIT" -C "$MB_GRAPH" commit-graph write --reachable >/dev/null 2>&1
    fi
}
setup_graph_repo() { WORKDIR=$MB_GRAPH; }

desc_merge_base_all="merge-base --all OLDEST NEWEST (no graph)"
prepare_merge_base_all() { prepare_merge_base; }
bench_merge_base_all() { timed "$1" -c core.commitGraph=false merge-base --all "$MB_A" "$MB_B"; }

desc_merge_base_all_graph="merge-base --all OLDEST NEWEST (commit-graph)"
prepare_merge_base_all_graph() { prepare_merge_base; }
setup_merge_base_all_graph() { setup_graph_repo; }
bench_merge_base_all_graph() { timed "$1" merge-base --all "$MB_A" "$MB_B"; }

desc_merge_base_independent="merge-base --independent ALL-BRANCHES (no graph)"
prepare_merge_base_independent() { prepare_merge_base; }
bench_merge_base_independent() {
    # shellcheck disable=SC2046
    timed "$1" -c core.commitGraph=false merge-base --independent $(cat "$OUT/heads")
}

desc_merge_base_independent_graph="merge-base --independent ALL-BRANCHES (commit-graph)"
prepare_merge_base_independent_graph() { prepare_merge_base; }
setup_merge_base_independent_graph() { setup_graph_repo; }
bench_merge_base_independent_graph() {
    # shellcheck disable=SC2046
    timed "$1" merge-base --independent $(cat "$OUT/heads")
}

desc_merge_base_is_ancestor_graph="merge-base --is-ancestor ROOT NEWEST (commit-graph)"
prepare_merge_base_is_ancestor_graph() { prepare_merge_base; }
setup_merge_base_is_ancestor_graph() { setup_graph_repo; }
bench_merge_base_is_ancestor_graph() { timed "$1" merge-base --is-ancestor "$MB_ROOT" "$MB_B"; }
desc_rev_list_count="rev-list --count HEAD"
bench_rev_list_count() { timed "$1" rev-list --count HEAD; }

desc_rev_list="rev-list HEAD"
bench_rev_list() { timed "$1" rev-list HEAD; }

desc_rev_list_all="rev-list --all"
bench_rev_list_all() { timed "$1" rev-list --all; }

desc_rev_list_objects_all="rev-list --objects --all"
bench_rev_list_objects_all() { timed "$1" rev-list --objects --all; }

# the same on a partial clone (git.git's mirror lacks its blobs): REPO's objects and refs seen
# through alternates by a repository whose config names a promisor remote
desc_rev_list_objects_all_missing="rev-list --objects --all --missing=allow-promisor"
prepare_rev_list_objects_all_missing() {
    local r=$OUT/promisor
    [ -f "$r/.done" ] && return
    rm -rf "$r" && "$GIT" init -q --bare "$r" || return
    "$GIT" -C "$r" config remote.origin.promisor true
    "$GIT" -C "$REPO" rev-parse --path-format=absolute --git-path objects >"$r/objects/info/alternates"
    "$GIT" -C "$REPO" for-each-ref --format='create %(refname) %(objectname)' |
        "$GIT" -C "$r" update-ref --stdin && "$GIT" -C "$r" pack-refs --all
    "$GIT" -C "$r" symbolic-ref HEAD "$("$GIT" -C "$REPO" symbolic-ref HEAD)"
    touch "$r/.done"
}
setup_rev_list_objects_all_missing() { WORKDIR=$OUT/promisor; }
bench_rev_list_objects_all_missing() { timed "$1" rev-list --objects --all --missing=allow-promisor; }

desc_rev_list_path="rev-list HEAD -- <deepest file changed lately>"
prepare_rev_list_path() {
    # the deepest path among those the last 300 commits changed
    "$GIT" -C "$REPO" -c core.quotePath=false log --format= --name-only -n 300 |
        awk -F/ 'NF > 0 { print NF "\t" $0 }' | sort -t "$(printf '\t')" -k1,1nr | head -n 1 |
        cut -f2 >"$OUT/deep-path"
}
bench_rev_list_path() { timed "$1" rev-list HEAD -- "$(cat "$OUT/deep-path")"; }

# the same walks with a commit-graph (the clone prepare_merge_base writes one in)
desc_rev_list_count_graph="rev-list --count HEAD (commit-graph)"
prepare_rev_list_count_graph() { prepare_merge_base; }
setup_rev_list_count_graph() { setup_graph_repo; }
bench_rev_list_count_graph() { timed "$1" rev-list --count HEAD; }

desc_rev_list_graph="rev-list HEAD (commit-graph)"
prepare_rev_list_graph() { prepare_merge_base; }
setup_rev_list_graph() { setup_graph_repo; }
bench_rev_list_graph() { timed "$1" rev-list HEAD; }

desc_log_oneline="log --oneline -n 1000"
bench_log_oneline() { timed "$1" log --oneline -n 1000; }

desc_log_path="log --oneline -- <deepest file changed lately>"
prepare_log_path() { prepare_rev_list_path; }
bench_log_path() { timed "$1" log --oneline -- "$(cat "$OUT/deep-path")"; }
# index-pack and unpack-objects read one pack of the whole repository, written once by git
# (OFS_DELTA, git's default window and depth); both tools resolve deltas on THREADS threads.
THREADS=${THREADS:-2}
prepare_pack() {
    if [ ! -f "$OUT/all.pack" ]; then
        "$GIT" -C "$REPO" rev-list --objects --all |
            "$GIT" -C "$REPO" pack-objects -q --delta-base-offset --stdout >"$OUT/all.pack"
        echo "pack: $(wc -c <"$OUT/all.pack") bytes" >&2
    fi
}

desc_index_pack="index-pack --threads=$THREADS <whole-repo pack>"
prepare_index_pack() { prepare_pack; mkdir -p "$OUT/ip" && ln -f "$OUT/all.pack" "$OUT/ip/all.pack"; }
setup_index_pack() { WORKDIR=$OUT/ip; rm -f "$OUT"/ip/*.idx "$OUT"/ip/*.rev; }
bench_index_pack() { timed "$1" index-pack --threads="$THREADS" "$OUT/ip/all.pack"; }

desc_index_pack_stdin="index-pack --stdin --threads=$THREADS < pack"
prepare_index_pack_stdin() { prepare_pack; }
setup_index_pack_stdin() {
    WORKDIR=$OUT/ips-target-$(basename "$1")
    rm -rf "$WORKDIR" && "$GIT" init -q --bare "$WORKDIR"
}
bench_index_pack_stdin() { timed "$1" index-pack --stdin --threads="$THREADS" <"$OUT/all.pack"; }

desc_unpack_objects="unpack-objects -q < pack"
prepare_unpack_objects() { prepare_pack; }
setup_unpack_objects() {
    WORKDIR=$OUT/unpack-target-$(basename "$1")
    rm -rf "$WORKDIR" && "$GIT" init -q --bare "$WORKDIR"
}
bench_unpack_objects() { timed "$1" unpack-objects -q <"$OUT/all.pack"; }

# pack-objects of every reachable object (what `pack-objects --all` packs), the list made once
# by `rev-list --objects --all`; the same window, depth and threads for both. The check column
# gives the pack's size against git's and whether `git index-pack` accepts it (instead of
# comparing bytes: two packers write different, equally valid packs).
PACK_ARGS=(--stdout --window=10 --depth=50 --threads=2 --delta-base-offset)
prepare_pack_list() {
    [ -f "$OUT/pack-list" ] || "$GIT" -C "$REPO" rev-list --objects --all >"$OUT/pack-list"
}
check_pack() {
    local git_size gs_size verdict=ok
    git_size=$(wc -c <"$OUT/$1.git.out")
    gs_size=$(wc -c <"$OUT/$1.gitstore.out")
    "$GIT" -C "$REPO" index-pack --strict -o "$OUT/$1.check.idx" "$OUT/$1.gitstore.out" >/dev/null 2>&1 ||
        verdict="REFUSED by git index-pack"
    echo "size $(awk -v a="$gs_size" -v b="$git_size" 'BEGIN { printf "%.3f", a / b }')x git's ($gs_size / $git_size bytes), $verdict"
}
desc_pack_reuse="pack-objects (rev-list --objects --all), reuse"
prepare_pack_reuse() { prepare_pack_list; }
bench_pack_reuse() { timed "$1" pack-objects "${PACK_ARGS[@]}" <"$OUT/pack-list"; }
check_pack_reuse() { check_pack pack_reuse; }
desc_pack_fresh="  … --no-reuse-delta (new delta search)"
prepare_pack_fresh() { prepare_pack_list; }
bench_pack_fresh() { timed "$1" pack-objects "${PACK_ARGS[@]}" --no-reuse-delta <"$OUT/pack-list"; }
check_pack_fresh() { check_pack pack_fresh; }
desc_pack_noreuse="  … --no-reuse-object (all recompressed)"
prepare_pack_noreuse() { prepare_pack_list; }
bench_pack_noreuse() { timed "$1" pack-objects "${PACK_ARGS[@]}" --no-reuse-object <"$OUT/pack-list"; }
check_pack_noreuse() { check_pack pack_noreuse; }

# pack-objects --all: the walk inside pack-objects (its path names feed the delta search)
desc_pack_all="pack-objects --all (revs walked inside), size vs git"
bench_pack_all() { timed "$1" pack-objects --all "${PACK_ARGS[@]}" </dev/null; }
check_pack_all() { check_pack pack_all; }

desc_repack="repack -a -d of ~20000 loose + 2 packs"
# A repository whose `main` is REPO's HEAD: the oldest history in one pack, the next in a second
# one, and the newest ~20,000 objects loose (unpacked), as a busy repository between gcs.
prepare_repack() {
    local t=$OUT/repack-template b=100 c n
    [ -f "$t/.done" ] && return
    rm -rf "$t" && "$GIT" init -q "$t" || return
    c=$("$GIT" -C "$REPO" rev-list --count --first-parent HEAD)
    while :; do
        n=$("$GIT" -C "$REPO" rev-list --objects "HEAD~$b..HEAD" | wc -l)
        [ "$n" -ge 20000 ] || [ $((b * 5 / 4 + 1)) -ge "$c" ] && break
        b=$((b * 5 / 4))
    done
    local a=$(( (c + b) / 2 < c - 1 ? (c + b) / 2 : c - 1 ))
    echo "HEAD~$a" | "$GIT" -C "$REPO" pack-objects -q --revs --stdout | "$GIT" -C "$t" index-pack --stdin >/dev/null
    printf 'HEAD~%s\n^HEAD~%s\n' "$b" "$a" | "$GIT" -C "$REPO" pack-objects -q --revs --stdout |
        "$GIT" -C "$t" index-pack --stdin >/dev/null
    printf 'HEAD\n^HEAD~%s\n' "$b" | "$GIT" -C "$REPO" pack-objects -q --revs --stdout | "$GIT" -C "$t" unpack-objects -q
    "$GIT" -C "$t" update-ref refs/heads/main "$("$GIT" -C "$REPO" rev-parse HEAD)"
    "$GIT" -C "$t" symbolic-ref HEAD refs/heads/main
    touch "$t/.done"
    echo "repack template: $("$GIT" -C "$t" count-objects -v | tr '\n' ' ')" >&2
}
setup_repack() {
    WORKDIR=$OUT/repack-$(basename "$1")
    rm -rf "$WORKDIR" && cp -a "$OUT/repack-template" "$WORKDIR"
}
# the check compares what is left: loose objects, objects in packs, packs
bench_repack() {
    timed "$1" repack -a -d -q && "$GIT" count-objects -v | grep -E '^(count|in-pack|packs):'
}

desc_fsck="fsck (every object checked, connectivity, dangling)"
# fsck's exit code below 128 is what it found (a partial clone's missing blobs give 2), not a failure
bench_fsck() { timed "$1" fsck; [ $? -lt 128 ]; }

# --- driver ---------------------------------------------------------------------------------

# run_one NAME TOOL LABEL STDOUT: one run; sets WORKDIR by setup_NAME if defined.
run_one() {
    local name=$1 tool=$2 out=$3
    WORKDIR=$REPO
    if declare -F "setup_$name" >/dev/null; then "setup_$name" "$tool"; fi
    (cd "$WORKDIR" && "bench_$name" "$tool") >"$out" 2>"$out.err"
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.4f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
maxval() { sort -n | tail -n 1; }

# measure NAME: warm-up of each tool, then RUNS timed runs alternating the tools (so all see the
# same machine load). Prints "median peak_kib" per tool of $TOOLS (git, gitstore, then gix when
# $GIX is set), with "fail fail" for a tool whose warm-up or a timed run failed.
measure() {
    local name=$1 i label
    declare -A ok
    for label in "${LABELS[@]}"; do
        ok[$label]=1
        run_one "$name" "$(tool_of "$label")" "$OUT/$name.$label.out" || ok[$label]=0
        : >"$OUT/$name.$label.times"
    done
    for ((i = 0; i < RUNS; i++)); do
        for label in "${LABELS[@]}"; do
            [ "${ok[$label]}" = 1 ] || continue
            if run_one "$name" "$(tool_of "$label")" /dev/null; then
                tail -n 1 "$TIMEFILE" >>"$OUT/$name.$label.times"
            else
                ok[$label]=0
            fi
        done
    done
    for label in "${LABELS[@]}"; do
        if [ "${ok[$label]}" = 0 ]; then
            printf 'fail fail '
        else
            printf '%s %s ' "$(cut -d' ' -f1 "$OUT/$name.$label.times" | median)" \
                "$(cut -d' ' -f2 "$OUT/$name.$label.times" | maxval)"
        fi
    done
    echo
}

tool_of() {
    case $1 in
    git) echo "$GIT" ;;
    gitstore) echo "$GITSTORE" ;;
    gix) echo "$GIX" ;;
    esac
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "-"; else printf "%.2f", a / b }'; }
secs() { awk -v s="$1" 'BEGIN { printf "%.3f", s }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

echo "repo: $REPO"
echo "git: $("$GIT" --version)   gitstore: $GITSTORE   gix: ${GIX:-(not run)}   runs: $RUNS   out: $OUT"
echo
FMT="%-52s %9s %9s %9s %7s %7s %8s %8s %8s %7s  %s\n"
# shellcheck disable=SC2059
printf "$FMT" command git_s gitstore_s gix_s gs/git gs/gix git_MiB gs_MiB gix_MiB mem check
for name in "${BENCHES[@]}"; do
    [[ -n $ONLY && ! $name =~ $ONLY ]] && continue
    desc_var=desc_$name
    desc=${!desc_var:-$name}
    if declare -F "prepare_$name" >/dev/null; then "prepare_$name"; fi
    read -r g_s g_k s_s s_k x_s x_k <<<"$(measure "$name")"
    x_s=${x_s:--} x_k=${x_k:-0}
    if [ "$g_s" = fail ]; then
        # shellcheck disable=SC2059
        printf "$FMT" "$desc" fail - - - - - - - - "git failed: $(head -c 200 "$OUT/$name.git.out.err")"
        continue
    fi
    for label in gitstore gix; do
        # A stub that exits 0 without doing anything is not a 100x speed-up.
        if [ -f "$OUT/$name.$label.out" ] && [ -s "$OUT/$name.git.out" ] && [ ! -s "$OUT/$name.$label.out" ]; then
            echo "($label printed nothing)" >>"$OUT/$name.$label.out.err"
            if [ $label = gitstore ]; then s_s=fail; else x_s=fail; fi
        fi
    done
    check=
    if [ "$s_s" = fail ]; then
        check="gitstore unsupported: $(grep -m1 . "$OUT/$name.gitstore.out.err" | head -c 100)"
    elif declare -F "check_$name" >/dev/null; then check=$("check_$name")
    elif cmp -s "$OUT/$name.git.out" "$OUT/$name.gitstore.out"; then check=same
    else check=MISMATCH; fi
    if [ "$x_s" = fail ]; then
        check+="; gix unsupported"
        x_s=- x_k=0
    elif [ "$x_s" != - ] && ! cmp -s "$OUT/$name.git.out" "$OUT/$name.gix.out"; then
        check+="; gix differs"
    fi
    s_show=$s_s
    [ "$s_s" = fail ] && s_s=0 s_k=0 s_show=-
    gs_secs=$( [ "$s_show" = - ] && echo - || secs "$s_s")
    gix_secs=$( [ "$x_s" = - ] && echo - || secs "$x_s")
    gs_gix=$( [ "$x_s" = - ] || [ "$s_show" = - ] && echo - || ratio "$s_s" "$x_s")
    gs_git=$( [ "$s_show" = - ] && echo - || ratio "$s_s" "$g_s")
    # shellcheck disable=SC2059
    printf "$FMT" "$desc" "$(secs "$g_s")" "$gs_secs" "$gix_secs" "$gs_git" "$gs_gix" \
        "$(mib "$g_k")" "$(mib "$s_k")" "$(mib "$x_k")" "$(ratio "$s_k" "$g_k")" "$check"
done
