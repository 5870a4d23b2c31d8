//! An SLA report for a handful of leads: each lead's cycles and goals with their outcome,
//! timeline and escalation suggestions, then the summary, the month's commitments and a
//! what-if with a stricter acceptance target.
//!
//! Run with `cargo run --example sla_report`.

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use leadflow::sla::{
    Calendars, Commitment, CommitmentTally, GoalReport, LeadFilter, Outcome, PauseCondition,
    SlaEvaluator, SlaGoal, SlaPolicy, Target, compare,
};
use leadflow::{
    Action, Activity, ActivityKind, Actor, AttributeValue, Attributes, Calendar, Command,
    CommandId, Entry, EventEnvelope, Lead, LeadId, Machine, Owner, Period, Reason, RejectTo, Role,
    Zone, replay,
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

    fn act(&mut self, at: DateTime<Utc>, actor: &Actor, action: Action) -> Result<(), Error> {
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
        Ok(())
    }
}

fn touch(by: &str, at: DateTime<Utc>) -> Action {
    Action::RecordActivity {
        activity: Activity::new(ActivityKind::Call, at).by(by.into()),
    }
}

fn capture(grade: &str) -> Action {
    Action::Capture {
        entry: Entry::Inquiry,
        source: Some("webinar".into()),
        campaign: None,
        attributes: Attributes::from([("grade".to_owned(), AttributeValue::text(grade))]),
    }
}

/// Five leads of a Monday morning, each with its own fate.
fn leads(
    t: impl Fn(i64) -> DateTime<Utc>,
) -> Result<Vec<(&'static str, Vec<EventEnvelope>)>, Error> {
    let mia = Actor::new("mia", Role::Marketer);
    let ana = Actor::new("ana", Role::SalesRep).in_team("emea");
    let bob = Actor::new("bob", Role::SalesRep).in_team("emea");
    let to_ana = Owner::user("ana").in_team("emea");
    let to_bob = Owner::user("bob").in_team("emea");
    let mut out = Vec::new();

    // Accepted within the hour and called back the same morning.
    let mut w = Writer::new(1);
    w.act(t(0), &mia, capture("B"))?;
    w.act(t(10), &mia, Action::QualifyMql)?;
    w.act(t(30), &mia, Action::HandOff { to: to_ana.clone() })?;
    w.act(t(75), &ana, Action::Accept)?;
    w.act(t(120), &ana, touch("ana", t(120)))?;
    out.push(("Acme (accepted, called)", w.history));

    // A grade-A lead nobody accepted: the 1-hour fast lane is long breached.
    let mut w = Writer::new(2);
    w.act(t(0), &mia, capture("A"))?;
    w.act(t(5), &mia, Action::QualifyMql)?;
    w.act(t(15), &mia, Action::HandOff { to: to_bob.clone() })?;
    out.push(("Globex (grade A, waiting)", w.history));

    // Handed off late morning, the rep waits on the prospect: first touch paused.
    let mut w = Writer::new(3);
    w.act(t(0), &mia, capture("B"))?;
    w.act(t(60), &mia, Action::QualifyMql)?;
    w.act(t(150), &mia, Action::HandOff { to: to_ana.clone() })?;
    w.act(
        t(170),
        &ana,
        Action::SetSubStatus {
            sub_status: Some("waiting on prospect".into()),
        },
    )?;
    out.push(("Initech (waiting on prospect)", w.history));

    // Rejected, nurtured, re-qualified and handed off again: two cycles.
    let mut w = Writer::new(4);
    w.act(t(0), &mia, capture("B"))?;
    w.act(t(5), &mia, Action::QualifyMql)?;
    w.act(t(20), &mia, Action::HandOff { to: to_bob.clone() })?;
    let reject = Action::Reject {
        reason: Reason::new("bad_timing"),
        to: RejectTo::Nurture,
    };
    w.act(t(40), &bob, reject)?;
    w.act(t(200), &mia, Action::QualifyMql)?;
    w.act(t(210), &mia, Action::HandOff { to: to_bob })?;
    out.push(("Umbrella (recycled, back)", w.history));

    // An MQL marketing has not handed off yet.
    let mut w = Writer::new(5);
    w.act(t(0), &mia, capture("C"))?;
    w.act(t(20), &mia, Action::QualifyMql)?;
    out.push(("Hooli (MQL, not handed off)", w.history));
    Ok(out)
}

fn policy(from: DateTime<Utc>, accept_hours: i64) -> SlaPolicy {
    let waiting = PauseCondition::SubStatus {
        sub_status: "waiting on prospect".into(),
    };
    SlaPolicy::new(1, from)
        .goal(
            SlaGoal::time_to_accept(Target::calendar(TimeDelta::hours(1)))
                .named("accept grade A")
                .for_leads(LeadFilter::any().grades(["A"])),
        )
        .goal(SlaGoal::time_to_accept(Target::business(
            TimeDelta::hours(accept_hours),
            "emea",
        )))
        .goal(
            SlaGoal::time_to_first_touch(Target::business(TimeDelta::hours(4), "emea"))
                .paused_when(waiting),
        )
        .goal(SlaGoal::follow_up_cadence(
            3,
            Target::business_days(5, 8, "emea"),
        ))
        .goal(SlaGoal::mql_handoff_wait(Target::calendar(
            TimeDelta::hours(2),
        )))
}

