//! The commit walk: commits reachable from tips and not from hidden tips, in git's orders, as
//! `git rev-list` lists them.
//!
//! A [`Walk`] is built from tips ([`Walk::push`]) and hidden tips ([`Walk::hide`]), or from
//! revision arguments as git reads them ([`Walk::push_revision`]: `A`, `^A`, `A..B`, `A...B`,
//! `A^@`, `A^!`, `A^-n`; [`Walk::push_refs`]: `--all`, `--branches[=GLOB]`, `--tags[=GLOB]`,
//! `--remotes[=GLOB]`, `--glob=GLOB`), and options ([`WalkOptions`]); then it is an iterator
//! of [`WalkCommit`]s.
//!
//! It is git's `revision.c`, step for step, because the answers depend on the steps:
//!
//! ```text
//! default order   a list ordered by committer date (equal dates: first in, first out);
//!                 pop the newest, show it, insert its parents. Streams: the first commit
//!                 comes out after reading one.
//! limited         (hidden tips, --topo-order, --date-order, --ancestry-path, --children)
//!                 the same loop runs first to the end, marking what hidden tips reach
//!                 UNINTERESTING; it stops once every commit left in the list is
//!                 uninteresting and older than the last one kept, five times running
//!                 (git's SLOP, for clocks that go backwards); then the list is sorted.
//! paths           a commit whose tree agrees with a parent's at the paths (TREESAME) is
//!                 not shown, and at a merge only such a parent is followed; --parents
//!                 rewrites parents to the nearest shown ancestors.
//! ```
//!
//! Every walk reads at most [`Limits::max_commit_walk`](crate::Limits) commits.
//!
//! The commits of `A..B`:
//!
//! ```
//! # use gitstore::{repo::InitOptions, Kind, Repository};
//! use gitstore::history::walk::{Walk, WalkOptions};
//! use gitstore::revision::Resolver;
//! # let dir = tempfile::tempdir()?;
//! # let (repo, _) = Repository::init(dir.path(), &InitOptions::bare())?;
//! # let tree = repo.odb().write(Kind::Tree, b"")?;
//! # let mut parent: Option<gitstore::ObjectId> = None;
//! # for (i, name) in ["A", "x", "B"].iter().enumerate() {
//! #     let p = parent.map(|p| format!("parent {p}\n")).unwrap_or_default();
//! #     let body = format!("tree {tree}\n{p}author a <a@x> {i} +0000\ncommitter a <a@x> {i} +0000\n\n{name}\n");
//! #     let id = repo.odb().write(Kind::Commit, body.as_bytes())?;
//! #     std::fs::write(dir.path().join(format!("refs/tags/{name}")), format!("{id}\n"))?;
//! #     parent = Some(id);
//! # }
//! let mut walk = Walk::new(&repo, WalkOptions::default());
//! walk.push_revision(&mut Resolver::new(&repo), b"A..B", false)?;
//! let ids: Vec<_> = walk.map(|c| c.map(|c| c.id)).collect::<Result<_, _>>()?;
//! assert_eq!(ids.len(), 2); // B and x, newest first
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The history of one file (commits that changed it, newest first):
//!
//! ```no_run
//! use gitstore::history::walk::{Walk, WalkOptions};
//! let repo = gitstore::Repository::discover(".")?;
//! let paths = gitstore::pathspec::Pathspec::new(&["src/lib.rs"], b"", None)?;
//! let options = WalkOptions { paths: Some(paths), ..WalkOptions::default() };
//! let mut walk = Walk::new(&repo, options);
//! walk.push(gitstore::revision::resolve(&repo, "HEAD")?)?;
//! for commit in walk {
//!     println!("{}", commit?.id);
//! }
//! # Ok::<(), gitstore::Error>(())
//! ```

mod args;
mod dates;
mod graph;
mod incremental;
mod simplify;
mod stdin;
mod topo;
mod treesame;

pub use args::{GivenTip, RefSelection};
pub use stdin::{StdinLine, StdinRevisions};

