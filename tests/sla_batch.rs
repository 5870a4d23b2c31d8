//! Many leads at once: the summary, period commitments and what-if, with hand-counted
#![allow(clippy::unwrap_used, clippy::panic, clippy::float_cmp)]
//! figures.

mod sla_support;

use chrono::{TimeDelta, TimeZone, Utc};
use leadflow::sla::{
    Calendars, Commitment, CommitmentStatus, CommitmentTally, Counts, SlaEvaluator, SlaGoal,
    SlaPolicy, SlaSummary, Target, compare,
};
use leadflow::{EventEnvelope, Owner, Period, Team, Zone};
use sla_support::*;

fn policy(accept_hours: i64) -> SlaPolicy {
    SlaPolicy::new(1, monday(0, 0) - TimeDelta::days(90))
        .goal(SlaGoal::time_to_accept(Target::calendar(hours(
            accept_hours,
        ))))
        .goal(SlaGoal::time_to_first_touch(Target::calendar(hours(8))))
}

fn bob_owner() -> Owner {
    Owner::user("bob").in_team("emea")
}

/// L1 accepted in 1 h and touched; L2 never accepted; L3 handed to bob at 15:00; L4 only
/// an MQL.
fn leads() -> Vec<Vec<EventEnvelope>> {
    let mut l1 = Story::captured(1, monday(8, 0));
    l1.qualify(monday(8, 30))
        .hand_off(monday(9, 0), ana_owner())
        .accept(monday(10, 0), ana())
        .touch(monday(11, 0), "ana");
    let mut l2 = Story::captured(2, monday(8, 0));
    l2.qualify(monday(8, 30))
        .hand_off(monday(9, 0), ana_owner());
    let mut l3 = Story::captured(3, monday(8, 0));
    l3.qualify(monday(14, 0))
        .hand_off(monday(15, 0), bob_owner());
    let mut l4 = Story::captured(4, monday(8, 0));
    l4.qualify(monday(10, 0));
    vec![l1.history, l2.history, l3.history, l4.history]
}

fn counts(met: u64, running: u64, at_risk: u64, breached: u64, paused: u64) -> Counts {
    Counts {
        met,
        running,
        at_risk,
        breached,
        paused,
    }
}

#[test]
fn the_summary_counts_per_goal_team_and_owner() {
    let evaluator = SlaEvaluator::new(&[policy(4)], &Calendars::new()).unwrap();
    let summary = evaluator.summarize(leads(), monday(18, 0));
    assert_eq!(summary.leads, 4);
    assert_eq!(summary.cycles, 4);
    assert_eq!(summary.total, counts(2, 1, 1, 2, 0));
    assert_eq!(summary.per_goal["time_to_accept"], counts(1, 0, 1, 1, 0));
    assert_eq!(
        summary.per_goal["time_to_first_touch"],
        counts(1, 1, 0, 1, 0)
    );
    assert_eq!(summary.per_team[&Team::Sales], counts(2, 1, 1, 2, 0));
    assert_eq!(summary.per_owner[&ana_owner()], counts(2, 0, 0, 2, 0));
    assert_eq!(summary.per_owner[&bob_owner()], counts(0, 1, 1, 0, 0));
    assert_eq!(summary.unowned, Counts::default());
    assert_eq!(summary.total.compliance(), Some(0.5));
    assert_eq!(summary.total.open(), 2);

    // Shards merge into the whole.
    let all = leads();
    let (left, right) = all.split_at(1);
    let merged = evaluator
        .summarize(left, monday(18, 0))
        .merged(&evaluator.summarize(right, monday(18, 0)));
    assert_eq!(merged, summary);
    assert_eq!(SlaSummary::new().merged(&summary), summary);
}

fn tally(now: chrono::DateTime<Utc>) -> CommitmentTally {
    let evaluator = SlaEvaluator::new(&[policy(4)], &Calendars::new()).unwrap();
    let march = Period::month(2026, 3, Zone::utc()).unwrap();
    let mut tally = CommitmentTally::new(march);
    for history in leads() {
        tally.add(&history, &evaluator.evaluate(&history, now), now);
    }
    tally
}

