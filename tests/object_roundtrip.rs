//! Every object of real repositories parses, serializes back to the same bytes and hashes to
//! its id; trees print exactly as `git cat-file -p`; parents and tag targets agree with git.
mod common;

use bstr::ByteSlice;
use common::Fixture;
use gitstore::object::{Kind, ObjectRef, TagRef, TreeRef, WriteTo};
use gitstore::ObjectId;
use std::collections::HashMap;

/// Every object in the repository, with its kind and body, read through one
/// `git cat-file --batch` process.
fn all_objects(f: &Fixture) -> Vec<(ObjectId, Kind, Vec<u8>)> {
    let list = f.git(&[
        "cat-file",
        "--batch-all-objects",
        "--batch-check=%(objectname)",
    ]);
    let out = f.git_stdin(&["cat-file", "--batch"], &list);
    let mut objects = Vec::new();
    let mut rest = &out[..];
    while !rest.is_empty() {
        let nl = rest.find_byte(b'\n').expect("header line");
        let header = rest[..nl].to_str().unwrap();
        let mut parts = header.split(' ');
        let id = ObjectId::from_hex(parts.next().unwrap().as_bytes()).unwrap();
        let kind: Kind = parts.next().unwrap().parse().unwrap();
        let size: usize = parts.next().unwrap().parse().unwrap();
        let body = rest[nl + 1..nl + 1 + size].to_vec();
        assert_eq!(rest[nl + 1 + size], b'\n');
        rest = &rest[nl + 2 + size..];
        objects.push((id, kind, body));
    }
    let listed = list.lines().count();
    assert_eq!(objects.len(), listed);
    objects
}

/// Parses every object, checks the round trip and the id, and every tree's pretty form.
/// Returns how many objects of each kind were seen.
fn check_repo(f: &Fixture) -> HashMap<Kind, usize> {
    let mut counts = HashMap::new();
    for (id, kind, body) in all_objects(f) {
        *counts.entry(kind).or_insert(0) += 1;
        let parsed = ObjectRef::parse(kind, &body)
            .unwrap_or_else(|e| panic!("{kind} {id} does not parse: {e}\n{:?}", body.as_bstr()));
        assert_eq!(parsed.size(), body.len() as u64, "{kind} {id}");
        assert_eq!(parsed.to_vec().as_bstr(), body.as_bstr(), "{kind} {id}");
        assert_eq!(parsed.compute_id().unwrap(), id);
        let owned = parsed.to_owned();
        assert_eq!(
            owned.to_vec().as_bstr(),
            body.as_bstr(),
            "owned {kind} {id}"
        );
        assert_eq!(owned.compute_id().unwrap(), id);
        if let ObjectRef::Tree(tree) = parsed {
            let mut pretty = Vec::new();
            tree.write_pretty(&mut pretty).unwrap();
            let git = f.git(&["cat-file", "-p", &id.to_hex()]);
            assert_eq!(pretty.as_bstr(), git.as_bstr(), "tree {id}");
            let mut owned_pretty = Vec::new();
            tree.to_owned().write_pretty(&mut owned_pretty).unwrap();
            assert_eq!(owned_pretty, pretty);
        }
    }
    counts
}

fn parse_id(hex: &str) -> ObjectId {
    ObjectId::from_hex(hex.as_bytes()).unwrap()
}

fn body_of(f: &Fixture, id: &str) -> Vec<u8> {
    let kind = f.git_str(&["cat-file", "-t", id]);
    f.git(&["cat-file", &kind, id])
}

#[test]
fn every_object_of_history_repo_round_trips() {
    let f = common::history_repo();
    let counts = check_repo(&f);
    for kind in [Kind::Blob, Kind::Tree, Kind::Commit, Kind::Tag] {
        assert!(counts.get(&kind).copied().unwrap_or(0) > 0, "no {kind}");
    }
}

