#!/bin/sh
# A guided tour of git's object store, built with gitstore alone: an empty repository, a blob,
# a tree, a commit, a branch, an annotated tag, a second commit and a pack. After each step the
# new object is shown byte by byte (`gitstore explain --raw`) and a name is followed to it
# (`gitstore explain`).
#
# Usage: examples/tour.sh [DIR]
#   DIR       an empty or missing directory to build the repository in (default: a new
#             temporary directory)
#   GITSTORE  the gitstore binary (default: `gitstore` on PATH; e.g. target/debug/gitstore)
#
# It prints every command, then what that command prints, as a terminal would show them. The
# section "Learning git internals with gitstore" of README.md is this output, and
# tests/tour.rs checks the two are the same, so the README never goes stale. Names, e-mail
# addresses and dates are fixed below, so every object id comes out the same on every machine.

set -eu

GITSTORE=${GITSTORE:-gitstore}
dir=${1:-$(mktemp -d)}
mkdir -p "$dir"
cd "$dir"

# No configuration from this machine, no repository from the environment.
unset GIT_DIR GIT_WORK_TREE GIT_OBJECT_DIRECTORY GIT_ALTERNATE_OBJECT_DIRECTORIES \
    GIT_CONFIG_PARAMETERS GIT_CONFIG_COUNT NO_COLOR 2>/dev/null || true
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null HOME="$dir"

gitstore() { "$GITSTORE" "$@"; }

# step TITLE: a heading in the transcript (each step is one block of the README).
step() { printf '# %s\n' "$1"; }

# run COMMAND: shows the command, runs it, shows what it prints (stdout and stderr).
run() {
    printf '$ %s\n' "$1"
    eval "$1" 2>&1
}

# keep VAR COMMAND: run, and keep the command's output (one object id) in VAR.
keep() {
    printf '$ %s\n' "$2"
    out=$(eval "$2" 2>&1)
    printf '%s\n' "$out"
    eval "$1=\$out"
}

step "1. An empty repository, and who we are"
run "export GIT_AUTHOR_NAME='Ada Lovelace' GIT_AUTHOR_EMAIL=ada@example.com"
run "export GIT_COMMITTER_NAME='Ada Lovelace' GIT_COMMITTER_EMAIL=ada@example.com"
run "export GIT_AUTHOR_DATE='1700000000 +0000' GIT_COMMITTER_DATE='1700000000 +0000'"
run "gitstore init -q -b main"
run "gitstore symbolic-ref HEAD"

step "2. A blob: file content, nothing else"
keep blob "echo 'Hello, git internals!' | gitstore hash-object -w --stdin"
run "gitstore explain --raw $blob"
run "gitstore explain $(printf '%.7s' "$blob")"

step "3. A tree: names and modes for blobs"
keep tree "printf '100644 blob $blob\\thello.txt\\n' | gitstore mktree"
run "gitstore explain --raw $tree"

step "4. A commit: a tree, an author, a committer, a message"
keep first "gitstore commit-tree $tree -m 'First commit'"
run "gitstore explain --raw $first"

step "5. A branch: a file holding a commit's id"
run "gitstore update-ref refs/heads/main $first"
run "gitstore explain HEAD"

step "6. An annotated tag: an object naming an object"
run "gitstore tag -a -m 'First release' v1.0 main"
run "gitstore explain --raw v1.0"
run "gitstore explain 'v1.0^{commit}'"

step "7. A second commit, whose parent is the first"
run "export GIT_AUTHOR_DATE='1700000600 +0000' GIT_COMMITTER_DATE='1700000600 +0000'"
keep notes "echo 'Objects are named by their content.' | gitstore hash-object -w --stdin"
keep tree2 "printf '100644 blob $blob\\thello.txt\\n100644 blob $notes\\tnotes.txt\\n' | gitstore mktree"
keep second "gitstore commit-tree $tree2 -p main -m 'Second commit'"
run "gitstore update-ref refs/heads/main $second $first"
run "gitstore explain --raw $second"
run "gitstore explain main~1"

step "8. A pack: every object in one file, found through its index"
run "gitstore repack -a -d -q"
run "gitstore count-objects -v"
run "gitstore verify-pack -v .git/objects/pack/*.idx"
run "gitstore explain main:notes.txt"
