//! The lines `git diff-tree --stdin` reads (git's `diff_tree_stdin`): each starts with an
//! object id; what follows it depends on what that object is.
//!
//! ```text
//! <commit>                       the commit against its own parents
//! <commit> <parent> <parent>…    the commit against the parents named (a graft)
//! <tree> <tree>                  the two trees
//! anything else                  echoed as it is
//! ```
//!
//! Separators are one byte of C's `isspace` each. These functions only read the words; which
//! reading applies, and what is wrong with the objects, is the caller's to find out.

use crate::oid::ObjectId;

/// The id a line starts with; `None` for a line git echoes.
pub fn leading_id(line: &[u8]) -> Option<ObjectId> {
    line.get(..ObjectId::HEX_LEN)
        .and_then(|h| ObjectId::from_hex(h).ok())
}

/// What follows the leading id of `line` (empty when the line is only the id).
pub fn after_leading_id(line: &[u8]) -> &[u8] {
    line.get(ObjectId::HEX_LEN..).unwrap_or_default()
}

/// The parents after a commit's id (git's `stdin_diff_commit`): ids each after one blank, up
/// to the first that is not one; `None` when there is none (the commit's own parents apply).
pub fn grafted_parents(mut rest: &[u8]) -> Option<Vec<ObjectId>> {
    let mut parents = Vec::new();
    while let Some((&sep, after)) = rest.split_first() {
        let parsed = after
            .get(..ObjectId::HEX_LEN)
            .and_then(|h| ObjectId::from_hex(h).ok());
        match parsed {
            Some(id) if is_space(sep) => {
                parents.push(id);
                rest = after.get(ObjectId::HEX_LEN..).unwrap_or_default();
            }
            _ => break,
        }
    }
    (!parents.is_empty()).then_some(parents)
}

/// The second tree after a tree's id (git's `stdin_diff_trees`): exactly one blank and one id;
/// `None` for anything else.
pub fn second_tree(rest: &[u8]) -> Option<ObjectId> {
    rest.split_first()
        .filter(|(&sep, r)| is_space(sep) && r.len() == ObjectId::HEX_LEN)
        .and_then(|(_, h)| ObjectId::from_hex(h).ok())
}

/// C's `isspace` in the C locale.
fn is_space(b: u8) -> bool {
    b.is_ascii_whitespace() || b == 0x0b
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "1111111111111111111111111111111111111111";
    const B: &str = "2222222222222222222222222222222222222222";

    fn id(hex: &str) -> ObjectId {
        ObjectId::from_hex(hex.as_bytes()).unwrap()
    }

    #[test]
    fn a_line_without_a_leading_id_is_not_read() {
        assert_eq!(leading_id(b"not an id\n"), None);
        assert_eq!(leading_id(format!("{A}\n").as_bytes()), Some(id(A)));
        assert_eq!(after_leading_id(A.as_bytes()), b"");
    }

    #[test]
    fn grafted_parents_stop_at_the_first_word_that_is_not_an_id() {
        assert_eq!(grafted_parents(b""), None);
        let two = format!(" {A}\t{B} junk");
        assert_eq!(grafted_parents(two.as_bytes()), Some(vec![id(A), id(B)]));
        let vt = format!("\x0b{A}");
        assert_eq!(grafted_parents(vt.as_bytes()), Some(vec![id(A)]));
        let glued = format!("x{A}");
        assert_eq!(grafted_parents(glued.as_bytes()), None);
    }

    #[test]
    fn second_tree_is_exactly_one_blank_and_one_id() {
        assert_eq!(second_tree(format!(" {B}").as_bytes()), Some(id(B)));
        assert_eq!(second_tree(format!("  {B}").as_bytes()), None);
        assert_eq!(second_tree(format!(" {B} ").as_bytes()), None);
        assert_eq!(second_tree(b""), None);
    }
}