use crate::error::{Error, Location, Result};
use crate::graph::Commits;
use crate::odb::Odb;
use crate::oid::ObjectId;
use crate::pathspec::Pathspec;
use crate::stores::Stores;
use bstr::BString;
use graph::*;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, VecDeque};
use topo::TopoTie;
use treesame::PathFilter;

/// git's `SLOP`: how many uninteresting commits, older than the last interesting one, the
/// limited walk reads before it believes no interesting commit is left (clocks go backwards).
const SLOP: u32 = 5;

/// The order commits come out in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// git's default: newest committer date first, as the walk meets them (a parent may come
    /// before a child whose date is older).
    #[default]
    Date,
    /// `--topo-order`: no parent before all its children, and the commits of one line of
    /// history together.
    Topo,
    /// `--date-order`: no parent before all its children, otherwise newest first.
    TopoDate,
}

/// How a walk runs: git's rev-list options that choose and order commits.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WalkOptions {
    /// The order.
    pub sort: Sort,
    /// `--reverse`: the chosen commits, last first (after `max_count` and `skip`).
    pub reverse: bool,
    /// `--first-parent`: follow only the first parent of merges.
    pub first_parent: bool,
    /// `--ancestry-path`: only commits that descend from a hidden tip (a "bottom").
    pub ancestry_path: bool,
    /// `--full-history`: on path-limited walks, follow every parent of a merge.
    pub full_history: bool,
    /// `--max-count`: at most this many commits (boundary commits aside).
    pub max_count: Option<usize>,
    /// `--skip`: leave out this many commits first.
    pub skip: usize,
    /// `--min-parents` (`--merges` is 2).
    pub min_parents: usize,
    /// `--max-parents` (`--no-merges` is 1).
    pub max_parents: Option<usize>,
    /// `--since`/`--max-age`: stop at commits older than this (seconds since the epoch);
    /// their ancestors are not shown either (unless reached another way, in a streaming walk).
    pub since: Option<i64>,
    /// `--until`/`--min-age`: leave out commits newer than this.
    pub until: Option<i64>,
    /// `--boundary`: after the commits, the excluded commits they have as parents.
    pub boundary: bool,
    /// `--parents`: report each commit's parents as rewritten by a path-limited walk (the
    /// nearest shown ancestors); without paths, the commit's own parents.
    pub rewrite_parents: bool,
    /// `--children`: report each commit's children among the commits walked.
    pub children: bool,
    /// `-- PATH…`: only commits that change what these specs name (literal paths from the top
    /// of the tree, globs, `:(exclude)`…), with git's default history simplification. A spec
    /// that names everything still leaves out commits that change nothing.
    pub paths: Option<Pathspec>,
}

/// A commit as the walk gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkCommit {
    /// The commit.
    pub id: ObjectId,
    /// Its root tree (what `--objects` lists from).
    pub tree: ObjectId,
    /// Its parents as the walk sees them: rewritten on path-limited walks with
    /// [`WalkOptions::rewrite_parents`], simplified (one TREESAME parent) on path-limited walks
    /// otherwise, the commit's own parents else.
    pub parents: Vec<ObjectId>,
    /// With [`WalkOptions::children`]: its children among the commits walked.
    pub children: Vec<ObjectId>,
    /// The committer date, seconds since the epoch.
    pub date: i64,
    /// A boundary commit (`--boundary`): excluded, but a parent of a shown commit.
    pub boundary: bool,
    /// Reached from the left side of `A...B` (`--left-right` prints it as `<`).
    pub left: bool,
}

