//! Arithmetic at the bounds: money sums, score totals, attribution credits, SLA durations
//! near the limits of `DateTime<Utc>` and calendar `add` of huge durations give typed
//! errors or saturate; none panics and none wraps.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::pedantic
)]

use std::collections::BTreeMap;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use leadflow::metrics::{AttributionReport, AttributionSpec, MetricsError, Model};
use leadflow::scoring::{
    AttributeType, BandThresholds, Condition, Decay, EngagementRule, FitRule, GradeThresholds,
    MAX_POINTS, MAX_RULES, Profile, RuleScorer, Scorer, ScoringConfig,
};
use leadflow::sla::{Calendars, SlaEvaluator, SlaGoal, SlaPolicy, Target};
use leadflow::{
    Action, Activity, ActivityKind, Actor, AttributeValue, Attributes, Calendar, CalendarError,
    CampaignId, Command, CommandId, Currency, Entry, EventEnvelope, LeadId, Machine, Money, Owner,
    Period, Role, Source, ValueError, Zone, replay,
};

fn eur() -> Currency {
    Currency::new("EUR").unwrap()
}

#[test]
fn money_sums_are_checked_at_both_ends() {
    let max = Money::new(i64::MAX, eur());
    let min = Money::new(i64::MIN, eur());
    assert_eq!(
        max.checked_add(Money::new(1, eur())),
        Err(ValueError::Overflow)
    );
    assert_eq!(
        min.checked_add(Money::new(-1, eur())),
        Err(ValueError::Overflow)
    );
    assert_eq!(max.checked_add(min).unwrap().minor(), -1);
    // Display of the extremes does not overflow on the sign.
    assert_eq!(min.to_string(), "-92233720368547758.08 EUR");
    assert_eq!(max.to_string(), "92233720368547758.07 EUR");
}

fn attribute_rule(n: usize, points: i64) -> FitRule {
    FitRule {
        name: format!("fit_{n}"),
        attribute: "employees".into(),
        condition: Condition::Exists,
        points,
    }
}

fn scorer(points: i64, fit_rules: usize) -> RuleScorer {
    let config = ScoringConfig {
        attributes: BTreeMap::from([("employees".to_owned(), AttributeType::Number)]),
        fit_rules: (0..fit_rules).map(|n| attribute_rule(n, points)).collect(),
        engagement_rules: vec![EngagementRule {
            name: "visits".into(),
            kind: ActivityKind::WebVisit,
            points,
            cap: None,
            decay: Decay::None,
        }],
        grades: GradeThresholds::default(),
        bands: BandThresholds::default(),
    };
    RuleScorer::new(config).unwrap()
}

#[test]
fn score_totals_saturate_with_the_most_rules_at_the_most_points() {
    let now = Utc.with_ymd_and_hms(2026, 4, 1, 0, 0, 0).unwrap();
    let attributes: Attributes = [(
        "employees".to_owned(),
        AttributeValue::number(10.0).unwrap(),
    )]
    .into_iter()
    .collect();
    let activities: Vec<Activity> = (0..10_000)
        .map(|s| Activity::new(ActivityKind::WebVisit, now - TimeDelta::seconds(s)))
        .collect();
    for sign in [1, -1] {
        let scorer = scorer(sign * MAX_POINTS, MAX_RULES - 1);
        let card = scorer.score(&Profile::new(&attributes, &activities), now);
        let fit = i64::try_from(MAX_RULES - 1).unwrap() * MAX_POINTS * sign;
        assert_eq!(card.fit(), fit);
        // 10,000 visits at the most points: the sum is exact or saturates, never wraps.
        assert_eq!(card.engagement(), MAX_POINTS.saturating_mul(10_000) * sign);
        assert_eq!(card.total(), (fit + card.engagement()).max(0));
        // The contributions sum to the total.
        let sum = card
            .contributions()
            .iter()
            .fold(0_i64, |s, c| s.checked_add(c.points).unwrap());
        assert_eq!(sum, card.total());
    }
}

