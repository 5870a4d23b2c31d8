//! Sums of outcomes over many leads, per goal, team and owner; mergeable across shards.

use std::borrow::Borrow;
use std::collections::BTreeMap;

use crate::owner::Owner;
use crate::stage::Team;

use super::outcome::{GoalReport, LeadSla, OutcomeKind};

/// How many clocks ended up in each outcome.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Counts {
    /// Met.
    pub met: u64,
    /// Running, below the warning threshold.
    pub running: u64,
    /// Running past the warning threshold.
    pub at_risk: u64,
    /// Breached (stopped late, or still running past the target).
    pub breached: u64,
    /// Paused.
    pub paused: u64,
}

impl Counts {
    /// Counts one outcome.
    pub fn add(&mut self, kind: OutcomeKind) {
        let slot = match kind {
            OutcomeKind::Met => &mut self.met,
            OutcomeKind::Running => &mut self.running,
            OutcomeKind::AtRisk => &mut self.at_risk,
            OutcomeKind::Breached => &mut self.breached,
            OutcomeKind::Paused => &mut self.paused,
        };
        *slot = slot.saturating_add(1);
    }

    /// Adds another tally to this one.
    pub fn merge(&mut self, other: &Counts) {
        self.met = self.met.saturating_add(other.met);
        self.running = self.running.saturating_add(other.running);
        self.at_risk = self.at_risk.saturating_add(other.at_risk);
        self.breached = self.breached.saturating_add(other.breached);
        self.paused = self.paused.saturating_add(other.paused);
    }

    /// All clocks counted.
    #[must_use]
    pub fn total(&self) -> u64 {
        self.met
            .saturating_add(self.running)
            .saturating_add(self.at_risk)
            .saturating_add(self.breached)
            .saturating_add(self.paused)
    }

    /// The clocks still open (running, at risk or paused).
    #[must_use]
    pub fn open(&self) -> u64 {
        self.running
            .saturating_add(self.at_risk)
            .saturating_add(self.paused)
    }

    /// Compliance among decided clocks: met / (met + breached); `None` when none is decided.
    #[must_use]
    pub fn compliance(&self) -> Option<f64> {
        let decided = self.met.saturating_add(self.breached);
        #[allow(clippy::cast_precision_loss)]
        (decided > 0).then(|| self.met as f64 / decided as f64)
    }
}

/// Outcome counts over many leads: in total and per goal, responsible team and owner.
///
/// Built in one pass by [`SlaEvaluator::summarize`](super::SlaEvaluator::summarize) or by
/// [`add`](SlaSummary::add)ing reports; two summaries of disjoint sets of leads
/// [`merge`](SlaSummary::merge) into the summary of their union, so a host can shard by
/// lead and combine.
///
/// ```
/// use leadflow::sla::SlaSummary;
/// let mut left = SlaSummary::new();
/// left.merge(&SlaSummary::new());
/// assert_eq!(left, SlaSummary::new());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct SlaSummary {
    /// Leads evaluated.
    pub leads: u64,
    /// Cycles evaluated.
    pub cycles: u64,
    /// Every clock.
    pub total: Counts,
    /// Per goal name.
    pub per_goal: BTreeMap<String, Counts>,
    /// Per responsible team.
    pub per_team: BTreeMap<Team, Counts>,
    /// Per owner (as in [`GoalReport::owner`]); serialized as a list of pairs.
    #[cfg_attr(feature = "serde", serde(with = "owner_map"))]
    pub per_owner: BTreeMap<Owner, Counts>,
    /// Clocks of leads without an owner.
    pub unowned: Counts,
}

impl SlaSummary {
    /// An empty summary.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one lead's report.
    pub fn add(&mut self, lead: &LeadSla) {
        self.leads = self.leads.saturating_add(1);
        self.cycles = self.cycles.saturating_add(lead.cycles.len() as u64);
        for (_, goal) in lead.goals() {
            self.add_goal(goal);
        }
    }

    fn add_goal(&mut self, goal: &GoalReport) {
        let kind = goal.outcome.kind();
        self.total.add(kind);
        bump(&mut self.per_goal, &*goal.goal, kind);
        self.per_team.entry(goal.team).or_default().add(kind);
        match &goal.owner {
            None => self.unowned.add(kind),
            Some(owner) => bump(&mut self.per_owner, owner, kind),
        }
    }

    /// Adds another summary (of other leads) to this one.
    pub fn merge(&mut self, other: &SlaSummary) {
        self.leads = self.leads.saturating_add(other.leads);
        self.cycles = self.cycles.saturating_add(other.cycles);
        self.total.merge(&other.total);
        for (goal, counts) in &other.per_goal {
            self.per_goal.entry(goal.clone()).or_default().merge(counts);
        }
        for (team, counts) in &other.per_team {
            self.per_team.entry(*team).or_default().merge(counts);
        }
        for (owner, counts) in &other.per_owner {
            self.per_owner
                .entry(owner.clone())
                .or_default()
                .merge(counts);
        }
        self.unowned.merge(&other.unowned);
    }

    /// The two summaries merged.
    #[must_use]
    pub fn merged(mut self, other: &SlaSummary) -> Self {
        self.merge(other);
        self
    }
}

/// Counts `kind` under `key`, cloning the key only the first time it is seen.
pub(crate) fn bump<K, Q>(map: &mut BTreeMap<K, Counts>, key: &Q, kind: OutcomeKind)
where
    K: Ord + Borrow<Q>,
    Q: Ord + ToOwned<Owned = K> + ?Sized,
{
    if let Some(counts) = map.get_mut(key) {
        counts.add(kind);
    } else {
        map.entry(key.to_owned()).or_default().add(kind);
    }
}

#[cfg(feature = "serde")]
mod owner_map {
    use std::collections::BTreeMap;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::Counts;
    use crate::owner::Owner;

    #[derive(Serialize, Deserialize)]
    struct Entry {
        owner: Owner,
        #[serde(flatten)]
        counts: Counts,
    }

    #[derive(Serialize)]
    struct EntryRef<'a> {
        owner: &'a Owner,
        #[serde(flatten)]
        counts: &'a Counts,
    }

    pub(super) fn serialize<S: Serializer>(
        map: &BTreeMap<Owner, Counts>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(map.iter().map(|(owner, counts)| EntryRef { owner, counts }))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<BTreeMap<Owner, Counts>, D::Error> {
        let entries = Vec::<Entry>::deserialize(deserializer)?;
        Ok(entries.into_iter().map(|e| (e.owner, e.counts)).collect())
    }
}
