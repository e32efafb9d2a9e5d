//! Writing loose objects: deflate into a temp file beside the final path, created read-only
//! (`0444` less the umask, as git's `create_tmpfile`), link it into place without replacing
//! anything (the first writer wins; a later one finds the object and drops its copy). With
//! `core.sharedRepository`, new files and fan-out directories then get the group or world bits
//! git's `adjust_shared_perm` gives them.

use super::{Error, LooseStore, Result};
use crate::hash::{hash_literally, hash_object, ObjectHasher};
use crate::object::{header_bytes, Kind};
use crate::oid::ObjectId;
use flate2::write::ZlibEncoder;
use flate2::{Compress, Compression, FlushCompress, Status};
use std::cell::RefCell;
use std::io::{self, BufWriter, Read, Write};
use std::path::Path;

/// An object hashed and deflated in memory, not yet stored ([`LooseStore::deflate`]).
#[derive(Debug, Clone)]
pub struct Deflated {
    id: ObjectId,
    body: Body,
}

/// What a [`Deflated`] holds.
#[derive(Debug, Clone)]
enum Body {
    /// The file's bytes.
    Deflated(Vec<u8>),
    /// The object existed when it was prepared, so it was not deflated; its header and body are
    /// kept in case it is gone by the time it is placed.
    Present { header: Vec<u8>, data: Vec<u8> },
}

impl Deflated {
    /// The object's id.
    pub fn id(&self) -> ObjectId {
        self.id
    }
}

impl LooseStore {
    /// Writes an object of `kind` with body `data` and returns its id; a no-op (apart from
    /// refreshing the file's time, as git does) when the object already exists loose.
    pub fn write(&self, kind: Kind, data: &[u8]) -> Result<ObjectId> {
        let id = hash_object(kind, data)?;
        self.write_with_id(&id, kind, data)?;
        Ok(id)
    }

    /// Writes an object whose id the caller already computed (it must be the hash of `kind` and
    /// `data`; a wrong id stores a corrupt object).
    pub fn write_with_id(&self, id: &ObjectId, kind: Kind, data: &[u8]) -> Result<()> {
        self.write_with_header(id, &header_bytes(kind, data.len() as u64), data)
    }

    /// Writes an object whose type is `type_name`, any bytes, as `git hash-object --literally
    /// -t <type> -w` does: git reads such objects back only with `--allow-unknown-type`.
    pub fn write_literally(&self, type_name: &[u8], data: &[u8]) -> Result<ObjectId> {
        let id = hash_literally(type_name, data)?;
        self.write_with_header(
            &id,
            &crate::object::literal_header_bytes(type_name, data.len() as u64),
            data,
        )?;
        Ok(id)
    }

    fn write_with_header(&self, id: &ObjectId, header: &[u8], data: &[u8]) -> Result<()> {
        let path = self.path_of(id);
        if freshen(&path) {
            return Ok(());
        }
        self.place_new(&self.deflate_bytes(id, header, data)?, &path)
    }

    /// Hashes and deflates an object without storing it, so that many can be prepared on other
    /// threads and then placed, in order, by [`place_deflated`](Self::place_deflated). An object
    /// that exists loose already is only hashed: there is nothing to write.
    pub fn deflate(&self, kind: Kind, data: &[u8]) -> Result<Deflated> {
        let id = hash_object(kind, data)?;
        let header = header_bytes(kind, data.len() as u64);
        let body = if self.contains(&id) {
            Body::Present {
                header,
                data: data.to_vec(),
            }
        } else {
            Body::Deflated(self.deflate_bytes(&id, &header, data)?)
        };
        Ok(Deflated { id, body })
    }

    /// The loose file's bytes for `header` and `data`, deflated by this thread's compressor.
    fn deflate_bytes(&self, id: &ObjectId, header: &[u8], data: &[u8]) -> Result<Vec<u8>> {
        let level = zlib_rs_level(self.compression);
        let mut out = Vec::with_capacity(data.len() / 2 + 64);
        COMPRESSOR
            .with(|cell| {
                let mut slot = cell.borrow_mut();
                let z = match &mut *slot {
                    Some((l, z)) if *l == level => {
                        z.reset();
                        z
                    }
                    other => &mut other.insert((level, Compress::new(level, true))).1,
                };
                deflate_all(z, header, data, &mut out)
            })
            .map_err(|e| Error::io(self.path_of(id), e))?;
        if self.compression == 1 {
            label_fastest(&mut out);
        }
        Ok(out)
    }