fn hm(d: TimeDelta) -> String {
    format!("{}h{:02}", d.num_hours(), d.num_minutes() % 60)
}

fn describe(goal: &GoalReport) -> String {
    match &goal.outcome {
        Outcome::Met { elapsed, .. } => format!("met in {}", hm(*elapsed)),
        Outcome::Running {
            remaining,
            deadline,
        } => format!(
            "running, {} left, due {}",
            hm(*remaining),
            deadline.map_or("never".into(), |d| d.format("%a %H:%M").to_string())
        ),
        Outcome::AtRisk { remaining, .. } => format!("AT RISK, {} left", hm(*remaining)),
        Outcome::Breached {
            by,
            stopped_at,
            deadline,
        } => format!(
            "BREACHED by {} (due {}){}",
            hm(*by),
            deadline.map_or("-".into(), |d| d.format("%H:%M").to_string()),
            if stopped_at.is_some() {
                ", stopped"
            } else {
                ", still open"
            }
        ),
        Outcome::Paused { remaining, since } => {
            format!(
                "paused since {}, {} left",
                since.format("%H:%M"),
                hm(*remaining)
            )
        }
        other => format!("{other:?}"),
    }
}

fn main() -> Result<(), Error> {
    let start = Utc
        .with_ymd_and_hms(2026, 3, 2, 9, 0, 0)
        .single()
        .ok_or("bad date")?;
    let t = |minutes| start + TimeDelta::minutes(minutes);
    let now = t(5 * 60);
    // Business hours 9:00–17:00 on weekdays in Berlin (a fixed UTC+1 without `tz`).
    let zone = if cfg!(feature = "tz") {
        "Europe/Berlin"
    } else {
        "+01:00"
    };
    let emea = Calendar::builder(zone).weekdays("09:00", "17:00").build()?;
    let calendars = Calendars::new().with("emea", emea);
    let evaluator = SlaEvaluator::new(&[policy(start - TimeDelta::days(60), 4)], &calendars)?;
    let leads = leads(t)?;

    println!("SLA report at {}\n", now.format("%Y-%m-%d %H:%M UTC"));
    for (name, history) in &leads {
        let report = evaluator.evaluate(history, now);
        println!("{name}");
        for cycle in &report.cycles {
            println!(
                "  cycle {} from {} (policy v{})",
                cycle.cycle,
                cycle.started_at.format("%H:%M"),
                cycle.policy_version.unwrap_or_default()
            );
            for goal in &cycle.goals {
                let pauses = goal.timeline.pauses.len();
                println!(
                    "    {:<22} {:<9} started {}  {}{}{}",
                    goal.goal,
                    goal.team.to_string(),
                    goal.timeline.started.format("%H:%M"),
                    describe(goal),
                    if pauses > 0 {
                        format!(" [{pauses} pause]")
                    } else {
                        String::new()
                    },
                    if goal.escalations.is_empty() {
                        String::new()
                    } else {
                        format!("  -> {:?}", goal.escalations)
                    }
                );
            }
        }
    }

    let summary = evaluator.summarize(leads.iter().map(|(_, h)| h), now);
    println!(
        "\nSummary over {} leads, {} cycles",
        summary.leads, summary.cycles
    );
    for (goal, counts) in &summary.per_goal {
        println!(
            "  {goal:<22} met {} running {} at risk {} breached {} paused {}",
            counts.met, counts.running, counts.at_risk, counts.breached, counts.paused
        );
    }
    for (owner, counts) in &summary.per_owner {
        println!(
            "  {owner:<22} breached {} of {}",
            counts.breached,
            counts.total()
        );
    }

    print_commitments(&evaluator, &leads, now)?;

    let stricter = SlaEvaluator::fixed(&policy(start, 2), &calendars)?;
    let what_if = compare(leads.iter().map(|(_, h)| h), now, &evaluator, &stricter);
    println!("\nWhat if sales had 2 hours instead of 4 to accept?");
    for metric in &what_if.metrics {
        println!(
            "  {:<22} met/breached {}/{} -> {}/{}",
            metric.metric,
            metric.baseline.met,
            metric.baseline.breached,
            metric.alternative.met,
            metric.alternative.breached
        );
    }
    Ok(())
}

type Leads = [(&'static str, Vec<EventEnvelope>)];

fn print_commitments(
    evaluator: &SlaEvaluator,
    leads: &Leads,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    let march = Period::month(2026, 3, Zone::utc())?;
    let mut tally = CommitmentTally::new(march);
    for (_, history) in leads {
        tally.add(history, &evaluator.evaluate(history, now), now);
    }
    println!("\nCommitments for March 2026");
    for commitment in [
        Commitment::MqlVolume { min: 100 },
        Commitment::WithinSla {
            metric: "time_to_accept".into(),
            min_fraction: 0.95,
        },
        Commitment::MqlsWorked { min_fraction: 0.5 },
    ] {
        let report = tally.report(&commitment, now);
        println!(
            "  {:<60} {:?} (actual {:.2}, projection {:.2}, target {})",
            format!("{commitment:?}"),
            report.status,
            report.actual.unwrap_or(f64::NAN),
            report.projection.unwrap_or(f64::NAN),
            report.target
        );
    }
    Ok(())
}
