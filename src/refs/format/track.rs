//! Where a branch pulls from and pushes to, read from its configuration as git's `remote.c`
//! does, and how far it is ahead of and behind those refs.
//!
//! ```text
//! [branch "main"]            [remote "origin"]
//!     remote = origin            fetch = +refs/heads/*:refs/remotes/origin/*
//!     merge = refs/heads/main    push = refs/heads/main:refs/heads/up   (optional)
//!     pushRemote = …         [remote] pushDefault = …     [push] default = simple
//! ```
//!
//! The upstream of `main` is `branch.main.merge` mapped through the fetch refspecs of
//! `branch.main.remote` (for the remote `.` the local ref itself). Its push destination
//! follows `remote.<r>.push` refspecs, else `push.default` (`simple` by default: the
//! upstream when it is the same-named branch of the push remote).

use crate::config::Config;
use crate::error::Result;
use crate::graph::Commits;
use crate::odb::Odb;
use crate::oid::ObjectId;
use bstr::{BString, ByteSlice};
use std::collections::HashSet;

/// One refspec: `[+]src[:dst]` where both sides may hold one `*`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Refspec {
    src: Vec<u8>,
    dst: Option<Vec<u8>>,
}

impl Refspec {
    fn parse(text: &[u8]) -> Refspec {
        let text = text.strip_prefix(b"+").unwrap_or(text);
        match text.find_byte(b':') {
            Some(i) => Refspec {
                src: text[..i].to_vec(),
                dst: Some(text[i + 1..].to_vec()),
            },
            None => Refspec {
                src: text.to_vec(),
                dst: None,
            },
        }
    }

    /// `name` mapped from the source side to the destination side.
    fn map(&self, name: &[u8]) -> Option<Vec<u8>> {
        match self.src.find_byte(b'*') {
            Some(star) => {
                let (pre, post) = (&self.src[..star], &self.src[star + 1..]);
                if name.len() < pre.len() + post.len()
                    || !name.starts_with(pre)
                    || !name.ends_with(post)
                {
                    return None;
                }
                let matched = &name[pre.len()..name.len() - post.len()];
                let dst = self.dst.as_ref()?;
                Some(dst.replacen("*", matched, 1))
            }
            None => {
                if self.src != name {
                    return None;
                }
                Some(self.dst.clone().unwrap_or_else(|| name.to_vec()))
            }
        }
    }
}

fn apply(specs: &[Refspec], name: &[u8]) -> Option<Vec<u8>> {
    specs.iter().find_map(|s| s.map(name))
}

/// A configured remote.
#[derive(Debug, Clone)]
struct Remote {
    name: String,
    fetch: Vec<Refspec>,
    push: Vec<Refspec>,
}

/// A branch's tracking configuration.
#[derive(Debug, Clone, Default)]
pub(super) struct Branch {
    refname: Vec<u8>,
    remote: Option<String>,
    push_remote: Option<String>,
    merge: Vec<Vec<u8>>,
}

fn config_str(config: &Config, key: &str) -> Option<String> {
    config.get(key).map(|v| v.to_str_lossy().into_owned())
}

fn remote(config: &Config, name: &str) -> Option<Remote> {
    let key = |k: &str| format!("remote.{name}.{k}");
    let all = |k: &str| -> Vec<Refspec> {
        config
            .get_all(&key(k))
            .into_iter()
            .flatten()
            .map(|v| Refspec::parse(v))
            .collect()
    };
    let configured = config.get(&key("url")).is_some() || config.get(&key("pushurl")).is_some();
    // git takes a remote name it does not know as a URL, `.` included
    if !configured && name.is_empty() {
        return None;
    }
    Some(Remote {
        name: name.to_string(),
        fetch: all("fetch"),
        push: all("push"),
    })
}

impl Branch {
    /// The configuration of the branch `refs/heads/<name>`.
    pub fn read(config: &Config, name: &[u8]) -> Branch {
        let n = name.to_str_lossy();
        let mut refname = b"refs/heads/".to_vec();
        refname.extend_from_slice(name);
        Branch {
            refname,
            remote: config_str(config, &format!("branch.{n}.remote")),
            push_remote: config_str(config, &format!("branch.{n}.pushremote")),
            merge: config
                .get_all(&format!("branch.{n}.merge"))
                .into_iter()
                .flatten()
                .map(|v| v.to_vec())
                .collect(),
        }
    }

    /// `remote_for_branch`: the remote and whether it was configured.
    pub fn remote_name(&self) -> (String, bool) {
        match &self.remote {
            Some(r) => (r.clone(), true),
            None => ("origin".into(), false),
        }
    }

    /// `pushremote_for_branch`.
    pub fn push_remote_name(&self, config: &Config) -> (String, bool) {
        if let Some(r) = &self.push_remote {
            return (r.clone(), true);
        }
        if let Some(r) = config_str(config, "remote.pushdefault") {
            return (r, true);
        }
        self.remote_name()
    }

