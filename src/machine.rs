//! The state machine: `decide` holds every rule, `evolve` applies facts, `replay` folds a
//! stored history.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use crate::actor::{Actor, Role};
use crate::attribute::Attributes;
use crate::command::{Action, ActionKind, Command, Entry};
pub(crate) use crate::decision::Decision;
use crate::decision::Events;
use crate::error::{Refusal, ReplayError};
use crate::event::{Event, EventEnvelope, SCHEMA_VERSION};
use crate::graph::TransitionGraph;
use crate::guard::{AlwaysQualified, QualificationGuard};
use crate::lead::Lead;
use crate::money::{Currency, Money};
use crate::owner::Owner;
use crate::policy::{DefaultPolicy, Policy};
use crate::stage::Stage;

/// The lifecycle's rules: a transition graph, an authorization policy and a qualification
/// guard. It holds no state; one machine serves every lead.
///
/// ```
/// use leadflow::*;
/// use chrono::{TimeZone, Utc};
///
/// let machine = Machine::new();
/// let lead_id = LeadId::from_u128(1);
/// let at = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
/// let marketer = Actor::new("mia", Role::Marketer);
///
/// let capture = Command::new(lead_id, CommandId::from_u128(1), marketer.clone(), at, 0, Action::capture());
/// let events = machine.decide(None, &capture)?.into_events();
/// let lead = replay(&events)?.expect("one capture makes a lead");
/// assert_eq!(lead.stage(), Stage::Inquiry);
///
/// // A marketer cannot accept on behalf of sales: a typed refusal, nothing emitted.
/// let accept = Command::new(lead_id, CommandId::from_u128(2), marketer, at, 1, Action::Accept);
/// assert!(matches!(
///     machine.decide(Some(&lead), &accept),
///     Err(Refusal::TransitionNotAllowed { from: Stage::Inquiry, action: ActionKind::Accept })
/// ));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Machine<P = DefaultPolicy, G = AlwaysQualified> {
    graph: TransitionGraph,
    policy: P,
    guard: G,
    /// The sub-statuses each stage allows; `None` allows any.
    sub_statuses: Option<Arc<SubStatuses>>,
}

/// The sub-statuses each stage allows, for [`Machine::with_sub_statuses`]. A stage missing
/// from the map allows none.
pub type SubStatuses = BTreeMap<Stage, BTreeSet<String>>;

impl Default for Machine {
    fn default() -> Self {
        Self::new()
    }
}

impl Machine {
    /// The default graph, the [`DefaultPolicy`] and a guard every lead passes.
    #[must_use]
    pub fn new() -> Self {
        Self {
            graph: TransitionGraph::default(),
            policy: DefaultPolicy::default(),
            guard: AlwaysQualified,
            sub_statuses: None,
        }
    }
}

impl<P: Policy, G: QualificationGuard> Machine<P, G> {
    /// The same machine with another policy.
    #[must_use]
    pub fn with_policy<Q: Policy>(self, policy: Q) -> Machine<Q, G> {
        Machine {
            graph: self.graph,
            policy,
            guard: self.guard,
            sub_statuses: self.sub_statuses,
        }
    }

    /// The same machine with another qualification guard.
    #[must_use]
    pub fn with_guard<H: QualificationGuard>(self, guard: H) -> Machine<P, H> {
        Machine {
            graph: self.graph,
            policy: self.policy,
            guard,
            sub_statuses: self.sub_statuses,
        }
    }