#[test]
fn mql_volume_is_paced_linearly_over_the_period() {
    // Monday 2 March 18:00 is 42 h into March's 744 h.
    let now = monday(18, 0);
    let tally = tally(now);
    assert_eq!(tally.mqls, 4);
    let report = tally.report(&Commitment::MqlVolume { min: 100 }, now);
    // Pace: 100 × 42 / 744 = 5.65 expected by now; 4 delivered.
    assert_eq!(report.status, CommitmentStatus::BehindPace);
    assert_eq!(report.actual, Some(4.0));
    let projection = report.projection.unwrap();
    assert!(
        (projection - 4.0 * 744.0 / 42.0).abs() < 1e-9,
        "{projection}"
    );
    assert_eq!(
        tally.report(&Commitment::MqlVolume { min: 50 }, now).status,
        CommitmentStatus::OnPace
    );
    assert_eq!(
        tally.report(&Commitment::MqlVolume { min: 4 }, now).status,
        CommitmentStatus::Met
    );
    let april = Utc.with_ymd_and_hms(2026, 4, 1, 0, 0, 0).unwrap();
    assert_eq!(
        tally
            .report(&Commitment::MqlVolume { min: 5 }, april)
            .status,
        CommitmentStatus::Missed
    );
}

#[test]
fn sales_response_within_the_sla() {
    let within = Commitment::WithinSla {
        metric: "time_to_accept".into(),
        min_fraction: 0.95,
    };
    let now = monday(18, 0);
    let report = tally(now).report(&within, now);
    // L1 met, L2 breached, L3 at risk: 1 of 2 decided.
    assert_eq!(report.status, CommitmentStatus::BehindPace);
    assert_eq!((report.achieved, report.considered), (1, 2));
    assert_eq!(report.actual, Some(0.5));
    assert_eq!(report.target, 0.95);
    // At the end of March L3 has breached too: 1 of 3, missed.
    let april = Utc.with_ymd_and_hms(2026, 4, 1, 0, 0, 0).unwrap();
    let end = tally(april).report(&within, april);
    assert_eq!(end.status, CommitmentStatus::Missed);
    assert_eq!((end.achieved, end.considered), (1, 3));
    // A lenient commitment: 30 % met.
    let lenient = Commitment::WithinSla {
        metric: "time_to_accept".into(),
        min_fraction: 0.3,
    };
    assert_eq!(
        tally(april).report(&lenient, april).status,
        CommitmentStatus::Met
    );
}

#[test]
fn percent_of_mqls_worked() {
    let now = monday(18, 0);
    let tally = tally(now);
    assert_eq!((tally.mqls, tally.mqls_worked), (4, 1));
    let report = tally.report(&Commitment::MqlsWorked { min_fraction: 0.5 }, now);
    assert_eq!(report.status, CommitmentStatus::BehindPace);
    assert_eq!(report.actual, Some(0.25));
    assert_eq!(
        tally
            .report(&Commitment::MqlsWorked { min_fraction: 0.2 }, now)
            .status,
        CommitmentStatus::OnPace
    );
    // Tallies of shards merge.
    let mut doubled = tally.clone();
    doubled.merge(&tally);
    assert_eq!((doubled.mqls, doubled.mqls_worked), (8, 2));
}

#[test]
fn what_if_compares_two_policies_side_by_side() {
    let baseline = SlaEvaluator::new(&[policy(4)], &Calendars::new()).unwrap();
    let two_hours = SlaEvaluator::fixed(&policy(2), &Calendars::new()).unwrap();
    let what_if = compare(leads(), monday(18, 0), &baseline, &two_hours);
    let accept = what_if
        .metrics
        .iter()
        .find(|m| m.metric == "time_to_accept")
        .unwrap();
    // 4 h: L1 met, L2 breached, L3 at risk. 2 h: L3 (3 h old) breached as well.
    assert_eq!(accept.baseline, counts(1, 0, 1, 1, 0));
    assert_eq!(accept.alternative, counts(1, 0, 0, 2, 0));
    assert_eq!(accept.baseline_compliance, Some(0.5));
    let alternative = accept.alternative_compliance.unwrap();
    assert!((alternative - 1.0 / 3.0).abs() < 1e-12);
    let touch = what_if
        .metrics
        .iter()
        .find(|m| m.metric == "time_to_first_touch")
        .unwrap();
    assert_eq!(touch.baseline, touch.alternative);
    assert_eq!(what_if.baseline.leads, 4);
}
