//! Shared helpers for the metrics tests: histories built through `Machine::decide`.
#![allow(dead_code, clippy::unwrap_used, clippy::panic, clippy::doc_markdown)]

use chrono::{DateTime, TimeZone, Utc};
use leadflow::{
    Action, Activity, ActivityKind, Actor, Attributes, CampaignId, Command, CommandId, Currency,
    DenyReason, Entry, EventEnvelope, Lead, LeadId, Machine, Money, Owner, Policy, Reason,
    RejectTo, Role, Source, evolve,
};

pub fn eur() -> Currency {
    Currency::new("EUR").unwrap()
}

pub fn eur_cents(minor: i64) -> Money {
    Money::new(minor, eur())
}

/// 2026-`month`-`day` at `hour`:00 UTC.
pub fn t(month: u32, day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, month, day, hour, 0, 0).unwrap()
}

/// Everyone may do anything: the tests are about metrics, not authorization.
#[derive(Debug, Clone, Copy)]
pub struct Anyone;

impl Policy for Anyone {
    fn authorize(&self, _: &Actor, _: &Action, _: Option<&Lead>) -> Result<(), DenyReason> {
        Ok(())
    }
}

/// A lead's history written command by command through the machine.
pub struct Script {
    machine: Machine<Anyone>,
    lead_id: LeadId,
    lead: Option<Lead>,
    pub history: Vec<EventEnvelope>,
    next_command: u128,
}

impl Script {
    pub fn new(lead: u128) -> Self {
        Self {
            machine: Machine::new().with_policy(Anyone),
            lead_id: LeadId::from_u128(lead),
            lead: None,
            history: Vec::new(),
            next_command: 1,
        }
    }

    /// The lead's stage, once captured.
    pub fn stage(&self) -> Option<leadflow::Stage> {
        self.lead.as_ref().map(Lead::stage)
    }

    /// Runs `action` by `actor` at `at`; panics if refused (the dataset must be valid).
    pub fn run(&mut self, at: DateTime<Utc>, actor: &Actor, action: Action) -> &mut Self {
        self.try_run(at, actor, action)
            .unwrap_or_else(|refusal| panic!("refused: {refusal}"));
        self
    }

    /// Runs `action`, ignoring a refusal; returns whether it was accepted.
    pub fn try_run(
        &mut self,
        at: DateTime<Utc>,
        actor: &Actor,
        action: Action,
    ) -> Result<(), leadflow::Refusal> {
        let command = Command::new(
            self.lead_id,
            CommandId::from_u128(self.lead_id.as_uuid().as_u128() * 1000 + self.next_command),
            actor.clone(),
            at,
            self.lead.as_ref().map_or(0, Lead::version),
            action,
        );
        self.next_command += 1;
        let decision = self.machine.decide(self.lead.as_ref(), &command)?;
        for envelope in decision.into_events() {
            self.lead = Some(evolve(self.lead.take(), &envelope));
            self.history.push(envelope);
        }
        Ok(())
    }
}

pub fn marketer() -> Actor {
    Actor::new("mia", Role::Marketer)
}

pub fn rep(name: &str) -> Actor {
    Actor::new(name, Role::SalesRep).in_team("emea")
}

pub fn capture(source: Option<&str>, campaign: Option<&str>) -> Action {
    Action::Capture {
        entry: Entry::Inquiry,
        source: source.map(Source::from),
        campaign: campaign.map(CampaignId::from),
        attributes: Attributes::new(),
    }
}

pub fn capture_sales(source: &str, owner: &str) -> Action {
    Action::Capture {
        entry: Entry::SalesSourced {
            owner: Owner::user(owner).in_team("emea"),
        },
        source: Some(Source::from(source)),
        campaign: None,
        attributes: Attributes::new(),
    }
}

pub fn touch(at: DateTime<Utc>, campaign: Option<&str>, by: Option<&str>) -> Action {
    let mut activity = Activity::new(ActivityKind::Email, at);
    activity.campaign = campaign.map(CampaignId::from);
    activity.by = by.map(Into::into);
    Action::RecordActivity { activity }
}

pub fn hand_off_to(user: &str) -> Action {
    Action::HandOff {
        to: Owner::user(user).in_team("emea"),
    }
}

pub fn reject(code: &str, to: RejectTo) -> Action {
    Action::Reject {
        reason: Reason::new(code),
        to,
    }
}

