//! Proptest strategies for dependents' own tests (feature `proptest`): arbitrary actors,
//! actions, commands, valid histories and the leads they replay to.
//!
//! ```
//! use proptest::prelude::*;
//! use leadflow::strategies;
//!
//! proptest!(|(history in strategies::history(20))| {
//!     // Every generated history replays.
//!     prop_assert!(leadflow::replay(&history).is_ok());
//! });
//! ```

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use proptest::prelude::*;

use crate::{
    Action, Activity, ActivityKind, Actor, AttributeValue, Attributes, Command, CommandId,
    Currency, Entry, EventEnvelope, ForecastCategory, Lead, LeadId, Machine, Money, Owner, Reason,
    RejectTo, Role, replay,
};

/// An arbitrary role.
pub fn role() -> impl Strategy<Value = Role> {
    prop_oneof![
        Just(Role::Marketer),
        Just(Role::MarketingManager),
        Just(Role::SalesRep),
        Just(Role::SalesManager),
        Just(Role::Admin),
        Just(Role::System),
    ]
}

/// An arbitrary actor among a few users, teams and queues.
pub fn actor() -> impl Strategy<Value = Actor> {
    (0..4u8, role(), 0..3u8, proptest::bool::ANY).prop_map(|(user, role, team, in_queue)| {
        let mut actor = Actor::new(format!("user-{user}"), role).in_team(format!("team-{team}"));
        if in_queue {
            actor = actor.in_queue(format!("queue-{team}"));
        }
        actor
    })
}

/// An arbitrary owner: one of a few users or queues, in one of a few teams.
pub fn owner() -> impl Strategy<Value = Owner> {
    (0..4u8, 0..3u8, proptest::bool::ANY).prop_map(|(n, team, queue)| {
        if queue {
            Owner::queue(format!("queue-{team}")).in_team(format!("team-{team}"))
        } else {
            Owner::user(format!("user-{n}")).in_team(format!("team-{team}"))
        }
    })
}

/// A reason, sometimes blank (which `decide` refuses).
pub fn reason() -> impl Strategy<Value = Reason> {
    prop_oneof![
        4 => prop_oneof![Just("no_budget"), Just("bad_timing"), Just("competitor")]
            .prop_map(Reason::new),
        1 => Just(Reason::new("")),
    ]
}

/// An amount, sometimes not positive (which `decide` refuses).
pub fn money() -> impl Strategy<Value = Money> {
    let eur = Currency::new("EUR").unwrap_or_else(|_| unreachable!());
    (-10i64..1_000_000).prop_map(move |minor| Money::new(minor, eur))
}

fn attributes() -> impl Strategy<Value = Attributes> {
    proptest::collection::btree_map(
        prop_oneof![Just("country"), Just("employees"), Just("industry")].prop_map(String::from),
        prop_oneof![
            "[a-z]{1,6}".prop_map(AttributeValue::Text),
            (0u32..100_000).prop_map(|n| AttributeValue::Number(f64::from(n))),
            proptest::bool::ANY.prop_map(AttributeValue::Bool),
        ],
        0..3,
    )
}

fn activity_kind() -> impl Strategy<Value = ActivityKind> {
    prop_oneof![
        Just(ActivityKind::Email),
        Just(ActivityKind::Call),
        Just(ActivityKind::Meeting),
        Just(ActivityKind::WebVisit),
        Just(ActivityKind::FormFill),
    ]
}