#[test]
fn scoring_configuration_refuses_points_beyond_the_cap() {
    for points in [MAX_POINTS + 1, i64::MAX, i64::MIN, -MAX_POINTS - 1] {
        let config = ScoringConfig {
            attributes: BTreeMap::from([("employees".to_owned(), AttributeType::Number)]),
            fit_rules: vec![attribute_rule(0, points)],
            engagement_rules: Vec::new(),
            grades: GradeThresholds::default(),
            bands: BandThresholds::default(),
        };
        assert!(RuleScorer::new(config).is_err(), "{points}");
    }
}

/// A lead from the `webinar` campaign won with `amount` minor units.
fn won(id: u128, amount: i64) -> Vec<EventEnvelope> {
    let machine = Machine::new();
    let (marketer, rep) = (
        Actor::new("mia", Role::Marketer),
        Actor::new("ana", Role::SalesRep),
    );
    let steps = [
        (
            &marketer,
            Action::Capture {
                entry: Entry::Inquiry,
                source: Some(Source::new("web")),
                campaign: Some(CampaignId::new("webinar")),
                attributes: Attributes::new(),
            },
        ),
        (&marketer, Action::QualifyMql),
        (
            &marketer,
            Action::HandOff {
                to: Owner::user("ana"),
            },
        ),
        (&rep, Action::Accept),
        (&rep, Action::QualifySql),
        (
            &rep,
            Action::ConvertToOpportunity {
                amount: Money::new(amount, eur()),
                expected_close: None,
            },
        ),
        (&rep, Action::Win { amount: None }),
    ];
    let t0 = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
    let mut history = Vec::new();
    for (n, (actor, action)) in steps.into_iter().enumerate() {
        let lead = replay(&history).unwrap();
        let version = lead.as_ref().map_or(0, |l| l.version());
        let at = t0 + TimeDelta::hours(i64::try_from(n).unwrap());
        let command = Command::new(
            LeadId::from_u128(id),
            CommandId::from_u128(n as u128),
            actor.clone(),
            at,
            version,
            action,
        );
        history.extend(
            machine
                .decide(lead.as_ref(), &command)
                .unwrap()
                .into_events(),
        );
    }
    history
}

#[test]
fn attribution_credits_overflow_as_a_typed_error() {
    let march = Period::month(2026, 3, Zone::utc()).unwrap();
    let spec = AttributionSpec::new(march, eur());
    // One win at the largest amount is exact.
    let one = won(1, i64::MAX);
    let report = AttributionReport::build(&spec, [one.as_slice()]).unwrap();
    assert_eq!(
        report
            .revenue(Model::FirstTouch, &CampaignId::new("webinar"))
            .minor(),
        i64::MAX
    );
    // Two of them do not fit: a typed error, not a wrap.
    let two = won(2, i64::MAX);
    assert!(matches!(
        AttributionReport::build(&spec, [one.as_slice(), two.as_slice()]),
        Err(MetricsError::Overflow { .. })
    ));
    // Nor does merging two reports that each hold one.
    let mut left = AttributionReport::build(&spec, [one.as_slice()]).unwrap();
    let right = AttributionReport::build(&spec, [two.as_slice()]).unwrap();
    assert!(matches!(
        left.merge(&right),
        Err(MetricsError::Overflow { .. })
    ));
}

fn handed_off_at(t: DateTime<Utc>) -> Vec<EventEnvelope> {
    let machine = Machine::new();
    let marketer = Actor::new("mia", Role::Marketer);
    let steps = [
        Action::capture(),
        Action::QualifyMql,
        Action::HandOff {
            to: Owner::user("ana"),
        },
    ];
    let mut history = Vec::new();
    for (n, action) in steps.into_iter().enumerate() {
        let lead = replay(&history).unwrap();
        let version = lead.as_ref().map_or(0, |l| l.version());
        let command = Command::new(
            LeadId::from_u128(7),
            CommandId::from_u128(n as u128),
            marketer.clone(),
            t,
            version,
            action,
        );
        history.extend(
            machine
                .decide(lead.as_ref(), &command)
                .unwrap()
                .into_events(),
        );
    }
    history
}