    /// The same machine, refusing a [`Action::SetSubStatus`] that names a sub-status the
    /// lead's current stage does not list in `allowed` (a stage missing from the map allows
    /// none) with [`Refusal::UnknownSubStatus`]. Clearing the sub-status is always allowed.
    /// Without this call, any sub-status is accepted.
    ///
    /// ```
    /// use std::collections::{BTreeMap, BTreeSet};
    /// use chrono::{TimeZone, Utc};
    /// use leadflow::*;
    /// let allowed = BTreeMap::from([(Stage::Inquiry, BTreeSet::from(["attempting_contact".to_owned()]))]);
    /// let machine = Machine::new().with_sub_statuses(allowed);
    /// let at = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
    /// let mia = Actor::new("mia", Role::Marketer);
    /// let id = LeadId::from_u128(1);
    /// let events = machine.decide(None, &Command::new(id, CommandId::from_u128(1), mia.clone(), at, 0, Action::capture()))?.into_events();
    /// let lead = replay(&events)?.expect("captured");
    /// let set = |s: &str| Command::new(id, CommandId::from_u128(2), mia.clone(), at, 1,
    ///     Action::SetSubStatus { sub_status: Some(s.to_owned()) });
    /// assert!(machine.decide(Some(&lead), &set("attempting_contact")).is_ok());
    /// assert!(matches!(machine.decide(Some(&lead), &set("atempting")),
    ///                  Err(Refusal::UnknownSubStatus { stage: Stage::Inquiry, .. })));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn with_sub_statuses(mut self, allowed: SubStatuses) -> Self {
        self.sub_statuses = Some(Arc::new(allowed));
        self
    }

    /// The sub-statuses each stage allows, when they are restricted.
    #[must_use]
    pub fn sub_statuses(&self) -> Option<&SubStatuses> {
        self.sub_statuses.as_deref()
    }

    /// The same machine with a (narrowed) transition graph.
    #[must_use]
    pub fn with_graph(mut self, graph: TransitionGraph) -> Self {
        self.graph = graph;
        self
    }

    /// The transition graph.
    #[must_use]
    pub fn graph(&self) -> &TransitionGraph {
        &self.graph
    }

    /// The policy.
    pub fn policy(&self) -> &P {
        &self.policy
    }

    /// The qualification guard.
    pub fn guard(&self) -> &G {
        &self.guard
    }

    /// Judges `command` against the lead's current state (`None` before capture).
    ///
    /// The checks run in this order, and the first that fails refuses: the lead matches;
    /// a known command id is a [`Decision::Duplicate`]; the lead exists (or, for a capture,
    /// does not); the version matches; the command is not dated before the latest event;
    /// the action is possible from the stage and the graph allows it; the policy authorizes
    /// the actor; the data is valid (reasons, amounts, attributes, a sub-status the stage
    /// allows); the qualification guard passes.
    ///
    /// # Errors
    /// A [`Refusal`] naming the rule that refused. Nothing was emitted, so the state is
    /// unchanged.
    pub fn decide(&self, lead: Option<&Lead>, command: &Command) -> Result<Decision, Refusal> {
        if let Some(lead) = lead {
            if lead.id() != command.lead_id {
                return Err(Refusal::LeadMismatch {
                    command: command.lead_id,
                    state: lead.id(),
                });
            }
            if lead.has_processed(command.command_id) {
                return Ok(Decision::Duplicate {
                    command_id: command.command_id,
                });
            }
        }
        let kind = command.action.kind();
        match (lead, kind) {
            (Some(_), ActionKind::Capture) => {
                return Err(Refusal::LeadAlreadyExists {
                    lead_id: command.lead_id,
                });
            }
            (None, kind) if kind != ActionKind::Capture => {
                return Err(Refusal::LeadNotFound {
                    lead_id: command.lead_id,
                });
            }
            _ => {}
        }
        let actual = lead.map_or(0, Lead::version);
        if command.expected_version != actual {
            return Err(Refusal::Conflict {
                expected: command.expected_version,
                actual,
            });
        }
        if let Some(lead) = lead {
            if command.at < lead.last_event_at() {
                return Err(Refusal::TimeWentBackwards {
                    at: command.at,
                    last_event_at: lead.last_event_at(),
                });
            }
        }
        if let Some(lead) = lead {
            if let Some(to) = target_stage(lead.stage(), &command.action)? {
                if !self.graph.allows(lead.stage(), to) {
                    return Err(Refusal::TransitionDisabled {
                        from: lead.stage(),
                        to,
                    });
                }
            }
        }
        self.policy
            .authorize(&command.actor, &command.action, lead)
            .map_err(|reason| Refusal::NotAuthorized {
                actor: command.actor.id.clone(),
                role: command.actor.role,
                action: kind,
                reason,
            })?;
        let won = check_data(lead, command)?;
        if let (
            Some(allowed),
            Some(lead),
            Action::SetSubStatus {
                sub_status: Some(name),
            },
        ) = (&self.sub_statuses, lead, &command.action)
        {
            if !allowed
                .get(&lead.stage())
                .is_some_and(|names| names.contains(name))
            {
                return Err(Refusal::UnknownSubStatus {
                    stage: lead.stage(),
                    sub_status: name.clone(),
                });
            }
        }
        if kind == ActionKind::QualifyMql {
            if let Some(lead) = lead {
                let unmet = self.guard.unmet(lead, command.at);
                if !unmet.is_empty() {
                    return Err(Refusal::GuardUnmet { unmet });
                }
            }
        }
        // The event first: built straight into the result, not staged on the stack while
        // the actor is cloned (which it is when it comes last: 587 against 615 instructions
        // a decide + evolve).
        Ok(Decision::Events(Events::one(EventEnvelope {
            event: event_for(lead, command, won),
            lead_id: command.lead_id,
            seq: actual + 1,
            occurred_at: command.at,
            actor: command.actor.clone(),
            command_id: command.command_id,
            schema_version: SCHEMA_VERSION,
        })))
    }
}

