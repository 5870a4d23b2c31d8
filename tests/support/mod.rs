//! Test support: given / when / then for `decide`, and builders for leads in every stage.
#![allow(dead_code)]

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use leadflow::{
    Action, Activity, ActivityKind, Actor, Attributes, Command, CommandId, Currency, Decision,
    Entry, Event, EventEnvelope, Lead, LeadId, Machine, Money, Owner, Policy, QualificationGuard,
    Reason, Refusal, RejectTo, Role, Stage, replay,
};

pub const LEAD: LeadId = LeadId::from_u128(0xA11CE);

pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap()
}

pub fn eur(minor: i64) -> Money {
    Money::new(minor, Currency::new("EUR").unwrap())
}

pub fn admin() -> Actor {
    Actor::new("root", Role::Admin)
}

pub fn marketer() -> Actor {
    Actor::new("mia", Role::Marketer).in_team("marketing")
}

pub fn rep() -> Actor {
    Actor::new("ana", Role::SalesRep)
        .in_team("emea")
        .in_queue("inbound-emea")
}

pub fn other_rep() -> Actor {
    Actor::new("bob", Role::SalesRep).in_team("emea")
}

pub fn manager() -> Actor {
    Actor::new("max", Role::SalesManager).in_team("emea")
}

pub fn ana() -> Owner {
    Owner::user("ana").in_team("emea")
}

/// A sample action of every kind, with valid data.
pub fn sample(kind: leadflow::ActionKind) -> Action {
    use leadflow::ActionKind as K;
    match kind {
        K::Capture => Action::capture(),
        K::UpdateAttributes => Action::UpdateAttributes {
            set: Attributes::from([("country".to_owned(), "DE".into())]),
            remove: vec![],
        },
        K::RecordActivity => Action::RecordActivity {
            activity: Activity::new(ActivityKind::Call, t0()).by("ana".into()),
        },
        K::QualifyMql => Action::QualifyMql,
        K::HandOff => Action::HandOff { to: ana() },
        K::Accept => Action::Accept,
        K::Reject => Action::Reject {
            reason: Reason::new("bad_timing"),
            to: RejectTo::Nurture,
        },
        K::QualifySql => Action::QualifySql,
        K::ConvertToOpportunity => Action::ConvertToOpportunity {
            amount: eur(10_000_00),
            expected_close: None,
        },
        K::UpdateOpportunity => Action::UpdateOpportunity {
            amount: None,
            expected_close: None,
            forecast_category: Some(leadflow::ForecastCategory::Commit),
        },
        K::Win => Action::Win { amount: None },
        K::Lose => Action::Lose {
            reason: Reason::new("price"),
        },
        K::Recycle => Action::Recycle {
            reason: Reason::new("not_ready"),
        },
        K::Disqualify => Action::Disqualify {
            reason: Reason::new("competitor"),
        },
        K::PromoteToAdvocate => Action::PromoteToAdvocate,
        K::Reassign => Action::Reassign {
            to: Owner::user("bob").in_team("emea"),
        },
        K::SetSubStatus => Action::SetSubStatus {
            sub_status: Some("attempting_contact".to_owned()),
        },
        _ => unreachable!("a new action kind needs a sample"),
    }
}

/// The admin actions that take a fresh lead to `stage`.
pub fn path_to(stage: Stage) -> Vec<Action> {
    use leadflow::ActionKind as K;
    let up_to = |kinds: &[K]| kinds.iter().map(|k| sample(*k)).collect::<Vec<_>>();
    let to_opportunity = [
        K::Capture,
        K::QualifyMql,
        K::HandOff,
        K::Accept,
        K::QualifySql,
        K::ConvertToOpportunity,
    ];
    match stage {
        Stage::Inquiry => up_to(&[K::Capture]),
        Stage::Mql => up_to(&[K::Capture, K::QualifyMql]),
        Stage::HandedOff => up_to(&[K::Capture, K::QualifyMql, K::HandOff]),
        Stage::Sal => up_to(&[K::Capture, K::QualifyMql, K::HandOff, K::Accept]),
        Stage::Sql => up_to(&to_opportunity[..5]),
        Stage::Opportunity => up_to(&to_opportunity),
        Stage::Customer => up_to(&[&to_opportunity[..], &[K::Win]].concat()),
        Stage::Advocate => up_to(&[&to_opportunity[..], &[K::Win, K::PromoteToAdvocate]].concat()),
        Stage::Lost => up_to(&[&to_opportunity[..], &[K::Lose]].concat()),
        Stage::Nurture => up_to(&[K::Capture, K::QualifyMql, K::HandOff, K::Reject]),
        Stage::Disqualified => up_to(&[K::Capture, K::Disqualify]),
    }
}

