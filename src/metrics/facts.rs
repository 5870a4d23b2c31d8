//! What the reports need from one lead's history, read in one pass.

use chrono::{DateTime, Utc};

use crate::attribute::Attributes;
use crate::event::{Event, EventEnvelope};
use crate::id::{CampaignId, LeadId, Source};
use crate::money::Money;
use crate::owner::Owner;
use crate::stage::Stage;

use super::prefetch::prefetch;

/// How many histories [`for_each_lead`] loads before it hands any over.
///
/// Reading a batch of histories back to back, rather than one between the reports' work on
/// each lead, kept more of their memory reads in flight (on the B7 bench the pass took
/// about 10% less time with 8 than with 1, 3 Dec 2026). Since the next batch is prefetched
/// while a batch is added, 8 measures best: 45.9–46.3 ns an event on the B7 bench (probe,
/// best of five, three rounds), against 46.6–46.9 with 4, 46.4–47.4 with 12 and 16, and
/// 48.2–48.4 with 32 (4 Dec 2026). A batch's facts and envelopes stay within the core's
/// first-level cache.
const LOAD_AHEAD: usize = 8;

/// Loads each non-empty history of `histories` and hands its facts to `add`, in order,
/// stopping at the first error.
///
/// Histories are loaded [`LOAD_AHEAD`] at a time. Before a batch's leads are handed over,
/// the next batch's histories are taken from the iterator, and while each lead is handed
/// over the memory of one of them is prefetched ([`prefetch_history`]): the next batch's
/// envelopes are then fetched while this one's leads are added, rather than while it is
/// loaded. On the B7 bench (10M events, histories far beyond the caches) the pass took
/// 45.9–46.3 ns an event against 52.7–53.1 without (probe, best of five, three rounds,
/// 4 Dec 2026; see BENCHMARKS.md). So the iterator is read up to `2 * LOAD_AHEAD - 1`
/// histories ahead of the lead handed over; loading is pure, so that is not observable but
/// through the iterator.
pub(crate) fn for_each_lead<'a, I, E>(
    histories: I,
    mut add: impl FnMut(&LeadFacts<'a>) -> Result<(), E>,
) -> Result<(), E>
where
    I: IntoIterator<Item = &'a [EventEnvelope]>,
{
    // Grown as needed, so that a pass over one lead keeps one buffer.
    let mut batch: Vec<LeadFacts<'a>> = Vec::new();
    let mut histories = histories.into_iter();
    let mut current: Vec<&'a [EventEnvelope]> = histories.by_ref().take(LOAD_AHEAD).collect();
    let mut next: Vec<&'a [EventEnvelope]> = Vec::with_capacity(LOAD_AHEAD);
    while !current.is_empty() {
        let mut loaded = 0;
        for history in &current {
            if batch.len() == loaded {
                batch.push(LeadFacts::new());
            }
            if let Some(facts) = batch.get_mut(loaded) {
                if facts.load(history) {
                    loaded += 1;
                }
            }
        }
        next.clear();
        // A short batch means the iterator has ended: it is not read again.
        if current.len() == LOAD_AHEAD {
            next.extend(histories.by_ref().take(LOAD_AHEAD));
        }
        let mut upcoming = next.iter();
        for facts in batch.iter().take(loaded) {
            if let Some(history) = upcoming.next() {
                prefetch_history(history);
            }
            add(facts)?;
        }
        upcoming.for_each(|history| prefetch_history(history));
        std::mem::swap(&mut current, &mut next);
    }
    Ok(())
}

/// Prefetches what [`LeadFacts::load`] reads of each envelope of `history`: the line where
/// the envelope starts (its event) and the line of its time. Two hints an envelope measured
/// best on the B7 bench: one saved 7–9% of the pass, these two 9–10%, and three (start,
/// actor, sequence number) about 1% (4 Dec 2026, see BENCHMARKS.md).
fn prefetch_history(history: &[EventEnvelope]) {
    for envelope in history {
        prefetch(envelope);
        prefetch(&envelope.occurred_at);
    }
}

/// One entry into a stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Entry {
    pub(crate) stage: Stage,
    pub(crate) at: DateTime<Utc>,
}