/// The stage `action` moves a lead in `from` to: `Ok(None)` for actions that keep the stage,
/// a refusal for actions impossible from `from`.
#[inline]
fn target_stage(from: Stage, action: &Action) -> Result<Option<Stage>, Refusal> {
    let to = match (from, action) {
        (
            _,
            Action::UpdateAttributes { .. }
            | Action::RecordActivity { .. }
            | Action::Reassign { .. }
            | Action::SetSubStatus { .. },
        )
        | (Stage::Opportunity, Action::UpdateOpportunity { .. }) => return Ok(None),
        (Stage::Inquiry | Stage::Nurture, Action::QualifyMql) => Stage::Mql,
        (Stage::Mql, Action::HandOff { .. }) => Stage::HandedOff,
        (Stage::HandedOff, Action::Accept) => Stage::Sal,
        (Stage::HandedOff, Action::Reject { to, .. }) => to.stage(),
        (Stage::Sal, Action::QualifySql) => Stage::Sql,
        (Stage::Sql, Action::ConvertToOpportunity { .. }) => Stage::Opportunity,
        (Stage::Opportunity, Action::Win { .. }) => Stage::Customer,
        (Stage::Opportunity, Action::Lose { .. }) => Stage::Lost,
        (Stage::Sal | Stage::Sql | Stage::Lost, Action::Recycle { .. }) => Stage::Nurture,
        (Stage::Inquiry | Stage::Mql | Stage::Nurture, Action::Disqualify { .. }) => {
            Stage::Disqualified
        }
        (Stage::Customer, Action::PromoteToAdvocate) => Stage::Advocate,
        _ => {
            return Err(Refusal::TransitionNotAllowed {
                from,
                action: action.kind(),
            });
        }
    };
    Ok(Some(to))
}

fn require_positive(amount: Money) -> Result<Money, Refusal> {
    if amount.minor() > 0 {
        Ok(amount)
    } else {
        Err(Refusal::InvalidAmount {
            reason: format!("{amount} is not positive"),
        })
    }
}

fn opportunity_amount(lead: Option<&Lead>) -> Result<Money, Refusal> {
    lead.and_then(Lead::opportunity)
        .map(|o| o.amount)
        .ok_or_else(|| Refusal::InvalidAmount {
            reason: "the lead has no opportunity".to_owned(),
        })
}

fn same_currency(amount: Money, opportunity: Money) -> Result<(), Refusal> {
    if amount.currency() == opportunity.currency() {
        Ok(())
    } else {
        Err(Refusal::InvalidAmount {
            reason: format!(
                "currency {} differs from the opportunity's {}",
                amount.currency(),
                opportunity.currency()
            ),
        })
    }
}

