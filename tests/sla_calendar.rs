//! SLA goals measured in business time on the crate's own `Calendar`.
#![allow(clippy::unwrap_used, clippy::panic)]

mod sla_support;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use leadflow::Calendar;
use leadflow::sla::{Calendars, Outcome, SlaEvaluator, SlaGoal, SlaPolicy, Target};
use sla_support::*;

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
}

fn evaluator(calendar: Calendar, goal: SlaGoal) -> SlaEvaluator {
    let policy = SlaPolicy::new(1, utc(2026, 1, 1, 0, 0)).goal(goal);
    SlaEvaluator::new(&[policy], &Calendars::new().with("office", calendar)).unwrap()
}

fn accept_in(hours: i64) -> SlaGoal {
    SlaGoal::time_to_accept(Target::business(TimeDelta::hours(hours), "office"))
}

fn handed_off_at(at: DateTime<Utc>) -> Story {
    let mut story = Story::captured(1, at - TimeDelta::hours(1));
    story
        .qualify(at - TimeDelta::minutes(30))
        .hand_off(at, ana_owner());
    story
}

fn accept_outcome(evaluator: &SlaEvaluator, story: &Story, now: DateTime<Utc>) -> Outcome {
    evaluator
        .evaluate(story.events(), now)
        .current_goal("time_to_accept")
        .unwrap()
        .outcome
        .clone()
}

#[test]
fn four_business_hours_across_a_weekend_in_a_fixed_zone() {
    // Open 9:00–17:00 at UTC+1. Handed off Friday 6 March 15:00 local (14:00 UTC):
    // 2 hours on Friday, 2 on Monday until 11:00 local (10:00 UTC).
    let calendar = Calendar::builder("+01:00")
        .weekdays("09:00", "17:00")
        .build()
        .unwrap();
    let evaluator = evaluator(calendar, accept_in(4));
    let mut story = handed_off_at(utc(2026, 3, 6, 14, 0));
    assert_eq!(
        accept_outcome(&evaluator, &story, utc(2026, 3, 7, 12, 0)),
        Outcome::Running {
            deadline: Some(utc(2026, 3, 9, 10, 0)),
            remaining: TimeDelta::hours(2)
        }
    );
    // Accepted Monday 9:30 local: 2.5 business hours.
    story.accept(utc(2026, 3, 9, 8, 30), ana());
    assert_eq!(
        accept_outcome(&evaluator, &story, utc(2026, 3, 9, 12, 0)),
        Outcome::Met {
            elapsed: TimeDelta::minutes(150),
            stopped_at: utc(2026, 3, 9, 8, 30)
        }
    );
}

#[cfg(feature = "tz")]
#[test]
fn business_hours_across_dst_and_a_holiday_in_berlin() {
    let good_friday = chrono::NaiveDate::from_ymd_opt(2026, 4, 3).unwrap();
    let calendar = Calendar::builder("Europe/Berlin")
        .weekdays("09:00", "17:00")
        .holiday(good_friday)
        .build()
        .unwrap();
    let evaluator = evaluator(calendar, accept_in(4));
    // Friday 27 March 16:00 CET (15:00 UTC): 1 hour on Friday; clocks go forward on
    // Sunday; 3 hours on Monday 30 March 9:00–12:00 CEST, until 10:00 UTC.
    let story = handed_off_at(utc(2026, 3, 27, 15, 0));
    assert_eq!(
        accept_outcome(&evaluator, &story, utc(2026, 3, 28, 12, 0)),
        Outcome::Running {
            deadline: Some(utc(2026, 3, 30, 10, 0)),
            remaining: TimeDelta::hours(3)
        }
    );
    assert_eq!(
        accept_outcome(&evaluator, &story, utc(2026, 3, 30, 10, 30)),
        Outcome::Breached {
            deadline: Some(utc(2026, 3, 30, 10, 0)),
            by: TimeDelta::minutes(30),
            stopped_at: None
        }
    );
    // Thursday 2 April 16:00 CEST (14:00 UTC): 1 hour on Thursday, Good Friday closed,
    // 3 hours on Monday 6 April, until 12:00 CEST (10:00 UTC).
    let story = handed_off_at(utc(2026, 4, 2, 14, 0));
    assert_eq!(
        accept_outcome(&evaluator, &story, utc(2026, 4, 3, 12, 0)),
        Outcome::Running {
            deadline: Some(utc(2026, 4, 6, 10, 0)),
            remaining: TimeDelta::hours(3)
        }
    );
}

#[test]
fn follow_up_cadence_in_business_days_of_a_real_calendar() {
    // Open 9:00–17:00 UTC on weekdays: 2 business days are 16 business hours.
    let calendar = Calendar::builder("UTC")
        .weekdays("09:00", "17:00")
        .build()
        .unwrap();
    let goal = SlaGoal::follow_up_cadence(2, Target::business_days(2, 8, "office"));
    let evaluator = evaluator(calendar, goal);
    // Accepted Friday 6 March 16:00: 1 h Friday, 8 h Monday, 7 h Tuesday: due Tuesday 16:00.
    let mut story = handed_off_at(utc(2026, 3, 6, 15, 0));
    story
        .accept(utc(2026, 3, 6, 16, 0), ana())
        .touch(utc(2026, 3, 9, 10, 0), "ana");
    let report = evaluator.evaluate(story.events(), utc(2026, 3, 9, 12, 0));
    assert_eq!(
        report.current_goal("follow_up_cadence").unwrap().outcome,
        Outcome::Running {
            deadline: Some(utc(2026, 3, 10, 16, 0)),
            remaining: TimeDelta::hours(12)
        }
    );
}