/// A campaign touch: an activity with a campaign, or the sourcing campaign at capture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Touch<'a> {
    pub(crate) at: DateTime<Utc>,
    pub(crate) campaign: &'a CampaignId,
}

/// What became of a handoff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome<'a> {
    Pending,
    Accepted,
    Rejected { code: &'a str },
}

/// One handoff to sales and what followed it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Handoff<'a> {
    pub(crate) at: DateTime<Utc>,
    pub(crate) outcome: Outcome<'a>,
    /// The first touch by the owner (`Activity::by` equal to the owner's user id at the time
    /// the activity was recorded) dated at or after the handoff.
    pub(crate) first_touch: Option<DateTime<Utc>>,
}

/// The facts of one lead, borrowed from its history.
#[derive(Debug, Clone)]
pub(crate) struct LeadFacts<'a> {
    pub(crate) history: &'a [EventEnvelope],
    pub(crate) lead_id: LeadId,
    pub(crate) captured_at: DateTime<Utc>,
    pub(crate) source: Option<&'a Source>,
    pub(crate) campaign: Option<&'a CampaignId>,
    /// The owner at the end of the history.
    pub(crate) owner: Option<&'a Owner>,
    /// Every stage entry, in history order (the capture first).
    pub(crate) entries: Vec<Entry>,
    /// Campaign touches sorted by time (stable: equal times keep history order).
    pub(crate) touches: Vec<Touch<'a>>,
    pub(crate) handoffs: Vec<Handoff<'a>>,
    pub(crate) wins: Vec<(DateTime<Utc>, Money)>,
}

impl<'a> LeadFacts<'a> {
    /// Facts of no lead yet: a buffer to [`load`](Self::load) histories into, reusing its
    /// allocations from one lead to the next.
    pub(crate) fn new() -> Self {
        LeadFacts {
            history: &[],
            lead_id: LeadId::from_u128(0),
            captured_at: DateTime::<Utc>::UNIX_EPOCH,
            source: None,
            campaign: None,
            owner: None,
            entries: Vec::with_capacity(16),
            touches: Vec::with_capacity(8),
            handoffs: Vec::with_capacity(2),
            wins: Vec::with_capacity(1),
        }
    }

    /// Reads a history in one pass into this buffer; `false` (and nothing to read) for an
    /// empty history.
    pub(crate) fn load(&mut self, history: &'a [EventEnvelope]) -> bool {
        let Some(first) = history.first() else {
            return false;
        };
        self.history = history;
        self.lead_id = first.lead_id;
        self.captured_at = first.occurred_at;
        self.source = None;
        self.campaign = None;
        self.owner = None;
        self.entries.clear();
        self.touches.clear();
        self.handoffs.clear();
        self.wins.clear();
        if !matches!(first.event, Event::Captured { .. }) {
            self.entries.push(Entry {
                stage: Stage::Inquiry,
                at: first.occurred_at,
            });
        }
        let mut touches_sorted = true;
        for envelope in history {
            self.apply(envelope, &mut touches_sorted);
        }
        if !touches_sorted {
            self.touches.sort_by_key(|t| t.at);
        }
        true
    }

