//! The manager's view: a worklist grouped by rep, with counts and capacity flags.

use std::collections::BTreeMap;

use crate::id::{QueueId, UserId};
use crate::owner::Owner;
use crate::routing::Roster;

use super::entry::WorklistEntry;
use super::list::Worklist;

/// Who holds a group of entries in a [`ManagerView`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "type", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Holder {
    /// A rep.
    User {
        /// The rep.
        id: UserId,
    },
    /// A queue nobody has taken the leads from yet.
    Queue {
        /// The queue.
        id: QueueId,
    },
    /// Leads with no owner.
    Unowned,
}

impl Holder {
    /// The holder of a lead with this owner (teams aside).
    #[must_use]
    pub fn of(owner: Option<&Owner>) -> Self {
        match owner {
            Some(Owner::User { id, .. }) => Holder::User { id: id.clone() },
            Some(Owner::Queue { id, .. }) => Holder::Queue { id: id.clone() },
            None => Holder::Unowned,
        }
    }
}

/// A rep's capacity as the host knows it: the most leads they take, and optionally the load
/// the host counts (a roster's period load).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Capacity {
    /// The most leads the rep takes; `None` for no limit.
    pub limit: Option<u32>,
    /// The rep's load as the host counts it; `None` to count the rep's open worklist
    /// entries instead.
    pub load: Option<u32>,
}

/// Capacities per rep, from a routing [`Roster`] or a plain map.
///
/// ```
/// use leadflow::routing::{Rep, Roster};
/// use leadflow::worklist::Capacities;
/// let roster = Roster::new().with_rep(Rep::new("ana").with_capacity(20).with_load(25));
/// let from_roster = Capacities::from_roster(&roster);
/// assert_eq!(from_roster.get(&"ana".into()).unwrap().load, Some(25));
/// let plain = Capacities::new().with_limit("bob", 3);
/// assert_eq!(plain.get(&"bob".into()).unwrap().limit, Some(3));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Capacities {
    reps: BTreeMap<UserId, Capacity>,
}

impl Capacities {
    /// No capacities known: nobody is flagged.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Every rep of the roster, with its capacity and its period load.
    #[must_use]
    pub fn from_roster(roster: &Roster) -> Self {
        let reps = roster
            .reps
            .iter()
            .map(|rep| {
                let capacity = Capacity {
                    limit: rep.capacity,
                    load: Some(rep.load),
                };
                (rep.id.clone(), capacity)
            })
            .collect();
        Self { reps }
    }

    /// Limits from a plain map; loads are counted from the worklist.
    #[must_use]
    pub fn from_limits(limits: &BTreeMap<UserId, u32>) -> Self {
        let reps = limits
            .iter()
            .map(|(id, limit)| {
                let capacity = Capacity {
                    limit: Some(*limit),
                    load: None,
                };
                (id.clone(), capacity)
            })
            .collect();
        Self { reps }
    }

    /// The same capacities, with `rep` limited to `limit` (load counted from the worklist).
    #[must_use]
    pub fn with_limit(mut self, rep: impl Into<UserId>, limit: u32) -> Self {
        self.reps.insert(
            rep.into(),
            Capacity {
                limit: Some(limit),
                load: None,
            },
        );
        self
    }

    /// The capacity of `rep`, if known.
    #[must_use]
    pub fn get(&self, rep: &UserId) -> Option<&Capacity> {
        self.reps.get(rep)
    }
}

/// One holder's line in a [`ManagerView`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct RepLine {
    /// The rep, queue, or nobody.
    pub holder: Holder,
    /// Breached entries.
    pub breached: u32,
    /// At-risk entries.
    pub at_risk: u32,
    /// Running entries.
    pub running: u32,
    /// The load compared with the limit: the host's load if it gave one, else the open
    /// entries.
    pub load: u32,
    /// The most leads the rep takes; `None` if unknown or unlimited.
    pub limit: Option<u32>,
    /// Whether the load exceeds the limit.
    pub over_capacity: bool,
    /// The holder's entries, in worklist order.
    pub entries: Vec<WorklistEntry>,
}

impl RepLine {
    /// Entries on the line: breached, at risk and running.
    #[must_use]
    pub fn open(&self) -> u32 {
        self.breached
            .saturating_add(self.at_risk)
            .saturating_add(self.running)
    }
}

/// A worklist grouped by rep (then queues, then unowned leads), each group in worklist
/// order, with counts and capacity flags. Every rep with a known capacity has a line, even
/// with nothing open, so an overloaded rep is flagged whatever the list holds.
///
/// ```
/// use leadflow::worklist::{Capacities, ManagerView, Worklist};
/// let view = ManagerView::new(&Worklist::new(), &Capacities::new().with_limit("ana", 0));
/// assert_eq!(view.lines.len(), 1);
/// assert!(!view.lines[0].over_capacity); // a load of 0 does not exceed 0
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ManagerView {
    /// One line per holder, ordered by holder.
    pub lines: Vec<RepLine>,
}

impl ManagerView {
    /// Groups `worklist` by holder and checks each rep against `capacities`.
    #[must_use]
    pub fn new(worklist: &Worklist, capacities: &Capacities) -> Self {
        let mut groups: BTreeMap<Holder, Vec<WorklistEntry>> = capacities
            .reps
            .keys()
            .map(|id| (Holder::User { id: id.clone() }, Vec::new()))
            .collect();
        for entry in worklist {
            groups
                .entry(Holder::of(entry.owner.as_ref()))
                .or_default()
                .push(entry.clone());
        }
        let lines = groups
            .into_iter()
            .map(|(holder, entries)| line(holder, entries, capacities))
            .collect();
        Self { lines }
    }

    /// The lines flagged over capacity.
    pub fn over_capacity(&self) -> impl Iterator<Item = &RepLine> {
        self.lines.iter().filter(|l| l.over_capacity)
    }
}

fn line(holder: Holder, entries: Vec<WorklistEntry>, capacities: &Capacities) -> RepLine {
    let count = |f: fn(&WorklistEntry) -> bool| {
        u32::try_from(entries.iter().filter(|e| f(e)).count()).unwrap_or(u32::MAX)
    };
    let breached = count(|e| e.urgency.is_breached());
    let at_risk = count(|e| e.urgency.is_at_risk());
    let running = count(|e| e.urgency.is_running());
    let capacity = match &holder {
        Holder::User { id } => capacities.get(id).copied().unwrap_or_default(),
        _ => Capacity::default(),
    };
    let open = u32::try_from(entries.len()).unwrap_or(u32::MAX);
    let load = capacity.load.unwrap_or(open);
    RepLine {
        holder,
        breached,
        at_risk,
        running,
        load,
        limit: capacity.limit,
        over_capacity: capacity.limit.is_some_and(|limit| load > limit),
        entries,
    }
}