fn check_attributes(attributes: &Attributes) -> Result<(), Refusal> {
    match attributes.iter().find(|(_, value)| !value.is_valid()) {
        Some((name, _)) => Err(Refusal::InvalidAttribute { name: name.clone() }),
        None => Ok(()),
    }
}

/// The owner after `actor` accepts: a rep or manager who accepts a queue's lead claims it.
#[inline]
fn owner_after_accept(current: Option<&Owner>, actor: &Actor) -> Owner {
    match current {
        Some(Owner::Queue { team, .. })
            if matches!(actor.role, Role::SalesRep | Role::SalesManager) =>
        {
            Owner::User {
                id: actor.id.clone(),
                team: team.clone().or_else(|| actor.team.clone()),
            }
        }
        Some(owner) => owner.clone(),
        None => Owner::User {
            id: actor.id.clone(),
            team: actor.team.clone(),
        },
    }
}

/// Checks the command's data (attributes, reasons, amounts); stage and authorization are
/// checked before. Returns the amount won, for a win, for [`event_for`] to record.
#[inline]
fn check_data(lead: Option<&Lead>, command: &Command) -> Result<Option<Money>, Refusal> {
    let kind = command.action.kind();
    match &command.action {
        Action::Capture { attributes, .. }
        | Action::UpdateAttributes {
            set: attributes, ..
        } => {
            check_attributes(attributes)?;
        }
        Action::Reject { reason, .. }
        | Action::Lose { reason }
        | Action::Recycle { reason }
        | Action::Disqualify { reason }
            if reason.is_blank() =>
        {
            return Err(Refusal::ReasonRequired { action: kind });
        }
        Action::ConvertToOpportunity { amount, .. } => {
            require_positive(*amount)?;
        }
        Action::UpdateOpportunity {
            amount,
            expected_close,
            forecast_category,
        } => {
            if amount.is_none() && expected_close.is_none() && forecast_category.is_none() {
                return Err(Refusal::NothingToUpdate { action: kind });
            }
            if let Some(amount) = amount {
                same_currency(*amount, opportunity_amount(lead)?)?;
                require_positive(*amount)?;
            }
        }
        Action::Win { amount } => {
            let opportunity = opportunity_amount(lead)?;
            let won = require_positive(amount.unwrap_or(opportunity))?;
            same_currency(won, opportunity)?;
            return Ok(Some(won));
        }
        _ => {}
    }
    Ok(None)
}