    fn remote_get(config: &Config, name: &str, explicit: bool) -> Option<Remote> {
        let configured = config.get(&format!("remote.{name}.url")).is_some()
            || config.get(&format!("remote.{name}.pushurl")).is_some();
        if !explicit && !configured {
            return None;
        }
        remote(config, name)
    }

    /// `branch_get_upstream`: the local ref that tracks the first `merge`.
    pub fn upstream(
        &self,
        config: &Config,
        local: &dyn Fn(&[u8]) -> Option<Vec<u8>>,
    ) -> Option<Vec<u8>> {
        let merge = self.merge.first()?;
        let (name, explicit) = self.remote_name();
        let remote = Self::remote_get(config, &name, explicit)?;
        if let Some(dst) = apply(&remote.fetch, merge) {
            return Some(dst);
        }
        if remote.name != "." {
            return None;
        }
        Some(local(merge).unwrap_or_else(|| merge.clone()))
    }

    /// `branch_get_push`: the local ref that tracks where the branch is pushed.
    pub fn push(
        &self,
        config: &Config,
        local: &dyn Fn(&[u8]) -> Option<Vec<u8>>,
    ) -> Option<Vec<u8>> {
        let (name, explicit) = self.push_remote_name(config);
        let remote = Self::remote_get(config, &name, explicit)?;
        if !remote.push.is_empty() {
            let dst = apply(&remote.push, &self.refname)?;
            return apply(&remote.fetch, &dst);
        }
        if config
            .get_bool(&format!("remote.{name}.mirror"))
            .ok()
            .flatten()
            .unwrap_or(false)
        {
            return apply(&remote.fetch, &self.refname);
        }
        let default = config_str(config, "push.default").unwrap_or_default();
        match default.as_str() {
            "nothing" => None,
            "matching" | "current" => apply(&remote.fetch, &self.refname),
            "upstream" | "tracking" => self.upstream(config, local),
            _ => {
                let up = self.upstream(config, local)?;
                let cur = apply(&remote.fetch, &self.refname)?;
                (cur == up).then_some(cur)
            }
        }
    }

    /// `remote_ref_for_branch`.
    pub fn remote_ref(&self, config: &Config, for_push: bool) -> Option<Vec<u8>> {
        if !for_push {
            return self.merge.first().cloned();
        }
        let (name, explicit) = self.push_remote_name(config);
        let remote = Self::remote_get(config, &name, explicit)?;
        apply(&remote.push, &self.refname)
    }
}

/// How many commits `ours` has that `theirs` lacks, and the other way round.
pub fn ahead_behind(
    odb: &Odb,
    commits: &mut Commits,
    ours: ObjectId,
    theirs: ObjectId,
) -> Result<(usize, usize)> {
    if ours == theirs {
        return Ok((0, 0));
    }
    let a = ancestors(odb, commits, ours)?;
    let b = ancestors(odb, commits, theirs)?;
    Ok((a.difference(&b).count(), b.difference(&a).count()))
}

/// Every commit reachable from `tip`, itself included.
pub(super) fn ancestors(
    odb: &Odb,
    commits: &mut Commits,
    tip: ObjectId,
) -> Result<HashSet<ObjectId>> {
    let mut seen = HashSet::new();
    let mut todo = vec![tip];
    while let Some(id) = todo.pop() {
        if !seen.insert(id) {
            continue;
        }
        if let Some(info) = commits.get(odb, &id)? {
            todo.extend(info.parents.iter().copied());
        }
    }
    Ok(seen)
}

/// The text of `%(upstream:track)` for counts (`None`: the upstream is gone).
pub(super) fn track_text(counts: Option<(usize, usize)>, nobracket: bool) -> BString {
    let text = match counts {
        None => "gone".to_string(),
        Some((0, 0)) => String::new(),
        Some((0, behind)) => format!("behind {behind}"),
        Some((ahead, 0)) => format!("ahead {ahead}"),
        Some((ahead, behind)) => format!("ahead {ahead}, behind {behind}"),
    };
    if text.is_empty() || nobracket {
        text.into()
    } else {
        format!("[{text}]").into()
    }
}

/// The text of `%(upstream:trackshort)`.
pub(super) fn trackshort_text(counts: Option<(usize, usize)>) -> BString {
    match counts {
        None => "".into(),
        Some((0, 0)) => "=".into(),
        Some((0, _)) => "<".into(),
        Some((_, 0)) => ">".into(),
        Some(_) => "<>".into(),
    }
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
    fn track_texts_are_gits() {
        assert_eq!(track_text(Some((3, 1)), false), "[ahead 3, behind 1]");
        assert_eq!(track_text(None, true), "gone");
        assert_eq!(trackshort_text(Some((0, 2))), "<");
    }
}
