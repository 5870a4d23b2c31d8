//! The roster snapshot the host keeps: reps, queues and account owners.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::id::{QueueId, TeamId, UserId};
use crate::routing::decision::SkipReason;
use crate::routing::territory::TerritoryId;

/// A span of time a rep is away, `[start, end)` in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Absence {
    /// The first instant away.
    pub start: DateTime<Utc>,
    /// The first instant back; after `start`.
    pub end: DateTime<Utc>,
}

impl Absence {
    /// Whether `now` falls in `[start, end)`.
    #[must_use]
    pub fn contains(&self, now: DateTime<Utc>) -> bool {
        self.start <= now && now < self.end
    }
}

/// A sales rep who can be handed leads, with what the router needs to know about them.
///
/// The host refreshes `active`, `out_of_office`, `load` (and may change `capacity` and
/// `weight`) between decisions without rebuilding the [`Router`](crate::routing::Router);
/// changing who is in the roster or what a rep covers (territories, segments, queues) needs
/// a new router.
///
/// ```
/// use leadflow::routing::Rep;
/// let ana = Rep::new("ana").in_team("emea").covering("dach").with_weight(2).with_capacity(40);
/// assert!(ana.active);
/// assert_eq!(ana.weight, 2);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Rep {
    /// The rep.
    pub id: UserId,
    /// The rep's team, carried into the [`Owner`](crate::Owner) the lead is handed to.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub team: Option<TeamId>,
    /// The queues the rep works from.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Vec::is_empty")
    )]
    pub queues: Vec<QueueId>,
    /// Whether the rep takes leads at all (false for someone who left or is suspended).
    pub active: bool,
    /// When the rep is away.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Vec::is_empty")
    )]
    pub out_of_office: Vec<Absence>,
    /// The most leads the rep takes in the current period; `None` for no limit.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub capacity: Option<u32>,
    /// The leads the rep already has in the current period.
    pub load: u32,
    /// The rep's share of round-robin turns relative to the others; 0 takes no routed leads.
    pub weight: u32,
    /// The territories the rep covers.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Vec::is_empty")
    )]
    pub territories: Vec<TerritoryId>,
    /// The segments the rep covers (values of the segment attribute).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Vec::is_empty")
    )]
    pub segments: Vec<String>,
}

impl Rep {
    /// An active rep with weight 1, no load, no capacity limit, covering nothing yet.
    #[must_use]
    pub fn new(id: impl Into<UserId>) -> Self {
        Self {
            id: id.into(),
            team: None,
            queues: Vec::new(),
            active: true,
            out_of_office: Vec::new(),
            capacity: None,
            load: 0,
            weight: 1,
            territories: Vec::new(),
            segments: Vec::new(),
        }
    }

    /// The same rep, in `team`.
    #[must_use]
    pub fn in_team(mut self, team: impl Into<TeamId>) -> Self {
        self.team = Some(team.into());
        self
    }

    /// The same rep, also working from `queue`.
    #[must_use]
    pub fn in_queue(mut self, queue: impl Into<QueueId>) -> Self {
        self.queues.push(queue.into());
        self
    }

    /// The same rep, also covering `territory`.
    #[must_use]
    pub fn covering(mut self, territory: impl Into<TerritoryId>) -> Self {
        self.territories.push(territory.into());
        self
    }

    /// The same rep, also covering `segment`.
    #[must_use]
    pub fn serving(mut self, segment: impl Into<String>) -> Self {
        self.segments.push(segment.into());
        self
    }

    /// The same rep with `weight`.
    #[must_use]
    pub fn with_weight(mut self, weight: u32) -> Self {
        self.weight = weight;
        self
    }

    /// The same rep with a capacity per period.
    #[must_use]
    pub fn with_capacity(mut self, capacity: u32) -> Self {
        self.capacity = Some(capacity);
        self
    }

    /// The same rep with `load` leads in the current period.
    #[must_use]
    pub fn with_load(mut self, load: u32) -> Self {
        self.load = load;
        self
    }

