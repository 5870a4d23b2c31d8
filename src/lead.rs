//! The lead's state, as folded from its history by [`evolve`](Lead::evolve).

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};

use crate::activity::Activity;
use crate::attribute::Attributes;
use crate::command::RejectTo;
use crate::event::{Event, EventEnvelope};
use crate::id::{CampaignId, CommandId, LeadId, Source};
use crate::money::Money;
use crate::owner::Owner;
use crate::reason::Reason;
use crate::stage::Stage;

/// One stay of a lead in a stage: when it entered and, unless it is still there, when it left.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct StageVisit {
    /// The stage.
    pub stage: Stage,
    /// When the lead entered it.
    pub entered_at: DateTime<Utc>,
    /// When the lead left it; `None` while it is still there.
    pub exited_at: Option<DateTime<Utc>>,
}

impl StageVisit {
    /// How long the visit lasted, or has lasted by `now` if the lead is still there.
    /// Never negative.
    #[must_use]
    pub fn duration(&self, now: DateTime<Utc>) -> TimeDelta {
        let end = self.exited_at.unwrap_or(now);
        (end - self.entered_at).max(TimeDelta::zero())
    }
}

/// Where the owner puts an opportunity in the forecast.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum ForecastCategory {
    /// Open, early: counted in the pipeline only.
    #[default]
    Pipeline,
    /// Could close this period if things go well.
    BestCase,
    /// The owner commits to closing it this period.
    Commit,
    /// Won (set when the opportunity is won).
    Closed,
    /// Left out of the forecast (set when lost; or by the owner).
    Omitted,
}

/// An open or closed opportunity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Opportunity {
    /// The expected value, or the amount won once won.
    pub amount: Money,
    /// When the deal is expected to close.
    pub expected_close: Option<NaiveDate>,
    /// When it was opened.
    pub opened_at: DateTime<Utc>,
    /// Where the owner puts it in the forecast.
    #[cfg_attr(feature = "serde", serde(default))]
    pub forecast_category: ForecastCategory,
}

/// A lead's current state. Build it only by replaying its history
/// ([`replay`](crate::replay)) or by applying events ([`Lead::evolve`]); there is no
/// setter, so the state is always what the history says.
#[derive(Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Lead {
    // What `decide` reads on every command stays inline; the rest lives behind one box, so
    // the state of a million leads stays compact (see the M1 memory test).
    id: LeadId,
    version: u64,
    last_event_at: DateTime<Utc>,
    stage: Stage,
    highest_stage: Stage,
    visits: Vec<StageVisit>,
    /// Ids of applied commands, in order (idempotency). A scan is cheaper than a tree for
    /// the tens of commands a lead usually sees, and stays linear in the history.
    command_ids: Vec<CommandId>,
    #[cfg_attr(feature = "serde", serde(flatten))]
    details: Box<LeadDetails>,
}

/// The less-used part of a lead's state.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
struct LeadDetails {
    sub_status: Option<String>,
    owner: Option<Owner>,
    source: Option<Source>,
    campaign: Option<CampaignId>,
    captured_at: DateTime<Utc>,
    attributes: Attributes,
    activities: Vec<Activity>,
    last_rejection: Option<Reason>,
    last_recycle: Option<Reason>,
    last_loss: Option<Reason>,
    last_disqualification: Option<Reason>,
    opportunity: Option<Opportunity>,
    won_amount: Option<Money>,
}

impl LeadDetails {
    fn update_attributes(&mut self, set: &Attributes, remove: &[String]) {
        for name in remove {
            self.attributes.remove(name);
        }
        for (name, value) in set {
            self.attributes.insert(name.clone(), value.clone());
        }
    }

    fn update_opportunity(
        &mut self,
        amount: Option<Money>,
        expected_close: Option<NaiveDate>,
        forecast_category: Option<ForecastCategory>,
    ) {
        if let Some(opportunity) = &mut self.opportunity {
            if let Some(amount) = amount {
                opportunity.amount = amount;
            }
            if expected_close.is_some() {
                opportunity.expected_close = expected_close;
            }
            if let Some(category) = forecast_category {
                opportunity.forecast_category = category;
            }
        }
    }
}

// By hand, not derived: a clone keeps room for the next event in the two lists `evolve`
// appends to, as a replayed lead does, so that evolving a clone does not regrow them.
impl Clone for Lead {
    fn clone(&self) -> Self {
        /// The list with room for one more item.
        fn with_room<T: Copy>(items: &[T]) -> Vec<T> {
            let mut out = Vec::with_capacity(items.len().saturating_add(1));
            out.extend_from_slice(items);
            out
        }
        Lead {
            id: self.id,
            version: self.version,
            last_event_at: self.last_event_at,
            stage: self.stage,
            highest_stage: self.highest_stage,
            visits: with_room(&self.visits),
            command_ids: with_room(&self.command_ids),
            details: self.details.clone(),
        }
    }
}

