//! What the reports need from one lead's history, read in one pass.

use chrono::{DateTime, Utc};

use crate::attribute::Attributes;
use crate::event::{Event, EventEnvelope};
use crate::id::{CampaignId, LeadId, Source};
use crate::money::Money;
use crate::owner::Owner;
use crate::stage::Stage;

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
    /// Reads a history in one pass; `None` for an empty history.
    pub(crate) fn read(history: &'a [EventEnvelope]) -> Option<Self> {
        let first = history.first()?;
        let mut facts = LeadFacts {
            history,
            lead_id: first.lead_id,
            captured_at: first.occurred_at,
            source: None,
            campaign: None,
            owner: None,
            entries: Vec::with_capacity(8),
            touches: Vec::new(),
            handoffs: Vec::new(),
            wins: Vec::new(),
        };
        if !matches!(first.event, Event::Captured { .. }) {
            facts.entries.push(Entry {
                stage: Stage::Inquiry,
                at: first.occurred_at,
            });
        }
        let mut touches_sorted = true;
        for envelope in history {
            let at = envelope.occurred_at;
            if let Some(stage) = envelope.event.target_stage() {
                facts.entries.push(Entry { stage, at });
            }
            match &envelope.event {
                Event::Captured {
                    owner,
                    source,
                    campaign,
                    ..
                } => {
                    facts.captured_at = at;
                    facts.owner = owner.as_ref();
                    facts.source = source.as_ref();
                    facts.campaign = campaign.as_ref();
                    if let Some(campaign) = campaign {
                        facts.push_touch(Touch { at, campaign }, &mut touches_sorted);
                    }
                }
                Event::ActivityRecorded { activity } => {
                    if let Some(campaign) = &activity.campaign {
                        let touch = Touch {
                            at: activity.at,
                            campaign,
                        };
                        facts.push_touch(touch, &mut touches_sorted);
                    }
                    let by_owner = activity
                        .by
                        .as_ref()
                        .is_some_and(|by| facts.owner.and_then(Owner::user_id) == Some(by));
                    if by_owner {
                        if let Some(handoff) = facts.handoffs.last_mut() {
                            if activity.at >= handoff.at {
                                handoff.first_touch = Some(
                                    handoff
                                        .first_touch
                                        .map_or(activity.at, |t| t.min(activity.at)),
                                );
                            }
                        }
                    }
                }
                Event::HandedOff { to } => {
                    facts.owner = Some(to);
                    facts.handoffs.push(Handoff {
                        at,
                        outcome: Outcome::Pending,
                        first_touch: None,
                    });
                }
                Event::Accepted { owner } => {
                    facts.owner = Some(owner);
                    facts.settle(Outcome::Accepted);
                }
                Event::Rejected { reason, .. } => {
                    facts.settle(Outcome::Rejected { code: &reason.code });
                }
                Event::Reassigned { to, .. } => facts.owner = Some(to),
                Event::Won { amount } => facts.wins.push((at, *amount)),
                _ => {}
            }
        }
        if !touches_sorted {
            facts.touches.sort_by_key(|t| t.at);
        }
        Some(facts)
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

    /// The latest entry into `stage` at or before `at`.
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