#[test]
fn sla_durations_near_the_end_of_time_do_not_overflow() {
    let max = DateTime::<Utc>::MAX_UTC;
    let start = max - TimeDelta::hours(2);
    let calendar = Calendar::builder("+14:00")
        .weekdays("09:00", "17:00")
        .build()
        .unwrap();
    let calendars = Calendars::new().with("office", calendar);
    let policy = SlaPolicy::new(1, DateTime::<Utc>::MIN_UTC)
        .goal(SlaGoal::time_to_accept(Target::calendar(TimeDelta::days(
            365 * 100_000,
        ))))
        .goal(SlaGoal::time_to_first_touch(Target::business(
            TimeDelta::days(365 * 1_000),
            "office",
        )))
        .goal(SlaGoal::mql_handoff_wait(Target::calendar(
            TimeDelta::hours(1),
        )));
    let evaluator = SlaEvaluator::new(&[policy], &calendars).unwrap();
    let history = handed_off_at(start);
    for now in [start, max - TimeDelta::seconds(1), max] {
        let report = evaluator.evaluate(&history, now);
        assert!(!report.cycles.is_empty());
        // Deadlines beyond the end of time are absent rather than wrapped into the past.
        for cycle in &report.cycles {
            for goal in &cycle.goals {
                if let Some(deadline) = goal.timeline.deadline {
                    assert!(deadline >= start, "{deadline}");
                }
            }
        }
    }
}

#[test]
fn calendar_add_of_huge_durations_is_out_of_range() {
    let calendar = Calendar::builder("+14:00")
        .weekdays("09:00", "17:00")
        .build()
        .unwrap();
    let t = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
    assert_eq!(
        calendar.add(t, TimeDelta::MAX),
        Err(CalendarError::OutOfRange)
    );
    assert_eq!(
        calendar.add(t, TimeDelta::seconds(i64::MAX / 1_000)),
        Err(CalendarError::OutOfRange)
    );
    assert!(matches!(
        calendar.add(t, TimeDelta::MIN),
        Err(CalendarError::NegativeDuration { .. })
    ));
    let max = DateTime::<Utc>::MAX_UTC;
    let min = DateTime::<Utc>::MIN_UTC;
    assert_eq!(
        calendar.add(max - TimeDelta::days(2), TimeDelta::days(1)),
        Err(CalendarError::OutOfRange)
    );
    // Questions at the very ends of time are answered without panicking.
    for t in [
        min,
        min + TimeDelta::seconds(1),
        max - TimeDelta::seconds(1),
        max,
    ] {
        let _ = calendar.is_open(t);
        let _ = calendar.next_open(t);
        let _ = calendar.add(t, TimeDelta::seconds(1));
    }
    assert!(calendar.elapsed(min, max) > TimeDelta::days(365 * 100_000));
    assert_eq!(calendar.elapsed(max, min), TimeDelta::zero());
}

#[test]
fn local_time_at_the_ends_of_time_saturates() {
    let plus14 = Zone::parse("+14:00").unwrap();
    assert_eq!(
        plus14.local(DateTime::<Utc>::MAX_UTC),
        chrono::NaiveDateTime::MAX
    );
    let minus12 = Zone::parse("-12:00").unwrap();
    assert_eq!(
        minus12.local(DateTime::<Utc>::MIN_UTC),
        chrono::NaiveDateTime::MIN
    );
    for name in ["+14:00", "-12:00", "UTC"] {
        let zone = Zone::parse(name).unwrap();
        for t in [DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC] {
            let _ = zone.local(t);
            // A typed error or a well-formed period, never a panic.
            if let Ok(period) = Period::month_containing(t, zone) {
                assert!(period.start() < period.end());
            }
        }
    }
}

proptest::proptest! {
    /// A money sum is the exact sum when it fits in an i64, and an overflow error otherwise.
    #[test]
    fn money_sum_is_exact_or_an_overflow(a in proptest::num::i64::ANY, b in proptest::num::i64::ANY) {
        let sum = Money::new(a, eur()).checked_add(Money::new(b, eur()));
        match i64::try_from(i128::from(a) + i128::from(b)) {
            Ok(exact) => proptest::prop_assert_eq!(sum.map(|m| m.minor()), Ok(exact)),
            Err(_) => proptest::prop_assert_eq!(sum, Err(ValueError::Overflow)),
        }
    }
}
