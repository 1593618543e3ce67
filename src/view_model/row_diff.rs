//! The keyed update of the table's rows: which rows go and where each row
//! of the new order is placed, so that a row whose key stays keeps its
//! element (and the focus inside it) and only rows out of place move.

use std::collections::HashSet;
use std::hash::Hash;

/// One change to the rows on screen, naming rows by their key `K`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowOp<K> {
    /// The row of this key leaves.
    Remove(K),
    /// The row of `key` (new, or moved from later) goes before the row of
    /// `before`, or at the end.
    Place { key: K, before: Option<K> },
}

/// The changes that turn the rows `old` into `new` (keys are unique in
/// each): removals first, then placements in the new order. A row already
/// followed by the right one is not touched, so appending, removing and
/// refreshing an unchanged page move nothing.
pub fn plan<K: Copy + Eq + Hash>(old: &[K], new: &[K]) -> Vec<RowOp<K>> {
    let wanted: HashSet<K> = new.iter().copied().collect();
    let mut ops: Vec<RowOp<K>> = old
        .iter()
        .copied()
        .filter(|key| !wanted.contains(key))
        .map(RowOp::Remove)
        .collect();
    let staying: Vec<K> = old.iter().copied().filter(|key| wanted.contains(key)).collect();
    // The rows on screen are: the placed ones in the new order, then the
    // staying rows from `next` on that have not been placed.
    let mut placed: HashSet<K> = HashSet::with_capacity(new.len());
    let mut next = 0;
    for &key in new {
        while next < staying.len() && placed.contains(&staying[next]) {
            next += 1;
        }
        placed.insert(key);
        if staying.get(next) == Some(&key) {
            next += 1;
            continue;
        }
        ops.push(RowOp::Place {
            key,
            before: staying.get(next).copied(),
        });
    }
    ops
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(s: &str) -> Vec<&str> {
        s.split_whitespace().collect()
    }

    /// Applies the plan to a list, as the table applies it to `<tbody>`.
    fn apply<'a>(old: &[&'a str], ops: &[RowOp<&'a str>]) -> Vec<&'a str> {
        let mut rows: Vec<&str> = old.to_vec();
        for op in ops {
            match *op {
                RowOp::Remove(key) => rows.retain(|r| *r != key),
                RowOp::Place { key, before } => {
                    rows.retain(|r| *r != key);
                    let at = before.map_or(rows.len(), |b| rows.iter().position(|r| *r == b).unwrap());
                    rows.insert(at, key);
                }
            }
        }
        rows
    }

    fn moves(ops: &[RowOp<&str>]) -> usize {
        ops.iter().filter(|op| matches!(op, RowOp::Place { .. })).count()
    }

    #[test]
    fn an_unchanged_page_touches_nothing() {
        let rows = keys("a b c d");
        assert!(plan(&rows, &rows).is_empty());
    }

    #[test]
    fn a_deleted_row_is_only_removed() {
        let (old, new) = (keys("a b c d"), keys("a c d"));
        assert_eq!(plan(&old, &new), vec![RowOp::Remove("b")]);
    }

    #[test]
    fn a_new_page_replaces_every_row_in_order() {
        let (old, new) = (keys("a b"), keys("x y z"));
        let ops = plan(&old, &new);
        assert_eq!(
            ops,
            vec![
                RowOp::Remove("a"),
                RowOp::Remove("b"),
                RowOp::Place {
                    key: "x",
                    before: None
                },
                RowOp::Place {
                    key: "y",
                    before: None
                },
                RowOp::Place {
                    key: "z",
                    before: None
                },
            ]
        );
    }

    #[test]
    fn rows_arriving_at_the_top_are_placed_before_the_first_staying_row() {
        let (old, new) = (keys("c d"), keys("a b c d"));
        let ops = plan(&old, &new);
        assert_eq!(apply(&old, &ops), new);
        assert_eq!(
            ops[0],
            RowOp::Place {
                key: "a",
                before: Some("c")
            }
        );
        assert_eq!(moves(&ops), 2);
    }

    #[test]
    fn one_row_moved_to_the_front_is_one_move() {
        let (old, new) = (keys("a b c d e"), keys("e a b c d"));
        let ops = plan(&old, &new);
        assert_eq!(
            ops,
            vec![RowOp::Place {
                key: "e",
                before: Some("a")
            }]
        );
        assert_eq!(apply(&old, &ops), new);
    }

    #[test]
    fn every_permutation_with_removals_and_additions_ends_in_the_new_order() {
        // All orders of subsets of five keys plus new ones, against a fixed
        // old order: the plan always yields exactly the new list.
        let old = keys("a b c d e");
        let pool = ["a", "b", "c", "d", "e", "x", "y"];
        let mut seed = 7u32;
        for _ in 0..2000 {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let mut new: Vec<&str> = pool
                .iter()
                .enumerate()
                .filter(|(i, _)| seed >> (i + 3) & 1 == 1)
                .map(|(_, k)| *k)
                .collect();
            // Shuffle by the seed.
            for i in (1..new.len()).rev() {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                let j = (seed as usize >> 8) % (i + 1);
                new.swap(i, j);
            }
            let ops = plan(&old, &new);
            assert_eq!(apply(&old, &ops), new, "old {old:?} new {new:?} ops {ops:?}");
            assert!(moves(&ops) <= new.len());
        }
    }
}