#[test]
fn commit_parents_and_trees_match_git() {
    let f = common::history_repo();
    let listing = f.git_str(&["log", "--all", "--format=%H %T %P"]);
    let mut checked = 0;
    for line in listing.lines() {
        let ids: Vec<ObjectId> = line
            .split(' ')
            .filter(|s| !s.is_empty())
            .map(parse_id)
            .collect();
        let body = body_of(&f, &ids[0].to_hex());
        let c = gitstore::object::CommitRef::parse(&body).unwrap();
        assert_eq!(c.tree, ids[1]);
        assert_eq!(c.parents, ids[2..]);
        checked += 1;
    }
    assert!(checked > 40);
    let signed = f.git_str(&["rev-parse", "signed"]);
    let body = body_of(&f, &signed);
    let c = gitstore::object::CommitRef::parse(&body).unwrap();
    assert_eq!(c.encoding.unwrap(), "ISO-8859-1");
    let sig = c.header(b"gpgsig").unwrap();
    assert!(sig.starts_with(b"-----BEGIN PGP SIGNATURE-----\n\niQEzBAABCAAdFiEE\n"));
    assert_eq!(c.message.unwrap(), &b"caf\xe9 message, not UTF-8\n"[..]);
}

#[test]
fn tag_targets_match_git() {
    let f = common::history_repo();
    let listing = f.git_str(&[
        "for-each-ref",
        "refs/tags",
        "--format=%(objecttype) %(objectname) %(object) %(type) %(tag)",
    ]);
    let mut checked = 0;
    for line in listing.lines() {
        let parts: Vec<&str> = line.split(' ').collect();
        if parts[0] != "tag" {
            continue;
        }
        let body = body_of(&f, parts[1]);
        let t = TagRef::parse(&body).unwrap();
        assert_eq!(t.target, parse_id(parts[2]));
        assert_eq!(t.target_kind.as_str(), parts[3]);
        assert_eq!(t.name, parts[4]);
        assert!(t.tagger.is_some());
        checked += 1;
    }
    assert_eq!(checked, 4);
}