/// Why a walk cannot start or go on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WalkError {
    /// A tip names an object that is not in the repository (git: "bad object").
    #[error("bad object {name}")]
    MissingTip {
        /// The tip's name as given (the id in hex for ids).
        name: BString,
        /// The missing object.
        id: ObjectId,
    },
    /// A commit the walk must read is missing or not a commit (git: "Failed to traverse
    /// parents of commit").
    #[error("failed to traverse parents of commit {commit}: {parent} is missing")]
    MissingParent {
        /// The commit whose parent it is.
        commit: ObjectId,
        /// The parent.
        parent: ObjectId,
        /// Met while preparing a walk that reads everything first (git: "revision walk setup
        /// failed") rather than while giving commits.
        while_preparing: bool,
    },
    /// `A..B` or `A...B` where a side names a missing object, or (`...`) no commit.
    #[error("invalid {} {range}", if *symmetric { "symmetric difference expression" } else { "revision range" })]
    InvalidRange {
        /// The argument.
        range: BString,
        /// `...`.
        symmetric: bool,
        /// For `...`: the side that peels to no commit, and what it is.
        not_a_commit: Option<(ObjectId, crate::Kind)>,
    },
    /// `--ancestry-path` without a hidden tip.
    #[error("--ancestry-path given but there are no bottom commits")]
    NoBottoms,
}

/// A commit walk: tips and hidden tips, then an iterator of [`WalkCommit`]s.
pub struct Walk<'r> {
    repo: Stores<'r>,
    odb: &'r Odb,
    commits: Commits,
    graph: Graph,
    options: WalkOptions,
    /// The tips in the order given (commits only).
    pending: Vec<u32>,
    paths: Option<PathFilter>,
    /// git's `simplify_history`: at a merge, follow one TREESAME parent only.
    simplify_history: bool,
    /// Whether merges keep per-parent TREESAME state (git's `treesame` decoration).
    keep_treesame: bool,
    limited: bool,
    started: bool,
    finished: bool,
    /// git's `revs->commits` while it is ordered by date.
    queue: BinaryHeap<(i64, Reverse<u64>, u32)>,
    seq: u64,
    /// git's `revs->commits` once limited (and sorted).
    list: VecDeque<u32>,
    max_count: Option<usize>,
    skip: usize,
    boundary_stage: bool,
    boundary_candidates: Vec<u32>,
    reversed: Option<Vec<u32>>,
    children: HashMap<u32, Vec<u32>>,
    walked: u64,
    /// git's incremental topological walk, when it would use one.
    topo: Option<incremental::TopoWalk>,
    /// `--exclude` patterns for the next ref option.
    excluded_refs: Vec<BString>,
    /// Every tip as given.
    given: Vec<GivenTip>,
    /// Every tip as added (id, flags, name), to add again to a walk that starts over
    /// without the commit-graph.
    added: Vec<(ObjectId, u32, BString)>,
    /// Whether the commit-graph's checksums, verified on another thread, are waited for only
    /// when the walk is over ([`Walk::count_commits`]) rather than before it starts.
    check_at_end: bool,
}