impl Lead {
    /// A lead as it stands right after `envelope`, applied to no earlier state.
    ///
    /// This is total: an envelope that is not a capture still yields a lead (at Inquiry, then
    /// the event applied), because `evolve` holds no rules; [`replay`](crate::replay) is
    /// where a history that does not start with a capture is refused.
    #[must_use]
    pub fn start(envelope: &EventEnvelope) -> Lead {
        Self::start_for_history(envelope, 0)
    }

    /// [`Lead::start`], with room for a history of `events` events (replay knows the
    /// length of a stored history), so that applying them does not regrow the lists.
    pub(crate) fn start_for_history(envelope: &EventEnvelope, events: usize) -> Lead {
        /// Stage visits are at most one per event; most histories make a handful.
        const VISITS_RESERVED: usize = 16;
        let at = envelope.occurred_at;
        let mut lead = Lead {
            id: envelope.lead_id,
            version: 0,
            last_event_at: at,
            stage: Stage::Inquiry,
            highest_stage: Stage::Inquiry,
            visits: Vec::with_capacity(events.min(VISITS_RESERVED)),
            // Room for the next command's event too: a replayed lead is usually decided on.
            command_ids: Vec::with_capacity(if events == 0 { 0 } else { events + 2 }),
            details: Box::new(LeadDetails {
                sub_status: None,
                owner: None,
                source: None,
                campaign: None,
                captured_at: at,
                attributes: Attributes::new(),
                activities: Vec::new(),
                last_rejection: None,
                last_recycle: None,
                last_loss: None,
                last_disqualification: None,
                opportunity: None,
                won_amount: None,
            }),
        };
        if !matches!(envelope.event, Event::Captured { .. }) {
            lead.visits.push(StageVisit {
                stage: Stage::Inquiry,
                entered_at: at,
                exited_at: None,
            });
        }
        lead.evolve(envelope);
        lead
    }

    /// Applies one event. Total and rule-free: it records what happened, whatever it was.
    pub fn evolve(&mut self, envelope: &EventEnvelope) {
        let at = envelope.occurred_at;
        self.version = envelope.seq;
        // `max`, written as a test: compared in place, not through two copies of both times.
        if at > self.last_event_at {
            self.last_event_at = at;
        }
        self.command_ids.push(envelope.command_id);
        // One dispatch on the event: each arm enters the stage `Event::target_stage` names
        // (`enter_stage_of`, inlined, folds it to the arm's own variant), so the mapping
        // stays in `event.rs` and the event is not matched twice.
        let event = &envelope.event;
        match event {
            Event::Captured {
                owner,
                source,
                campaign,
                attributes,
                ..
            } => {
                self.enter_stage_of(event, at);
                self.details.captured_at = at;
                self.details.owner.clone_from(owner);
                self.details.source.clone_from(source);
                self.details.campaign.clone_from(campaign);
                self.details.attributes.clone_from(attributes);
            }
            Event::AttributesUpdated { set, remove } => self.details.update_attributes(set, remove),
            Event::ActivityRecorded { activity } => self.details.activities.push(activity.clone()),
            Event::HandedOff { to } => {
                self.enter_stage_of(event, at);
                self.details.owner = Some(to.clone());
            }
            Event::Reassigned { to, .. } => {
                self.details.owner = Some(to.clone());
            }
            Event::Accepted { owner } => {
                self.enter_stage_of(event, at);
                self.details.owner = Some(owner.clone());
            }
            Event::Rejected { reason, to } => {
                self.enter_stage_of(event, at);
                self.details.last_rejection = Some(reason.clone());
                if *to == RejectTo::Disqualified {
                    self.details.last_disqualification = Some(reason.clone());
                }
            }
            Event::ConvertedToOpportunity {
                amount,
                expected_close,
            } => {
                self.enter_stage_of(event, at);
                self.details.opportunity = Some(Opportunity {
                    amount: *amount,
                    expected_close: *expected_close,
                    opened_at: at,
                    forecast_category: ForecastCategory::Pipeline,
                });
            }
            Event::OpportunityUpdated {
                amount,
                expected_close,
                forecast_category,
            } => self
                .details
                .update_opportunity(*amount, *expected_close, *forecast_category),
            Event::Won { amount } => {
                self.enter_stage_of(event, at);
                self.details.won_amount = Some(*amount);
                if let Some(opportunity) = &mut self.details.opportunity {
                    opportunity.forecast_category = ForecastCategory::Closed;
                }
            }
            Event::Lost { reason } => {
                self.enter_stage_of(event, at);
                self.details.last_loss = Some(reason.clone());
                if let Some(opportunity) = &mut self.details.opportunity {
                    opportunity.forecast_category = ForecastCategory::Omitted;
                }
            }
            Event::Recycled { reason } => {
                self.enter_stage_of(event, at);
                self.details.last_recycle = Some(reason.clone());
            }
            Event::Disqualified { reason } => {
                self.enter_stage_of(event, at);
                self.details.last_disqualification = Some(reason.clone());
            }
            Event::SubStatusSet { sub_status } => self.details.sub_status.clone_from(sub_status),
            Event::QualifiedMql | Event::QualifiedSql | Event::PromotedToAdvocate => {
                self.enter_stage_of(event, at);
            }
        }
    }

