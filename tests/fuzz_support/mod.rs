//! The fuzz harnesses, shared by the cargo-fuzz targets in `fuzz/` (which include this file
//! by path) and by `tests/fuzz_regressions.rs`, which replays every input kept under
//! `tests/fuzz_regressions/<target>/`. Each harness must not panic on any input; the
//! assertions in them are the invariants the fuzzer checks.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::pedantic
)]

use chrono::{DateTime, NaiveDate, TimeDelta, Utc, Weekday};
use leadflow::calendar::{CalendarSpec, Exception, Interval, WeekSchedule};
use leadflow::routing::{Roster, Router, RoutingConfig};
use leadflow::scoring::{
    AttributeType, Condition, Decay, EngagementRule, FitRule, Profile, RuleScorer, Scorer,
    ScoringConfig,
};
use leadflow::sla::{Calendars, SlaEvaluator, SlaGoal, SlaPolicy, Target};
use leadflow::{
    Action, Activity, ActivityKind, Actor, AttributeValue, Attributes, Calendar, CalendarError,
    CampaignId, Command, CommandId, Currency, Entry, EventEnvelope, LeadId, Machine, Money, Owner,
    Reason, RejectTo, Role, Source, replay,
};

/// A harness: any bytes in, a panic on a bug.
pub type Harness = fn(&[u8]);

/// The fuzz targets by name, for the regression test.
pub const TARGETS: &[(&str, Harness)] = &[
    ("replay_history", replay_history),
    ("load_configs", load_configs),
    ("rule_scorer", rule_scorer),
    ("calendar_arithmetic", calendar_arithmetic),
    ("sla_evaluate", sla_evaluate),
];

/// Reads bytes as a stream of small numbers; zeros once exhausted.
pub struct Bytes<'a> {
    data: &'a [u8],
}

impl<'a> Bytes<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Self { data }
    }

    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    pub fn u8(&mut self) -> u8 {
        match self.data.split_first() {
            Some((&b, rest)) => {
                self.data = rest;
                b
            }
            None => 0,
        }
    }

    pub fn u32(&mut self) -> u32 {
        u32::from_le_bytes([self.u8(), self.u8(), self.u8(), self.u8()])
    }

    pub fn i64(&mut self) -> i64 {
        i64::from(self.u32()) | (i64::from(self.u32()) << 32)
    }

    /// A value in `0..n` (n > 0).
    pub fn below(&mut self, n: u32) -> u32 {
        self.u32() % n
    }
}

/// An instant anywhere in the representable range, biased towards the tz-rule years.
fn instant(bytes: &mut Bytes<'_>) -> DateTime<Utc> {
    let raw = bytes.i64();
    let seconds = match bytes.u8() % 4 {
        // 1990-2040, on any second.
        0 | 1 => 631_152_000 + raw.rem_euclid(50 * 365 * 86_400),
        // On a whole minute in the same years.
        2 => 631_152_000 + raw.rem_euclid(50 * 365 * 1_440) * 60,
        _ => raw,
    };
    DateTime::from_timestamp(seconds, 0).unwrap_or(if raw < 0 {
        DateTime::<Utc>::MIN_UTC
    } else {
        DateTime::<Utc>::MAX_UTC
    })
}

// ---------------------------------------------------------------------------------------

/// Decode an event history from JSON and replay it; decide a few commands on the result.
pub fn replay_history(data: &[u8]) {
    let Ok(history) = serde_json::from_slice::<Vec<EventEnvelope>>(data) else {
        return;
    };
    let Ok(Some(lead)) = replay(&history) else {
        return;
    };
    assert_eq!(lead.version(), history.len() as u64);
    let machine = Machine::new();
    let at = history
        .last()
        .map_or(DateTime::<Utc>::MIN_UTC, |e| e.occurred_at);
    let admin = Actor::new("root", Role::Admin);
    for (n, action) in [
        Action::QualifyMql,
        Action::Accept,
        Action::Recycle {
            reason: Reason::new("bad_timing"),
        },
        Action::Win { amount: None },
    ]
    .into_iter()
    .enumerate()
    {
        let command = Command::new(
            lead.id(),
            CommandId::from_u128(u128::MAX - n as u128),
            admin.clone(),
            at,
            lead.version(),
            action,
        );
        if let Ok(decision) = machine.decide(Some(&lead), &command) {
            // Accepted events replay onto the history.
            let mut longer = history.clone();
            longer.extend(decision.into_events());
            assert!(replay(&longer).is_ok());
        }
    }
    let _ = format!("{lead:?}");
    let _ = serde_json::to_string(&history);
}

// ---------------------------------------------------------------------------------------