pub fn open(minor: i64) -> Action {
    Action::ConvertToOpportunity {
        amount: eur_cents(minor),
        expected_close: None,
    }
}

/// The fixed dataset of the hand-computed tests (all times 2026, UTC; "d5" is March 5).
///
/// - L1 web/ads: captured d1 09, webinar touch d2 09, MQL d3 09, handed to ana d3 10, call by
///   ana d3 12, accepted d4 09, SQL d5 09, event touch d6 09, opportunity d7 09, won d10 09
///   for 1,000.00 EUR.
/// - L2 web/ads: captured d1 10, MQL d2 10, handed to ana d2 11, rejected d2 15 "no_budget"
///   to nurture.
/// - L3 event/event: captured d5 09, webinar touch d6 09, MQL d8 09, handed to queue emea
///   d8 10, accepted by ben d8 13, call by ben d8 14, SQL d9 09, opportunity d10 09 of
///   500.00, lost d12 09 "competitor".
/// - L4 partner/no campaign: captured Feb 20 09, MQL d2 09, handed to ana d2 10, rejected
///   d2 11 "bad_fit" to disqualified.
/// - L5 referral, sales-sourced to ana d3 09 (enters SAL), meeting by ana in campaign
///   "event" d4 09, SQL d5 09, opportunity d6 09 of 200.00, won d9 09.
/// - L6 web/ads: captured d20 09, nothing else.
pub fn dataset() -> Vec<Vec<EventEnvelope>> {
    let m = marketer();
    let ana = rep("ana");
    let ben = rep("ben").in_queue("emea");
    let d = |day, hour| t(3, day, hour);

    let mut l1 = Script::new(1);
    l1.run(d(1, 9), &m, capture(Some("web"), Some("ads")))
        .run(d(2, 9), &m, touch(d(2, 9), Some("webinar"), None))
        .run(d(3, 9), &m, Action::QualifyMql)
        .run(d(3, 10), &m, hand_off_to("ana"))
        .run(d(3, 12), &ana, touch(d(3, 12), None, Some("ana")))
        .run(d(4, 9), &ana, Action::Accept)
        .run(d(5, 9), &ana, Action::QualifySql)
        .run(d(6, 9), &m, touch(d(6, 9), Some("event"), None))
        .run(d(7, 9), &ana, open(100_000))
        .run(d(10, 9), &ana, Action::Win { amount: None });

    let mut l2 = Script::new(2);
    l2.run(d(1, 10), &m, capture(Some("web"), Some("ads")))
        .run(d(2, 10), &m, Action::QualifyMql)
        .run(d(2, 11), &m, hand_off_to("ana"))
        .run(d(2, 15), &ana, reject("no_budget", RejectTo::Nurture));

    let mut l3 = Script::new(3);
    l3.run(d(5, 9), &m, capture(Some("event"), Some("event")))
        .run(d(6, 9), &m, touch(d(6, 9), Some("webinar"), None))
        .run(d(8, 9), &m, Action::QualifyMql)
        .run(
            d(8, 10),
            &m,
            Action::HandOff {
                to: Owner::queue("emea").in_team("emea"),
            },
        )
        .run(d(8, 13), &ben, Action::Accept)
        .run(d(8, 14), &ben, touch(d(8, 14), None, Some("ben")))
        .run(d(9, 9), &ben, Action::QualifySql)
        .run(d(10, 9), &ben, open(50_000))
        .run(
            d(12, 9),
            &ben,
            Action::Lose {
                reason: Reason::new("competitor"),
            },
        );

    let mut l4 = Script::new(4);
    l4.run(t(2, 20, 9), &m, capture(Some("partner"), None))
        .run(d(2, 9), &m, Action::QualifyMql)
        .run(d(2, 10), &m, hand_off_to("ana"))
        .run(d(2, 11), &ana, reject("bad_fit", RejectTo::Disqualified));

    let mut l5 = Script::new(5);
    l5.run(d(3, 9), &ana, capture_sales("referral", "ana"))
        .run(d(4, 9), &ana, touch(d(4, 9), Some("event"), Some("ana")))
        .run(d(5, 9), &ana, Action::QualifySql)
        .run(d(6, 9), &ana, open(20_000))
        .run(d(9, 9), &ana, Action::Win { amount: None });

    let mut l6 = Script::new(6);
    l6.run(d(20, 9), &m, capture(Some("web"), Some("ads")));

    vec![
        l1.history, l2.history, l3.history, l4.history, l5.history, l6.history,
    ]
}
