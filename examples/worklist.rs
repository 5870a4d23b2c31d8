//! The reps' worklists on a Tuesday afternoon: what each rep should work next and why, the
//! top of one rep's list, and the manager's view with capacity flags.
//!
//! Run with `cargo run --example worklist`.

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use leadflow::routing::{Rep, Roster};
use leadflow::scoring::{BandThresholds, Contribution, GradeThresholds, Part, Profile, ScoreCard};
use leadflow::sla::{Calendars, SlaEvaluator, SlaGoal, SlaPolicy, Target};
use leadflow::worklist::{Capacities, ManagerView, Scope, rep_top, worklist};
use leadflow::{
    Action, Activity, ActivityKind, Actor, AttributeValue, Attributes, Calendar, Command,
    CommandId, Entry, EventEnvelope, Lead, LeadId, Machine, Owner, Role, replay,
};

type Error = Box<dyn std::error::Error>;

/// Writes one lead's history through the state machine.
struct Writer {
    machine: Machine,
    lead_id: LeadId,
    history: Vec<EventEnvelope>,
}

impl Writer {
    fn new(n: u128) -> Self {
        Self {
            machine: Machine::new(),
            lead_id: LeadId::from_u128(n),
            history: Vec::new(),
        }
    }

    fn act(
        &mut self,
        at: DateTime<Utc>,
        actor: &Actor,
        action: Action,
    ) -> Result<&mut Self, Error> {
        let lead = replay(&self.history)?;
        let command = Command::new(
            self.lead_id,
            CommandId::from_u128(self.history.len() as u128 + 1),
            actor.clone(),
            at,
            lead.as_ref().map_or(0, Lead::version),
            action,
        );
        let decision = self.machine.decide(lead.as_ref(), &command)?;
        self.history.extend(decision.into_events());
        Ok(self)
    }
}

/// A lead captured with an employee count, qualified and handed to `to` at `at`.
fn handed(n: u128, employees: f64, at: DateTime<Utc>, to: &Owner) -> Result<Writer, Error> {
    let mia = Actor::new("mia", Role::Marketer);
    let mut w = Writer::new(n);
    let attributes =
        Attributes::from([("employees".to_owned(), AttributeValue::number(employees)?)]);
    let capture = Action::Capture {
        entry: Entry::Inquiry,
        source: Some("webinar".into()),
        campaign: None,
        attributes,
    };
    w.act(at - TimeDelta::minutes(40), &mia, capture)?
        .act(at - TimeDelta::minutes(20), &mia, Action::QualifyMql)?
        .act(at, &mia, Action::HandOff { to: to.clone() })?;
    Ok(w)
}

fn call(by: &str, at: DateTime<Utc>) -> Action {
    Action::RecordActivity {
        activity: Activity::new(ActivityKind::Call, at).by(by.into()),
    }
}

/// Fit by company size, engagement by touches: a stand-in for a configured `RuleScorer`.
fn score(profile: &Profile<'_>, _now: DateTime<Utc>) -> ScoreCard {
    let employees = profile
        .attributes
        .get("employees")
        .and_then(AttributeValue::as_number)
        .unwrap_or(0.0);
    let fit = if employees >= 500.0 {
        70
    } else if employees >= 50.0 {
        45
    } else {
        15
    };
    let touches = i64::try_from(profile.activities.len()).unwrap_or(i64::MAX);
    ScoreCard::new(
        vec![
            Contribution::new("size", Part::Fit, fit, format!("{employees} employees")),
            Contribution::new(
                "touches",
                Part::Engagement,
                touches.saturating_mul(15),
                "15 each",
            ),
        ],
        &GradeThresholds::default(),
        &BandThresholds::default(),
    )
}