    /// The same rep, inactive.
    #[must_use]
    pub fn inactive(mut self) -> Self {
        self.active = false;
        self
    }

    /// The same rep, away during `[start, end)`.
    #[must_use]
    pub fn away(mut self, start: DateTime<Utc>, end: DateTime<Utc>) -> Self {
        self.out_of_office.push(Absence { start, end });
        self
    }

    /// Why the rep cannot take a lead at `now`, or `None` if they can: inactive, out of
    /// office, or at capacity, checked in that order. Weight is not considered here.
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use leadflow::routing::{Rep, SkipReason};
    /// let now = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
    /// assert_eq!(Rep::new("ana").unavailability(now), None);
    /// assert_eq!(Rep::new("ana").with_capacity(3).with_load(3).unavailability(now),
    ///            Some(SkipReason::AtCapacity { load: 3, capacity: 3 }));
    /// ```
    #[must_use]
    pub fn unavailability(&self, now: DateTime<Utc>) -> Option<SkipReason> {
        if !self.active {
            return Some(SkipReason::Inactive);
        }
        if let Some(absence) = self.out_of_office.iter().find(|a| a.contains(now)) {
            return Some(SkipReason::OutOfOffice { until: absence.end });
        }
        match self.capacity {
            Some(capacity) if self.load >= capacity => Some(SkipReason::AtCapacity {
                load: self.load,
                capacity,
            }),
            _ => None,
        }
    }
}

/// A shared work queue leads can be handed to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Queue {
    /// The queue.
    pub id: QueueId,
    /// The team the queue belongs to.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub team: Option<TeamId>,
}

impl Queue {
    /// A queue with no team.
    #[must_use]
    pub fn new(id: impl Into<QueueId>) -> Self {
        Self {
            id: id.into(),
            team: None,
        }
    }

    /// The same queue, in `team`.
    #[must_use]
    pub fn in_team(mut self, team: impl Into<TeamId>) -> Self {
        self.team = Some(team.into());
        self
    }
}

/// The roster snapshot: plain data the host keeps and passes in with every decision.
///
/// ```
/// use leadflow::routing::{Queue, Rep, Roster};
/// let roster = Roster::new()
///     .with_rep(Rep::new("ana").covering("dach"))
///     .with_queue(Queue::new("inbound"))
///     .with_account_owner("acme", "ana");
/// assert_eq!(roster.reps.len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Roster {
    /// The reps; ids are unique.
    pub reps: Vec<Rep>,
    /// The queues rules and fallbacks may name.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Vec::is_empty")
    )]
    pub queues: Vec<Queue>,
    /// Who owns each account (by the value of the lead's account attribute).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "BTreeMap::is_empty")
    )]
    pub account_owners: BTreeMap<String, UserId>,
}

impl Roster {
    /// An empty roster.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// The same roster with one more rep.
    #[must_use]
    pub fn with_rep(mut self, rep: Rep) -> Self {
        self.reps.push(rep);
        self
    }

    /// The same roster with one more queue.
    #[must_use]
    pub fn with_queue(mut self, queue: Queue) -> Self {
        self.queues.push(queue);
        self
    }

    /// The same roster, with `account` owned by `owner`.
    #[must_use]
    pub fn with_account_owner(
        mut self,
        account: impl Into<String>,
        owner: impl Into<UserId>,
    ) -> Self {
        self.account_owners.insert(account.into(), owner.into());
        self
    }

    /// The rep with `id`, by a linear scan (the router keeps an index).
    #[must_use]
    pub fn rep(&self, id: &UserId) -> Option<&Rep> {
        self.reps.iter().find(|rep| rep.id == *id)
    }

    /// The rep with `id`, mutably, to update their load or status between decisions.
    pub fn rep_mut(&mut self, id: &UserId) -> Option<&mut Rep> {
        self.reps.iter_mut().find(|rep| rep.id == *id)
    }
}
