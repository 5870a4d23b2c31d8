//! Serializes arrays indexed by [`Stage::index`] as objects keyed by stage name, so that the
//! JSON reads `{"inquiry": 4, "mql": 3}` rather than positional arrays.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::stage::Stage;

type Counts = [u64; Stage::COUNT];

/// Every stage with its count, in stage order.
pub(crate) mod counts {
    use super::{BTreeMap, Counts, Deserialize, Deserializer, Serializer, Stage};

    pub(crate) fn serialize<S: Serializer>(counts: &Counts, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(Stage::ALL.iter().zip(counts.iter()))
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Counts, D::Error> {
        let map = BTreeMap::<Stage, u64>::deserialize(d)?;
        Ok(super::to_counts(&map))
    }
}

fn to_counts(map: &BTreeMap<Stage, u64>) -> Counts {
    let mut counts = [0; Stage::COUNT];
    for (stage, n) in map {
        if let Some(slot) = counts.get_mut(stage.index()) {
            *slot = *n;
        }
    }
    counts
}

/// `from -> to -> count`, leaving out zeros.
pub(crate) mod matrix {
    use super::{BTreeMap, Counts, Deserialize, Deserializer, Serialize, Serializer, Stage};

    struct Row<'a>(&'a Counts);

    impl Serialize for Row<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.collect_map(
                Stage::ALL
                    .iter()
                    .zip(self.0.iter())
                    .filter(|(_, n)| **n > 0),
            )
        }
    }

    pub(crate) fn serialize<S: Serializer>(
        matrix: &[Counts; Stage::COUNT],
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.collect_map(
            Stage::ALL
                .iter()
                .zip(matrix.iter())
                .filter(|(_, row)| row.iter().any(|n| *n > 0))
                .map(|(stage, counts)| (stage, Row(counts))),
        )
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<[Counts; Stage::COUNT], D::Error> {
        let map = BTreeMap::<Stage, BTreeMap<Stage, u64>>::deserialize(d)?;
        let mut matrix = [[0; Stage::COUNT]; Stage::COUNT];
        for (stage, row) in &map {
            if let Some(slot) = matrix.get_mut(stage.index()) {
                *slot = super::to_counts(row);
            }
        }
        Ok(matrix)
    }
}
