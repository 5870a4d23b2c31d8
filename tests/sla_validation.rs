//! Policy validation: every bad policy gets its typed error.
#![allow(clippy::unwrap_used, clippy::panic, clippy::float_cmp)]

mod sla_support;

use chrono::TimeDelta;
use leadflow::sla::{
    Calendars, Commitment, SlaError, SlaEvaluator, SlaGoal, SlaPolicy, Target, Trigger,
};
use leadflow::{CalendarTime, Team};
use sla_support::*;

fn policy(version: u32, goal: SlaGoal) -> SlaPolicy {
    SlaPolicy::new(version, monday(0, 0)).goal(goal)
}

fn accept() -> SlaGoal {
    SlaGoal::time_to_accept(Target::calendar(hours(4)))
}

fn check(goal: SlaGoal) -> Result<SlaEvaluator, SlaError> {
    SlaEvaluator::new(
        &[policy(1, goal)],
        &Calendars::new().with("office", OfficeHours),
    )
}

#[test]
fn a_valid_policy_builds() {
    assert!(check(accept()).is_ok());
    assert!(
        check(SlaGoal::time_to_accept(Target::business(
            hours(4),
            "office"
        )))
        .is_ok()
    );
    assert!(check(accept().warning_at(1.0)).is_ok());
}

#[test]
fn an_unknown_calendar_is_refused_at_validation() {
    assert_eq!(
        check(SlaGoal::time_to_accept(Target::business(hours(4), "apac"))).unwrap_err(),
        SlaError::UnknownCalendar {
            goal: "time_to_accept".into(),
            calendar: "apac".into()
        }
    );
}

#[test]
fn warnings_must_be_a_fraction_in_zero_one() {
    for warning in [0.0, -0.5, 1.01, f64::NAN, f64::INFINITY] {
        assert!(
            matches!(
                check(accept().warning_at(warning)),
                Err(SlaError::InvalidWarning { .. })
            ),
            "{warning}"
        );
    }
}

#[test]
fn targets_must_be_positive() {
    assert_eq!(
        check(SlaGoal::time_to_accept(Target::calendar(TimeDelta::zero()))).unwrap_err(),
        SlaError::InvalidTarget {
            goal: "time_to_accept".into(),
            seconds: 0
        }
    );
    assert!(matches!(
        check(SlaGoal::time_to_accept(Target::calendar(-hours(1)))),
        Err(SlaError::InvalidTarget { seconds: -3600, .. })
    ));
}

#[test]
fn conditions_are_checked() {
    let empty_start = SlaGoal::new(
        "x",
        Team::Sales,
        vec![],
        vec![Trigger::Event {
            name: "accepted".into(),
        }],
        Target::calendar(hours(1)),
    );
    assert_eq!(
        check(empty_start).unwrap_err(),
        SlaError::MissingCondition {
            goal: "x".into(),
            which: "start"
        }
    );
    let empty_stop = SlaGoal::new(
        "x",
        Team::Sales,
        vec![Trigger::Event {
            name: "accepted".into(),
        }],
        vec![],
        Target::calendar(hours(1)),
    );
    assert!(matches!(
        check(empty_stop),
        Err(SlaError::MissingCondition { which: "stop", .. })
    ));
    let typo = SlaGoal::new(
        "x",
        Team::Sales,
        vec![Trigger::Event {
            name: "acepted".into(),
        }],
        vec![Trigger::OwnerActivities { count: 1 }],
        Target::calendar(hours(1)),
    );
    assert_eq!(
        check(typo).unwrap_err(),
        SlaError::UnknownEvent {
            goal: "x".into(),
            event: "acepted".into()
        }
    );
    assert_eq!(
        check(SlaGoal::follow_up_cadence(0, Target::calendar(hours(1)))).unwrap_err(),
        SlaError::ZeroActivities {
            goal: "follow_up_cadence".into()
        }
    );
}

#[test]
fn names_and_versions_are_unique() {
    let twice = policy(1, accept()).goal(accept());
    assert_eq!(
        SlaEvaluator::new(&[twice], &Calendars::new()).unwrap_err(),
        SlaError::DuplicateGoal {
            version: 1,
            goal: "time_to_accept".into()
        }
    );
    let later = SlaPolicy::new(3, monday(12, 0)).goal(accept());
    assert_eq!(
        SlaEvaluator::new(&[policy(3, accept()), later], &Calendars::new()).unwrap_err(),
        SlaError::DuplicateVersion { version: 3 }
    );
    assert_eq!(
        SlaEvaluator::new(&[], &Calendars::new()).unwrap_err(),
        SlaError::NoPolicy
    );
    // Two goals of one metric under different names are fine.
    let pair = policy(1, accept()).goal(accept().named("accept, slow"));
    assert!(SlaEvaluator::new(&[pair], &Calendars::new()).is_ok());
}

#[test]
fn commitment_fractions_are_checked() {
    assert!(
        Commitment::MqlsWorked { min_fraction: 0.0 }
            .validate()
            .is_ok()
    );
    assert!(
        Commitment::MqlsWorked { min_fraction: 1.0 }
            .validate()
            .is_ok()
    );
    assert_eq!(
        Commitment::WithinSla {
            metric: "time_to_accept".into(),
            min_fraction: -0.1
        }
        .validate()
        .unwrap_err(),
        SlaError::InvalidFraction { fraction: -0.1 }
    );
    assert!(Commitment::MqlVolume { min: 0 }.validate().is_ok());
}

#[test]
fn errors_read_well() {
    let error = SlaError::UnknownCalendar {
        goal: "time_to_accept".into(),
        calendar: "apac".into(),
    };
    assert_eq!(
        error.to_string(),
        "goal \"time_to_accept\" uses unknown calendar \"apac\""
    );
}

#[test]
fn calendars_list_their_names() {
    let calendars = Calendars::new()
        .with("b", CalendarTime)
        .with("a", OfficeHours);
    assert_eq!(calendars.names().collect::<Vec<_>>(), ["a", "b"]);
    assert_eq!(format!("{calendars:?}"), "{\"a\", \"b\"}");
}

#[test]
fn public_types_are_send_and_sync() {
    fn assert<T: Send + Sync>() {}
    use leadflow::sla::*;
    assert::<SlaPolicy>();
    assert::<SlaGoal>();
    assert::<Target>();
    assert::<Trigger>();
    assert::<PauseCondition>();
    assert::<LeadFilter>();
    assert::<AttributeMatch>();
    assert::<Calendars>();
    assert::<SlaEvaluator>();
    assert::<SlaError>();
    assert::<LeadSla>();
    assert::<CycleReport>();
    assert::<GoalReport>();
    assert::<Outcome>();
    assert::<Timeline>();
    assert::<SlaSummary>();
    assert::<Counts>();
    assert::<Commitment>();
    assert::<CommitmentTally>();
    assert::<CommitmentReport>();
    assert::<WhatIf>();
    assert::<MetricComparison>();
}
