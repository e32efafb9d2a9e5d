//! Where a branch pulls from and pushes to, read from its configuration as git's `remote.c`
//! does. One answer for every reader: revisions (`main@{upstream}`, `@{push}`) and the ref
//! formatter (`%(upstream)`, `%(push:track)`).
//!
//! ```text
//! [branch "main"]            [remote "origin"]
//!     remote = origin            fetch = +refs/heads/*:refs/remotes/origin/*
//!     merge = refs/heads/main    push = refs/heads/main:refs/heads/up   (optional)
//!     pushRemote = …             mirror = true                          (optional)
//! [remote] pushDefault = …   [push] default = simple
//! ```
//!
//! The upstream of `main` is `branch.main.merge` mapped through the fetch refspecs of
//! `branch.main.remote`; for the remote `.` (the repository itself) the merge ref is the local
//! ref it names. Its push destination follows `remote.<r>.push` refspecs, else (for a mirror)
//! the branch's own name, else `push.default` (`simple` by default: the upstream, when it is
//! the same-named branch of the push remote). Each failure is a [`TrackingError`] naming what
//! is missing.

use super::name::REV_PARSE_RULES;
use super::{RefName, RefStore, Resolved, Target};
use crate::config::Config;
use bstr::{BStr, BString, ByteSlice};

/// One refspec: `[+]src[:dst]` where both sides may hold one `*`; `^src` excludes.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Refspec {
    src: Vec<u8>,
    dst: Option<Vec<u8>>,
    negative: bool,
}

impl Refspec {
    fn parse(text: &[u8]) -> Refspec {
        let text = text.strip_prefix(b"+").unwrap_or(text);
        if let Some(src) = text.strip_prefix(b"^") {
            return Refspec {
                src: src.to_vec(),
                dst: None,
                negative: true,
            };
        }
        match text.find_byte(b':') {
            Some(i) => Refspec {
                src: text[..i].to_vec(),
                dst: Some(text[i + 1..].to_vec()),
                negative: false,
            },
            None => Refspec {
                src: text.to_vec(),
                dst: None,
                negative: false,
            },
        }
    }

    /// Whether `name` matches the source side, and what it matched of the `*`.
    fn matches<'n>(&self, name: &'n [u8]) -> Option<&'n [u8]> {
        match self.src.find_byte(b'*') {
            Some(star) => {
                let (pre, post) = (&self.src[..star], &self.src[star + 1..]);
                (name.len() >= pre.len() + post.len()
                    && name.starts_with(pre)
                    && name.ends_with(post))
                .then(|| &name[pre.len()..name.len() - post.len()])
            }
            None => (self.src == name).then_some(&name[..0]),
        }
    }

    /// `name` mapped from the source side to the destination side.
    fn map(&self, name: &[u8]) -> Option<Vec<u8>> {
        let dst = self.dst.as_ref()?;
        let matched = self.matches(name)?;
        Some(if self.src.contains(&b'*') {
            dst.replacen("*", matched, 1)
        } else {
            dst.clone()
        })
    }
}

/// git's `apply_refspecs`: the first mapping of `name`, unless a negative refspec excludes it.
fn apply(specs: &[Refspec], name: &[u8]) -> Option<Vec<u8>> {
    if specs
        .iter()
        .any(|s| s.negative && s.matches(name).is_some())
    {
        return None;
    }
    specs
        .iter()
        .filter(|s| !s.negative)
        .find_map(|s| s.map(name))
}

/// A remote as git's `remote_get` gives it: a name git does not know is taken as a URL,
/// with no refspecs.
#[derive(Debug, Clone)]
struct Remote {
    name: BString,
    fetch: Vec<Refspec>,
    push: Vec<Refspec>,
    mirror: bool,
}

impl Remote {
    fn read(config: &Config, name: &BStr) -> Remote {
        let key = |k: &str| format!("remote.{name}.{k}");
        let all = |k: &str| -> Vec<Refspec> {
            config
                .get_all(&key(k))
                .into_iter()
                .flatten()
                .map(|v| Refspec::parse(v))
                .collect()
        };
        Remote {
            name: name.to_owned(),
            fetch: all("fetch"),
            push: all("push"),
            mirror: config.get_bool(&key("mirror")).ok().flatten() == Some(true),
        }
    }

    /// git's `tracking_for_push_dest`: the remote-tracking ref of `refname` on this remote.
    fn tracking_for(&self, refname: &[u8]) -> Result<BString, TrackingError> {
        apply(&self.fetch, refname)
            .map(BString::from)
            .ok_or_else(|| TrackingError::NoLocalTrackingBranch {
                refname: refname.into(),
                remote: self.name.clone(),
            })
    }
}