fn main() -> Result<(), Error> {
    let monday = Utc
        .with_ymd_and_hms(2026, 3, 2, 8, 0, 0)
        .single()
        .ok_or("bad date")?;
    let t =
        |hours: i64, minutes: i64| monday + TimeDelta::hours(hours) + TimeDelta::minutes(minutes);
    // Office hours 9:00–17:00 on weekdays, UTC+1: all targets are in business time.
    let office = Calendar::builder("+01:00")
        .weekdays("09:00", "17:00")
        .build()?;
    let policy = SlaPolicy::new(1, monday - TimeDelta::days(30))
        .goal(SlaGoal::time_to_accept(Target::business(
            TimeDelta::hours(4),
            "office",
        )))
        .goal(SlaGoal::time_to_first_touch(Target::business(
            TimeDelta::hours(8),
            "office",
        )))
        .goal(SlaGoal::follow_up_cadence(
            3,
            Target::business_days(3, 8, "office"),
        ));
    let evaluator = SlaEvaluator::new(&[policy], &Calendars::new().with("office", office))?;

    let ana = Owner::user("ana").in_team("emea");
    let bob = Owner::user("bob").in_team("emea");
    let ana_actor = Actor::new("ana", Role::SalesRep).in_team("emea");
    let bob_actor = Actor::new("bob", Role::SalesRep).in_team("emea");
    let mut leads = Vec::new();
    // Ana: two leads from Monday still unanswered, one handed off this morning, two accepted
    // and in follow-up.
    leads.push(handed(1, 800.0, t(1, 0), &ana)?.history);
    leads.push(handed(2, 30.0, t(5, 0), &ana)?.history);
    leads.push(handed(3, 120.0, t(25, 30), &ana)?.history);
    let mut w = handed(4, 900.0, t(1, 30), &ana)?;
    w.act(t(2, 0), &ana_actor, Action::Accept)?
        .act(t(2, 30), &ana_actor, call("ana", t(2, 30)))?;
    leads.push(w.history);
    let mut w = handed(5, 60.0, t(3, 0), &ana)?;
    w.act(t(3, 15), &ana_actor, Action::Accept)?
        .act(t(4, 0), &ana_actor, call("ana", t(4, 0)))?
        .act(t(24, 30), &ana_actor, call("ana", t(24, 30)))?;
    leads.push(w.history);
    // Bob: one accepted but never touched, one fresh.
    let mut w = handed(6, 300.0, t(2, 0), &bob)?;
    w.act(t(2, 30), &bob_actor, Action::Accept)?;
    leads.push(w.history);
    leads.push(handed(7, 40.0, t(26, 0), &bob)?.history);
    // The inbound queue: nobody has picked it up.
    leads.push(
        handed(
            8,
            2000.0,
            t(24, 0),
            &Owner::queue("inbound").in_team("emea"),
        )?
        .history,
    );

    // Tuesday 14:00 UTC (15:00 in the office).
    let now = t(30, 0);
    println!("Ana's worklist at {}\n", now.format("%Y-%m-%d %H:%M UTC"));
    let list = worklist(&Scope::user("ana"), &leads, &evaluator, &score, now);
    println!("{list}");

    println!("Her top 2 (what a period report prints):\n");
    println!("{}", rep_top("ana", 2, &leads, &evaluator, &score, now));

    println!("The team's view:\n");
    let team = worklist(&Scope::team("emea"), &leads, &evaluator, &score, now);
    let roster = Roster::new()
        .with_rep(
            Rep::new("ana")
                .in_team("emea")
                .with_capacity(4)
                .with_load(5),
        )
        .with_rep(
            Rep::new("bob")
                .in_team("emea")
                .with_capacity(10)
                .with_load(2),
        )
        .with_rep(
            Rep::new("cy")
                .in_team("emea")
                .with_capacity(10)
                .with_load(0),
        );
    let view = ManagerView::new(&team, &Capacities::from_roster(&roster));
    println!("{view}");
    for line in view.over_capacity() {
        println!(
            "{} is over capacity: {} leads for {}",
            line.holder,
            line.load,
            line.limit.unwrap_or(0)
        );
    }
    Ok(())
}
