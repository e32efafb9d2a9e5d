//! The grammar of a ref-edit script: one command read from its input (a line, or the NUL
//! form's fields) and parsed into a [`Command`], object ids resolved by the caller's function.

use super::*;

/// `buf` from `i` up to the first NUL, as git prints a C string.
fn c_str(buf: &[u8], i: usize) -> &[u8] {
    let rest = buf.get(i..).unwrap_or_default();
    &rest[..rest.find_byte(0).unwrap_or(rest.len())]
}

/// Reads one command of `form` from `input` into `buf` (cleared first): a line, or in the NUL
/// form the verb's field and as many more as the verb takes. `false` at the end of input.
pub fn read_command(
    input: &mut impl BufRead,
    form: ScriptForm,
    buf: &mut Vec<u8>,
) -> io::Result<bool> {
    buf.clear();
    if input.read_until(form.term(), buf)? == 0 {
        return Ok(false);
    }
    if form == ScriptForm::Nul {
        if let Some(verb) = Verb::identify(buf, form) {
            for _ in 1..verb.args() {
                if input.read_until(0, buf)? == 0 {
                    break;
                }
            }
        }
    }
    Ok(true)
}

/// Checks the start of a command and finds its verb.
pub(super) fn verb_of(command: &[u8], form: ScriptForm) -> std::result::Result<Verb, ScriptError> {
    if command.first() == Some(&form.term()) {
        return Err(ScriptError::new(ScriptErrorKind::EmptyCommand));
    }
    if command.first().is_some_and(|b| b.is_ascii_whitespace()) {
        return Err(
            ScriptError::new(ScriptErrorKind::WhitespaceBeforeCommand).input(c_str(command, 0))
        );
    }
    Verb::identify(command, form)
        .ok_or_else(|| ScriptError::new(ScriptErrorKind::UnknownCommand).input(c_str(command, 0)))
}

impl Command {
    /// Parses one command (as [`read_command`] reads it, terminator included or not), resolving
    /// object ids with `resolve`; warnings are appended to `warnings`.
    pub fn parse(
        form: ScriptForm,
        command: &[u8],
        resolve: &mut Resolve<'_>,
        warnings: &mut Vec<ScriptWarning>,
    ) -> std::result::Result<Command, ScriptError> {
        let verb = verb_of(command, form)?;
        Parser {
            form,
            line: command,
            verb,
            next: 0,
        }
        .parse(resolve, warnings)
    }
}

/// The arguments of one command.
pub(super) struct Parser<'a> {
    pub(super) form: ScriptForm,
    pub(super) line: &'a [u8],
    pub(super) verb: Verb,
    pub(super) next: usize,
}

pub(super) type PResult<T> = std::result::Result<T, ScriptError>;

