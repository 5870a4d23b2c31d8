//! Helpers shared by the SLA integration tests: stories built through `Machine::decide`, and
//! a simple office-hours calendar.
#![allow(dead_code, clippy::unwrap_used, clippy::panic)]

use chrono::{DateTime, Datelike, NaiveTime, TimeDelta, TimeZone, Utc, Weekday};
use leadflow::{
    Action, Activity, ActivityKind, Actor, AttributeValue, Attributes, Command, CommandId, Entry,
    EventEnvelope, Lead, LeadId, Machine, Owner, Reason, RejectTo, Role, Source, WorkingTime,
    replay,
};

/// 2026-03-02 (a Monday) at `h:m` UTC.
pub fn monday(h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, h, m, 0).unwrap()
}

pub fn hours(h: i64) -> TimeDelta {
    TimeDelta::hours(h)
}

pub fn minutes(m: i64) -> TimeDelta {
    TimeDelta::minutes(m)
}

pub fn mia() -> Actor {
    Actor::new("mia", Role::Marketer)
}

pub fn ana() -> Actor {
    Actor::new("ana", Role::SalesRep)
        .in_team("emea")
        .in_queue("inbound")
}

pub fn bob() -> Actor {
    Actor::new("bob", Role::SalesRep).in_team("emea")
}

pub fn ana_owner() -> Owner {
    Owner::user("ana").in_team("emea")
}

/// One lead's history, written through the default machine.
pub struct Story {
    pub lead_id: LeadId,
    pub history: Vec<EventEnvelope>,
    machine: Machine,
    next_command: u128,
}

impl Story {
    /// Captured by marketing at `at`.
    pub fn captured(id: u128, at: DateTime<Utc>) -> Self {
        Self::captured_with(id, at, None, Attributes::new())
    }

    /// Captured by marketing at `at` with a source and attributes.
    pub fn captured_with(
        id: u128,
        at: DateTime<Utc>,
        source: Option<&str>,
        attributes: Attributes,
    ) -> Self {
        let mut story = Self {
            lead_id: LeadId::from_u128(id),
            history: Vec::new(),
            machine: Machine::new(),
            next_command: 1,
        };
        story.act(
            at,
            mia(),
            Action::Capture {
                entry: Entry::Inquiry,
                source: source.map(Source::new),
                campaign: None,
                attributes,
            },
        );
        story
    }

    /// Applies `action` by `actor` at `at`; panics if refused.
    pub fn act(&mut self, at: DateTime<Utc>, actor: Actor, action: Action) -> &mut Self {
        let lead = replay(&self.history).unwrap();
        let command = Command::new(
            self.lead_id,
            CommandId::from_u128(self.next_command),
            actor,
            at,
            lead.as_ref().map_or(0, Lead::version),
            action,
        );
        self.next_command += 1;
        let decision = self
            .machine
            .decide(lead.as_ref(), &command)
            .unwrap_or_else(|refusal| panic!("refused: {refusal}"));
        self.history.extend(decision.into_events());
        self
    }

    pub fn qualify(&mut self, at: DateTime<Utc>) -> &mut Self {
        self.act(at, mia(), Action::QualifyMql)
    }

    pub fn hand_off(&mut self, at: DateTime<Utc>, to: Owner) -> &mut Self {
        self.act(at, mia(), Action::HandOff { to })
    }

    pub fn accept(&mut self, at: DateTime<Utc>, by: Actor) -> &mut Self {
        self.act(at, by, Action::Accept)
    }

    pub fn reject(&mut self, at: DateTime<Utc>, by: Actor) -> &mut Self {
        self.act(
            at,
            by,
            Action::Reject {
                reason: Reason::new("bad_timing"),
                to: RejectTo::Nurture,
            },
        )
    }

    pub fn recycle(&mut self, at: DateTime<Utc>, by: Actor) -> &mut Self {
        self.act(
            at,
            by,
            Action::Recycle {
                reason: Reason::new("not_now"),
            },
        )
    }

    pub fn touch(&mut self, at: DateTime<Utc>, by: &str) -> &mut Self {
        let activity = Activity::new(ActivityKind::Call, at).by(by.into());
        self.act(
            at,
            Actor::new(by, Role::SalesRep),
            Action::RecordActivity { activity },
        )
    }

    pub fn sub_status(&mut self, at: DateTime<Utc>, by: Actor, value: Option<&str>) -> &mut Self {
        self.act(
            at,
            by,
            Action::SetSubStatus {
                sub_status: value.map(str::to_owned),
            },
        )
    }

    pub fn set_attribute(&mut self, at: DateTime<Utc>, name: &str, value: &str) -> &mut Self {
        let mut set = Attributes::new();
        set.insert(name.to_owned(), AttributeValue::text(value));
        self.act(
            at,
            Actor::new("admin", Role::Admin),
            Action::UpdateAttributes {
                set,
                remove: Vec::new(),
            },
        )
    }

    pub fn events(&self) -> &[EventEnvelope] {
        &self.history
    }
}

/// Attributes with one text value.
pub fn attrs(name: &str, value: &str) -> Attributes {
    let mut attributes = Attributes::new();
    attributes.insert(name.to_owned(), AttributeValue::text(value));
    attributes
}

/// Open 9:00–17:00 UTC, Monday to Friday; a deliberately naive day-by-day implementation.
#[derive(Debug, Clone, Copy)]
pub struct OfficeHours;

impl OfficeHours {
    fn window(day: chrono::NaiveDate) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        if matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            return None;
        }
        let open = day.and_time(NaiveTime::from_hms_opt(9, 0, 0)?).and_utc();
        let close = day.and_time(NaiveTime::from_hms_opt(17, 0, 0)?).and_utc();
        Some((open, close))
    }
}

impl WorkingTime for OfficeHours {
    fn elapsed(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> TimeDelta {
        let mut total = TimeDelta::zero();
        let mut day = from.date_naive();
        while day <= to.date_naive() {
            if let Some((open, close)) = Self::window(day) {
                let (a, b) = (open.max(from), close.min(to));
                if b > a {
                    total += b - a;
                }
            }
            day = day.succ_opt().unwrap();
        }
        total
    }

    fn add(&self, from: DateTime<Utc>, duration: TimeDelta) -> Option<DateTime<Utc>> {
        let mut left = duration.max(TimeDelta::zero());
        if left.is_zero() {
            return Some(from);
        }
        let mut day = from.date_naive();
        for _ in 0..10_000 {
            if let Some((open, close)) = Self::window(day) {
                let a = open.max(from);
                if close > a {
                    if close - a >= left {
                        return Some(a + left);
                    }
                    left -= close - a;
                }
            }
            day = day.succ_opt()?;
        }
        None
    }
}
