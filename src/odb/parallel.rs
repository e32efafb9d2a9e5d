//! Reading many objects on several threads while handing them to the caller in the order asked
//! for: what `cat-file --batch-all-objects` needs, and any tool that walks every object.
//!
//! The ids are cut into chunks; worker threads take the next chunk, read its objects into one
//! buffer and pass it on; the calling thread puts chunks back in order. A worker does not start
//! a chunk more than a few chunks per worker ahead of the one the caller is waiting for, nor any
//! chunk but that one while the chunks read and not yet handed over hold more than
//! [`IN_FLIGHT_BYTES`], so memory stays bounded whatever the number and size of the objects,
//! even when one chunk is slow to read.

use super::Odb;
use super::Result;
use crate::object::Kind;
use crate::oid::ObjectId;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Condvar, Mutex};

/// One object handed to the caller of [`Odb::for_each_in_order`].
#[derive(Debug, Clone, Copy)]
pub struct ObjectItem<'a> {
    /// The id.
    pub id: &'a ObjectId,
    /// The kind.
    pub kind: Kind,
    /// The body size.
    pub size: u64,
    /// The body, when bodies were asked for (empty otherwise).
    pub data: &'a [u8],
}

/// What each object costs to read: its header only, or its whole body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadMode {
    /// Kind and size only.
    Header,
    /// Kind, size and body.
    Full,
}

/// Kind, size, and where the body sits in its chunk's buffer.
type Placed = (Kind, u64, usize, usize);

/// Objects read by one worker for one chunk of ids.
struct Chunk {
    index: usize,
    /// Per id: kind and size and the range of its body in `data`, `None` when missing, or the
    /// error reading it.
    items: Vec<Result<Option<Placed>>>,
    data: Vec<u8>,
}

/// Objects per chunk: enough to amortize the hand-over, few enough to keep memory flat.
const CHUNK_OBJECTS: usize = 256;

/// Bytes of bodies read ahead of the caller beyond which workers wait (the chunk the caller is
/// waiting for is always read).
const IN_FLIGHT_BYTES: usize = 16 << 20;