impl<'r> Walk<'r> {
    /// An empty walk over `repo`.
    pub fn new(repo: impl Into<Stores<'r>>, options: WalkOptions) -> Walk<'r> {
        let repo = repo.into();
        let mut commits = Commits::new();
        // answers wait for the checksums (see `check_graph`): the walk's first steps do not
        commits.check_graph_in_background();
        Walk {
            repo,
            odb: repo.odb(),
            commits,
            graph: Graph::default(),
            max_count: options.max_count,
            skip: options.skip,
            options,
            pending: Vec::new(),
            paths: None,
            simplify_history: true,
            keep_treesame: false,
            limited: false,
            started: false,
            finished: false,
            queue: BinaryHeap::new(),
            seq: 0,
            list: VecDeque::new(),
            boundary_stage: false,
            boundary_candidates: Vec::new(),
            reversed: None,
            children: HashMap::new(),
            walked: 0,
            topo: None,
            excluded_refs: Vec::new(),
            given: Vec::new(),
            added: Vec::new(),
            check_at_end: false,
        }
    }

    /// The options the walk runs with.
    pub fn options(&self) -> &WalkOptions {
        &self.options
    }

    /// Replaces the options; they count from the first commit taken (tips may come before or
    /// after, as they do on git's command line).
    pub fn set_options(&mut self, options: WalkOptions) {
        self.max_count = options.max_count;
        self.skip = options.skip;
        self.options = options;
    }

    /// Keep the body of each commit the walk reads from the objects until
    /// [`Walk::take_commit_buffer`] takes it (git's `save_commit_buffer`).
    pub fn keep_commit_buffers(&mut self, keep: bool) {
        self.commits.keep_buffers(keep);
    }

    /// The body of commit `id` if the walk read it from the objects and kept it; else the
    /// caller reads it (commits read from the commit-graph have no body here).
    pub fn take_commit_buffer(&mut self, id: &ObjectId) -> Option<Vec<u8>> {
        self.commits.take_buffer(id)
    }

    /// Every commit the walk has met and marked uninteresting (the hidden tips, what they
    /// reach as far as the walk read, and the boundary): what `--objects` leaves out.
    pub fn hidden(&self) -> Vec<ObjectId> {
        (0..self.graph.len() as u32)
            .filter(|&i| self.graph.has(i, UNINTERESTING) && self.graph.has(i, PARSED))
            .map(|i| self.graph.node(i).id)
            .collect()
    }

    /// Every tip as given, in order, before tags were peeled, including trees and blobs (which
    /// the commit walk leaves out): what `--objects` starts from besides the commits.
    pub fn given(&self) -> &[GivenTip] {
        &self.given
    }

    /// git's `revs->commits` right after `prepare_revision_walk`, which `--objects` marks edges
    /// from: the limited list in order (before `--max-count` and `--skip` cut it), or the tips
    /// by date when the walk is not limited. Call it before taking the first commit;
    /// [`Walk::hidden`] then says what git knew to be hidden at that point.
    pub fn prepared_commits(&mut self) -> Result<Vec<ObjectId>> {
        let list = self.prepared()?;
        Ok(list.iter().map(|&c| self.graph.node(c).id).collect())
    }

    /// [`Walk::prepared_commits`], each with its parents as the walk sees them at that point
    /// (a path-limited walk has cut a merge down to the parent it is TREESAME to): the parents
    /// git marks edges from. `None` for a commit the walk has not read yet.
    pub fn prepared_commits_with_parents(
        &mut self,
    ) -> Result<Vec<(ObjectId, Option<Vec<ObjectId>>)>> {
        let list = self.prepared()?;
        Ok(list
            .iter()
            .map(|&c| {
                let node = self.graph.node(c);
                let parents = self.graph.has(c, PARSED).then(|| {
                    node.parents
                        .iter()
                        .map(|&p| self.graph.node(p).id)
                        .collect()
                });
                (node.id, parents)
            })
            .collect())
    }

    /// Marks `commits` as shown already (git's `SHOWN`), as `--objects-edge` does for the edges
    /// it prints: `--boundary` then leaves them out.
    pub fn mark_shown(&mut self, commits: &[ObjectId]) {
        for id in commits {
            let at = self.commits.graph_position(self.odb, id);
            let c = self.graph.lookup_keyed(*id, at);
            self.graph.set(c, SHOWN);
        }
    }

    fn prepared(&mut self) -> Result<Vec<u32>> {
        self.ensure_prepared()?;
        Ok(if self.limited {
            self.list.iter().copied().collect()
        } else {
            let mut tips: Vec<u32> = Vec::new();
            for &c in &self.pending {
                if !tips.contains(&c) {
                    tips.push(c);
                }
            }
            tips.sort_by_key(|&c| Reverse(self.graph.node(c).date));
            tips
        })
    }

    /// The commit tips given so far, in order, with whether each is hidden.
    pub fn tips(&self) -> Vec<(ObjectId, bool)> {
        self.pending
            .iter()
            .map(|&i| (self.graph.node(i).id, self.graph.has(i, UNINTERESTING)))
            .collect()
    }

    fn enqueue(&mut self, c: u32) {
        self.queue
            .push((self.graph.node(c).date, Reverse(self.seq), c));
        self.seq += 1;
        self.graph.set(c, QUEUED);
    }

    fn dequeue(&mut self) -> Option<u32> {
        let (_, _, c) = self.queue.pop()?;
        self.graph.clear(c, QUEUED);
        Some(c)
    }

    fn parse(&mut self, c: u32) -> Result<bool> {
        self.graph.parse(self.odb, &mut self.commits, c)
    }

    /// Reads parent `p` of `c`, which must exist.
    fn parse_parent(&mut self, c: u32, p: u32) -> Result<()> {
        if self.parse(p)? {
            return Ok(());
        }
        Err(WalkError::MissingParent {
            commit: self.graph.node(c).id,
            parent: self.graph.node(p).id,
            while_preparing: false,
        }
        .into())
    }

    fn relevant(&self, c: u32) -> bool {
        self.graph.flags(c) & (UNINTERESTING | BOTTOM) != UNINTERESTING
    }

    fn want_ancestry(&self) -> bool {
        self.options.rewrite_parents || self.options.children
    }

    /// git's `prepare_revision_walk`.
    fn prepare(&mut self) -> Result<()> {
        self.started = true;
        let options = &self.options;
        self.paths = options.paths.as_ref().map(PathFilter::new);
        self.simplify_history = !options.full_history && !options.ancestry_path;
        let topo_order = self.options.sort != Sort::Date;
        let generations = topo_order && incremental::generation_numbers_enabled(self.repo);
        let mut initial = Vec::new();
        for k in 0..self.pending.len() {
            let c = self.pending[k];
            if self.graph.has(c, UNINTERESTING) {
                self.mark_parents_uninteresting(c);
                if !generations {
                    self.limited = true;
                }
            }
            if !self.graph.has(c, SEEN) {
                self.graph.set(c, SEEN);
                initial.push(c);
            }
        }
        if (topo_order && !generations) || self.options.ancestry_path || self.options.children {
            self.limited = true;
        }
        self.keep_treesame = self.limited
            && self.paths.is_some()
            && !self.simplify_history
            && !self.options.first_parent;
        initial.sort_by_key(|&c| Reverse(self.graph.node(c).date));
        for &c in &initial {
            self.enqueue(c);
        }
        if self.limited {
            let bottoms: Vec<u32> = if self.options.ancestry_path {
                let b: Vec<u32> = initial
                    .iter()
                    .copied()
                    .filter(|&c| self.graph.has(c, BOTTOM))
                    .collect();
                if b.is_empty() {
                    return Err(WalkError::NoBottoms.into());
                }
                b
            } else {
                Vec::new()
            };
            let list = self.limit_list(&bottoms)?;
            let list = match self.options.sort {
                Sort::Date => list,
                Sort::Topo => topo::sort(&self.graph, &list, TopoTie::Graph),
                Sort::TopoDate => topo::sort(&self.graph, &list, TopoTie::Date),
            };
            if self.options.children {
                for &c in &list {
                    for k in 0..self.graph.node(c).parents.len() {
                        let p = self.graph.node(c).parents[k];
                        self.children.entry(p).or_default().insert(0, c);
                    }
                }
            }
            self.list = list.into();
        } else if topo_order {
            while self.dequeue().is_some() {}
            self.init_topo_walk(&initial)?;
        }
        Ok(())
    }

    /// git's `mark_parents_uninteresting`: through the commits read so far.
    fn mark_parents_uninteresting(&mut self, c: u32) {
        let mut stack: Vec<u32> = self.graph.node(c).parents.iter().rev().copied().collect();
        while let Some(p) = stack.pop() {
            if self.graph.has(p, UNINTERESTING) {
                continue;
            }
            self.graph.set(p, UNINTERESTING);
            stack.extend(self.graph.node(p).parents.iter().copied());
        }
    }

    /// git's `process_parents`: reads the parents of `c`, marks them as `c` dictates, and (with
    /// `enqueue`) inserts the new ones into the date-ordered list.
    fn process_parents(&mut self, c: u32, enqueue: bool) -> Result<()> {
        if self.graph.has(c, ADDED) {
            return Ok(());
        }
        self.graph.set(c, ADDED);
        self.walked += 1;
        if self.walked > self.odb.limits().max_commit_walk {
            return Err(Error::LimitExceeded {
                what: "commits walked",
                limit: self.odb.limits().max_commit_walk,
                location: Location::Memory,
            });
        }
        if self.graph.has(c, UNINTERESTING) {
            for k in 0..self.graph.node(c).parents.len() {
                let p = self.graph.node(c).parents[k];
                self.graph.set(p, UNINTERESTING);
                if !self.parse(p)? {
                    continue;
                }
                if !self.graph.node(p).parents.is_empty() {
                    self.mark_parents_uninteresting(p);
                }
                if self.graph.has(p, SEEN) {
                    continue;
                }
                self.graph.set(p, SEEN);
                if enqueue {
                    self.enqueue(p);
                }
            }
            return Ok(());
        }
        self.try_to_simplify(c)?;
        let pass = self.graph.flags(c) & SYMMETRIC_LEFT;
        for k in 0..self.graph.node(c).parents.len() {
            let p = self.graph.node(c).parents[k];
            self.parse_parent(c, p)?;
            self.graph.set(p, pass);
            if !self.graph.has(p, SEEN) {
                self.graph.set(p, SEEN);
                if enqueue {
                    self.enqueue(p);
                }
            }
            if self.options.first_parent {
                break;
            }
        }
        Ok(())
    }

    /// git's `limit_list`: walks to the end (or until only uninteresting commits are left),
    /// returning the interesting commits in the order met.
    fn limit_list(&mut self, bottoms: &[u32]) -> Result<Vec<u32>> {
        let mut slop = SLOP;
        let mut date = i64::MAX;
        let mut out = Vec::new();
        let mut interesting: Option<u32> = None;
        while let Some(c) = self.dequeue() {
            if interesting == Some(c) {
                interesting = None;
            }
            let cdate = self.graph.node(c).date;
            if self.options.since.is_some_and(|since| cdate < since) {
                self.graph.set(c, UNINTERESTING);
            }
            self.process_parents(c, true)?;
            if self.graph.has(c, UNINTERESTING) {
                self.mark_parents_uninteresting(c);
                slop = self.still_interesting(date, slop, &mut interesting);
                if slop > 0 {
                    continue;
                }
                break;
            }
            if self.options.until.is_some_and(|until| cdate > until) {
                continue;
            }
            date = cdate;
            out.push(c);
        }
        while self.dequeue().is_some() {}
        if self.options.ancestry_path {
            self.limit_to_ancestry(bottoms, &out);
        }
        if self.keep_treesame {
            for &c in &out {
                if !self.graph.has(c, UNINTERESTING | TREESAME) {
                    self.update_treesame(c);
                }
            }
        }
        Ok(out)
    }

    /// git's `still_interesting`: SLOP while the walk must go on, less as it closes in.
    fn still_interesting(&self, date: i64, slop: u32, interesting: &mut Option<u32>) -> u32 {
        let Some(&(head, _, _)) = self.queue.peek() else {
            return 0;
        };
        if date <= head {
            return SLOP;
        }
        if let Some(c) = *interesting {
            if !self.graph.has(c, UNINTERESTING) {
                return SLOP;
            }
        }
        if let Some(&(_, _, c)) = self
            .queue
            .iter()
            .find(|(_, _, c)| !self.graph.has(*c, UNINTERESTING))
        {
            *interesting = Some(c);
            return SLOP;
        }
        slop - 1
    }

    /// git's `limit_to_ancestry`: what cannot reach a bottom becomes uninteresting.
    fn limit_to_ancestry(&mut self, bottoms: &[u32], list: &[u32]) {
        for &b in bottoms {
            self.graph.set(b, TMP_MARK);
        }
        loop {
            let mut progress = false;
            for &c in list.iter().rev() {
                if self.graph.has(c, TMP_MARK | UNINTERESTING) {
                    continue;
                }
                let reaches = self
                    .graph
                    .node(c)
                    .parents
                    .iter()
                    .any(|&p| self.graph.has(p, TMP_MARK));
                if reaches {
                    self.graph.set(c, TMP_MARK);
                    progress = true;
                }
            }
            if !progress {
                break;
            }
        }
        for &c in list {
            if !self.graph.has(c, TMP_MARK) {
                self.graph.set(c, UNINTERESTING);
            }
        }
        for &c in list.iter().chain(bottoms) {
            self.graph.clear(c, TMP_MARK);
        }
    }

    /// git's `get_commit_action`: whether `c` is shown.
    fn shown(&self, c: u32) -> bool {
        let node = self.graph.node(c);
        if node.flags & (SHOWN | UNINTERESTING) != 0 {
            return false;
        }
        if self.options.until.is_some_and(|until| node.date > until) {
            return false;
        }
        let n = node.parents.len();
        if n < self.options.min_parents || self.options.max_parents.is_some_and(|m| n > m) {
            return false;
        }
        if self.paths.is_some() && node.flags & TREESAME != 0 {
            if !self.want_ancestry() {
                return false;
            }
            let relevant = node.parents.iter().filter(|&&p| self.relevant(p)).count();
            return relevant >= 2;
        }
        true
    }

    /// git's `simplify_commit`: the action, and parents rewritten for a shown commit.
    fn simplify_commit(&mut self, c: u32) -> Result<bool> {
        let show = self.shown(c);
        if show && self.paths.is_some() && self.want_ancestry() {
            self.rewrite_parents(c)?;
        }
        Ok(show)
    }

    /// git's `get_revision_1`: the next commit to show, before counting and boundaries.
    fn next_1(&mut self) -> Result<Option<u32>> {
        loop {
            let c = if self.limited {
                self.list.pop_front()
            } else if self.topo.is_some() {
                self.next_topo_commit()
            } else {
                self.dequeue()
            };
            let Some(c) = c else { return Ok(None) };
            if !self.limited {
                if self
                    .options
                    .since
                    .is_some_and(|since| self.graph.node(c).date < since)
                {
                    continue;
                }
                if self.topo.is_some() {
                    self.expand_topo_walk(c)?;
                } else {
                    self.process_parents(c, true)?;
                }
            }
            if self.simplify_commit(c)? {
                return Ok(Some(c));
            }
        }
    }

    /// git's `get_revision_internal`: counting, skipping and boundary commits.
    fn next_internal(&mut self) -> Result<Option<u32>> {
        if self.boundary_stage {
            let c = self.list.pop_front();
            if let Some(c) = c {
                self.graph.set(c, SHOWN);
            }
            return Ok(c);
        }
        let mut c = None;
        if self.max_count != Some(0) {
            c = self.next_1()?;
            if c.is_some() {
                while self.skip > 0 {
                    self.skip -= 1;
                    c = self.next_1()?;
                    if c.is_none() {
                        break;
                    }
                }
            }
            if let Some(m) = self.max_count.as_mut() {
                *m -= 1;
            }
        }
        if let Some(c) = c {
            self.graph.set(c, SHOWN);
        }
        if !self.options.boundary {
            return Ok(c);
        }
        let Some(c) = c else {
            self.boundary_stage = true;
            self.list.clear();
            while self.dequeue().is_some() {}
            let mut list = Vec::new();
            for k in 0..self.boundary_candidates.len() {
                let b = self.boundary_candidates[k];
                if !self.graph.has(b, CHILD_SHOWN) || self.graph.has(b, SHOWN | BOUNDARY) {
                    continue;
                }
                self.graph.set(b, BOUNDARY);
                list.insert(0, b);
            }
            let tie = match self.options.sort {
                Sort::TopoDate => TopoTie::Date,
                _ => TopoTie::Graph,
            };
            self.list = topo::sort(&self.graph, &list, tie).into();
            return self.next_internal();
        };
        for k in 0..self.graph.node(c).parents.len() {
            let p = self.graph.node(c).parents[k];
            if self.graph.has(p, CHILD_SHOWN | SHOWN) {
                continue;
            }
            self.graph.set(p, CHILD_SHOWN);
            self.boundary_candidates.push(p);
        }
        Ok(Some(c))
    }

    /// Prepares the walk once, before its first commit; a missing parent met while a limited
    /// walk is prepared says so (git words it differently).
    fn ensure_prepared(&mut self) -> Result<()> {
        if self.started {
            return Ok(());
        }
        if !self.check_at_end {
            self.check_graph()?;
        }
        self.prepare().map_err(|e| match e {
            Error::Walk(WalkError::MissingParent { commit, parent, .. }) if self.limited => {
                Error::Walk(WalkError::MissingParent {
                    commit,
                    parent,
                    while_preparing: true,
                })
            }
            other => other,
        })
    }

    /// git's `get_revision`: `--reverse` on top.
    fn next_commit(&mut self) -> Result<Option<u32>> {
        self.ensure_prepared()?;
        if self.options.reverse {
            if self.reversed.is_none() {
                let mut all = Vec::new();
                while let Some(c) = self.next_internal()? {
                    all.push(c);
                }
                self.reversed = Some(all);
            }
            return Ok(self.reversed.as_mut().and_then(|v| v.pop()));
        }
        self.next_internal()
    }

    /// How many commits the rest of the walk gives, those reached from the left side of
    /// `A...B` first (`rev-list --count --left-right`; all are on the right otherwise), without
    /// making a [`WalkCommit`] of each. On a walk not begun yet, the commit-graph's checksums
    /// are verified while it counts (and it counts again without the graph if they disagree).
    pub fn count_commits(&mut self) -> Result<(u64, u64)> {
        self.check_at_end = !self.started;
        let (mut left, mut right) = (0, 0);
        let mut counted = Ok(());
        while !self.finished {
            match self.next_commit() {
                Ok(Some(c)) if self.graph.has(c, SYMMETRIC_LEFT) => left += 1,
                Ok(Some(_)) => right += 1,
                Ok(None) => self.finished = true,
                Err(e) => {
                    self.finished = true;
                    counted = Err(e);
                }
            }
        }
        if std::mem::take(&mut self.check_at_end) && !self.commits.graph_checked() {
            self.start_over_without_graph()?;
            return self.count_commits();
        }
        counted.map(|()| (left, right))
    }

    /// Waits for the commit-graph's checksums if they are verified on another thread; when
    /// they disagree, forgets everything read through the graph and starts over without it.
    fn check_graph(&mut self) -> Result<()> {
        if self.commits.graph_checked() {
            return Ok(());
        }
        self.start_over_without_graph()
    }

    /// The walk as it was before its first step, without the commit-graph: its tips added
    /// again (read from the objects), nothing else kept but the options.
    fn start_over_without_graph(&mut self) -> Result<()> {
        let keep_buffers = self.commits.keeps_buffers();
        self.commits = Commits::without_graph();
        self.commits.keep_buffers(keep_buffers);
        self.graph = Graph::default();
        self.pending.clear();
        self.given.clear();
        self.paths = None;
        self.simplify_history = true;
        self.keep_treesame = false;
        self.limited = false;
        self.started = false;
        self.finished = false;
        self.queue.clear();
        self.seq = 0;
        self.list.clear();
        self.max_count = self.options.max_count;
        self.skip = self.options.skip;
        self.boundary_stage = false;
        self.boundary_candidates.clear();
        self.reversed = None;
        self.children.clear();
        self.walked = 0;
        self.topo = None;
        for (id, flags, name) in std::mem::take(&mut self.added) {
            self.add_tip(id, flags, &name)?;
        }
        Ok(())
    }

    fn output(&self, c: u32) -> WalkCommit {
        let node = self.graph.node(c);
        let ids = |v: &[u32]| v.iter().map(|&i| self.graph.node(i).id).collect();
        WalkCommit {
            id: node.id,
            tree: node.tree,
            parents: ids(&node.parents),
            children: self.children.get(&c).map(|v| ids(v)).unwrap_or_default(),
            date: node.date,
            boundary: node.flags & BOUNDARY != 0,
            left: node.flags & SYMMETRIC_LEFT != 0,
        }
    }
}

impl Iterator for Walk<'_> {
    type Item = Result<WalkCommit>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.finished {
            return None;
        }
        match self.next_commit() {
            Ok(Some(c)) => Some(Ok(self.output(c))),
            Ok(None) => {
                self.finished = true;
                None
            }
            Err(e) => {
                self.finished = true;
                Some(Err(e))
            }
        }
    }
}
