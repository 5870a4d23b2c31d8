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
    Currency, Entry, EventEnvelope, Lead, LeadId, Machine, Money, Owner, Reason, RejectTo, Role,
    replay,
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

/// A step of a scenario: who does what, how many minutes after the previous step, and
/// whether the command reuses an earlier command id.
pub fn step() -> impl Strategy<Value = (Actor, Action, i64, bool)> {
    (actor(), action(), 0i64..600, proptest::bool::weighted(0.05))
}

/// Commands for one lead built from `steps`, each against the version left by the previous
/// accepted one, through the default [`Machine`]; returns the emitted history.
#[must_use]
pub fn run_steps(lead_id: LeadId, steps: &[(Actor, Action, i64, bool)]) -> Vec<EventEnvelope> {
    let machine = Machine::new();
    let mut history: Vec<EventEnvelope> = Vec::new();
    let mut lead: Option<Lead> = None;
    let mut at = base_time();
    for (n, (actor, action, gap, reuse)) in steps.iter().enumerate() {
        at += TimeDelta::minutes(*gap);
        let id = if *reuse && n > 0 { n - 1 } else { n };
        let command = Command::new(
            lead_id,
            CommandId::from_u128(id as u128),
            actor.clone(),
            at,
            lead.as_ref().map_or(0, Lead::version),
            action.clone(),
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

/// A valid history of one lead, made by up to `max_steps` arbitrary commands (refused ones
/// leave no trace). It starts with a capture unless every step was refused.
pub fn history(max_steps: usize) -> impl Strategy<Value = Vec<EventEnvelope>> {
    (0u128..1000, proptest::collection::vec(step(), 0..max_steps)).prop_map(|(id, steps)| {
        let lead_id = LeadId::from_u128(id);
        let capture = (
            Actor::new("admin", Role::Admin),
            Action::capture(),
            0,
            false,
        );
        let mut all = vec![capture];
        all.extend(steps);
        run_steps(lead_id, &all)
    })
}

/// A lead replayed from an arbitrary valid [`history`].
pub fn lead(max_steps: usize) -> impl Strategy<Value = Lead> {
    history(max_steps).prop_filter_map("history replays", |history| replay(&history).ok().flatten())
}