    /// Enters the stage `event` moves the lead into, if it moves it.
    // Always inlined, so that `target_stage` folds to the calling arm's variant: left to
    // LLVM, `evolve` keeps a second dispatch (B1's decide + evolve 606 instructions against
    // 576, callgrind, 3 Dec 2026).
    #[allow(clippy::inline_always)]
    #[inline(always)]
    fn enter_stage_of(&mut self, event: &Event, at: DateTime<Utc>) {
        if let Some(stage) = event.target_stage() {
            self.enter(stage, at);
        }
    }

    fn enter(&mut self, stage: Stage, at: DateTime<Utc>) {
        if let Some(current) = self.visits.last_mut() {
            if current.exited_at.is_none() {
                current.exited_at = Some(at);
            }
        }
        self.visits.push(StageVisit {
            stage,
            entered_at: at,
            exited_at: None,
        });
        self.stage = stage;
        // A new stage starts with no sub-status: sub-statuses belong to a stage.
        self.details.sub_status = None;
        if self.visits.len() == 1
            || stage.progression_rank() > self.highest_stage.progression_rank()
        {
            self.highest_stage = stage;
        }
    }

    /// The lead's id.
    #[must_use]
    pub fn id(&self) -> LeadId {
        self.id
    }

    /// The number of events applied; the `seq` of the last one.
    #[must_use]
    pub fn version(&self) -> u64 {
        self.version
    }

    /// The current stage.
    #[must_use]
    pub fn stage(&self) -> Stage {
        self.stage
    }

    /// The furthest progression stage ever reached (Inquiry … Advocate).
    #[must_use]
    pub fn highest_stage(&self) -> Stage {
        self.highest_stage
    }

    /// The host-defined sub-status of the current stage.
    #[must_use]
    pub fn sub_status(&self) -> Option<&str> {
        self.details.sub_status.as_deref()
    }

    /// The current owner, if any.
    #[must_use]
    pub fn owner(&self) -> Option<&Owner> {
        self.details.owner.as_ref()
    }

    /// Where the lead came from.
    #[must_use]
    pub fn source(&self) -> Option<&Source> {
        self.details.source.as_ref()
    }

    /// The campaign that sourced the lead.
    #[must_use]
    pub fn campaign(&self) -> Option<&CampaignId> {
        self.details.campaign.as_ref()
    }

    /// When the lead was captured.
    #[must_use]
    pub fn captured_at(&self) -> DateTime<Utc> {
        self.details.captured_at
    }

    /// The time of the latest event; commands must not be dated before it.
    #[must_use]
    pub fn last_event_at(&self) -> DateTime<Utc> {
        self.last_event_at
    }

    /// Every stay in a stage, oldest first; the last one is the current stage.
    #[must_use]
    pub fn visits(&self) -> &[StageVisit] {
        &self.visits
    }

    /// When the lead last entered `stage`, if ever.
    #[must_use]
    pub fn entered_at(&self, stage: Stage) -> Option<DateTime<Utc>> {
        self.visits
            .iter()
            .rev()
            .find(|v| v.stage == stage)
            .map(|v| v.entered_at)
    }

    /// When the lead last left `stage`, if it entered and left it.
    #[must_use]
    pub fn exited_at(&self, stage: Stage) -> Option<DateTime<Utc>> {
        self.visits
            .iter()
            .rev()
            .find(|v| v.stage == stage)
            .and_then(|v| v.exited_at)
    }