/// Load and validate configurations: the first byte picks one, the rest is its JSON.
pub fn load_configs(data: &[u8]) {
    let Some((&which, json)) = data.split_first() else {
        return;
    };
    match which % 4 {
        0 => {
            if let Ok(config) = serde_json::from_slice::<ScoringConfig>(json) {
                if let Ok(scorer) = RuleScorer::new(config) {
                    let attributes = Attributes::new();
                    let card = scorer.score(&Profile::new(&attributes, &[]), DateTime::UNIX_EPOCH);
                    assert!(card.total() >= 0);
                }
            }
        }
        1 => {
            if let Ok((config, roster)) = serde_json::from_slice::<(RoutingConfig, Roster)>(json) {
                let _ = Router::new(config, &roster);
            }
        }
        2 => {
            if let Ok(spec) = serde_json::from_slice::<CalendarSpec>(json) {
                if let Ok(calendar) = Calendar::new(spec) {
                    let t = DateTime::UNIX_EPOCH;
                    let _ = calendar.add(t, TimeDelta::hours(1));
                }
            }
        }
        _ => {
            if let Ok(policies) = serde_json::from_slice::<Vec<SlaPolicy>>(json) {
                let calendars = Calendars::new().with("office", office());
                if let Ok(evaluator) = SlaEvaluator::new(&policies, &calendars) {
                    let _ = evaluator.evaluate(&[], DateTime::UNIX_EPOCH);
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------

fn scoring_config() -> ScoringConfig {
    let rule = |name: &str, attribute: &str, condition: Condition, points: i64| FitRule {
        name: name.into(),
        attribute: attribute.into(),
        condition,
        points,
    };
    let engage = |name: &str, kind: ActivityKind, points: i64, cap, decay| EngagementRule {
        name: name.into(),
        kind,
        points,
        cap,
        decay,
    };
    ScoringConfig {
        attributes: [
            ("email", AttributeType::Text),
            ("employees", AttributeType::Number),
            ("tags", AttributeType::List),
            ("founded", AttributeType::Date),
            ("customer", AttributeType::Bool),
        ]
        .into_iter()
        .map(|(n, t)| (n.to_owned(), t))
        .collect(),
        fit_rules: vec![
            rule("free", "email", Condition::FreeMail, -25),
            rule(
                "rival",
                "email",
                Condition::DomainIn {
                    domains: vec!["rival.com".into()],
                },
                -100,
            ),
            rule(
                "mid",
                "employees",
                Condition::Range {
                    min: Some(200.0),
                    max: Some(2000.0),
                },
                30,
            ),
            rule(
                "crm",
                "tags",
                Condition::Contains {
                    value: "crm".into(),
                },
                7,
            ),
            rule("dated", "founded", Condition::Exists, 3),
            rule(
                "customer",
                "customer",
                Condition::Equals {
                    value: AttributeValue::Bool(true),
                },
                15,
            ),
            rule("no_mail", "email", Condition::Missing, -5),
        ],
        engagement_rules: vec![
            engage(
                "demo",
                ActivityKind::FormFill,
                40,
                Some(60),
                Decay::HalfLife { days: 30.0 },
            ),
            engage(
                "visits",
                ActivityKind::WebVisit,
                2,
                Some(10),
                Decay::Window { days: 7.0 },
            ),
            engage(
                "emails",
                ActivityKind::Email,
                3,
                None,
                Decay::Linear { days: 10.0 },
            ),
            engage("meetings", ActivityKind::Meeting, 25, None, Decay::None),
            engage("other", ActivityKind::Other, -30, None, Decay::None),
        ],
        grades: Default::default(),
        bands: Default::default(),
    }
}

fn activity_kind(b: u8) -> ActivityKind {
    ActivityKind::ALL[usize::from(b) % ActivityKind::ALL.len()]
}

/// The rule scorer on an arbitrary profile: attributes of any type under the rules' names,
/// activities of any kind at any time, scored at any `now`.
pub fn rule_scorer(data: &[u8]) {
    let mut bytes = Bytes::new(data);
    let scorer = RuleScorer::new(scoring_config()).unwrap();
    let names = ["email", "employees", "tags", "founded", "customer", "other"];
    let mut attributes = Attributes::new();
    for _ in 0..bytes.below(6) {
        let name = names[bytes.below(6) as usize];
        let value = match bytes.u8() % 5 {
            0 => AttributeValue::text(text(&mut bytes)),
            1 => AttributeValue::number(f64::from_bits(bytes.i64() as u64))
                .unwrap_or(AttributeValue::Number(0.0)),
            2 => AttributeValue::Bool(bytes.u8() % 2 == 0),
            3 => AttributeValue::Date(
                NaiveDate::from_num_days_from_ce_opt(bytes.u32() as i32).unwrap_or_default(),
            ),
            _ => AttributeValue::List(vec![text(&mut bytes), text(&mut bytes)]),
        };
        attributes.insert(name.to_owned(), value);
    }
    let now = instant(&mut bytes);
    let mut activities = Vec::new();
    while !bytes.is_empty() && activities.len() < 2_000 {
        let kind = activity_kind(bytes.u8());
        let at = match bytes.u8() % 3 {
            0 => instant(&mut bytes),
            _ => now
                .checked_sub_signed(TimeDelta::seconds(i64::from(bytes.u32())))
                .unwrap_or(now),
        };
        activities.push(Activity::new(kind, at));
    }
    let card = scorer.score(&Profile::new(&attributes, &activities), now);
    assert!(card.total() >= 0);
    let sum = card
        .contributions()
        .iter()
        .fold(0_i64, |s, c| s.saturating_add(c.points));
    assert_eq!(sum, card.total());
}

fn text(bytes: &mut Bytes<'_>) -> String {
    const WORDS: [&str; 8] = [
        "jo@gmail.com",
        "ceo@rival.com",
        "x@acme.io",
        "crm",
        "",
        "@",
        "ÄÖÜ@ß.de",
        "a@b@c",
    ];
    WORDS[bytes.below(8) as usize].to_owned()
}

// ---------------------------------------------------------------------------------------

const ZONES: [&str; 10] = [
    "UTC",
    "+05:30",
    "-09:30",
    "+14:00",
    "America/New_York",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "America/Havana",
    "America/Goose_Bay",
    "Europe/London",
];

fn day(bytes: &mut Bytes<'_>) -> Vec<Interval> {
    let mut cuts: Vec<u32> = (0..bytes.below(5) * 2)
        .map(|_| match bytes.u8() % 3 {
            0 => bytes.below(86_401),
            1 => bytes.below(97) * 900,
            _ => bytes.below(1_441) * 60,
        })
        .collect();
    cuts.sort_unstable();
    cuts.dedup();
    cuts.chunks_exact(2)
        .map(|pair| Interval::new(pair[0], pair[1]))
        .collect()
}

fn calendar_spec(bytes: &mut Bytes<'_>) -> CalendarSpec {
    let zone = ZONES[bytes.below(ZONES.len() as u32) as usize].to_owned();
    let mut week = WeekSchedule::new();
    for d in [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ] {
        *week.day_mut(d) = day(bytes);
    }
    let base = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let date = |bytes: &mut Bytes<'_>| base + TimeDelta::days(i64::from(bytes.below(800)) - 400);
    let holidays = (0..bytes.below(4)).map(|_| date(bytes)).collect();
    let exceptions = (0..bytes.below(3))
        .map(|_| Exception {
            date: date(bytes),
            hours: day(bytes),
        })
        .collect();
    CalendarSpec {
        zone,
        week,
        holidays,
        exceptions,
    }
}

/// Calendar arithmetic on an arbitrary calendar and instants: add and elapsed are inverse,
/// next_open is open, elapsed never exceeds the wall-clock span.
pub fn calendar_arithmetic(data: &[u8]) {
    let mut bytes = Bytes::new(data);
    let Ok(calendar) = Calendar::new(calendar_spec(&mut bytes)) else {
        return;
    };
    let a = instant(&mut bytes);
    let b = instant(&mut bytes);
    let d = match bytes.u8() % 3 {
        0 => TimeDelta::seconds(i64::from(bytes.u32())),
        1 => TimeDelta::seconds(i64::from(bytes.below(100_000))),
        _ => TimeDelta::seconds(bytes.i64() / 1_000).max(TimeDelta::MIN),
    };
    let _ = calendar.is_open(a);
    let elapsed = calendar.elapsed(a, b);
    assert!(elapsed >= TimeDelta::zero());
    if b > a {
        assert!(elapsed <= b - a + TimeDelta::seconds(1));
    }
    if let Some(next) = calendar.next_open(a) {
        assert!(next >= a);
        assert!(calendar.is_open(next), "next_open({a}) = {next} is closed");
    }
    match calendar.add(a, d) {
        Ok(end) => {
            assert!(end >= a);
            if d > TimeDelta::zero() && a.timestamp_subsec_nanos() == 0 {
                assert_eq!(
                    calendar.elapsed(a, end),
                    TimeDelta::seconds(d.num_seconds())
                );
            }
        }
        Err(CalendarError::NegativeDuration { .. }) => assert!(d < TimeDelta::zero()),
        Err(CalendarError::OutOfRange) => {
            // Only when the answer may lie past the end of time: at least one open second a
            // week, and closed special days within 800 days of 2026.
            let worst = a
                .timestamp()
                .saturating_add(d.num_seconds().saturating_mul(604_800))
                .saturating_add(900 * 86_400);
            assert!(
                worst > DateTime::<Utc>::MAX_UTC.timestamp(),
                "add({a}, {d}) out of range"
            );
        }
        Err(other) => panic!("add({a}, {d}): {other}"),
    }
}

// ---------------------------------------------------------------------------------------

fn office() -> Calendar {
    Calendar::builder("Europe/London")
        .weekdays("09:00", "17:30")
        .build()
        .unwrap()
}

fn policy() -> SlaPolicy {
    SlaPolicy::new(1, DateTime::<Utc>::MIN_UTC)
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
            Target::business_days(5, 8, "office"),
        ))
        .goal(SlaGoal::mql_handoff_wait(Target::calendar(
            TimeDelta::hours(24),
        )))
}

/// A lead's history written through the machine from arbitrary actions at arbitrary times.
pub fn history(bytes: &mut Bytes<'_>, lead_id: LeadId) -> Vec<EventEnvelope> {
    let machine = Machine::new();
    let eur = Currency::new("EUR").unwrap();
    let actors = [
        Actor::new("mia", Role::Marketer),
        Actor::new("ana", Role::SalesRep)
            .in_team("emea")
            .in_queue("inbound"),
        Actor::new("max", Role::SalesManager).in_team("emea"),
        Actor::new("bot", Role::System),
    ];
    let mut at = instant(bytes);
    let mut history: Vec<EventEnvelope> = Vec::new();
    let mut n = 0_u128;
    while !bytes.is_empty() && history.len() < 500 {
        n += 1;
        at = match bytes.u8() % 8 {
            0 => instant(bytes),
            1 => at,
            _ => at
                .checked_add_signed(TimeDelta::seconds(i64::from(bytes.below(200_000))))
                .unwrap_or(at),
        };
        let actor = actors[bytes.below(4) as usize].clone();
        let reason = Reason::new("no_budget").with_note("call jo@example.com");
        let action = match bytes.u8() % 16 {
            0 => Action::Capture {
                entry: if bytes.u8() % 2 == 0 {
                    Entry::Inquiry
                } else {
                    Entry::SalesSourced {
                        owner: Owner::user("ana").in_team("emea"),
                    }
                },
                source: Some(Source::new("web")),
                campaign: Some(CampaignId::new("webinar")),
                attributes: Attributes::new(),
            },
            1 => Action::QualifyMql,
            2 => Action::HandOff {
                to: if bytes.u8() % 2 == 0 {
                    Owner::user("ana").in_team("emea")
                } else {
                    Owner::queue("inbound")
                },
            },
            3 => Action::Accept,
            4 => Action::Reject {
                reason,
                to: if bytes.u8() % 2 == 0 {
                    RejectTo::Nurture
                } else {
                    RejectTo::Disqualified
                },
            },
            5 => Action::QualifySql,
            6 => Action::ConvertToOpportunity {
                amount: Money::new(bytes.i64(), eur),
                expected_close: None,
            },
            7 => Action::Win { amount: None },
            8 => Action::Lose { reason },
            9 => Action::Recycle { reason },
            10 => Action::Disqualify { reason },
            11 => Action::PromoteToAdvocate,
            12 => Action::Reassign {
                to: Owner::user("bob").in_team("emea"),
            },
            13 => Action::SetSubStatus {
                sub_status: Some("attempting".into()),
            },
            _ => Action::RecordActivity {
                activity: Activity {
                    by: Some("ana".into()),
                    ..Activity::new(activity_kind(bytes.u8()), at)
                },
            },
        };
        let lead = replay(&history).ok().flatten();
        let version = lead.as_ref().map_or(0, |l| l.version());
        let command = Command::new(lead_id, CommandId::from_u128(n), actor, at, version, action);
        if let Ok(decision) = machine.decide(lead.as_ref(), &command) {
            history.extend(decision.into_events());
        }
    }
    history
}

/// SLA evaluation on an arbitrary history (written through the machine) at an arbitrary
/// `now`, and the summary of it.
pub fn sla_evaluate(data: &[u8]) {
    let mut bytes = Bytes::new(data);
    let now = instant(&mut bytes);
    let history = history(&mut bytes, LeadId::from_u128(1));
    let calendars = Calendars::new().with("office", office());
    let evaluator = SlaEvaluator::new(&[policy()], &calendars).unwrap();
    let report = evaluator.evaluate(&history, now);
    let again = evaluator.evaluate(&history, now);
    assert_eq!(report, again);
    let _ = evaluator.summarize([history.as_slice()], now);
}