/// Why a branch has no upstream or no push destination, as git's `branch_get_upstream` and
/// `branch_get_push` find it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TrackingError {
    /// The current branch was asked for and `HEAD` is detached.
    HeadDetached,
    /// No `branch.<name>.merge` (or no `branch.<name>.remote`) and no such branch either.
    NoSuchBranch {
        /// The branch's short name.
        branch: BString,
    },
    /// The branch exists but has no `branch.<name>.merge` and `branch.<name>.remote`.
    NoUpstream {
        /// The branch's short name.
        branch: BString,
    },
    /// The merge ref is not mapped by the remote's fetch refspecs.
    NotStoredAsRemoteTracking {
        /// The merge ref as configured.
        merge: BString,
    },
    /// The push remote is configured empty (`branch.<name>.pushRemote =`).
    NoRemoteForPushing {
        /// The branch's short name.
        branch: BString,
    },
    /// The push remote's `push` refspecs do not map the branch.
    PushRefspecsExclude {
        /// The push remote.
        remote: BString,
        /// The branch's short name.
        branch: BString,
    },
    /// Where the branch is pushed has no remote-tracking ref (no fetch refspec maps it).
    NoLocalTrackingBranch {
        /// The ref on the remote.
        refname: BString,
        /// The push remote.
        remote: BString,
    },
    /// `push.default` is `nothing`.
    PushDefaultNothing,
    /// `push.default` is `simple` and the upstream is not the same-named branch.
    SimplePushAmbiguous,
}

impl std::fmt::Display for TrackingError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use TrackingError as E;
        match self {
            E::HeadDetached => write!(f, "HEAD is detached"),
            E::NoSuchBranch { branch } => write!(f, "no branch {branch}"),
            E::NoUpstream { branch } => write!(f, "branch {branch} has no upstream"),
            E::NotStoredAsRemoteTracking { merge } => {
                write!(f, "{merge} has no remote-tracking ref")
            }
            E::NoRemoteForPushing { branch } => write!(f, "branch {branch} has no push remote"),
            E::PushRefspecsExclude { remote, branch } => {
                write!(f, "the push refspecs of {remote} do not map {branch}")
            }
            E::NoLocalTrackingBranch { refname, remote } => {
                write!(f, "{refname} on {remote} has no remote-tracking ref")
            }
            E::PushDefaultNothing => write!(f, "push.default is nothing"),
            E::SimplePushAmbiguous => write!(f, "the simple push goes elsewhere than upstream"),
        }
    }
}

impl std::error::Error for TrackingError {}

/// A branch's tracking configuration (`branch.<name>.*`).
#[derive(Debug, Clone, Default)]
pub struct Branch {
    name: BString,
    refname: BString,
    remote: Option<BString>,
    push_remote: Option<BString>,
    merge: Vec<BString>,
}

fn config_value(config: &Config, key: &str) -> Option<BString> {
    config.get(key).map(|v| v.to_owned())
}

impl Branch {
    /// The configuration of the branch `refs/heads/<name>`.
    pub fn read(config: &Config, name: &[u8]) -> Branch {
        let n = name.to_str_lossy();
        let mut refname = BString::from("refs/heads/");
        refname.extend_from_slice(name);
        Branch {
            name: name.into(),
            refname,
            remote: config_value(config, &format!("branch.{n}.remote")),
            push_remote: config_value(config, &format!("branch.{n}.pushremote")),
            merge: config
                .get_all(&format!("branch.{n}.merge"))
                .into_iter()
                .flatten()
                .map(|v| v.to_owned())
                .collect(),
        }
    }

    /// The branch `HEAD` points at (checked out, possibly unborn); `None` when detached.
    pub fn current(refs: &RefStore) -> crate::Result<Option<Branch>> {
        Ok(match refs.find(&RefName::head())? {
            Some(super::Reference {
                target: Target::Symbolic(to),
                ..
            }) => to
                .as_bytes()
                .strip_prefix(b"refs/heads/")
                .map(|name| Branch::read(refs.config(), name)),
            _ => None,
        })
    }

    /// The branch named as in `<branch>@{upstream}`: `HEAD` (or nothing) is the current one.
    pub fn named(refs: &RefStore, name: &[u8]) -> crate::Result<Option<Branch>> {
        if name.is_empty() || name == b"HEAD" {
            Branch::current(refs)
        } else {
            Ok(Some(Branch::read(refs.config(), name)))
        }
    }

    /// Its short name.
    pub fn name(&self) -> &BStr {
        self.name.as_bstr()
    }

    /// `remote_for_branch`: `branch.<name>.remote`, else `origin`; and whether it was
    /// configured.
    pub fn remote_name(&self) -> (BString, bool) {
        match &self.remote {
            Some(r) => (r.clone(), true),
            None => ("origin".into(), false),
        }
    }