/// An arbitrary action of any kind, with sometimes invalid data.
pub fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        (proptest::option::of(owner()), attributes()).prop_map(|(sales, attributes)| {
            Action::Capture {
                entry: sales.map_or(Entry::Inquiry, |owner| Entry::SalesSourced { owner }),
                source: None,
                campaign: None,
                attributes,
            }
        }),
        attributes().prop_map(|set| Action::UpdateAttributes {
            set,
            remove: Vec::new()
        }),
        (activity_kind(), 0..4u8, 0i64..1000).prop_map(|(kind, by, minutes)| {
            Action::RecordActivity {
                activity: Activity::new(kind, base_time() + TimeDelta::minutes(minutes))
                    .by(format!("user-{by}").into()),
            }
        }),
        Just(Action::QualifyMql),
        owner().prop_map(|to| Action::HandOff { to }),
        Just(Action::Accept),
        (
            reason(),
            prop_oneof![Just(RejectTo::Nurture), Just(RejectTo::Disqualified)]
        )
            .prop_map(|(reason, to)| Action::Reject { reason, to }),
        Just(Action::QualifySql),
        money().prop_map(|amount| Action::ConvertToOpportunity {
            amount,
            expected_close: None
        }),
        (
            proptest::option::of(money()),
            proptest::option::of(prop_oneof![
                Just(ForecastCategory::Pipeline),
                Just(ForecastCategory::BestCase),
                Just(ForecastCategory::Commit),
            ])
        )
            .prop_map(|(amount, forecast_category)| Action::UpdateOpportunity {
                amount,
                expected_close: None,
                forecast_category,
            }),
        proptest::option::of(money()).prop_map(|amount| Action::Win { amount }),
        reason().prop_map(|reason| Action::Lose { reason }),
        reason().prop_map(|reason| Action::Recycle { reason }),
        reason().prop_map(|reason| Action::Disqualify { reason }),
        Just(Action::PromoteToAdvocate),
        owner().prop_map(|to| Action::Reassign { to }),
        proptest::option::of("[a-z_]{1,10}")
            .prop_map(|sub_status| Action::SetSubStatus { sub_status }),
    ]
}

fn base_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0)
        .single()
        .unwrap_or(DateTime::<Utc>::UNIX_EPOCH)
}

/// The parts of an arbitrary command: actor, action, a gap in minutes, and a retry flag.
pub fn command_parts() -> impl Strategy<Value = (Actor, Action, i64, bool)> {
    (actor(), action(), 0i64..600, proptest::bool::weighted(0.05))
}

/// One step of a generated scenario.
#[derive(Debug, Clone)]
pub enum Step {
    /// An arbitrary command: who, what, how many minutes after the previous step, and
    /// whether it reuses the previous command id (a retry).
    Arbitrary {
        /// Who asks.
        actor: Actor,
        /// What.
        action: Action,
        /// Minutes since the previous step.
        gap_minutes: i64,
        /// Whether the command id repeats the previous one.
        retry: bool,
    },
    /// An admin moves the lead along one of the transitions possible from its stage
    /// (`choice` picks which), so that generated histories reach every stage.
    Advance {
        /// Which of the possible transitions.
        choice: u8,
        /// Minutes since the previous step.
        gap_minutes: i64,
    },
}

/// An arbitrary step: half arbitrary commands (often refused), half advances.
pub fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        command_parts().prop_map(|(actor, action, gap_minutes, retry)| Step::Arbitrary {
            actor,
            action,
            gap_minutes,
            retry
        }),
        (any::<u8>(), 0i64..600).prop_map(|(choice, gap_minutes)| Step::Advance {
            choice,
            gap_minutes
        }),
    ]
}

/// The transitions an [`Step::Advance`] may take from `stage`, with valid data.
fn advances(stage: crate::Stage) -> Vec<Action> {
    use crate::Stage as S;
    let eur = Currency::new("EUR").unwrap_or_else(|_| unreachable!());
    let reason = || Reason::new("generated");
    match stage {
        // Disqualification is absorbing: offer it rarely so histories go deep.
        S::Inquiry => vec![
            Action::QualifyMql,
            Action::QualifyMql,
            Action::QualifyMql,
            Action::QualifyMql,
            Action::QualifyMql,
            Action::QualifyMql,
            Action::QualifyMql,
            Action::Disqualify { reason: reason() },
        ],
        S::Mql => vec![Action::HandOff {
            to: Owner::user("user-0").in_team("team-0"),
        }],
        S::HandedOff => vec![
            Action::Accept,
            Action::Accept,
            Action::Accept,
            Action::Accept,
            Action::Accept,
            Action::Reject {
                reason: reason(),
                to: RejectTo::Nurture,
            },
            Action::Reject {
                reason: reason(),
                to: RejectTo::Disqualified,
            },
        ],
        S::Sal => vec![Action::QualifySql, Action::Recycle { reason: reason() }],
        S::Sql => vec![Action::ConvertToOpportunity {
            amount: Money::new(5_000_00, eur),
            expected_close: None,
        }],
        S::Opportunity => vec![
            Action::UpdateOpportunity {
                amount: None,
                expected_close: None,
                forecast_category: Some(ForecastCategory::Commit),
            },
            Action::Win { amount: None },
            Action::Lose { reason: reason() },
        ],
        S::Customer => vec![Action::PromoteToAdvocate],
        S::Nurture => vec![Action::QualifyMql],
        S::Lost => vec![Action::Recycle { reason: reason() }],
        S::Advocate | S::Disqualified => vec![Action::SetSubStatus {
            sub_status: Some("done".to_owned()),
        }],
    }
}

