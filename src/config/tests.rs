use super::parameters::push_split_parameter;
use super::*;

fn parse(text: &str) -> Config {
    Config::parse(text.as_bytes(), Path::new("test")).unwrap()
}

fn fails_at(text: &[u8]) -> usize {
    match Config::parse(text, Path::new("test")) {
        Err(ConfigError {
            location: Location::Line { line, .. },
            kind: ConfigErrorKind::Syntax,
        }) => line,
        other => panic!(
            "expected a config error for {:?}, got {other:?}",
            text.as_bstr()
        ),
    }
}

#[test]
fn section_and_key_are_case_insensitive() {
    let c = parse("[Core]\n\tBare = false\n");
    assert_eq!(c.get("core.bare").unwrap(), "false");
    assert_eq!(c.get("CORE.BARE").unwrap(), "false");
    assert_eq!(c.entries()[0].section, "core");
    assert_eq!(c.entries()[0].key, "bare");
}

#[test]
fn quoted_subsection_is_case_sensitive_and_unescaped() {
    let c = parse("[remote \"Or\\\"ig\\\\in\\x\"]\nurl = u\n");
    assert_eq!(c.get("remote.Or\"ig\\inx.url").unwrap(), "u");
    assert_eq!(c.get("remote.or\"ig\\inx.url"), None);
    assert_eq!(c.entries()[0].subsection.as_ref().unwrap(), "Or\"ig\\inx");
}

#[test]
fn legacy_subsection_is_lower_cased() {
    let c = parse("[Branch.Main]\nremote = o\n");
    assert_eq!(c.get("branch.main.remote").unwrap(), "o");
    assert_eq!(c.get("branch.Main.remote"), None);
}

#[test]
fn subsection_with_dots_splits_at_first_and_last_dot() {
    let c = parse("[url \"https://a.b/\"]\ninsteadOf = x\n[a.b \"c.d\"]\nk = v\n");
    assert_eq!(c.get("url.https://a.b/.insteadof").unwrap(), "x");
    assert_eq!(c.get("a.b.c.d.k").unwrap(), "v");
}

#[test]
fn values_are_trimmed_but_keep_inner_whitespace() {
    let c = parse("[s]\nk =   a  b\t c   \n");
    assert_eq!(c.get("s.k").unwrap(), "a  b\t c");
}

#[test]
fn quotes_keep_whitespace_and_comment_characters() {
    let c = parse("[s]\nk = \"  a # b ; c  \" d\"e\"  \n");
    assert_eq!(c.get("s.k").unwrap(), "  a # b ; c   de");
}

#[test]
fn escapes_are_decoded() {
    let c = parse("[s]\nk = a\\tb\\nc\\bd\\\"e\\\\f\n");
    assert_eq!(c.get("s.k").unwrap(), "a\tb\nc\x08d\"e\\f");
}

#[test]
fn trailing_backslash_continues_the_line() {
    let c = parse("[s]\nk = one \\\n  two\nnext = 3\n");
    assert_eq!(c.get("s.k").unwrap(), "one   two");
    assert_eq!(c.get("s.next").unwrap(), "3");
}

#[test]
fn comments_outside_quotes_end_the_value() {
    let c = parse("# top\n; top\n[s] # after header\nk = v # c\nj = w;c\n");
    assert_eq!(c.get("s.k").unwrap(), "v");
    assert_eq!(c.get("s.j").unwrap(), "w");
}

#[test]
fn bare_key_is_true_and_has_no_value() {
    let c = parse("[s]\nflag\nempty =\n");
    assert_eq!(c.get("s.flag"), None);
    assert_eq!(c.get_raw("s.flag"), Some(None));
    assert_eq!(c.get_bool("s.flag").unwrap(), Some(true));
    assert_eq!(c.get_bool("s.empty").unwrap(), Some(false));
    assert_eq!(c.get_raw("s.missing"), None);
}