    /// `pushremote_for_branch`: `branch.<name>.pushRemote`, `remote.pushDefault`, then the
    /// remote; and whether one of them was configured.
    pub fn push_remote_name(&self, config: &Config) -> (BString, bool) {
        if let Some(r) = &self.push_remote {
            return (r.clone(), true);
        }
        if let Some(r) = config_value(config, "remote.pushdefault") {
            return (r, true);
        }
        self.remote_name()
    }

    /// `branch_get_upstream`: the full name of the ref that tracks the first merge ref.
    pub fn upstream(&self, refs: &RefStore) -> Result<BString, TrackingError> {
        let (Some(remote), Some(merge)) = (&self.remote, self.merge.first()) else {
            let exists = RefName::new(self.refname.as_slice())
                .ok()
                .and_then(|n| refs.resolve(&n).ok().flatten())
                .is_some_and(|r| r.id().is_some());
            return Err(if exists {
                TrackingError::NoUpstream {
                    branch: self.name.clone(),
                }
            } else {
                TrackingError::NoSuchBranch {
                    branch: self.name.clone(),
                }
            });
        };
        let remote = Remote::read(refs.config(), remote.as_bstr());
        if let Some(dst) = apply(&remote.fetch, merge) {
            return Ok(dst.into());
        }
        if remote.name != "." {
            return Err(TrackingError::NotStoredAsRemoteTracking {
                merge: merge.clone(),
            });
        }
        Ok(dwim_one(refs, merge).unwrap_or_else(|| merge.clone()))
    }

    /// `branch_get_push`: the full name of the ref that tracks where the branch is pushed.
    pub fn push(&self, refs: &RefStore) -> Result<BString, TrackingError> {
        let config = refs.config();
        let name = self.push_remote_name(config).0;
        // git's remote_get finds no remote by an empty name
        if name.is_empty() {
            return Err(TrackingError::NoRemoteForPushing {
                branch: self.name.clone(),
            });
        }
        let remote = Remote::read(config, name.as_bstr());
        if !remote.push.is_empty() {
            let dst = apply(&remote.push, &self.refname).ok_or_else(|| {
                TrackingError::PushRefspecsExclude {
                    remote: remote.name.clone(),
                    branch: self.name.clone(),
                }
            })?;
            return remote.tracking_for(&dst);
        }
        if remote.mirror {
            return remote.tracking_for(&self.refname);
        }
        // git accepts these words in this case only (and dies of any other)
        match config.get("push.default").map(|v| v.as_bytes()) {
            Some(b"nothing") => Err(TrackingError::PushDefaultNothing),
            Some(b"matching" | b"current") => remote.tracking_for(&self.refname),
            Some(b"upstream" | b"tracking") => self.upstream(refs),
            _ => {
                let up = self.upstream(refs)?;
                let cur = remote.tracking_for(&self.refname)?;
                if cur == up {
                    Ok(cur)
                } else {
                    Err(TrackingError::SimplePushAmbiguous)
                }
            }
        }
    }

    /// `remote_ref_for_branch`: the first merge ref, or (for push) where the push remote's
    /// refspecs send the branch.
    pub fn remote_ref(&self, config: &Config, for_push: bool) -> Option<BString> {
        if !for_push {
            return self.merge.first().cloned();
        }
        let remote = Remote::read(config, self.push_remote_name(config).0.as_bstr());
        apply(&remote.push, &self.refname).map(BString::from)
    }
}

/// git's `dwim_ref` when it finds exactly one ref: its full name.
fn dwim_one(refs: &RefStore, name: &[u8]) -> Option<BString> {
    let mut found = REV_PARSE_RULES.iter().filter_map(|(prefix, suffix)| {
        let full = [prefix.as_bytes(), name, suffix.as_bytes()].concat();
        let n = RefName::new(full.as_slice()).ok()?;
        matches!(refs.resolve(&n), Ok(Some(Resolved::Object { .. }))).then(|| BString::from(full))
    });
    let first = found.next()?;
    found.next().is_none().then_some(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refspecs_map_names_through_one_glob() {
        let spec = Refspec::parse(b"+refs/heads/*:refs/remotes/origin/*");
        assert_eq!(
            spec.map(b"refs/heads/main").unwrap(),
            b"refs/remotes/origin/main"
        );
        assert_eq!(spec.map(b"refs/tags/v1"), None);
    }

    #[test]
    fn refspec_without_destination_maps_nothing() {
        assert_eq!(
            Refspec::parse(b"refs/heads/main").map(b"refs/heads/main"),
            None
        );
    }

    #[test]
    fn negative_refspec_excludes_what_a_glob_maps() {
        let specs = [
            Refspec::parse(b"refs/heads/*:refs/remotes/o/*"),
            Refspec::parse(b"^refs/heads/secret"),
        ];
        assert_eq!(apply(&specs, b"refs/heads/secret"), None);
        assert_eq!(apply(&specs, b"refs/heads/a").unwrap(), b"refs/remotes/o/a");
    }
}
