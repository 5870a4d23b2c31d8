//! Resource bounds: configuration caps give typed errors, and a 100,000-event history is
//! replayed, evaluated for SLAs, scored and reported on in linear work. Work is counted
//! (events pulled from the history, calls into the working-time clock), never timed: each
//! count at 100,000 events is at most a little over twice the count at 50,000.
//!
//! `decide` on such a lead is linear too: `Lead::has_processed` scans the lead's command ids
//! once per command (idempotency), which is O(n) per command and acceptable.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::pedantic
)]

use std::cell::Cell;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{DateTime, NaiveDate, TimeDelta, TimeZone, Utc, Weekday};
use leadflow::calendar::{CalendarSpec, Exception, Interval, MAX_HOLIDAYS, WeekSchedule};
use leadflow::metrics::{
    AttributionSpec, EffectivenessSpec, FunnelSpec, MetricsReport, MetricsSpec,
};
use leadflow::routing::{
    ConfigError, MAX_REPS, MAX_ROUTING_RULES, Rep, Roster, Router, RoutingConfig, Rule, RuleKind,
};
use leadflow::scoring::{
    AttributeType, Decay, EngagementRule, Profile, RuleScorer, Scorer, ScoringConfig,
};
use leadflow::sla::{Calendars, MAX_GOALS, SlaError, SlaEvaluator, SlaGoal, SlaPolicy, Target};
use leadflow::{
    Action, Activity, ActivityKind, Actor, Calendar, CalendarError, CampaignId, Command, CommandId,
    Currency, Event, EventEnvelope, LeadId, Machine, Owner, Period, Role, SCHEMA_VERSION, Source,
    Stage, WorkingTime, Zone, replay,
};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap()
}

/// A lead captured, qualified, handed off and accepted, then `n - 4` touches by its owner
/// a minute apart: `n` events.
fn long_history(n: usize) -> Vec<EventEnvelope> {
    let lead_id = LeadId::from_u128(1);
    let ana = Owner::user("ana").in_team("emea");
    let mut events = vec![
        Event::Captured {
            stage: Stage::Inquiry,
            owner: None,
            source: Some(Source::new("web")),
            campaign: Some(CampaignId::new("webinar")),
            attributes: Default::default(),
        },
        Event::QualifiedMql,
        Event::HandedOff { to: ana.clone() },
        Event::Accepted { owner: ana },
    ];
    let kinds = [
        ActivityKind::Email,
        ActivityKind::Call,
        ActivityKind::WebVisit,
    ];
    for k in 0..n.saturating_sub(4) {
        let at = t0() + TimeDelta::minutes(i64::try_from(k + 4).unwrap());
        events.push(Event::ActivityRecorded {
            activity: Activity {
                by: Some("ana".into()),
                ..Activity::new(kinds[k % 3], at)
            },
        });
    }
    events
        .into_iter()
        .enumerate()
        .map(|(i, event)| EventEnvelope {
            lead_id,
            seq: u64::try_from(i + 1).unwrap(),
            occurred_at: t0() + TimeDelta::minutes(i64::try_from(i).unwrap()),
            actor: Actor::new("ana", Role::SalesRep).in_team("emea"),
            command_id: CommandId::from_u128(i as u128 + 1),
            schema_version: SCHEMA_VERSION,
            event,
        })
        .collect()
}

/// Calendar time that counts the calls made into it.
#[derive(Default)]
struct CountingTime {
    calls: AtomicUsize,
}