#[test]
fn later_entries_win_and_get_all_keeps_order() {
    let mut c = parse("[s]\nk = 1\nk = 2\n");
    c.extend(parse("[S]\nK = 3\n"));
    assert_eq!(c.get("s.k").unwrap(), "3");
    let all: Vec<_> = c.get_all("s.k").into_iter().flatten().collect();
    assert_eq!(all, ["1", "2", "3"]);
}

#[test]
fn bom_and_crlf_are_accepted() {
    let c = Config::parse(b"\xef\xbb\xbf[s]\r\nk = v\r\n", Path::new("t")).unwrap();
    assert_eq!(c.get("s.k").unwrap(), "v");
    assert_eq!(fails_at(b"\xef\xbb[s]\n"), 1);
}

#[test]
fn booleans_follow_git() {
    for (v, b) in [
        ("true", true),
        ("YES", true),
        ("On", true),
        ("1", true),
        ("2", true),
        ("1k", true),
        ("false", false),
        ("no", false),
        ("OFF", false),
        ("0", false),
        ("", false),
    ] {
        assert_eq!(parse_bool(Some(v.as_bytes())), Some(b), "{v}");
    }
    assert_eq!(parse_bool(None), Some(true));
    assert_eq!(parse_bool(Some(b"maybe")), None);
    assert_eq!(parse_bool(Some(b"99999999999")), None);
}

#[test]
fn integers_follow_git() {
    let max = i64::MAX;
    assert_eq!(parse_int(b"42", max), Ok(42));
    assert_eq!(parse_int(b"-3k", max), Ok(-3072));
    assert_eq!(parse_int(b"2M", max), Ok(2 << 20));
    assert_eq!(parse_int(b"1g", max), Ok(1 << 30));
    assert_eq!(parse_int(b"0x10", max), Ok(16));
    assert_eq!(parse_int(b"010", max), Ok(8));
    assert_eq!(parse_int(b" +7", max), Ok(7));
    let (unit, range) = (NumberProblem::InvalidUnit, NumberProblem::OutOfRange);
    assert_eq!(parse_int(b"1x", max), Err(unit));
    assert_eq!(parse_int(b"", max), Err(unit));
    assert_eq!(parse_int(b"k", max), Err(unit));
    assert_eq!(parse_int(b"9223372036854775807", max), Ok(max));
    assert_eq!(parse_int(b"9223372036854775808", max), Err(range));
    assert_eq!(parse_int(b"-9223372036854775808", max), Err(range));
    assert_eq!(parse_int(b"9007199254740992k", max), Err(range));
    assert_eq!(parse_int(b"99999999999999999999999", max), Err(range));
}

#[test]
fn get_int_errors_name_the_key_value_and_line() {
    let c = parse("[s]\n\nn = 12q\nbare\n");
    let e = c.get_int("s.n").unwrap_err();
    assert_eq!(
        e,
        ConfigError {
            location: Location::Line {
                path: "test".into(),
                line: 3
            },
            kind: ConfigErrorKind::NotANumber {
                key: "s.n".into(),
                value: "12q".into(),
                problem: NumberProblem::InvalidUnit
            }
        }
    );
    assert!(c.get_int("s.bare").is_err());
    assert!(c.get_bool("s.n").is_err());
}

#[test]
fn bad_lines_are_reported_as_git_does() {
    assert_eq!(fails_at(b"[s]\nbare # c\n"), 2);
    assert_eq!(fails_at(b"[s]\nk = \"abc\n"), 2);
    assert_eq!(fails_at(b"[s\n"), 1);
    assert_eq!(fails_at(b"[s]\nk=v\\q\n"), 2);
    assert_eq!(fails_at(b"[s]\n1k = v\n"), 2);
    assert_eq!(fails_at(b"[s \"x]\n"), 1);
    assert_eq!(fails_at(b"[s x]\n"), 1);
    assert_eq!(fails_at(b"[]\n"), 1);
    assert_eq!(fails_at(b"[s_]\n"), 1);
    assert_eq!(fails_at(b"\n\n["), 4);
}

#[test]
fn key_before_any_section_is_kept_without_section() {
    let c = parse("a = 1\n[s]\nk = v\n");
    assert_eq!(c.entries()[0].section, "");
    assert_eq!(c.entries()[0].key, "a");
    assert_eq!(c.get("a"), None);
}

