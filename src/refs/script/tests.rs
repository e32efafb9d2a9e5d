//! Unit tests of the ref-edit script parser, both forms.

use super::*;

const A: &str = "1111111111111111111111111111111111111111";
const B: &str = "2222222222222222222222222222222222222222";

fn hex(spec: &[u8]) -> Result<ObjectId> {
    Ok(ObjectId::from_hex(spec)?)
}

fn parse(form: ScriptForm, text: &str) -> (PResult<Command>, Vec<ScriptWarning>) {
    let mut warnings = Vec::new();
    let got = Command::parse(form, text.as_bytes(), &mut hex, &mut warnings);
    (got, warnings)
}

fn kind(form: ScriptForm, text: &str) -> ScriptErrorKind {
    parse(form, text).0.expect_err(text).kind
}

fn id(s: &str) -> ObjectId {
    ObjectId::from_hex(s.as_bytes()).unwrap()
}

fn name(s: &str) -> RefName {
    RefName::new(s).unwrap()
}

#[test]
fn line_form_update_with_and_without_old_value() {
    let (got, _) = parse(ScriptForm::Lines, &format!("update refs/heads/a {A} {B}\n"));
    assert_eq!(
        got.unwrap(),
        Command::Edit(RefEdit::update(name("refs/heads/a"), id(A), Some(id(B))))
    );
    let (got, _) = parse(ScriptForm::Lines, &format!("update refs/heads/a {A}\n"));
    assert_eq!(
        got.unwrap(),
        Command::Edit(RefEdit::update(name("refs/heads/a"), id(A), None))
    );
    // an empty old value: must not exist
    let (got, _) = parse(ScriptForm::Lines, &format!("update refs/heads/a {A} \n"));
    assert_eq!(
        got.unwrap(),
        Command::Edit(RefEdit::create(name("refs/heads/a"), id(A)))
    );
}

#[test]
fn line_form_quoted_ref_is_unquoted() {
    let (got, _) = parse(ScriptForm::Lines, "delete \"refs/heads/\\141\"\n");
    assert_eq!(
        got.unwrap(),
        Command::Edit(RefEdit::delete(name("refs/heads/a"), None))
    );
    assert!(matches!(
        kind(ScriptForm::Lines, "delete \"refs/heads/a\n"),
        ScriptErrorKind::BadlyQuoted
    ));
    assert!(matches!(
        kind(ScriptForm::Lines, "delete \"refs/heads/a\"x\n"),
        ScriptErrorKind::UnexpectedAfterQuote
    ));
}

#[test]
fn line_form_errors_name_command_ref_and_input() {
    let e = parse(ScriptForm::Lines, &format!("create refs/heads/a {A} {B}\n"))
        .0
        .unwrap_err();
    assert!(matches!(e.kind, ScriptErrorKind::ExtraInput));
    assert_eq!(e.verb, Some(Verb::Create));
    assert_eq!(e.refname, Some(BString::from("refs/heads/a")));
    assert_eq!(e.input, format!(" {B}\n"));
    assert!(matches!(
        kind(ScriptForm::Lines, "frobnicate x\n"),
        ScriptErrorKind::UnknownCommand
    ));
    assert!(matches!(
        kind(ScriptForm::Lines, " update\n"),
        ScriptErrorKind::WhitespaceBeforeCommand
    ));
    assert!(matches!(
        kind(ScriptForm::Lines, "\n"),
        ScriptErrorKind::EmptyCommand
    ));
    assert!(matches!(
        kind(ScriptForm::Lines, "update \n"),
        ScriptErrorKind::MissingRef
    ));
    assert!(matches!(
        kind(ScriptForm::Lines, "update refs/heads/a\n"),
        ScriptErrorKind::MissingOid(OidField::New)
    ));
    assert!(matches!(
        kind(ScriptForm::Lines, "update refs/heads/a\tx\n"),
        ScriptErrorKind::ExpectedSpace
    ));
    assert!(matches!(
        kind(ScriptForm::Lines, "update refs/heads/a..b x\n"),
        ScriptErrorKind::InvalidRefFormat
    ));
    assert!(matches!(
        kind(ScriptForm::Lines, "update refs/heads/a nothex\n"),
        ScriptErrorKind::InvalidOid {
            field: OidField::New,
            ..
        }
    ));
    assert!(matches!(
        kind(
            ScriptForm::Lines,
            "create refs/heads/a 0000000000000000000000000000000000000000\n"
        ),
        ScriptErrorKind::ZeroNewOid
    ));
    assert!(matches!(
        kind(ScriptForm::Lines, "option deref\n"),
        ScriptErrorKind::UnknownOption
    ));
}

