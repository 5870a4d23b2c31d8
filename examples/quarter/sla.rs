//! The SLA between the teams, evaluated over the quarter: compliance by goal, team and rep,
//! the period commitments, a what-if, and weekly compliance for the chart.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};
use leadflow::calendar::Calendar;
use leadflow::sla::{
    Calendars, Commitment, CommitmentTally, LeadFilter, OutcomeKind, PauseCondition, SlaEvaluator,
    SlaGoal, SlaPolicy, SlaSummary, Target, compare,
};
use leadflow::{EventEnvelope, Period};

type Error = Box<dyn std::error::Error>;

/// The agreement: accept within 4 business hours of the rep's office, first touch within 8,
/// three follow-ups within 5 business days, and marketing hands an MQL off within 2 hours.
pub fn policy(from: DateTime<Utc>, accept_hours: i64) -> SlaPolicy {
    let waiting = PauseCondition::SubStatus {
        sub_status: "waiting_on_prospect".into(),
    };
    let mut policy = SlaPolicy::new(1, from);
    for team in ["emea", "amer"] {
        policy = policy
            .goal(
                SlaGoal::time_to_accept(Target::business(TimeDelta::hours(accept_hours), team))
                    .named(format!("accept ({team})"))
                    .for_leads(LeadFilter::any().owner_teams([team])),
            )
            .goal(
                SlaGoal::time_to_first_touch(Target::business(TimeDelta::hours(8), team))
                    .named(format!("first touch ({team})"))
                    .for_leads(LeadFilter::any().owner_teams([team]))
                    .paused_when(waiting.clone()),
            )
            .goal(
                SlaGoal::follow_up_cadence(3, Target::business_days(5, 8, team))
                    .named(format!("3 follow-ups in 5 days ({team})"))
                    .for_leads(LeadFilter::any().owner_teams([team])),
            );
    }
    policy.goal(SlaGoal::mql_handoff_wait(Target::calendar(
        TimeDelta::hours(2),
    )))
}

pub fn calendars(hours: &[(&'static str, Calendar); 2]) -> Calendars {
    let mut calendars = Calendars::new();
    for (name, calendar) in hours {
        calendars.insert(*name, Arc::new(calendar.clone()));
    }
    calendars
}

fn pct(x: Option<f64>) -> String {
    x.map_or("-".to_owned(), |x| format!("{:.1}%", 100.0 * x))
}

/// The printed SLA section and the weekly accept-compliance series for the chart.
pub struct SlaSection {
    pub text: String,
    pub weekly_accept: Vec<(String, f64)>,
}

pub fn report(
    histories: &[Vec<EventEnvelope>],
    hours: &[(&'static str, Calendar); 2],
    quarter: Period,
    march: Period,
) -> Result<SlaSection, Error> {
    let now = quarter.end();
    let calendars = calendars(hours);
    let evaluator = SlaEvaluator::new(&[policy(quarter.start(), 4)], &calendars)?;
    let mut summary = SlaSummary::new();
    let mut tally = CommitmentTally::new(march);
    // Accept goals by the week their clock started: (met, breached).
    let mut weekly: BTreeMap<i64, (u64, u64)> = BTreeMap::new();
    for history in histories {
        let lead = evaluator.evaluate(history, now);
        summary.add(&lead);
        tally.add(history, &lead, now);
        for (_, goal) in lead.goals() {
            if !goal.metric.starts_with("time_to_accept") {
                continue;
            }
            let week = (goal.timeline.started - quarter.start()).num_weeks();
            let entry = weekly.entry(week).or_default();
            match goal.outcome.kind() {
                OutcomeKind::Met => entry.0 += 1,
                OutcomeKind::Breached => entry.1 += 1,
                _ => {}
            }
        }
    }

    let mut text = render(&summary, &tally, now)?;
    let stricter = SlaEvaluator::fixed(&policy(quarter.start(), 2), &calendars)?;
    let what_if = compare(histories.iter(), now, &evaluator, &stricter);
    writeln!(
        text,
        "\nwhat if sales had 2 business hours instead of 4 to accept?"
    )?;
    for m in &what_if.metrics {
        writeln!(
            text,
            "  {:<22} met/breached {}/{} -> {}/{}",
            m.metric,
            m.baseline.met,
            m.baseline.breached,
            m.alternative.met,
            m.alternative.breached
        )?;
    }
    let weekly_accept = weekly
        .iter()
        .map(|(week, (met, breached))| {
            let total = (met + breached).max(1);
            (format!("w{}", week + 1), 100.0 * *met as f64 / total as f64)
        })
        .collect();
    Ok(SlaSection {
        text,
        weekly_accept,
    })
}

/// Compliance by goal, rep and team, and the March commitments, as text.
fn render(
    summary: &SlaSummary,
    tally: &CommitmentTally,
    now: DateTime<Utc>,
) -> Result<String, Error> {
    let mut text = String::new();
    writeln!(
        text,
        "SLA over {} leads, {} cycles, at {}",
        summary.leads,
        summary.cycles,
        now.format("%Y-%m-%d %H:%M UTC")
    )?;
    writeln!(
        text,
        "{:<32} {:>7} {:>7} {:>7} {:>8} {:>6} {:>11}",
        "goal", "met", "running", "at risk", "breached", "paused", "compliance"
    )?;
    for (goal, c) in &summary.per_goal {
        writeln!(
            text,
            "{goal:<32} {:>7} {:>7} {:>7} {:>8} {:>6} {:>11}",
            c.met,
            c.running,
            c.at_risk,
            c.breached,
            c.paused,
            pct(c.compliance())
        )?;
    }
    let mut by_team: BTreeMap<String, leadflow::sla::Counts> = BTreeMap::new();
    writeln!(text, "\nby rep (every sales goal the rep held)")?;
    writeln!(
        text,
        "{:<10} {:<6} {:>7} {:>8} {:>11}",
        "rep", "team", "met", "breached", "compliance"
    )?;
    for (owner, c) in &summary.per_owner {
        let team = owner.team().map_or("-".to_owned(), ToString::to_string);
        by_team.entry(team.clone()).or_default().merge(c);
        let name = owner
            .user_id()
            .map_or_else(|| owner.to_string(), ToString::to_string);
        writeln!(
            text,
            "{name:<10} {team:<6} {:>7} {:>8} {:>11}",
            c.met,
            c.breached,
            pct(c.compliance())
        )?;
    }
    writeln!(text, "\nby sales team")?;
    for (team, c) in &by_team {
        writeln!(
            text,
            "{team:<10} met {:>6}  breached {:>5}  compliance {}",
            c.met,
            c.breached,
            pct(c.compliance())
        )?;
    }
    writeln!(
        text,
        "\ncommitments for March 2026 (evaluated at the end of the quarter)"
    )?;
    for commitment in [
        Commitment::MqlVolume { min: 2_500 },
        Commitment::WithinSla {
            metric: "time_to_accept".into(),
            min_fraction: 0.95,
        },
        Commitment::MqlsWorked { min_fraction: 0.9 },
    ] {
        let r = tally.report(&commitment, now);
        writeln!(
            text,
            "  {:<58} {:?}: actual {:.3}, target {}",
            format!("{commitment:?}"),
            r.status,
            r.actual.unwrap_or(f64::NAN),
            r.target
        )?;
    }
    Ok(text)
}