    fn apply(&mut self, envelope: &'a EventEnvelope, touches_sorted: &mut bool) {
        let at = envelope.occurred_at;
        let event = &envelope.event;
        // One dispatch on the event: every arm enters the stage `Event::target_stage` names
        // (`enter`, inlined, folds it to the arm's own variant), so the mapping stays in one
        // place and the event is not matched twice; two jump tables on the kind were 1.2
        // mispredicted indirect branches an event of the B7 bench (callgrind, 3 Dec 2026).
        match event {
            Event::Captured {
                owner,
                source,
                campaign,
                ..
            } => {
                self.enter(event, at);
                self.captured_at = at;
                self.owner = owner.as_ref();
                self.source = source.as_ref();
                self.campaign = campaign.as_ref();
                if let Some(campaign) = campaign {
                    self.push_touch(Touch { at, campaign }, touches_sorted);
                }
            }
            Event::ActivityRecorded { activity } => {
                self.enter(event, at);
                if let Some(campaign) = &activity.campaign {
                    let touch = Touch {
                        at: activity.at,
                        campaign,
                    };
                    self.push_touch(touch, touches_sorted);
                }
                let owner = self.owner.and_then(Owner::user_id);
                if activity.by.is_some() && activity.by.as_ref() == owner {
                    if let Some(handoff) = self.handoffs.last_mut() {
                        if activity.at >= handoff.at {
                            let first = handoff
                                .first_touch
                                .map_or(activity.at, |t| t.min(activity.at));
                            handoff.first_touch = Some(first);
                        }
                    }
                }
            }
            Event::HandedOff { to } => {
                self.enter(event, at);
                self.owner = Some(to);
                self.handoffs.push(Handoff {
                    at,
                    outcome: Outcome::Pending,
                    first_touch: None,
                });
            }
            Event::Accepted { owner } => {
                self.enter(event, at);
                self.owner = Some(owner);
                self.settle(Outcome::Accepted);
            }
            Event::Rejected { reason, .. } => {
                self.enter(event, at);
                self.settle(Outcome::Rejected { code: &reason.code });
            }
            Event::Reassigned { to, .. } => {
                self.enter(event, at);
                self.owner = Some(to);
            }
            Event::Won { amount } => {
                self.enter(event, at);
                self.wins.push((at, *amount));
            }
            Event::AttributesUpdated { .. }
            | Event::QualifiedMql
            | Event::QualifiedSql
            | Event::ConvertedToOpportunity { .. }
            | Event::OpportunityUpdated { .. }
            | Event::Lost { .. }
            | Event::Recycled { .. }
            | Event::Disqualified { .. }
            | Event::PromotedToAdvocate
            | Event::SubStatusSet { .. } => self.enter(event, at),
        }
    }

    /// Records the entry into the stage `event` moves the lead into, if it moves it.
    fn enter(&mut self, event: &Event, at: DateTime<Utc>) {
        if let Some(stage) = event.target_stage() {
            self.entries.push(Entry { stage, at });
        }
    }

    fn push_touch(&mut self, touch: Touch<'a>, sorted: &mut bool) {
        if self.touches.last().is_some_and(|last| last.at > touch.at) {
            *sorted = false;
        }
        self.touches.push(touch);
    }

    fn settle(&mut self, outcome: Outcome<'a>) {
        if let Some(handoff) = self.handoffs.last_mut() {
            if handoff.outcome == Outcome::Pending {
                handoff.outcome = outcome;
            }
        }
    }

    /// The stage at the end of the history.
    pub(crate) fn stage(&self) -> Stage {
        self.entries.last().map_or(Stage::Inquiry, |e| e.stage)
    }

    /// The attributes at the end of the history (folded on demand: only segments need them).
    pub(crate) fn attributes(&self) -> Attributes {
        let mut attributes = Attributes::new();
        for envelope in self.history {
            match &envelope.event {
                Event::Captured { attributes: a, .. } => attributes.clone_from(a),
                Event::AttributesUpdated { set, remove } => {
                    for name in remove {
                        attributes.remove(name);
                    }
                    for (name, value) in set {
                        attributes.insert(name.clone(), value.clone());
                    }
                }
                _ => {}
            }
        }
        attributes
    }