#[test]
fn last_line_without_newline_is_extra_input_for_edits_only() {
    assert!(matches!(
        kind(ScriptForm::Lines, &format!("verify refs/heads/a {A}")),
        ScriptErrorKind::ExtraInput
    ));
    assert_eq!(
        parse(ScriptForm::Lines, "commit\n").0.unwrap(),
        Command::Commit
    );
    assert!(matches!(
        kind(ScriptForm::Lines, "commit"),
        ScriptErrorKind::UnknownCommand
    ));
}

#[test]
fn nul_form_reads_fields_and_warns_on_empty_new_value() {
    let (got, warnings) = parse(ScriptForm::Nul, &format!("update refs/heads/a\0{A}\0{B}\0"));
    assert_eq!(
        got.unwrap(),
        Command::Edit(RefEdit::update(name("refs/heads/a"), id(A), Some(id(B))))
    );
    assert!(warnings.is_empty());
    let (got, warnings) = parse(ScriptForm::Nul, "update refs/heads/a\0\0\0");
    assert_eq!(
        got.unwrap(),
        Command::Edit(RefEdit::delete(name("refs/heads/a"), None))
    );
    assert_eq!(
        warnings,
        vec![ScriptWarning::MissingOidTreatedAsZero {
            verb: Verb::Update,
            refname: name("refs/heads/a"),
            field: OidField::New,
        }]
    );
    assert_eq!(
        parse(ScriptForm::Nul, "option no-deref\0").0.unwrap(),
        Command::NoDeref
    );
    assert_eq!(parse(ScriptForm::Nul, "start\0").0.unwrap(), Command::Start);
    assert!(matches!(
        kind(ScriptForm::Nul, "update refs/heads/a\0"),
        ScriptErrorKind::UnexpectedEnd(OidField::New)
    ));
    assert!(matches!(
        kind(ScriptForm::Nul, "create refs/heads/a\0\0"),
        ScriptErrorKind::MissingOid(OidField::New)
    ));
}

#[test]
fn read_command_takes_a_verbs_fields_in_nul_form() {
    let input = format!("update refs/heads/a\0{A}\0\0verify refs/heads/b\0\0commit\0");
    let mut reader = input.as_bytes();
    let mut buf = Vec::new();
    let mut commands = Vec::new();
    while read_command(&mut reader, ScriptForm::Nul, &mut buf).unwrap() {
        commands.push(BString::from(buf.clone()));
    }
    assert_eq!(
        commands,
        vec![
            BString::from(format!("update refs/heads/a\0{A}\0\0")),
            BString::from("verify refs/heads/b\0\0"),
            BString::from("commit\0"),
        ]
    );
}

#[test]
fn symref_commands_parse_old_targets_and_old_ids_in_both_forms() {
    let mut want = RefEdit::symbolic(name("refs/heads/s"), name("refs/heads/b"))
        .expected_target(name("refs/heads/a"));
    want.no_deref = false;
    for (form, text) in [
        (
            ScriptForm::Lines,
            "symref-update refs/heads/s refs/heads/b ref refs/heads/a\n",
        ),
        (
            ScriptForm::Nul,
            "symref-update refs/heads/s\0refs/heads/b\0ref\0refs/heads/a\0",
        ),
    ] {
        assert_eq!(parse(form, text).0.unwrap(), Command::Edit(want.clone()));
    }
    let (got, _) = parse(
        ScriptForm::Lines,
        &format!("symref-update refs/heads/s refs/heads/b oid {A}\n"),
    );
    let Command::Edit(edit) = got.unwrap() else {
        panic!("not an edit")
    };
    assert_eq!((edit.expected, edit.expected_target), (Some(id(A)), None));
    let verify = RefEdit::verify(name("refs/heads/s"), None).expected_target(name("refs/heads/a"));
    assert_eq!(
        parse(
            ScriptForm::Lines,
            "symref-verify refs/heads/s refs/heads/a\n"
        )
        .0
        .unwrap(),
        Command::Edit(verify)
    );
    assert!(matches!(
        kind(
            ScriptForm::Lines,
            "symref-update refs/heads/s refs/heads/b x y\n"
        ),
        ScriptErrorKind::InvalidOldArg(_)
    ));
    assert!(matches!(
        kind(
            ScriptForm::Lines,
            "symref-update refs/heads/s refs/heads/b ref\n"
        ),
        ScriptErrorKind::ExpectedOldValue
    ));
    assert!(matches!(
        kind(ScriptForm::Lines, "symref-create refs/heads/s\n"),
        ScriptErrorKind::MissingNewTarget
    ));
}
