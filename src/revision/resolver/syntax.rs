//! The operators of an expression, read from its right end: `~n` and `^n`
//! ([`suffix_op`]), `^{type}`, `^{}` and `^{/text}` ([`onion`]), and what is wrong when what is
//! left of a name after them does not parse ([`syntax_problem`]).

use crate::object::Kind;
use crate::revision::SyntaxProblem;
use bstr::ByteSlice;

/// One suffix operator, applied to what is left of it.
#[derive(Debug, Clone, Copy)]
pub(super) enum Op<'a> {
    /// `^n` (n = 0: the commit itself).
    Parent(u32),
    /// `~n`.
    Ancestor(u32),
    /// `^{type}`; `None` for `^{}`, `Some(None)`-like "object" as `Peel::Any`.
    Peel(PeelTo, &'a [u8]),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PeelTo {
    Tags,
    Any,
    Kind(Kind),
    Message,
}

/// A trailing `~<digits>`, `^<digits>`, `~` or `^`: `Some(Err(offset))` when the number
/// overflows, with the operator's offset.
pub(super) fn suffix_op(s: &[u8]) -> Option<std::result::Result<(&[u8], Op<'static>), usize>> {
    let digits = s.iter().rev().take_while(|c| c.is_ascii_digit()).count();
    let op_at = s.len().checked_sub(digits + 1)?;
    let op = s[op_at];
    if op != b'~' && op != b'^' {
        return None;
    }
    let text = &s[op_at + 1..];
    let num = match crate::number::scan_digits(text, 10).0 {
        Some(n) if n <= i32::MAX as u64 => n,
        _ => return Some(Err(op_at)),
    };
    let n = if text.is_empty() { 1 } else { num as u32 };
    let inner = &s[..op_at];
    Some(Ok(if op == b'^' {
        (inner, Op::Parent(n))
    } else {
        (inner, Op::Ancestor(n))
    }))
}

/// Why a name that names nothing does not parse: `^{`, `@{`, `~` and `^` never appear in a ref
/// name, so one left in a name after the operators were taken off is a syntax error.
pub(super) fn syntax_problem(name: &[u8]) -> Option<(usize, SyntaxProblem)> {
    for (i, pair) in name.windows(2).enumerate() {
        if (pair[0] == b'^' || pair[0] == b'@') && pair[1] == b'{' {
            match name[i + 2..].find_byte(b'}') {
                None => return Some((i, SyntaxProblem::UnclosedBrace)),
                Some(_) if pair[0] == b'^' => return Some((i, SyntaxProblem::UnknownPeelType)),
                Some(_) => {}
            }
        }
    }
    let at = name.iter().position(|&c| c == b'~' || c == b'^')?;
    Some((at, SyntaxProblem::BadOperator))
}

/// git's `peel_onion` syntax: `<rev>^{type}`, `<rev>^{}`, `<rev>^{/text}` (the last `^{`).
pub(super) fn onion(s: &[u8]) -> Option<(&[u8], PeelTo, &[u8])> {
    if s.len() < 4 || s.last() != Some(&b'}') {
        return None;
    }
    let open = s.rfind(b"^{")?;
    if open == 0 {
        return None;
    }
    let inner = &s[..open];
    let rest = &s[open + 2..];
    let to = if rest.starts_with(b"commit}") {
        PeelTo::Kind(Kind::Commit)
    } else if rest.starts_with(b"tag}") {
        PeelTo::Kind(Kind::Tag)
    } else if rest.starts_with(b"tree}") {
        PeelTo::Kind(Kind::Tree)
    } else if rest.starts_with(b"blob}") {
        PeelTo::Kind(Kind::Blob)
    } else if rest.starts_with(b"object}") {
        PeelTo::Any
    } else if rest.starts_with(b"}") {
        PeelTo::Tags
    } else if rest.starts_with(b"/") {
        PeelTo::Message
    } else {
        return None;
    };
    let pattern = if to == PeelTo::Message {
        &rest[1..rest.len() - 1]
    } else {
        &[][..]
    };
    Some((inner, to, pattern))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffix_operators_overflow_to_nothing() {
        assert!(matches!(
            suffix_op(b"HEAD~99999999999999999999"),
            Some(Err(4))
        ));
        assert!(matches!(suffix_op(b"HEAD~2147483648"), Some(Err(4))));
        assert!(matches!(
            suffix_op(b"HEAD~2147483647"),
            Some(Ok((_, Op::Ancestor(2147483647))))
        ));
        assert!(matches!(suffix_op(b"HEAD^"), Some(Ok((_, Op::Parent(1))))));
        assert!(matches!(suffix_op(b"HEAD^0"), Some(Ok((_, Op::Parent(0))))));
        assert!(suffix_op(b"HEAD").is_none());
        assert!(suffix_op(b"").is_none());
        assert!(suffix_op(b"123").is_none());
    }

    #[test]
    fn onion_syntax() {
        assert!(matches!(onion(b"v1^{}"), Some((b"v1", PeelTo::Tags, _))));
        assert!(matches!(
            onion(b"v1^{tree}"),
            Some((b"v1", PeelTo::Kind(Kind::Tree), _))
        ));
        assert!(matches!(
            onion(b"x^{/a^{b}"),
            Some((
                _,
                PeelTo::Kind(_) | PeelTo::Tags | PeelTo::Any | PeelTo::Message,
                _
            )) | None
        ));
        assert!(onion(b"^{}").is_none());
        assert!(onion(b"x^{foo}").is_none());
        assert!(onion(b"^{").is_none());
        let (_, to, pat) = onion(b"HEAD^{/fix it}").unwrap();
        assert_eq!((to, pat), (PeelTo::Message, &b"fix it"[..]));
    }

    #[test]
    fn syntax_problems_point_at_the_operator() {
        assert_eq!(
            syntax_problem(b"HEAD^{foo"),
            Some((4, SyntaxProblem::UnclosedBrace))
        );
        assert_eq!(
            syntax_problem(b"HEAD@{"),
            Some((4, SyntaxProblem::UnclosedBrace))
        );
        assert_eq!(
            syntax_problem(b"HEAD^{foo}"),
            Some((4, SyntaxProblem::UnknownPeelType))
        );
        assert_eq!(
            syntax_problem(b"main~x"),
            Some((4, SyntaxProblem::BadOperator))
        );
        assert_eq!(syntax_problem(b"main@{1}"), None);
        assert_eq!(syntax_problem(b"feature/x"), None);
    }
}