fn params(text: &str) -> Vec<(String, Option<String>)> {
    let c = Config::from_parameters(text.as_bytes()).unwrap();
    c.entries()
        .iter()
        .map(|e| {
            let name = match &e.subsection {
                Some(sub) => format!("{}.{sub}.{}", e.section, e.key),
                None => format!("{}.{}", e.section, e.key),
            };
            (name, e.value.as_ref().map(|v| v.to_string()))
        })
        .collect()
}

fn params_error(text: &[u8]) -> CommandLineError {
    match Config::from_parameters(text) {
        Err(e) => e,
        other => panic!("expected an error for {:?}, got {other:?}", text.as_bstr()),
    }
}

fn s(v: &str) -> Option<String> {
    Some(v.to_string())
}

#[test]
fn parameters_new_style_quoted_name_and_value() {
    assert_eq!(
        params("'Core.Abbrev'='12' 'a.Sub.K'='' 'b.c'="),
        [
            ("core.abbrev".into(), s("12")),
            ("a.Sub.k".into(), s("")),
            ("b.c".into(), None),
        ]
    );
}

#[test]
fn parameters_old_style_splits_at_the_first_equals_and_trims_the_name() {
    assert_eq!(
        params("'a.b=1=2' 'c.d' 'e.f=' ' g.h \t=x '"),
        [
            ("a.b".into(), s("1=2")),
            ("c.d".into(), None),
            ("e.f".into(), s("")),
            ("g.h".into(), s("x ")),
        ]
    );
}

#[test]
fn parameters_backslashed_quote_and_bang_continue_the_word() {
    assert_eq!(
        params("'a.b'='it'\\''s '\\!'' 'c.d=x'\\''y'"),
        [("a.b".into(), s("it's !")), ("c.d".into(), s("x'y"))]
    );
}

#[test]
fn parameters_are_separated_by_any_whitespace_run() {
    assert_eq!(
        params("'a.b=1' \t\n'a.b'='2'\r "),
        [("a.b".into(), s("1")), ("a.b".into(), s("2"))]
    );
    assert_eq!(params(""), []);
}

#[test]
fn parameters_in_bogus_format_are_refused_as_git_does() {
    for text in [
        " 'a.b=1'",
        "\t",
        "a.b=1",
        "'a.b=1''c.d=2'",
        "'a.b'='1''x'",
        "'a.b'=1",
        "'a.b'='1'x",
        "'a.b'x",
        "'a.b",
        "'a.b'='1",
        "'a.'\\x'b=1'",
        "'",
    ] {
        assert_eq!(
            params_error(text.as_bytes()),
            CommandLineError::BogusFormat,
            "{text}"
        );
    }
}

#[test]
fn parameter_names_are_checked_as_git_checks_them() {
    let key = |name: &str, problem| CommandLineError::BadKey {
        name: name.into(),
        problem,
    };
    let bogus = |text: &str| CommandLineError::BogusParameter { text: text.into() };
    for (text, why) in [
        ("'foo'='1'", key("foo", KeyProblem::NoSection)),
        ("'.foo'='1'", key(".foo", KeyProblem::NoSection)),
        ("'foo.'='1'", key("foo.", KeyProblem::NoVariable)),
        ("'a.1b'='1'", key("a.1b", KeyProblem::Invalid)),
        ("'a_b.c'='1'", key("a_b.c", KeyProblem::Invalid)),
        ("'a.b_c=1'", key("a.b_c", KeyProblem::Invalid)),
        ("' a.b '='1'", key(" a.b ", KeyProblem::Invalid)),
        ("'a.x\ny.b'='1'", key("a.x\ny.b", KeyProblem::Newline)),
        ("''='1'", CommandLineError::EmptyKey),
        ("'=1'", bogus("=1")),
        ("'  =1'", bogus("  =1")),
        ("''", bogus("")),
    ] {
        assert_eq!(params_error(text.as_bytes()), why, "{text}");
    }
    // what git accepts: a section of digits, an empty section before a subsection
    assert_eq!(params("'1a.b'='1'")[0].0, "1a.b");
    assert_eq!(params("'.a.b'='1'")[0].0, ".a.b");
    assert_eq!(params("'a.b c.d'='1'")[0].0, "a.b c.d");
}