impl Odb {
    /// Reads the objects `ids` on `threads` worker threads and calls `f` for each, in the order
    /// of `ids`, with `None` for an id no store has. Stops at the first error `f` returns or the
    /// first error reading an object (reported when its turn comes, as the caller's error type
    /// `E`, which the odb's [`Error`](super::Error) converts into).
    pub fn for_each_in_order<E: From<super::Error>>(
        &self,
        ids: &[ObjectId],
        mode: ReadMode,
        threads: usize,
        mut f: impl FnMut(&ObjectId, Option<ObjectItem<'_>>) -> Result<(), E>,
    ) -> Result<(), E> {
        let threads = threads.max(1);
        if threads == 1 || ids.len() < CHUNK_OBJECTS {
            let mut buf = Vec::new();
            for id in ids {
                let item = self.read_item(id, mode, &mut buf)?;
                f(
                    id,
                    item.map(|(kind, size)| ObjectItem {
                        id,
                        kind,
                        size,
                        data: &buf,
                    }),
                )?;
            }
            return Ok(());
        }
        let chunks = ids.len().div_ceil(CHUNK_OBJECTS);
        let next = AtomicUsize::new(0);
        let stop = AtomicBool::new(false);
        // Chunks started but not yet handed to `f` never exceed this many.
        let window = threads * 3;
        let handed = Window::default();
        let (tx, rx) = mpsc::sync_channel::<Chunk>(window);
        std::thread::scope(|scope| {
            for _ in 0..threads {
                let tx = tx.clone();
                let (next, stop, handed) = (&next, &stop, &handed);
                scope.spawn(move || {
                    let mut buf = Vec::new();
                    loop {
                        if stop.load(Ordering::Relaxed) {
                            return;
                        }
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        if index >= chunks {
                            return;
                        }
                        handed.wait_to_start(index, window);
                        if stop.load(Ordering::Relaxed) {
                            return;
                        }
                        let start = index * CHUNK_OBJECTS;
                        let end = (start + CHUNK_OBJECTS).min(ids.len());
                        let mut chunk = Chunk {
                            index,
                            items: Vec::with_capacity(end - start),
                            data: Vec::new(),
                        };
                        for id in &ids[start..end] {
                            let item = self.read_item(id, mode, &mut buf).map(|found| {
                                found.map(|(kind, size)| {
                                    let at = chunk.data.len();
                                    chunk.data.extend_from_slice(&buf);
                                    (kind, size, at, chunk.data.len())
                                })
                            });
                            chunk.items.push(item);
                        }
                        handed.add_bytes(chunk.data.len());
                        if tx.send(chunk).is_err() {
                            return;
                        }
                    }
                });
            }
            drop(tx);
            let mut pending: BTreeMap<usize, Chunk> = BTreeMap::new();
            let mut want = 0;
            let result = (|| {
                while want < chunks {
                    let chunk = match pending.remove(&want) {
                        Some(c) => c,
                        None => match rx.recv() {
                            Ok(c) if c.index == want => c,
                            Ok(c) => {
                                pending.insert(c.index, c);
                                continue;
                            }
                            Err(_) => break,
                        },
                    };
                    let start = chunk.index * CHUNK_OBJECTS;
                    let bytes = chunk.data.len();
                    for (i, item) in chunk.items.into_iter().enumerate() {
                        let id = &ids[start + i];
                        let item = item?.map(|(kind, size, from, to)| ObjectItem {
                            id,
                            kind,
                            size,
                            data: &chunk.data[from..to],
                        });
                        f(id, item)?;
                    }
                    want += 1;
                    handed.advance(want, bytes);
                }
                Ok(())
            })();
            stop.store(true, Ordering::Relaxed);
            handed.advance(usize::MAX, 0);
            // workers still sending see the channel closed; then the scope joins them
            drop(rx);
            result
        })
    }

    fn read_item(
        &self,
        id: &ObjectId,
        mode: ReadMode,
        buf: &mut Vec<u8>,
    ) -> Result<Option<(Kind, u64)>> {
        match mode {
            ReadMode::Full => Ok(self.try_read(id, buf)?.map(|kind| (kind, buf.len() as u64))),
            ReadMode::Header => {
                buf.clear();
                Ok(self.try_read_header(id)?.map(|h| (h.kind, h.size)))
            }
        }
    }
}

/// How many chunks the caller has been handed, and how many bytes of bodies are read and not
/// yet handed, for workers to wait on.
#[derive(Default)]
struct Window {
    state: Mutex<WindowState>,
    moved: Condvar,
}

#[derive(Default)]
struct WindowState {
    handed: usize,
    bytes: usize,
}

impl Window {
    fn lock(&self) -> std::sync::MutexGuard<'_, WindowState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Blocks until chunk `index` may be read: it is the one the caller waits for, or it is
    /// within `window` chunks of it while less than [`IN_FLIGHT_BYTES`] wait to be handed
    /// (stopping sets the count to `usize::MAX`, which releases every waiter).
    fn wait_to_start(&self, index: usize, window: usize) {
        let mut state = self.lock();
        while index > state.handed
            && (index >= state.handed.saturating_add(window) || state.bytes >= IN_FLIGHT_BYTES)
        {
            state = self.moved.wait(state).unwrap_or_else(|p| p.into_inner());
        }
    }

    /// A worker read a chunk holding `bytes` of bodies.
    fn add_bytes(&self, bytes: usize) {
        self.lock().bytes += bytes;
    }

    /// The caller has been handed `handed` chunks, the last holding `bytes` of bodies.
    fn advance(&self, handed: usize, bytes: usize) {
        let mut state = self.lock();
        state.handed = handed;
        state.bytes = state.bytes.saturating_sub(bytes);
        drop(state);
        self.moved.notify_all();
    }
}
