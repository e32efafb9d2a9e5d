//! git's progress lines on stderr (its `progress.c`): `<title>: NN% (n/total)` rewritten in
//! place (each update ends with `\r`), and a last line ending `, done.` (or `, <message>.`);
//! a line that shrinks is padded with spaces so no old character stays visible. Where git
//! counts bytes (`index-pack --stdin`, `unpack-objects`) the last line also carries
//! `, <bytes> | <rate>`.
//!
//! Whether to show progress at all (a terminal, `-q`, `--progress`) is the commands' choice;
//! the library only reports counts through its callbacks.

use gitstore::odb::count::humanise_bytes;
use std::io::Write;
use std::time::Instant;

/// One progress line.
pub struct ProgressLine {
    title: String,
    total: u64,
    value: u64,
    last_percent: Option<u64>,
    last_len: usize,
    last_draw: Option<Instant>,
    started: Instant,
    bytes: Option<(Instant, u64)>,
}

impl ProgressLine {
    /// A line titled `title` counting to `total` (0: a bare count, no percentage).
    pub fn new(title: impl Into<String>, total: u64) -> ProgressLine {
        ProgressLine {
            title: title.into(),
            total,
            value: 0,
            last_percent: None,
            last_len: 0,
            last_draw: None,
            started: Instant::now(),
            bytes: None,
        }
    }

    /// The same line also showing the bytes read and the rate, from now on.
    pub fn with_throughput(mut self) -> ProgressLine {
        self.bytes = Some((Instant::now(), 0));
        self
    }

    /// The same line without bytes and rate.
    pub fn without_throughput(&mut self) {
        self.bytes = None;
    }

    /// The title.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// `value` items are done: the line is redrawn when its percentage moved.
    pub fn update(&mut self, value: u64) {
        self.value = value;
        let percent = self.percent();
        // a bare count is drawn on git's timer: once a second, the first a second in
        let since = self.last_draw.unwrap_or(self.started);
        let count_due = self.total == 0 && since.elapsed().as_secs() >= 1;
        if self.last_percent != Some(percent) && self.total != 0 || count_due {
            self.last_percent = Some(percent);
            self.draw(None);
        }
    }

    /// `value` items are done, not shown yet (a delayed line).
    pub fn set_value(&mut self, value: u64) {
        self.value = value;
    }

    /// `bytes` read so far (with [`ProgressLine::with_throughput`]).
    pub fn set_bytes(&mut self, bytes: u64) {
        if let Some((_, b)) = &mut self.bytes {
            *b = bytes;
        }
    }

    /// Ends the line with `, done.`.
    pub fn done(&mut self) {
        self.finish("done");
    }

    /// Ends the line with `, <message>.`.
    pub fn finish(&mut self, message: &str) {
        self.draw(Some(message));
    }

    fn percent(&self) -> u64 {
        (self.value.saturating_mul(100))
            .checked_div(self.total)
            .unwrap_or(100)
    }

    fn draw(&mut self, done: Option<&str>) {
        let mut counters = if self.total == 0 {
            self.value.to_string()
        } else {
            format!("{:3}% ({}/{})", self.percent(), self.value, self.total)
        };
        if let (Some((start, bytes)), Some(_)) = (self.bytes, done) {
            let secs = start.elapsed().as_secs_f64().max(1e-6);
            let rate_kib = ((bytes as f64 / 1024.0) / secs) as u64;
            counters.push_str(&format!(
                ", {} | {}/s",
                humanise_bytes(bytes),
                humanise_bytes(rate_kib.saturating_mul(1024))
            ));
        }
        let clear = if counters.len() < self.last_len {
            self.last_len - counters.len() + 1
        } else {
            0
        };
        let eol = match done {
            Some(message) => format!(", {message}.\n"),
            None => "\r".to_string(),
        };
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "{}: {counters}{eol:>clear$}", self.title);
        let _ = err.flush();
        self.last_len = counters.len();
        self.last_draw = Some(Instant::now());
    }
}