#[test]
fn parameters_stop_at_a_nul_as_git_reads_a_c_string() {
    assert_eq!(
        Config::from_parameters(b"'a.b'='1'\0garbage")
            .unwrap()
            .entries()
            .len(),
        1
    );
}

#[test]
fn push_parameter_quotes_as_git_does() {
    assert_eq!(push_parameter(None, b"a.b=x y"), b"'a.b'='x y'");
    assert_eq!(push_parameter(Some(b""), b"a.b"), b"'a.b'=");
    assert_eq!(
        push_parameter(Some(b"'x.y=1'"), b"c.d="),
        b"'x.y=1' 'c.d'=''"
    );
    assert_eq!(
        push_parameter(None, b"e.f=x 'q' !z=w"),
        &b"'e.f'='x '\\''q'\\'' '\\!'z=w'"[..]
    );
}

#[test]
fn pushed_parameters_read_back() {
    let mut env = Vec::new();
    for setting in [&b"a.b=x 'y' !z"[..], b"a.c", b"a.d=", b"weird.sub'!.k=\\"] {
        env = push_parameter(Some(&env), setting);
    }
    assert_eq!(
        params(env.to_str().unwrap()),
        [
            ("a.b".into(), s("x 'y' !z")),
            ("a.c".into(), None),
            ("a.d".into(), s("")),
            ("weird.sub'!.k".into(), s("\\")),
        ]
    );
}

#[test]
fn push_config_env_takes_the_name_before_the_last_equals() {
    let lookup = |v: &[u8]| (v == b"X").then(|| b"val".to_vec());
    assert_eq!(
        push_config_env(None, b"a.b=c=X", lookup).unwrap(),
        b"'a.b=c'='val'"
    );
    let err = |spec: &[u8]| match push_config_env(None, spec, lookup) {
        Err(e) => e,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        err(b"foo"),
        CommandLineError::ConfigEnvFormat { spec: "foo".into() }
    );
    assert_eq!(
        err(b"a.b="),
        CommandLineError::ConfigEnvNoVariable { name: "a.b".into() }
    );
    assert_eq!(
        err(b"a.b=NOPE"),
        CommandLineError::ConfigEnvUnset {
            var: "NOPE".into(),
            name: "a.b".into()
        }
    );
}

proptest::proptest! {
    #[test]
    fn parameters_never_panic_on_hostile_input(
        parts in proptest::collection::vec(
            proptest::sample::select(vec![
                &b"'"[..], b"\\", b"=", b" ", b"\t", b"\n", b"!", b".", b"a", b"1", b"_",
                b"\0", b"\xff", b"'\\''", b"'\\!'",
            ]),
            0..24,
        )
    ) {
        let text: Vec<u8> = parts.concat();
        let _ = Config::from_parameters(&text);
    }

    #[test]
    fn any_setting_pushed_reads_back_or_fails_on_its_name(
        name in proptest::collection::vec(proptest::num::u8::ANY, 0..12),
        value in proptest::option::of(proptest::collection::vec(1u8..=255, 0..12)),
    ) {
        let name: Vec<u8> = name.into_iter().filter(|&c| c != 0 && c != b'=').collect();
        let value_ref = value.as_deref();
        let env = push_split_parameter(None, &name, value_ref);
        match Config::from_parameters(&env) {
            Ok(c) => {
                proptest::prop_assert_eq!(c.entries().len(), 1);
                proptest::prop_assert_eq!(
                    c.entries()[0].value.as_ref().map(|v| v.as_slice()),
                    value_ref
                );
            }
            Err(e) => proptest::prop_assert!(
                !matches!(
                    e,
                    CommandLineError::BogusFormat | CommandLineError::BogusParameter { .. }
                ),
                "{e}"
            ),
        }
    }
}