impl WorkingTime for CountingTime {
    fn elapsed(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> TimeDelta {
        self.calls.fetch_add(1, Ordering::Relaxed);
        (to - from).max(TimeDelta::zero())
    }

    fn add(&self, from: DateTime<Utc>, duration: TimeDelta) -> Option<DateTime<Utc>> {
        self.calls.fetch_add(1, Ordering::Relaxed);
        from.checked_add_signed(duration.max(TimeDelta::zero()))
    }
}

/// The work of each stage on a history of `n` events.
fn work(n: usize) -> [usize; 3] {
    let history = long_history(n);
    // Replay: events pulled from the history.
    let pulled = Cell::new(0_usize);
    let lead = replay(history.iter().inspect(|_| pulled.set(pulled.get() + 1)))
        .unwrap()
        .unwrap();
    assert_eq!(lead.version(), n as u64);
    assert_eq!(lead.activities().len(), n - 4);

    // SLA evaluation: calls into the working-time clock.
    let clock = std::sync::Arc::new(CountingTime::default());
    let mut calendars = Calendars::new();
    calendars.insert("counting", clock.clone());
    let policy = SlaPolicy::new(1, t0() - TimeDelta::days(1))
        .goal(SlaGoal::time_to_accept(Target::business(
            TimeDelta::hours(4),
            "counting",
        )))
        .goal(SlaGoal::time_to_first_touch(Target::business(
            TimeDelta::hours(8),
            "counting",
        )))
        .goal(SlaGoal::follow_up_cadence(
            3,
            Target::business(TimeDelta::hours(40), "counting"),
        ));
    let evaluator = SlaEvaluator::new(&[policy], &calendars).unwrap();
    let now = history.last().unwrap().occurred_at + TimeDelta::hours(1);
    let report = evaluator.evaluate(&history, now);
    assert_eq!(report.cycles.len(), 1);
    let sla_calls = clock.calls.load(Ordering::Relaxed);

    // Scoring: every activity counts under a rule without decay or cap.
    let scorer = RuleScorer::new(ScoringConfig {
        attributes: BTreeMap::from([("email".to_owned(), AttributeType::Text)]),
        fit_rules: Vec::new(),
        engagement_rules: vec![EngagementRule {
            name: "emails".into(),
            kind: ActivityKind::Email,
            points: 1,
            cap: None,
            decay: Decay::None,
        }],
        grades: Default::default(),
        bands: Default::default(),
    })
    .unwrap();
    let card = scorer.score(&Profile::of(&lead), now);
    assert_eq!(
        card.engagement(),
        i64::try_from((n - 4).div_ceil(3)).unwrap()
    );

    // Metrics: the funnel velocity asks the clock once per transition, not per event.
    let eur = Currency::new("EUR").unwrap();
    let march = Period::month(2026, 3, Zone::utc()).unwrap();
    let spec = MetricsSpec {
        funnel: FunnelSpec::new(march),
        attribution: AttributionSpec::new(march, eur),
        effectiveness: Some(EffectivenessSpec {
            period: march,
            currency: eur,
        }),
    };
    let metrics_clock = CountingTime::default();
    let score = |_: LeadId| Some(10);
    let metrics =
        MetricsReport::build(&spec, &metrics_clock, [history.as_slice()], &score).unwrap();
    assert_eq!(metrics.funnel.total.entered(Stage::Sal), 1);
    [
        pulled.get(),
        sla_calls,
        metrics_clock.calls.load(Ordering::Relaxed),
    ]
}

#[test]
fn a_100k_event_history_costs_linear_work() {
    let half = work(50_000);
    let full = work(100_000);
    // Replay pulls each event exactly once.
    assert_eq!(half[0], 50_000);
    assert_eq!(full[0], 100_000);
    // The clock is asked at most a little over twice as often for twice the events.
    for (name, (h, f)) in ["sla", "metrics"]
        .iter()
        .zip(half[1..].iter().zip(&full[1..]))
    {
        assert!(*f <= 2 * h + 16, "{name}: {h} calls at 50k, {f} at 100k");
    }
}

#[test]
fn deciding_on_a_long_lead_is_linear_and_idempotent() {
    let history = long_history(20_000);
    let lead = replay(&history).unwrap().unwrap();
    let machine = Machine::new();
    let rep = Actor::new("ana", Role::SalesRep).in_team("emea");
    let command = Command::new(
        lead.id(),
        CommandId::from_u128(3),
        rep.clone(),
        t0() + TimeDelta::days(30),
        lead.version(),
        Action::QualifySql,
    );
    // A command id already in the history: nothing new (one scan over 20,000 ids).
    assert!(
        machine
            .decide(Some(&lead), &command)
            .unwrap()
            .into_events()
            .is_empty()
    );
    let command = Command::new(
        lead.id(),
        CommandId::from_u128(u128::MAX),
        rep,
        t0() + TimeDelta::days(30),
        lead.version(),
        Action::QualifySql,
    );
    assert_eq!(
        machine
            .decide(Some(&lead), &command)
            .unwrap()
            .into_events()
            .len(),
        1
    );
}

fn weekdays() -> WeekSchedule {
    let mut week = WeekSchedule::new();
    week.day_mut(Weekday::Mon)
        .push(Interval::new(9 * 3600, 17 * 3600));
    week
}

#[test]
fn calendar_caps_holidays_exceptions_and_intervals() {
    let base = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap();
    let spec = CalendarSpec {
        zone: "UTC".into(),
        week: weekdays(),
        holidays: (0..=MAX_HOLIDAYS as i64)
            .map(|d| base + TimeDelta::days(d))
            .collect(),
        exceptions: Vec::new(),
    };
    assert_eq!(
        Calendar::new(spec).unwrap_err(),
        CalendarError::TooMany {
            what: "holidays",
            count: MAX_HOLIDAYS + 1,
            max: MAX_HOLIDAYS
        }
    );
    let spec = CalendarSpec {
        zone: "UTC".into(),
        week: weekdays(),
        holidays: Vec::new(),
        exceptions: (0..=leadflow::calendar::MAX_EXCEPTIONS as i64)
            .map(|d| Exception {
                date: base + TimeDelta::days(d),
                hours: Vec::new(),
            })
            .collect(),
    };
    assert!(matches!(
        Calendar::new(spec),
        Err(CalendarError::TooMany {
            what: "exceptions",
            ..
        })
    ));
    // 97 one-minute intervals in a day: one over the cap of 96.
    let mut week = weekdays();
    *week.day_mut(Weekday::Tue) = (0..97)
        .map(|k| Interval::new(k * 120, k * 120 + 60))
        .collect();
    let spec = CalendarSpec {
        zone: "UTC".into(),
        week,
        holidays: Vec::new(),
        exceptions: Vec::new(),
    };
    assert_eq!(
        Calendar::new(spec).unwrap_err(),
        CalendarError::TooMany {
            what: "intervals in a day",
            count: 97,
            max: 96
        }
    );
    // At the cap it builds.
    let mut week = weekdays();
    *week.day_mut(Weekday::Tue) = (0..96)
        .map(|k| Interval::new(k * 120, k * 120 + 60))
        .collect();
    let spec = CalendarSpec {
        zone: "UTC".into(),
        week,
        holidays: Vec::new(),
        exceptions: Vec::new(),
    };
    assert!(Calendar::new(spec).is_ok());
}

#[test]
fn sla_caps_goals_per_policy() {
    let mut policy = SlaPolicy::new(1, t0());
    for k in 0..=MAX_GOALS {
        policy = policy.goal(
            SlaGoal::time_to_accept(Target::calendar(TimeDelta::hours(4))).named(format!("g{k}")),
        );
    }
    assert_eq!(
        SlaEvaluator::new(&[policy], &Calendars::new()).unwrap_err(),
        SlaError::TooMany {
            what: "goals",
            count: MAX_GOALS + 1,
            max: MAX_GOALS
        }
    );
}

#[test]
fn routing_caps_rules_and_reps() {
    let roster = Roster {
        reps: vec![Rep::new("ana")],
        ..Roster::new()
    };
    let config = RoutingConfig {
        rules: (0..=MAX_ROUTING_RULES)
            .map(|k| Rule::new(format!("r{k}"), RuleKind::AccountOwner))
            .collect(),
        ..RoutingConfig::new()
    };
    assert_eq!(
        Router::new(config, &roster).unwrap_err(),
        ConfigError::TooMany {
            what: "rules".into(),
            count: MAX_ROUTING_RULES + 1,
            max: MAX_ROUTING_RULES
        }
    );
    let roster = Roster {
        reps: (0..=MAX_REPS)
            .map(|k| Rep::new(format!("rep{k}")))
            .collect(),
        ..Roster::new()
    };
    assert_eq!(
        Router::new(RoutingConfig::new(), &roster).unwrap_err(),
        ConfigError::TooMany {
            what: "reps".into(),
            count: MAX_REPS + 1,
            max: MAX_REPS
        }
    );
}
