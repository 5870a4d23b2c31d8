//! Report dimensions and the group keys they produce.

use std::fmt;

use crate::id::{CampaignId, Source, TeamId};
use crate::owner::Owner;

use super::facts::LeadFacts;
use super::intern::Interner;
use super::segment::Segment;

/// What a report can be broken down by. Values are taken at the end of each history: the
/// lead's source, its sourcing campaign, its owner and the owner's team, and the segments it
/// belongs to (see [`Segment`]). A lead without a value is grouped under [`NONE`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Dimension {
    /// The lead's [`Source`](crate::Source).
    Source,
    /// The campaign that sourced the lead.
    Campaign,
    /// The lead's owner (`user <id>` or `queue <id>`).
    Owner,
    /// The owner's team.
    Team,
    /// Each segment the lead belongs to (a lead in two segments is in two groups).
    Segment,
}

impl fmt::Display for Dimension {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Dimension::Source => "source",
            Dimension::Campaign => "campaign",
            Dimension::Owner => "owner",
            Dimension::Team => "team",
            Dimension::Segment => "segment",
        })
    }
}

/// The value standing for "none" in a group key: a lead without a source, campaign, owner or
/// team, or in no segment.
pub const NONE: &str = "(none)";

/// The values of a report's dimensions for one group, in the order of the dimensions.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
pub struct GroupKey(pub Vec<String>);

impl fmt::Display for GroupKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("all");
        }
        f.write_str(&self.0.join(" / "))
    }
}

/// One dimension value of a lead, its text interned: the cheap, comparable form of a group
/// key's value, turned back into text only once per distinct combination.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Part {
    None,
    Text(usize),
    User(usize),
    Queue(usize),
    /// The indices of the segments the lead is in.
    Segments(Vec<u32>),
}

/// Fills `parts` with the lead's value for each dimension.
pub(crate) fn parts<'a>(
    dimensions: &[Dimension],
    segments: &[Segment],
    facts: &LeadFacts<'a>,
    interner: &mut Interner<'a>,
    parts: &mut Vec<Part>,
) {
    parts.clear();
    for dimension in dimensions {
        let part = scalar_part(*dimension, facts, interner).unwrap_or_else(|| {
            let stage = facts.stage();
            let attributes = facts.attributes();
            Part::Segments(
                segments
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| s.matches(stage, &attributes))
                    .map(|(i, _)| u32::try_from(i).unwrap_or(u32::MAX))
                    .collect(),
            )
        });
        parts.push(part);
    }
}

/// The lead's value for a dimension of one value (all but segments), its text interned;
/// `None` for segments.
pub(crate) fn scalar_part<'a>(
    dimension: Dimension,
    facts: &LeadFacts<'a>,
    interner: &mut Interner<'a>,
) -> Option<Part> {
    let mut text =
        |text: Option<&'a str>| text.map_or(Part::None, |t| Part::Text(interner.id(t).0));
    Some(match dimension {
        Dimension::Source => text(facts.source.map(Source::as_str)),
        Dimension::Campaign => text(facts.campaign.map(CampaignId::as_str)),
        Dimension::Team => text(facts.owner.and_then(Owner::team).map(TeamId::as_str)),
        Dimension::Owner => match facts.owner {
            None => Part::None,
            Some(Owner::User { id, .. }) => match text(Some(id.as_str())) {
                Part::Text(n) => Part::User(n),
                other => other,
            },
            Some(Owner::Queue { id, .. }) => match text(Some(id.as_str())) {
                Part::Text(n) => Part::Queue(n),
                other => other,
            },
        },
        Dimension::Segment => return None,
    })
}

/// The group keys of a lead with dimension values `parts`: the cartesian product of its
/// values for each dimension (a lead in no segment is under [`NONE`]).
pub(crate) fn group_keys(
    segments: &[Segment],
    interner: &Interner<'_>,
    parts: &[Part],
) -> Vec<GroupKey> {
    let name = |n: usize| interner.name(n).unwrap_or(NONE).to_owned();
    let mut keys = vec![GroupKey(Vec::with_capacity(parts.len()))];
    for part in parts {
        let values: Vec<String> = match part {
            Part::None => vec![NONE.to_owned()],
            Part::Text(n) => vec![name(*n)],
            Part::User(n) => vec![format!("user {}", name(*n))],
            Part::Queue(n) => vec![format!("queue {}", name(*n))],
            Part::Segments(indices) => {
                let names: Vec<String> = indices
                    .iter()
                    .filter_map(|i| segments.get(usize::try_from(*i).ok()?))
                    .map(|s| s.name.clone())
                    .collect();
                if names.is_empty() {
                    vec![NONE.to_owned()]
                } else {
                    names
                }
            }
        };
        keys = keys
            .into_iter()
            .flat_map(|key| {
                values.iter().map(move |value| {
                    let mut next = key.clone();
                    next.0.push(value.clone());
                    next
                })
            })
            .collect();
    }
    keys.sort();
    keys.dedup();
    keys
}