/// Builds the command's event; [`check_data`] has passed, and `won` is what it returned.
#[inline]
fn event_for(lead: Option<&Lead>, command: &Command, won: Option<Money>) -> Event {
    match &command.action {
        Action::Capture {
            entry,
            source,
            campaign,
            attributes,
        } => {
            let (stage, owner) = match entry {
                Entry::Inquiry => (Stage::Inquiry, None),
                Entry::SalesSourced { owner } => (Stage::Sal, Some(owner.clone())),
            };
            Event::Captured {
                stage,
                owner,
                source: source.clone(),
                campaign: campaign.clone(),
                attributes: attributes.clone(),
            }
        }
        Action::UpdateAttributes { set, remove } => Event::AttributesUpdated {
            set: set.clone(),
            remove: remove.clone(),
        },
        Action::RecordActivity { activity } => Event::ActivityRecorded {
            activity: activity.clone(),
        },
        Action::QualifyMql => Event::QualifiedMql,
        Action::HandOff { to } => Event::HandedOff { to: to.clone() },
        Action::Accept => Event::Accepted {
            owner: owner_after_accept(lead.and_then(Lead::owner), &command.actor),
        },
        Action::Reject { reason, to } => Event::Rejected {
            reason: reason.clone(),
            to: *to,
        },
        Action::QualifySql => Event::QualifiedSql,
        Action::ConvertToOpportunity {
            amount,
            expected_close,
        } => Event::ConvertedToOpportunity {
            amount: *amount,
            expected_close: *expected_close,
        },
        Action::UpdateOpportunity {
            amount,
            expected_close,
            forecast_category,
        } => Event::OpportunityUpdated {
            amount: *amount,
            expected_close: *expected_close,
            forecast_category: *forecast_category,
        },
        // `check_data` returns the amount of every win it lets through, so the fallback
        // (which keeps this function total) is never taken; debug builds (the tests) say
        // so loudly if the two functions ever disagree.
        Action::Win { .. } => {
            debug_assert!(
                won.is_some(),
                "check_data lets no win through without its amount"
            );
            Event::Won {
                amount: won.unwrap_or(Money::new(0, Currency::NONE)),
            }
        }
        Action::Lose { reason } => Event::Lost {
            reason: reason.clone(),
        },
        Action::Recycle { reason } => Event::Recycled {
            reason: reason.clone(),
        },
        Action::Disqualify { reason } => Event::Disqualified {
            reason: reason.clone(),
        },
        Action::PromoteToAdvocate => Event::PromotedToAdvocate,
        Action::Reassign { to } => Event::Reassigned {
            from: lead.and_then(Lead::owner).cloned(),
            to: to.clone(),
        },
        Action::SetSubStatus { sub_status } => Event::SubStatusSet {
            sub_status: sub_status.clone(),
        },
    }
}

/// Applies one event to a state; total and rule-free.
///
/// ```
/// # use leadflow::*;
/// # use chrono::{TimeZone, Utc};
/// # let at = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
/// let envelope = EventEnvelope {
///     lead_id: LeadId::from_u128(1), seq: 1, occurred_at: at,
///     actor: Actor::new("mia", Role::Marketer), command_id: CommandId::from_u128(1),
///     schema_version: SCHEMA_VERSION,
///     event: Event::Captured { stage: Stage::Inquiry, owner: None, source: None,
///                              campaign: None, attributes: Attributes::new() },
/// };
/// let lead = evolve(None, &envelope);
/// assert_eq!(lead.version(), 1);
/// ```
#[must_use]
pub fn evolve(state: Option<Lead>, envelope: &EventEnvelope) -> Lead {
    match state {
        Some(mut lead) => {
            lead.evolve(envelope);
            lead
        }
        None => Lead::start(envelope),
    }
}

/// Folds a stored history into the lead's state; `Ok(None)` for an empty history.
///
/// # Errors
/// A [`ReplayError`] when the history does not start with a capture, mixes leads, repeats a
/// capture, or its sequence numbers are not 1, 2, 3, …
pub fn replay<'a, I>(history: I) -> Result<Option<Lead>, ReplayError>
where
    I: IntoIterator<Item = &'a EventEnvelope>,
{
    let history = history.into_iter();
    let events = history.size_hint().0;
    let mut lead: Option<Lead> = None;
    for envelope in history {
        match &mut lead {
            None => {
                if !matches!(envelope.event, Event::Captured { .. }) {
                    return Err(ReplayError::NotStartedByCapture {
                        found: envelope.event.name(),
                    });
                }
                if envelope.seq != 1 {
                    return Err(ReplayError::Gap {
                        expected: 1,
                        found: envelope.seq,
                    });
                }
                lead = Some(Lead::start_for_history(envelope, events));
            }
            Some(state) => {
                if envelope.lead_id != state.id() {
                    return Err(ReplayError::WrongLead {
                        expected: state.id(),
                        found: envelope.lead_id,
                        seq: envelope.seq,
                    });
                }
                let expected = state.version() + 1;
                if envelope.seq != expected {
                    return Err(ReplayError::Gap {
                        expected,
                        found: envelope.seq,
                    });
                }
                if matches!(envelope.event, Event::Captured { .. }) {
                    return Err(ReplayError::SecondCapture { seq: envelope.seq });
                }
                state.evolve(envelope);
            }
        }
    }
    Ok(lead)
}
