//! Funnel stages (the demand waterfall) and the team that owns each.

use std::fmt;

/// The team that owns a stage: who is expected to act on a lead while it sits there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Team {
    /// Marketing: captures, nurtures and qualifies leads.
    Marketing,
    /// Sales: accepts, works and closes leads.
    Sales,
}

/// A stage of the lead lifecycle.
///
/// The progression stages, in order, are [`Inquiry`](Stage::Inquiry) through
/// [`Advocate`](Stage::Advocate); [`Nurture`](Stage::Nurture),
/// [`Disqualified`](Stage::Disqualified) and [`Lost`](Stage::Lost) are exits from it.
///
/// ```
/// use leadflow::{Stage, Team};
/// assert_eq!(Stage::HandedOff.team(), Team::Sales);
/// assert_eq!(Stage::Nurture.team(), Team::Marketing);
/// assert!(Stage::Sal.progression_rank() > Stage::Mql.progression_rank());
/// assert_eq!(Stage::Lost.progression_rank(), None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Stage {
    /// A known contact who raised a hand or was captured.
    Inquiry,
    /// A marketing-qualified lead: meets the agreed definition of a good lead.
    Mql,
    /// Passed to a sales owner or queue, awaiting acceptance (the sales clock runs).
    HandedOff,
    /// A sales-accepted lead: sales commits to work it.
    Sal,
    /// A sales-qualified lead: a real buying prospect.
    Sql,
    /// In the pipeline with a value.
    Opportunity,
    /// Won.
    Customer,
    /// A loyal, referring customer.
    Advocate,
    /// Recycled to marketing: not ready now.
    Nurture,
    /// Not a fit (bad data, competitor, no budget).
    Disqualified,
    /// The opportunity was lost.
    Lost,
}

impl Stage {
    /// Every stage, in declaration order.
    pub const ALL: [Stage; 11] = [
        Stage::Inquiry,
        Stage::Mql,
        Stage::HandedOff,
        Stage::Sal,
        Stage::Sql,
        Stage::Opportunity,
        Stage::Customer,
        Stage::Advocate,
        Stage::Nurture,
        Stage::Disqualified,
        Stage::Lost,
    ];

    /// The number of stages.
    pub const COUNT: usize = 11;

    /// The team that owns the stage.
    #[must_use]
    pub const fn team(self) -> Team {
        match self {
            Stage::Inquiry | Stage::Mql | Stage::Nurture | Stage::Disqualified => Team::Marketing,
            Stage::HandedOff
            | Stage::Sal
            | Stage::Sql
            | Stage::Opportunity
            | Stage::Customer
            | Stage::Advocate
            | Stage::Lost => Team::Sales,
        }
    }

    /// The position in the forward progression (Inquiry = 0 … Advocate = 7), or `None` for
    /// the exit stages Nurture, Disqualified and Lost.
    #[must_use]
    pub const fn progression_rank(self) -> Option<u8> {
        match self {
            Stage::Inquiry => Some(0),
            Stage::Mql => Some(1),
            Stage::HandedOff => Some(2),
            Stage::Sal => Some(3),
            Stage::Sql => Some(4),
            Stage::Opportunity => Some(5),
            Stage::Customer => Some(6),
            Stage::Advocate => Some(7),
            Stage::Nurture | Stage::Disqualified | Stage::Lost => None,
        }
    }

    /// A dense index (0..11) in declaration order, for per-stage arrays.
    #[must_use]
    pub const fn index(self) -> usize {
        self as usize
    }

    /// The stage at a dense index, if any.
    #[must_use]
    pub const fn from_index(index: usize) -> Option<Stage> {
        if index < Self::COUNT {
            Some(Self::ALL[index])
        } else {
            None
        }
    }

    /// Whether the lead has left the funnel for good unless someone acts
    /// (Disqualified, Lost) or has closed (Customer, Advocate).
    #[must_use]
    pub const fn is_closed(self) -> bool {
        matches!(
            self,
            Stage::Customer | Stage::Advocate | Stage::Disqualified | Stage::Lost
        )
    }

    /// The stage's name in snake case, as serialized.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Stage::Inquiry => "inquiry",
            Stage::Mql => "mql",
            Stage::HandedOff => "handed_off",
            Stage::Sal => "sal",
            Stage::Sql => "sql",
            Stage::Opportunity => "opportunity",
            Stage::Customer => "customer",
            Stage::Advocate => "advocate",
            Stage::Nurture => "nurture",
            Stage::Disqualified => "disqualified",
            Stage::Lost => "lost",
        }
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl fmt::Display for Team {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(match self {
            Team::Marketing => "marketing",
            Team::Sales => "sales",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_round_trips() {
        for (i, stage) in Stage::ALL.iter().enumerate() {
            assert_eq!(stage.index(), i);
            assert_eq!(Stage::from_index(i), Some(*stage));
        }
        assert_eq!(Stage::from_index(Stage::COUNT), None);
    }

    #[test]
    fn progression_is_strictly_increasing() {
        let ranks: Vec<u8> = Stage::ALL
            .iter()
            .filter_map(|s| s.progression_rank())
            .collect();
        assert_eq!(ranks, (0..8).collect::<Vec<u8>>());
    }
}
