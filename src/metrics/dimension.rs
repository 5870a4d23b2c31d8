//! Report dimensions and the group keys they produce.

use std::fmt;

use super::facts::LeadFacts;
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

fn or_none(value: Option<String>) -> String {
    value.unwrap_or_else(|| NONE.to_owned())
}

/// The group keys of a lead: the cartesian product of its values for each dimension.
pub(crate) fn group_keys(
    dimensions: &[Dimension],
    segments: &[Segment],
    facts: &LeadFacts<'_>,
) -> Vec<GroupKey> {
    let mut keys = vec![GroupKey(Vec::with_capacity(dimensions.len()))];
    for dimension in dimensions {
        let values: Vec<String> = match dimension {
            Dimension::Source => vec![or_none(facts.source.map(ToString::to_string))],
            Dimension::Campaign => vec![or_none(facts.campaign.map(ToString::to_string))],
            Dimension::Owner => vec![or_none(facts.owner.map(ToString::to_string))],
            Dimension::Team => vec![or_none(
                facts.owner.and_then(|o| o.team()).map(ToString::to_string),
            )],
            Dimension::Segment => {
                let stage = facts.stage();
                let attributes = facts.attributes();
                let names: Vec<String> = segments
                    .iter()
                    .filter(|s| s.matches(stage, &attributes))
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