/// Runs `steps` for one lead through the default [`Machine`], each command against the
/// version left by the previous accepted one; refused commands leave no trace. Returns the
/// emitted history.
#[must_use]
pub fn run_steps(lead_id: LeadId, steps: &[Step]) -> Vec<EventEnvelope> {
    let machine = Machine::new();
    let mut history: Vec<EventEnvelope> = Vec::new();
    let mut lead: Option<Lead> = None;
    let mut at = base_time();
    for (n, step) in steps.iter().enumerate() {
        let (actor, action, gap, retry) = match step {
            Step::Arbitrary {
                actor,
                action,
                gap_minutes,
                retry,
            } => (actor.clone(), action.clone(), *gap_minutes, *retry),
            Step::Advance {
                choice,
                gap_minutes,
            } => {
                let Some(stage) = lead.as_ref().map(Lead::stage) else {
                    continue;
                };
                let options = advances(stage);
                let action = options[usize::from(*choice) % options.len()].clone();
                (
                    Actor::new("admin", Role::Admin),
                    action,
                    *gap_minutes,
                    false,
                )
            }
        };
        at += TimeDelta::minutes(gap);
        let id = if retry && n > 0 { n - 1 } else { n };
        let command = Command::new(
            lead_id,
            CommandId::from_u128(id as u128),
            actor,
            at,
            lead.as_ref().map_or(0, Lead::version),
            action,
        );
        if let Ok(decision) = machine.decide(lead.as_ref(), &command) {
            for envelope in decision.into_events() {
                lead = Some(crate::evolve(lead, &envelope));
                history.push(envelope);
            }
        }
    }
    history
}

/// A valid history of one lead: a capture, then up to `max_steps` arbitrary steps (refused
/// commands leave no trace).
pub fn history(max_steps: usize) -> impl Strategy<Value = Vec<EventEnvelope>> {
    (0u128..1000, proptest::collection::vec(step(), 0..max_steps)).prop_map(|(id, steps)| {
        let lead_id = LeadId::from_u128(id);
        let capture = Step::Arbitrary {
            actor: Actor::new("admin", Role::Admin),
            action: Action::capture(),
            gap_minutes: 0,
            retry: false,
        };
        let mut all = vec![capture];
        all.extend(steps);
        run_steps(lead_id, &all)
    })
}

/// Histories of `leads` distinct leads (ids 0, 1, 2, …), for report and merge properties.
pub fn histories(leads: usize, max_steps: usize) -> impl Strategy<Value = Vec<Vec<EventEnvelope>>> {
    proptest::collection::vec(proptest::collection::vec(step(), 0..max_steps), 0..=leads).prop_map(
        |per_lead| {
            per_lead
                .iter()
                .enumerate()
                .map(|(n, steps)| {
                    let capture = Step::Arbitrary {
                        actor: Actor::new("admin", Role::Admin),
                        action: Action::capture(),
                        gap_minutes: 0,
                        retry: false,
                    };
                    let mut all = vec![capture];
                    all.extend(steps.iter().cloned());
                    run_steps(LeadId::from_u128(n as u128), &all)
                })
                .collect()
        },
    )
}

/// A lead replayed from an arbitrary valid [`history`].
pub fn lead(max_steps: usize) -> impl Strategy<Value = Lead> {
    history(max_steps).prop_filter_map("history replays", |history| replay(&history).ok().flatten())
}