impl Parser<'_> {
    fn at(&self, i: usize) -> u8 {
        self.line.get(i).copied().unwrap_or(0)
    }

    fn err(&self, kind: ScriptErrorKind) -> ScriptError {
        ScriptError::new(kind).verb(self.verb)
    }

    pub(super) fn parse(
        mut self,
        resolve: &mut Resolve<'_>,
        warnings: &mut Vec<ScriptWarning>,
    ) -> PResult<Command> {
        self.next = self.verb.as_str().len() + usize::from(self.verb.args() > 0);
        match self.verb {
            Verb::Start => return Ok(Command::Start),
            Verb::Prepare => return Ok(Command::Prepare),
            Verb::Commit => return Ok(Command::Commit),
            Verb::Abort => return Ok(Command::Abort),
            Verb::Option => {
                let rest = self.line.get(self.next..).unwrap_or_default();
                return match rest.strip_prefix(b"no-deref") {
                    Some(after) if after.first().copied().unwrap_or(0) == self.form.term() => {
                        Ok(Command::NoDeref)
                    }
                    _ => Err(self
                        .err(ScriptErrorKind::UnknownOption)
                        .input(c_str(self.line, self.next))),
                };
            }
            _ => {}
        }
        let name = self
            .refname()?
            .ok_or_else(|| self.err(ScriptErrorKind::MissingRef))?;
        let edit = match self.verb {
            Verb::SymrefUpdate | Verb::SymrefCreate => {
                let target = self
                    .next_refname()?
                    .ok_or_else(|| self.named(ScriptErrorKind::MissingNewTarget, &name))?;
                let mut edit = RefEdit::symbolic(name.clone(), target);
                edit.no_deref = false;
                if self.verb == Verb::SymrefCreate {
                    edit.expected = Some(ObjectId::null());
                } else if let Some(kind) = self.next_arg()? {
                    let value = self
                        .next_arg()?
                        .ok_or_else(|| self.named(ScriptErrorKind::ExpectedOldValue, &name))?;
                    match kind.as_slice() {
                        b"oid" => {
                            let id = resolve(&value).map_err(|_| {
                                self.named(
                                    ScriptErrorKind::InvalidOldId(value.clone().into()),
                                    &name,
                                )
                            })?;
                            edit.expected = Some(id);
                        }
                        b"ref" => {
                            let target = check_ref_format(&value)
                                .ok()
                                .and_then(|_| RefName::symref_target(value.as_slice()).ok())
                                .ok_or_else(|| {
                                    self.named(
                                        ScriptErrorKind::InvalidOldRef(value.clone().into()),
                                        &name,
                                    )
                                })?;
                            edit = edit.expected_target(target);
                        }
                        _ => {
                            return Err(
                                self.named(ScriptErrorKind::InvalidOldArg(kind.into()), &name)
                            )
                        }
                    }
                }
                edit
            }
            Verb::SymrefDelete | Verb::SymrefVerify => {
                let old = self.next_refname()?;
                let mut edit = if self.verb == Verb::SymrefDelete {
                    RefEdit::delete(name.clone(), None)
                } else {
                    RefEdit::verify(name.clone(), old.is_none().then(ObjectId::null))
                };
                edit.expected_target = old;
                edit
            }
            Verb::Update => {
                let new = self
                    .next_oid(&name, OidField::New, true, resolve, warnings)?
                    .ok_or_else(|| self.named(ScriptErrorKind::MissingOid(OidField::New), &name))?;
                let old = self.next_oid(&name, OidField::Old, false, resolve, warnings)?;
                if new.is_null() {
                    RefEdit::delete(name.clone(), old)
                } else {
                    RefEdit::update(name.clone(), new, old)
                }
            }
            Verb::Create => {
                let new = self
                    .next_oid(&name, OidField::New, false, resolve, warnings)?
                    .ok_or_else(|| self.named(ScriptErrorKind::MissingOid(OidField::New), &name))?;
                if new.is_null() {
                    return Err(self.named(ScriptErrorKind::ZeroNewOid, &name));
                }
                RefEdit::create(name.clone(), new)
            }
            Verb::Delete => {
                let old = self.next_oid(&name, OidField::Old, false, resolve, warnings)?;
                if old.is_some_and(|o| o.is_null()) {
                    return Err(self.named(ScriptErrorKind::ZeroOldOid, &name));
                }
                RefEdit::delete(name.clone(), old)
            }
            _ => {
                let old = self.next_oid(&name, OidField::Old, false, resolve, warnings)?;
                RefEdit::verify(name.clone(), Some(old.unwrap_or_else(ObjectId::null)))
            }
        };
        // a last line without its terminator ends in the NUL git's buffer has there instead:
        // extra input (an empty one)
        if self.at(self.next) != self.form.term() {
            return Err(self
                .named(ScriptErrorKind::ExtraInput, &name)
                .input(c_str(self.line, self.next)));
        }
        Ok(Command::Edit(edit))
    }

    fn named(&self, kind: ScriptErrorKind, name: &RefName) -> ScriptError {
        self.err(kind).refname(name.as_bytes())
    }

    /// One whitespace-terminated, possibly C-quoted argument (line form).
    fn arg(&mut self) -> PResult<Vec<u8>> {
        if self.at(self.next) != b'"' {
            let s = self.next;
            while self.at(self.next) != 0 && !self.at(self.next).is_ascii_whitespace() {
                self.next += 1;
            }
            return Ok(self.line[s..self.next].to_vec());
        }
        let orig = c_str(self.line, self.next);
        let bad = |kind| self.err(kind).input(orig);
        let mut i = self.next + 1;
        loop {
            match self.at(i) {
                0 | b'\n' => return Err(bad(ScriptErrorKind::BadlyQuoted)),
                b'\\' => i += 2,
                b'"' => break,
                _ => i += 1,
            }
        }
        let quoted = self.line.get(self.next..=i).unwrap_or_default();
        let value = crate::odb::alternates::unquote_c(quoted)
            .ok_or_else(|| bad(ScriptErrorKind::BadlyQuoted))?;
        let c = self.at(i + 1);
        if c != 0 && !c.is_ascii_whitespace() {
            return Err(bad(ScriptErrorKind::UnexpectedAfterQuote));
        }
        self.next = i + 1;
        Ok(value)
    }

    /// git's `parse_next_arg`: the separator, then an argument (`None`: none, or empty).
    fn next_arg(&mut self) -> PResult<Option<Vec<u8>>> {
        if !self.next_separator()? {
            return Ok(None);
        }
        let arg = match self.form {
            ScriptForm::Lines => self.arg()?,
            ScriptForm::Nul => {
                let arg = c_str(self.line, self.next).to_vec();
                self.next += arg.len();
                arg
            }
        };
        Ok((!arg.is_empty()).then_some(arg))
    }

    /// git's `parse_next_refname`: the separator, then a ref name (`None`: none, or empty).
    fn next_refname(&mut self) -> PResult<Option<RefName>> {
        if !self.next_separator()? {
            return Ok(None);
        }
        self.refname_as(|name| RefName::symref_target(name))
    }

    /// Skips the separator before a further argument; `false` where there is none.
    fn next_separator(&mut self) -> PResult<bool> {
        let c = self.at(self.next);
        match self.form {
            ScriptForm::Lines if c == 0 || c == b'\n' => return Ok(false),
            ScriptForm::Lines if c != b' ' => {
                return Err(self
                    .err(ScriptErrorKind::ExpectedSpaceBeforeRef)
                    .input(c_str(self.line, self.next)))
            }
            ScriptForm::Nul if c != 0 => return Ok(false),
            _ => {}
        }
        self.next += 1;
        Ok(true)
    }

    fn refname(&mut self) -> PResult<Option<RefName>> {
        self.refname_as(|name| RefName::new(name))
    }

    /// git's `parse_refname`, the name made a [`RefName`] by `make`.
    fn refname_as(
        &mut self,
        make: fn(&[u8]) -> std::result::Result<RefName, crate::refs::RefError>,
    ) -> PResult<Option<RefName>> {
        let name = match self.form {
            ScriptForm::Lines => self.arg()?,
            ScriptForm::Nul => {
                let name = c_str(self.line, self.next).to_vec();
                self.next += name.len();
                name
            }
        };
        if name.is_empty() {
            return Ok(None);
        }
        if check_ref_format(&name).is_err() {
            return Err(self.err(ScriptErrorKind::InvalidRefFormat).refname(&name));
        }
        make(name.as_slice())
            .map(Some)
            .map_err(|_| self.err(ScriptErrorKind::BadRefName).refname(&name))
    }

    /// git's `parse_next_oid`: `Ok(None)` when there is no further argument.
    fn next_oid(
        &mut self,
        name: &RefName,
        field: OidField,
        allow_empty: bool,
        resolve: &mut Resolve<'_>,
        warnings: &mut Vec<ScriptWarning>,
    ) -> PResult<Option<ObjectId>> {
        if self.next >= self.line.len() {
            return Err(self.named(ScriptErrorKind::UnexpectedEnd(field), name));
        }
        let arg = match self.form {
            ScriptForm::Lines => {
                let c = self.at(self.next);
                if c == 0 || c == b'\n' {
                    return Ok(None);
                }
                if c != b' ' {
                    return Err(self
                        .named(ScriptErrorKind::ExpectedSpace, name)
                        .input(c_str(self.line, self.next)));
                }
                self.next += 1;
                let arg = self.arg()?;
                if arg.is_empty() {
                    return Ok(Some(ObjectId::null()));
                }
                arg
            }
            ScriptForm::Nul => {
                if self.at(self.next) != 0 {
                    return Err(self
                        .named(ScriptErrorKind::ExpectedNul, name)
                        .input(c_str(self.line, self.next)));
                }
                self.next += 1;
                if self.next >= self.line.len() {
                    return Err(self.named(ScriptErrorKind::UnexpectedEnd(field), name));
                }
                let arg = c_str(self.line, self.next).to_vec();
                self.next += arg.len();
                if arg.is_empty() {
                    if allow_empty {
                        warnings.push(ScriptWarning::MissingOidTreatedAsZero {
                            verb: self.verb,
                            refname: name.clone(),
                            field,
                        });
                        return Ok(Some(ObjectId::null()));
                    }
                    return Ok(None);
                }
                arg
            }
        };
        resolve(&arg).map(Some).map_err(|source| {
            self.named(
                ScriptErrorKind::InvalidOid {
                    field,
                    spec: arg.clone().into(),
                    source: Box::new(source),
                },
                name,
            )
        })
    }
}