    /// The total (calendar) time spent in `stage` over every visit, counting the current
    /// visit up to `now`.
    ///
    /// ```
    /// # use leadflow::*;
    /// # use chrono::{TimeZone, Utc, TimeDelta};
    /// let t0 = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
    /// let capture = EventEnvelope {
    ///     lead_id: LeadId::from_u128(1), seq: 1, occurred_at: t0,
    ///     actor: Actor::new("web", Role::System), command_id: CommandId::from_u128(1),
    ///     schema_version: SCHEMA_VERSION, event: Event::Captured {
    ///         stage: Stage::Inquiry, owner: None, source: None, campaign: None,
    ///         attributes: Attributes::new() },
    /// };
    /// let lead = Lead::start(&capture);
    /// assert_eq!(lead.time_in_stage(Stage::Inquiry, t0 + TimeDelta::hours(3)), TimeDelta::hours(3));
    /// ```
    #[must_use]
    pub fn time_in_stage(&self, stage: Stage, now: DateTime<Utc>) -> TimeDelta {
        self.visits
            .iter()
            .filter(|v| v.stage == stage)
            .fold(TimeDelta::zero(), |sum, v| {
                sum.checked_add(&v.duration(now)).unwrap_or(TimeDelta::MAX)
            })
    }

    /// The lead's attributes.
    #[must_use]
    pub fn attributes(&self) -> &Attributes {
        &self.details.attributes
    }

    /// The lead's activities, in the order recorded.
    #[must_use]
    pub fn activities(&self) -> &[Activity] {
        &self.details.activities
    }

    /// The reason of the latest rejection by sales.
    #[must_use]
    pub fn last_rejection(&self) -> Option<&Reason> {
        self.details.last_rejection.as_ref()
    }

    /// The reason of the latest recycle.
    #[must_use]
    pub fn last_recycle(&self) -> Option<&Reason> {
        self.details.last_recycle.as_ref()
    }

    /// The reason of the latest loss.
    #[must_use]
    pub fn last_loss(&self) -> Option<&Reason> {
        self.details.last_loss.as_ref()
    }

    /// The reason of the latest disqualification (by marketing, or a rejection to
    /// Disqualified).
    #[must_use]
    pub fn last_disqualification(&self) -> Option<&Reason> {
        self.details.last_disqualification.as_ref()
    }

    /// The opportunity, once the lead was converted.
    #[must_use]
    pub fn opportunity(&self) -> Option<&Opportunity> {
        self.details.opportunity.as_ref()
    }

    /// The amount won, once won.
    #[must_use]
    pub fn won_amount(&self) -> Option<Money> {
        self.details.won_amount
    }

    /// Whether a command with this id was already applied (idempotency).
    #[must_use]
    #[inline]
    pub fn has_processed(&self, command_id: CommandId) -> bool {
        // The scan compares each id's last eight bytes only, as one integer; the whole id is
        // compared, in a second scan, only when those match. Distinct ids almost never share
        // them: they are random in v4 and v7 UUIDs, and hold the number in ids made from
        // small integers (`from_u128`), whose first eight bytes are zero.
        let wanted = last_eight_bytes(command_id);
        self.command_ids
            .iter()
            .any(|id| last_eight_bytes(*id) == wanted)
            && self.command_ids.contains(&command_id)
    }
}

/// A command id's last eight bytes as one integer (little-endian: no byte swap on the
/// machines this is tuned for).
#[inline]
#[allow(clippy::cast_possible_truncation)] // the upper half, shifted down
fn last_eight_bytes(id: CommandId) -> u64 {
    (u128::from_le_bytes(*id.as_uuid().as_bytes()) >> 64) as u64
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::actor::{Actor, Role};
    use crate::event::SCHEMA_VERSION;

    #[test]
    fn ids_sharing_their_last_eight_bytes_are_still_told_apart() {
        let at = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
        // `from_u128` writes big-endian: the number 5 sits in the last eight bytes.
        let seen = CommandId::from_u128(5);
        let lead = Lead::start(&EventEnvelope {
            lead_id: LeadId::from_u128(1),
            seq: 1,
            occurred_at: at,
            actor: Actor::new("mia", Role::Marketer),
            command_id: seen,
            schema_version: SCHEMA_VERSION,
            event: Event::Captured {
                stage: Stage::Inquiry,
                owner: None,
                source: None,
                campaign: None,
                attributes: Attributes::new(),
            },
        });
        assert!(lead.has_processed(seen));
        assert!(!lead.has_processed(CommandId::from_u128(1 << 64 | 5)));
        assert!(!lead.has_processed(CommandId::from_u128(6)));
    }
}