/// A scenario: a history given, a command when, and what then.
pub struct Scenario<P: Policy, G: QualificationGuard> {
    machine: Machine<P, G>,
    history: Vec<EventEnvelope>,
    next_command: u128,
}

/// Starts a scenario on the default machine with no history.
pub fn given() -> Scenario<leadflow::DefaultPolicy, leadflow::AlwaysQualified> {
    given_machine(Machine::new())
}

pub fn given_machine<P: Policy, G: QualificationGuard>(machine: Machine<P, G>) -> Scenario<P, G> {
    Scenario {
        machine,
        history: Vec::new(),
        next_command: 1,
    }
}

/// The outcome of `when`, to assert on with `then_*`.
pub struct Outcome {
    before: Option<Lead>,
    history: Vec<EventEnvelope>,
    result: Result<Decision, Refusal>,
}

impl<P: Policy, G: QualificationGuard> Scenario<P, G> {
    /// The lead as the history stands.
    pub fn lead(&self) -> Option<Lead> {
        replay(&self.history).expect("the given history replays")
    }

    pub fn history(&self) -> &[EventEnvelope] {
        &self.history
    }

    /// A command by `actor`, at the next minute, against the current version.
    pub fn command(&mut self, actor: Actor, action: Action) -> Command {
        let lead = self.lead();
        let at = t0() + TimeDelta::minutes(self.next_command as i64);
        let command = Command::new(
            LEAD,
            CommandId::from_u128(self.next_command),
            actor,
            at,
            lead.as_ref().map_or(0, Lead::version),
            action,
        );
        self.next_command += 1;
        command
    }

    /// Applies an action that must succeed (a `given` step).
    pub fn and(mut self, actor: Actor, action: Action) -> Self {
        let command = self.command(actor, action);
        let lead = self.lead();
        let decision = self
            .machine
            .decide(lead.as_ref(), &command)
            .unwrap_or_else(|refusal| panic!("given step {command:?} was refused: {refusal}"));
        self.history.extend(decision.into_events());
        self
    }

    /// Admin steps that bring the lead to `stage`.
    pub fn in_stage(mut self, stage: Stage) -> Self {
        for action in path_to(stage) {
            self = self.and(admin(), action);
        }
        assert_eq!(self.lead().map(|l| l.stage()), Some(stage));
        self
    }

    /// Decides `command` against the history.
    pub fn when_command(&self, command: &Command) -> Outcome {
        let before = self.lead();
        Outcome {
            result: self.machine.decide(before.as_ref(), command),
            before,
            history: self.history.clone(),
        }
    }

    /// Decides `action` by `actor` against the history.
    pub fn when(&mut self, actor: Actor, action: Action) -> Outcome {
        let command = self.command(actor, action);
        self.when_command(&command)
    }
}

impl Outcome {
    /// Asserts the command was accepted with exactly these event payloads; returns the new
    /// state.
    pub fn then_events(self, expected: &[Event]) -> Lead {
        let decision = self
            .result
            .unwrap_or_else(|refusal| panic!("expected events, got refusal: {refusal}"));
        let events = decision.into_events();
        let payloads: Vec<&Event> = events.iter().map(|e| &e.event).collect();
        assert_eq!(payloads, expected.iter().collect::<Vec<_>>());
        let mut history = self.history;
        history.extend(events);
        replay(&history).expect("replays").expect("a lead")
    }

    /// Asserts the command was accepted and moved the lead to `stage`.
    pub fn then_stage(self, stage: Stage) -> Lead {
        let decision = self
            .result
            .unwrap_or_else(|refusal| panic!("expected {stage}, got refusal: {refusal}"));
        let mut history = self.history;
        history.extend(decision.into_events());
        let lead = replay(&history).expect("replays").expect("a lead");
        assert_eq!(lead.stage(), stage);
        lead
    }

    /// Asserts the command was refused; returns the refusal.
    pub fn then_refused(self) -> Refusal {
        match self.result {
            Ok(decision) => panic!("expected a refusal, got {decision:?}"),
            Err(refusal) => refusal,
        }
    }

    /// Asserts the command was refused with exactly `expected`.
    pub fn then_refused_with(self, expected: Refusal) {
        assert_eq!(self.then_refused(), expected);
    }

    /// Asserts the command was a duplicate.
    pub fn then_duplicate(self) {
        assert!(
            matches!(self.result, Ok(Decision::Duplicate { .. })),
            "expected a duplicate, got {:?}",
            self.result
        );
    }

    pub fn result(&self) -> &Result<Decision, Refusal> {
        &self.result
    }

    pub fn before(&self) -> Option<&Lead> {
        self.before.as_ref()
    }
}

pub fn sales_sourced(owner: Owner) -> Action {
    Action::Capture {
        entry: Entry::SalesSourced { owner },
        source: Some("outbound".into()),
        campaign: None,
        attributes: Attributes::new(),
    }
}