    /// Stores an object [`deflate`](Self::deflate) prepared: a no-op (apart from refreshing the
    /// file's time) when it exists loose already.
    pub fn place_deflated(&self, object: &Deflated) -> Result<()> {
        let path = self.path_of(&object.id);
        if freshen(&path) {
            return Ok(());
        }
        match &object.body {
            Body::Deflated(bytes) => self.place_new(bytes, &path),
            Body::Present { header, data } => {
                self.place_new(&self.deflate_bytes(&object.id, header, data)?, &path)
            }
        }
    }

    /// Writes the deflated `bytes` to a temp file beside `path` and links it there (the caller
    /// found no object at `path`).
    fn place_new(&self, bytes: &[u8], path: &Path) -> Result<()> {
        let dir = path.parent().unwrap_or(self.objects_dir());
        let mut temp = self.temp_in(dir)?;
        temp.write_all(bytes)
            .map_err(|e| Error::io(temp.path(), e))?;
        self.place(temp, path)
    }

    fn temp_in(&self, dir: &Path) -> Result<tempfile::NamedTempFile> {
        use std::os::unix::fs::PermissionsExt;
        let make = || {
            tempfile::Builder::new()
                .prefix("tmp_obj_")
                .permissions(std::fs::Permissions::from_mode(0o444))
                .tempfile_in(dir)
        };
        match make() {
            Ok(t) => Ok(t),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                self.make_dir(dir)?;
                make().map_err(|e| Error::io(dir, e))
            }
            Err(e) => Err(Error::io(dir, e)),
        }
    }

    /// Creates `dir` (and missing parents) as git's `mkdir(dir, 0777)`, then shares it.
    fn make_dir(&self, dir: &Path) -> Result<()> {
        if dir.is_dir() {
            return Ok(());
        }
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        adjust_shared_perm(dir, self.shared)
    }

    /// Links `temp` to `path` unless something is there already (then the existing object,
    /// written by a concurrent writer with the same content, wins).
    fn place(&self, temp: tempfile::NamedTempFile, path: &Path) -> Result<()> {
        match temp.persist_noclobber(path) {
            Ok(_) => adjust_shared_perm(path, self.shared),
            Err(e) if e.error.kind() == io::ErrorKind::AlreadyExists => Ok(()),
            Err(e) => Err(Error::io(path, e.error)),
        }
    }

    /// Writes an object of `kind` whose body is the next `size` bytes of `reader`, never holding
    /// the body in memory: it is hashed and deflated into a temp file as it is read. Fails, storing
    /// nothing, if the reader ends early.
    pub fn write_stream(&self, kind: Kind, size: u64, reader: &mut dyn Read) -> Result<ObjectId> {
        let dir = self.objects_dir();
        let temp = self.temp_in(dir)?;
        let temp_path = temp.path().to_path_buf();
        let mut encoder = ZlibEncoder::new(
            BufWriter::with_capacity(128 * 1024, temp),
            Compression::new(self.compression),
        );
        let mut hasher = ObjectHasher::new(kind, size);
        let io_err = |e: io::Error| Error::io(&temp_path, e);
        encoder
            .write_all(&header_bytes(kind, size))
            .map_err(io_err)?;
        let mut buf = vec![0u8; 128 * 1024];
        let mut left = size;
        while left > 0 {
            let want = buf.len().min(usize::try_from(left).unwrap_or(usize::MAX));
            let n = match reader.read(&mut buf[..want]) {
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(source) => return Err(Error::ReadInput { source }),
            };
            if n == 0 {
                return Err(Error::ShortInput {
                    size,
                    missing: left,
                });
            }
            hasher.update(&buf[..n]);
            encoder.write_all(&buf[..n]).map_err(io_err)?;
            left -= n as u64;
        }
        let id = hasher.finish()?;
        let temp = encoder
            .finish()
            .map_err(io_err)?
            .into_inner()
            .map_err(|e| io_err(e.into_error()))?;
        let path = self.path_of(&id);
        if freshen(&path) {
            return Ok(id);
        }
        if let Some(parent) = path.parent() {
            self.make_dir(parent)?;
        }
        self.place(temp, &path)?;
        Ok(id)
    }
}

