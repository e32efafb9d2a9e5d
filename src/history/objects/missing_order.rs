//! The order `rev-list --missing=print` lists missing objects in at the end (`?<id>` each): the
//! order of git's `oidset` (a khash table) when it is walked bucket by bucket.
//!
//! The table starts with 16384 buckets; an id goes into the bucket its first four bytes
//! (little-endian) select, and on a collision probes 1, 2, 3… buckets further on. git grows
//! the set past 12616 ids; beyond that this is the same set, in bucket order of the first
//! size, with what did not fit at the end.

use crate::oid::ObjectId;

const BUCKETS: usize = 1 << 14;

/// `missing` in git's `--missing=print` order, each id once.
pub fn missing_in_git_order(missing: &[ObjectId]) -> Vec<ObjectId> {
    let mask = BUCKETS - 1;
    let mut table: Vec<Option<ObjectId>> = vec![None; BUCKETS];
    let mut overflow = Vec::new();
    for id in missing {
        let b = id.as_bytes();
        let mut i = u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize & mask;
        let mut step = 0;
        loop {
            match table.get(i).copied().flatten() {
                None => {
                    if let Some(slot) = table.get_mut(i) {
                        *slot = Some(*id);
                    }
                    break;
                }
                Some(there) if there == *id => break,
                Some(_) if step >= mask => {
                    overflow.push(*id);
                    break;
                }
                Some(_) => {
                    step += 1;
                    i = (i + step) & mask;
                }
            }
        }
    }
    table.into_iter().flatten().chain(overflow).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(first: [u8; 4], fill: u8) -> ObjectId {
        let mut raw = [fill; 20];
        raw[..4].copy_from_slice(&first);
        ObjectId::from_raw(raw)
    }

    #[test]
    fn ids_come_in_bucket_order_of_their_first_four_bytes_little_endian() {
        let low = id([1, 0, 0, 0], 0xaa);
        let high = id([0, 1, 0, 0], 0xbb);
        let wrapped = id([2, 0, 1, 0], 0xcc); // bucket 2: the third byte is masked away
        assert_eq!(
            missing_in_git_order(&[high, wrapped, low]),
            [low, wrapped, high]
        );
    }

    #[test]
    fn a_collision_probes_further_on_and_duplicates_are_listed_once() {
        let a = id([5, 0, 0, 0], 1);
        let b = id([5, 0, 0, 0], 2); // bucket 5 taken: probes 6
        let c = id([6, 0, 0, 0], 3); // bucket 6 taken: probes 7
        let d = id([7, 0, 0, 0], 4); // 7 taken: 8, then 10
        assert_eq!(missing_in_git_order(&[a, b, a, c, d]), [a, b, c, d]);
    }
}