#[test]
fn odd_objects_git_accepts_round_trip() {
    let f = Fixture::new();
    let blob = f.git_stdin(&["hash-object", "-w", "--stdin"], b"hi\n");
    let blob = String::from_utf8(blob).unwrap().trim().to_string();
    let empty_tree = f.git_str(&["mktree"]);

    // Legacy modes through mktree (which writes the mode as given).
    let legacy = f.git_stdin(
        &["mktree"],
        format!("100664 blob {blob}\tlegacy\n100775 blob {blob}\tlegacy-exec\n").as_bytes(),
    );
    let legacy = String::from_utf8(legacy).unwrap().trim().to_string();
    let body = body_of(&f, &legacy);
    assert!(body.starts_with(b"100664 legacy\0"));

    // Zero-padded directory mode, odd names, unsorted, unknown mode: only --literally.
    let raw_id = |hex: &str| hex::decode(hex).unwrap();
    let mut raw = Vec::new();
    for (mode, name, id) in [
        (&b"040000"[..], &b"dir"[..], &empty_tree),
        (b"100644", b"z\xc3\xbc\"quote\ttab", &blob),
        (b"100755", b"a", &blob),
        (b"0", b"weird", &blob),
        (b"160000", b"sub", &blob),
        (b"120000", b"link", &blob),
    ] {
        raw.extend_from_slice(mode);
        raw.push(b' ');
        raw.extend_from_slice(name);
        raw.push(0);
        raw.extend(raw_id(id));
    }
    let odd = f.git_stdin(
        &["hash-object", "-t", "tree", "--literally", "-w", "--stdin"],
        &raw,
    );
    let odd = String::from_utf8(odd).unwrap().trim().to_string();
    let tree = TreeRef::parse(&raw).unwrap();
    assert_eq!(tree.to_vec(), raw);
    assert!(tree.to_owned().validate().is_err());
    let kinds: Vec<Kind> = tree.iter().map(|e| e.mode.kind()).collect();
    assert_eq!(
        kinds,
        [
            Kind::Tree,
            Kind::Blob,
            Kind::Blob,
            Kind::Commit,
            Kind::Commit,
            Kind::Blob
        ]
    );

    // Commits git accepts: no blank line, no trailing newline, extra headers.
    let who = "author A <a@b> 1700000000 +0000\ncommitter C <c@d> 1700000000 +0000\n";
    for text in [
        format!("tree {empty_tree}\n{who}"),
        format!("tree {empty_tree}\n{who}\n"),
        format!("tree {empty_tree}\n{who}\nno newline at the end"),
        format!("tree {empty_tree}\n{who}x-custom one\n two\n\n  \n\nmsg\n"),
        format!("tree {empty_tree}\nparent {legacy}\nparent {odd}\n{who}encoding latin1\n\nm\n"),
    ] {
        f.git_stdin(
            &["hash-object", "-t", "commit", "-w", "--stdin"],
            text.as_bytes(),
        );
    }

    // Tags: signed (PGP and SSH), without tagger, without message.
    let tagger = "tagger T <t@x> 1700000000 +0100\n";
    let start = format!("object {legacy}\ntype tree\ntag t\n");
    let pgp = format!(
        "{start}{tagger}\nsigned\n-----BEGIN PGP SIGNATURE-----\n\nabc\n-----END PGP SIGNATURE-----\n"
    );
    for text in [
        pgp.clone(),
        format!("{start}{tagger}\n-----BEGIN SSH SIGNATURE-----\nx\n-----END SSH SIGNATURE-----\n"),
        format!("{start}{tagger}"),
    ] {
        f.git_stdin(
            &["hash-object", "-t", "tag", "-w", "--stdin"],
            text.as_bytes(),
        );
    }
    // Old tags have no tagger: git still reads them, but only writes them with --literally.
    f.git_stdin(
        &["hash-object", "-t", "tag", "--literally", "-w", "--stdin"],
        format!("{start}\nold tag without tagger\n").as_bytes(),
    );
    let pgp_id = f.git_stdin(&["mktag"], pgp.as_bytes());
    let pgp_id = String::from_utf8(pgp_id).unwrap().trim().to_string();
    f.git(&["update-ref", "refs/tags/t", &pgp_id]);
    let git_sig = f.git(&[
        "for-each-ref",
        "--format=%(contents:signature)",
        "refs/tags/t",
    ]);
    let body = body_of(&f, &pgp_id);
    let t = TagRef::parse(&body).unwrap();
    assert_eq!(t.message.unwrap(), "signed\n");
    // for-each-ref ends each record with a newline of its own
    assert_eq!(
        format!("{}\n", t.signature.unwrap()).as_bytes().as_bstr(),
        git_sig.as_bstr()
    );

    // What git reads and its fsck takes, but never writes itself: uppercase ids, odd spacing
    // in a signature, header lines without a value or space, a continuation line with no
    // header, a lone `\r` line where the blank line would be.
    let upper = legacy.to_uppercase();
    let odd_commits = [
        format!("tree {upper}\nparent {}\n{who}\nm\n", odd.to_uppercase()),
        format!("tree {legacy}\nauthor A  <a@b>  1 +0000\ncommitter C <c@d> 2 -0130\n\nm\n"),
        format!("tree {legacy}\n{who}foo\n\nm\n"),
        format!("tree {legacy}\n{who}x\tv\n\nm\n"),
        format!("tree {legacy}\n{who} cont\n\nm\n"),
        format!("tree {legacy}\n{who}\r\nm\r\n"),
    ];
    let odd_tags = [
        format!("object {upper}\ntype tree\ntag v1\n{tagger}\nmsg\n"),
        format!("{start}{tagger}foo\n\nm\n"),
        format!("{start}{tagger} cont\n\nm\n"),
    ];
    let kinds = odd_commits
        .iter()
        .map(|t| ("commit", t))
        .chain(odd_tags.iter().map(|t| ("tag", t)));
    for (kind, text) in kinds {
        let id = f.git_stdin(
            &["hash-object", "-t", kind, "-w", "--stdin"],
            text.as_bytes(),
        );
        let id = String::from_utf8(id).unwrap().trim().to_string();
        assert_eq!(f.git(&["cat-file", kind, &id]), text.as_bytes());
        let parsed = ObjectRef::parse(kind.parse().unwrap(), text.as_bytes())
            .unwrap_or_else(|e| panic!("{kind} {text:?}: {e}"));
        assert_eq!(parsed.to_vec().as_bstr(), text.as_bytes().as_bstr());
        assert_eq!(
            parsed.to_owned().to_vec().as_bstr(),
            text.as_bytes().as_bstr()
        );
        for args in [
            vec!["rev-parse".to_string(), format!("{id}^{{tree}}")],
            vec!["ls-tree".to_string(), id.clone()],
            vec!["cat-file".to_string(), "-p".to_string(), id.clone()],
        ] {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let g = f.git_output(&args, b"");
            let s = f.gitstore_output(&args, b"");
            assert!(g.status.success(), "{args:?}");
            assert_eq!(s.stdout.as_bstr(), g.stdout.as_bstr(), "{args:?} {text:?}");
            assert_eq!(
                (s.status.code(), s.stderr.as_bstr()),
                (g.status.code(), g.stderr.as_bstr())
            );
        }
    }

    let counts = check_repo(&f);
    assert_eq!(counts[&Kind::Tree], 3);
    assert_eq!(counts[&Kind::Commit], 5 + odd_commits.len());
    assert_eq!(counts[&Kind::Tag], 4 + odd_tags.len());
}