thread_local! {
    /// Each thread's compressor and its level, reset between objects: a new one costs a few
    /// hundred KiB of tables to allocate and clear.
    static COMPRESSOR: RefCell<Option<(Compression, Compress)>> = const { RefCell::new(None) };
}

/// The zlib-rs level that writes what git's zlib writes at `level`. zlib's levels 1 to 3 share
/// one algorithm (`deflate_fast`); zlib-rs, like zlib-ng, gives level 1 a quicker one
/// (`deflate_quick`) whose files are about 1.4 times larger (10,000 source-like files: 13.7 MB
/// against 10.0 MB), so git's default level 1 is written at zlib-rs level 2 (9.9 MB, no
/// slower: the file system's work dominates writing loose objects).
fn zlib_rs_level(level: u32) -> Compression {
    Compression::new(if level == 1 { 2 } else { level })
}

/// Marks a zlib stream as written at the fastest level (the header's FLEVEL bits, which
/// inflaters ignore), as zlib labels its level 1, whose algorithm zlib-rs level 2 runs.
fn label_fastest(stream: &mut [u8]) {
    if let [cmf, flg, ..] = stream {
        let without_check = *flg & 0x20;
        let check = (31 - (u16::from(*cmf) * 256 + u16::from(without_check)) % 31) % 31;
        *flg = without_check | check as u8;
    }
}

/// Deflates `header` then `data` as one zlib stream onto `out`.
fn deflate_all(z: &mut Compress, header: &[u8], data: &[u8], out: &mut Vec<u8>) -> io::Result<()> {
    let fail = |_| io::Error::other("zlib deflate failed");
    for (input, last) in [(header, false), (data, true)] {
        let flush = if last {
            FlushCompress::Finish
        } else {
            FlushCompress::None
        };
        let mut at = 0;
        loop {
            if out.capacity() - out.len() < 64 {
                out.reserve(out.capacity().max(256));
            }
            let before = z.total_in();
            let status = z
                .compress_vec(input.get(at..).unwrap_or_default(), out, flush)
                .map_err(fail)?;
            at += usize::try_from(z.total_in() - before).unwrap_or(0);
            match status {
                Status::StreamEnd => return Ok(()),
                _ if !last && at >= input.len() => break,
                _ => {}
            }
        }
    }
    Ok(())
}

/// If `path` exists, bumps its modification time (so `git gc` sees a recent use) and says so.
fn freshen(path: &Path) -> bool {
    match crate::file::open(path) {
        Ok(f) => {
            let _ = f.set_modified(std::time::SystemTime::now());
            true
        }
        Err(_) => false,
    }
}

/// The mode git's `calc_shared_perm` gives a file or directory of `mode` for `shared`.
fn calc_shared_perm(mode: u32, shared: i32) -> u32 {
    let mut tweak = shared.unsigned_abs();
    if mode & 0o200 == 0 {
        tweak &= !0o222;
    }
    if mode & 0o100 != 0 {
        tweak |= (tweak & 0o444) >> 2;
    }
    if shared < 0 {
        (mode & !0o777) | tweak
    } else {
        mode | tweak
    }
}

/// git's `adjust_shared_perm`: nothing without `core.sharedRepository`; else the group (or
/// world) bits it asks for, execute bits on directories where they may read, and setgid on
/// directories others get into by group.
fn adjust_shared_perm(path: &Path, shared: i32) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    if shared == 0 {
        return Ok(());
    }
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    let old = meta.permissions().mode() & 0o7777;
    let mut new = calc_shared_perm(old, shared);
    if meta.is_dir() {
        new |= (new & 0o444) >> 2;
        if new & 0o060 != 0 {
            new |= 0o2000;
        }
    }
    if new == old {
        return Ok(());
    }
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(new))
        .map_err(|e| Error::io(path, e))
}

#[cfg(test)]
mod tests {
    use super::calc_shared_perm;

    #[test]
    fn shared_perms_are_gits() {
        // (mode after the umask, core.sharedRepository as git_config_perm returns it, git's mode)
        for (mode, shared, want) in [
            (0o400, 0o660, 0o440),
            (0o400, 0o664, 0o444),
            (0o400, -0o640, 0o440),
            (0o400, -0o600, 0o400),
            (0o700, 0o660, 0o770),
            (0o700, 0o664, 0o775),
            (0o700, -0o640, 0o750),
        ] {
            assert_eq!(calc_shared_perm(mode, shared), want, "{mode:o} {shared:o}");
        }
    }
}