    /// The latest entry into `stage` at or before `at` (the plain method: the attribution
    /// keeps the lead's MQL and opportunity entries apart and searches those).
    #[cfg(test)]
    pub(crate) fn last_entry_before(
        &self,
        stage: Stage,
        at: DateTime<Utc>,
    ) -> Option<DateTime<Utc>> {
        self.entries
            .iter()
            .rev()
            .find(|e| e.stage == stage && e.at <= at)
            .map(|e| e.at)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::cast_possible_wrap)] // small test numbers

    use chrono::{DateTime, TimeDelta, TimeZone, Utc};
    use proptest::collection::vec;

    use super::{LOAD_AHEAD, LeadFacts, for_each_lead};
    use crate::event::{Event, EventEnvelope, SCHEMA_VERSION};
    use crate::{Actor, CommandId, LeadId, Role};

    fn t(hour: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 2, 20, 0, 0, 0).unwrap() + TimeDelta::hours(hour)
    }

    /// A history of `len` events of lead `id` (an MQL after its capture, then SQLs).
    fn history(id: u128, len: usize) -> Vec<EventEnvelope> {
        let actor = Actor::new("mia", Role::Marketer);
        (0..len)
            .map(|i| EventEnvelope {
                lead_id: LeadId::from_u128(id),
                seq: i as u64 + 1,
                occurred_at: t(i as i64),
                actor: actor.clone(),
                command_id: CommandId::from_u128(id << 16 | i as u128),
                schema_version: SCHEMA_VERSION,
                event: if i == 1 {
                    Event::QualifiedMql
                } else {
                    Event::QualifiedSql
                },
            })
            .collect()
    }

    /// One history a length, lead `i` with `lengths[i]` events (the lead id is the position).
    fn histories(lengths: &[usize]) -> Vec<Vec<EventEnvelope>> {
        lengths
            .iter()
            .enumerate()
            .map(|(id, len)| history(id as u128, *len))
            .collect()
    }

    /// What the tests compare of the facts handed over.
    fn summary(facts: &LeadFacts<'_>) -> (LeadId, usize, Vec<DateTime<Utc>>) {
        let entries = facts.entries.iter().map(|e| e.at).collect();
        (facts.lead_id, facts.history.len(), entries)
    }

    proptest::proptest! {
        /// The facts handed over in batches are those of each non-empty history loaded on
        /// its own, in order, across batch boundaries and empty histories.
        #[test]
        fn batches_hand_over_every_lead_in_order(lengths in vec(0usize..4, 0..4 * LOAD_AHEAD)) {
            let histories = histories(&lengths);
            let mut expected = Vec::new();
            let mut one = LeadFacts::new();
            for h in &histories {
                if one.load(h) {
                    expected.push(summary(&one));
                }
            }
            let mut handed = Vec::new();
            let outcome = for_each_lead(histories.iter().map(Vec::as_slice), |facts| {
                handed.push(summary(facts));
                Ok::<(), ()>(())
            });
            proptest::prop_assert_eq!(outcome, Ok(()));
            proptest::prop_assert_eq!(handed, expected);
        }

        /// The iterator is read at most `2 * LOAD_AHEAD - 1` histories past the lead being
        /// handed over (the bound the builds' docs give), and never again once it has ended.
        #[test]
        fn histories_are_read_a_bounded_way_ahead(lengths in vec(0usize..3, 0..5 * LOAD_AHEAD)) {
            let histories = histories(&lengths);
            let pulled = std::cell::Cell::new(0usize);
            let calls_after_end = std::cell::Cell::new(0usize);
            let mut source = histories.iter().map(Vec::as_slice);
            let counted = std::iter::from_fn(|| {
                if pulled.get() > histories.len() {
                    calls_after_end.set(calls_after_end.get() + 1);
                }
                pulled.set(pulled.get() + 1);
                source.next()
            });
            let mut furthest = 0;
            let outcome = for_each_lead(counted, |facts| {
                let position = usize::try_from(facts.lead_id.as_uuid().as_u128()).unwrap();
                // `pulled` counts the history at `position` and everything before it.
                furthest = furthest.max(pulled.get() - (position + 1));
                Ok::<(), ()>(())
            });
            proptest::prop_assert_eq!(outcome, Ok(()));
            proptest::prop_assert!(furthest < 2 * LOAD_AHEAD, "read {} ahead", furthest);
            proptest::prop_assert_eq!(calls_after_end.get(), 0);
        }

        /// An error stops the pass at the lead that raised it: no later lead is handed over.
        #[test]
        fn an_error_stops_at_its_lead(count in 1usize..3 * LOAD_AHEAD, failing in 0usize..3 * LOAD_AHEAD) {
            let histories: Vec<Vec<EventEnvelope>> =
                (0..count).map(|id| history(id as u128, 2)).collect();
            let mut handed = Vec::new();
            let outcome = for_each_lead(histories.iter().map(Vec::as_slice), |facts| {
                let n = handed.len();
                handed.push(facts.lead_id);
                if n == failing { Err(n) } else { Ok(()) }
            });
            if failing < count {
                proptest::prop_assert_eq!(outcome, Err(failing));
                proptest::prop_assert_eq!(handed.len(), failing + 1);
            } else {
                proptest::prop_assert_eq!(outcome, Ok(()));
                proptest::prop_assert_eq!(handed.len(), count);
            }
        }
    }
}