#[test]
fn merge_commit_with_a_mergetag_and_a_signature_round_trips_in_header_order() {
    let f = Fixture::new();
    f.write("a", "a\n");
    f.commit_all("one");
    let tree = f.git_str(&["rev-parse", "HEAD^{tree}"]).trim().to_string();
    let parent = f.git_str(&["rev-parse", "HEAD"]).trim().to_string();
    // What `git merge` of a signed tag records: the whole tag, folded with one space per line.
    let tag = format!(
        "object {parent}\ntype commit\ntag v1\ntagger T <t@x> 1700000000 +0100\n\nrelease\n\
         -----BEGIN PGP SIGNATURE-----\n\niQEzBAABCAAdFiEE\n=abcd\n-----END PGP SIGNATURE-----\n"
    );
    let folded: String = tag
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                l.to_string()
            } else {
                format!("\n {l}")
            }
        })
        .collect();
    let body = format!(
        "tree {tree}\nparent {parent}\nparent {parent}\nauthor A <a@x> 1700000000 +0100\n\
         committer C <c@x> 1700000000 +0100\nmergetag {folded}\ngpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEz\n -----END PGP SIGNATURE-----\n\nMerge tag 'v1'\n"
    );
    let id = f.git_stdin(
        &["hash-object", "-t", "commit", "-w", "--stdin"],
        body.as_bytes(),
    );
    let id = String::from_utf8(id).unwrap().trim().to_string();
    f.git(&["fsck", "--strict", "--no-dangling"]);
    let stored = body_of(&f, &id);
    assert_eq!(stored, body.as_bytes());

    let c = gitstore::object::CommitRef::parse(&stored).unwrap();
    assert_eq!(c.to_vec(), stored);
    assert_eq!(c.to_owned().to_vec(), stored);
    assert_eq!(c.header(b"mergetag").unwrap(), tag.trim_end_matches('\n'));
    let names: Vec<String> = c
        .to_owned()
        .extra_headers
        .iter()
        .map(|(k, _)| k.to_string())
        .collect();
    assert_eq!(names, ["mergetag", "gpgsig"]);
    for flag in ["-p", "-s", "-t"] {
        f.assert_same(&["cat-file", flag, &id], b"");
    }
}
