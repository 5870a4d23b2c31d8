//! The fixed dataset of the forecast tests, written through `Machine::decide` (with the
//! permissive policy of the metrics support), every figure computed by hand in the tests.
//!
//! Quarter under test: Q2 2026 in UTC ([Apr 1, Jul 1)), evaluated at `now` = May 16 00:00.
//! Fixed probabilities: pipeline 10%, best case 40%, commit 80%.
//!
//! Q2 leads (territory from the `region` attribute; owners in team emea or amer):
//! - A1 emea, marketing, ana: opportunity 10,000.00 closing Apr 30, won Apr 28.
//! - A2 emea, sales-sourced by ana: 20,000.00 closing May 31, commit from Apr 20.
//! - A3 emea, marketing, bob: 5,000.00 closing Jun 15, best case from May 2.
//! - A4 emea, marketing, ana: 3,333.33 closing Jun 30, pipeline.
//! - A5 emea, marketing, ana: 7,000.00 closing Jul 15 (next quarter).
//! - A6 emea, marketing, bob: 4,000.00 closing May 20, best case from Apr 25, lost May 10.
//! - A7 amer, marketing, cy: 8,000.00 closing May 10, commit Apr 30, won May 12 for 9,000.00.
//! - A8 amer, sales-sourced by cy: 12,000.00 closing Jun 1, omitted.
//! - A9 amer, marketing, dee: 6,000.00 closing Jun 10, commit; won May 20 (after `now`).
//! - A10 amer, marketing, cy: 1,000.00 USD closing Jun 5.
//! - A11 no region, marketing, ana: 2,000.00 closing May 25, pipeline.
//!
//! Q1 history (emea, ana), MQL at 09:00 on the day given, captured the day before, handed
//! off an hour after MQL; accepted, SQL, opportunity and close at 09:00:
//! - H1 MQL Jan 6, SAL Jan 8, SQL Jan 12, opp Jan 15, won Feb 14 (10,000.00), pipeline.
//! - H2 MQL Jan 11, SAL Jan 15, SQL Jan 21, opp Jan 26, lost Feb 20, pipeline.
//! - H3 MQL Feb 1, SAL Feb 4, SQL Feb 6, opp Feb 8, commit Feb 10, lost Mar 10.
//! - H4 MQL Feb 10, SAL Feb 11, SQL Feb 20, opp Mar 1, lost Mar 20, pipeline.
//! - H5 MQL Feb 15, rejected to nurture.
//! - H6 MQL Mar 1, SAL Mar 3.
//! - H7 MQL Mar 5, rejected as disqualified.
//! - H8 MQL Jan 20, SAL Jan 22, SQL Jan 25, opp Jan 29, commit Feb 1, won Mar 1 (20,000.00).
#![allow(dead_code, clippy::unwrap_used, clippy::panic)]

use chrono::{DateTime, NaiveDate, TimeDelta, TimeZone, Utc};
use leadflow::{
    Action, Actor, Attributes, Currency, Entry, EventEnvelope, ForecastCategory, Money, Owner,
    Period, Reason, RejectTo, Role, Zone,
};

use crate::support_metrics::Script;

pub fn eur() -> Currency {
    Currency::new("EUR").unwrap()
}

pub fn usd() -> Currency {
    Currency::new("USD").unwrap()
}

/// 2026-`month`-`day` at `hour`:00 UTC.
pub fn t(month: u32, day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, month, day, hour, 0, 0).unwrap()
}

pub fn date(month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, month, day).unwrap()
}

pub fn q1() -> Period {
    Period::quarter(2026, 1, Zone::utc()).unwrap()
}

pub fn q2() -> Period {
    Period::quarter(2026, 2, Zone::utc()).unwrap()
}

/// The forecast instant: May 16 00:00 UTC.
pub fn now() -> DateTime<Utc> {
    t(5, 16, 0)
}

fn marketer() -> Actor {
    Actor::new("mia", Role::Marketer)
}

fn rep(name: &str, team: &str) -> Actor {
    Actor::new(name, Role::SalesRep).in_team(team)
}

fn region(region: Option<&str>) -> Attributes {
    region
        .map(|r| Attributes::from([("region".to_owned(), r.into())]))
        .unwrap_or_default()
}

fn category(category: ForecastCategory) -> Action {
    Action::UpdateOpportunity {
        amount: None,
        expected_close: None,
        forecast_category: Some(category),
    }
}

fn lose() -> Action {
    Action::Lose {
        reason: Reason::new("competitor"),
    }
}

/// What a lead goes through, from capture to an open opportunity.
pub struct Deal {
    pub id: u128,
    pub region: Option<&'static str>,
    pub owner: (&'static str, &'static str),
    pub marketing: bool,
    pub mql: DateTime<Utc>,
    pub accepted: DateTime<Utc>,
    pub sql: DateTime<Utc>,
    pub opened: Option<(DateTime<Utc>, Money, NaiveDate)>,
}

/// Walks a lead to its opportunity through the machine; returns the script to go on.
pub fn walk(deal: &Deal) -> Script {
    let (name, team) = deal.owner;
    let owner = rep(name, team);
    let mut script = Script::new(deal.id);
    if deal.marketing {
        script
            .run(
                deal.mql - TimeDelta::days(1),
                &marketer(),
                Action::Capture {
                    entry: Entry::Inquiry,
                    source: Some("web".into()),
                    campaign: None,
                    attributes: region(deal.region),
                },
            )
            .run(deal.mql, &marketer(), Action::QualifyMql)
            .run(
                deal.mql + TimeDelta::hours(1),
                &marketer(),
                Action::HandOff {
                    to: Owner::user(name).in_team(team),
                },
            )
            .run(deal.accepted, &owner, Action::Accept);
    } else {
        script.run(
            deal.accepted,
            &owner,
            Action::Capture {
                entry: Entry::SalesSourced {
                    owner: Owner::user(name).in_team(team),
                },
                source: Some("outbound".into()),
                campaign: None,
                attributes: region(deal.region),
            },
        );
    }
    script.run(deal.sql, &owner, Action::QualifySql);
    if let Some((at, amount, close)) = deal.opened {
        script.run(
            at,
            &owner,
            Action::ConvertToOpportunity {
                amount,
                expected_close: Some(close),
            },
        );
    }
    script
}

fn deal(
    id: u128,
    region: Option<&'static str>,
    owner: (&'static str, &'static str),
    marketing: bool,
    opened: DateTime<Utc>,
    minor: i64,
    close: NaiveDate,
) -> Deal {
    Deal {
        id,
        region,
        owner,
        marketing,
        mql: opened - TimeDelta::days(9),
        accepted: opened - TimeDelta::days(6),
        sql: opened - TimeDelta::days(3),
        opened: Some((opened, Money::new(minor, eur()), close)),
    }
}

const ANA: (&str, &str) = ("ana", "emea");
const BOB: (&str, &str) = ("bob", "emea");
const CY: (&str, &str) = ("cy", "amer");
const DEE: (&str, &str) = ("dee", "amer");

/// The Q2 leads A1..A11 (ids 1..=11).
pub fn q2_leads() -> Vec<Vec<EventEnvelope>> {
    let emea = Some("emea");
    let amer = Some("amer");
    let ana = rep("ana", "emea");
    let bob = rep("bob", "emea");
    let cy = rep("cy", "amer");
    let dee = rep("dee", "amer");
    let mut leads = Vec::new();

    let mut a1 = walk(&deal(
        1,
        emea,
        ANA,
        true,
        t(4, 10, 9),
        10_000_00,
        date(4, 30),
    ));
    a1.run(t(4, 28, 9), &ana, Action::Win { amount: None });
    leads.push(a1.history);

    let mut a2 = walk(&deal(
        2,
        emea,
        ANA,
        false,
        t(4, 12, 9),
        20_000_00,
        date(5, 31),
    ));
    a2.run(t(4, 20, 9), &ana, category(ForecastCategory::Commit));
    leads.push(a2.history);

    let mut a3 = walk(&deal(
        3,
        emea,
        BOB,
        true,
        t(4, 14, 9),
        5_000_00,
        date(6, 15),
    ));
    a3.run(t(5, 2, 9), &bob, category(ForecastCategory::BestCase));
    leads.push(a3.history);

    leads.push(
        walk(&deal(
            4,
            emea,
            ANA,
            true,
            t(4, 15, 9),
            3_333_33,
            date(6, 30),
        ))
        .history,
    );
    leads.push(
        walk(&deal(
            5,
            emea,
            ANA,
            true,
            t(4, 16, 9),
            7_000_00,
            date(7, 15),
        ))
        .history,
    );

    let mut a6 = walk(&deal(
        6,
        emea,
        BOB,
        true,
        t(4, 17, 9),
        4_000_00,
        date(5, 20),
    ));
    a6.run(t(4, 25, 9), &bob, category(ForecastCategory::BestCase))
        .run(t(5, 10, 9), &bob, lose());
    leads.push(a6.history);

    let mut a7 = walk(&deal(7, amer, CY, true, t(4, 18, 9), 8_000_00, date(5, 10)));
    a7.run(t(4, 30, 9), &cy, category(ForecastCategory::Commit))
        .run(
            t(5, 12, 9),
            &cy,
            Action::Win {
                amount: Some(Money::new(9_000_00, eur())),
            },
        );
    leads.push(a7.history);

    let mut a8 = walk(&deal(
        8,
        amer,
        CY,
        false,
        t(4, 19, 9),
        12_000_00,
        date(6, 1),
    ));
    a8.run(t(4, 21, 9), &cy, category(ForecastCategory::Omitted));
    leads.push(a8.history);

    let mut a9 = walk(&deal(
        9,
        amer,
        DEE,
        true,
        t(4, 20, 9),
        6_000_00,
        date(6, 10),
    ));
    a9.run(t(4, 22, 9), &dee, category(ForecastCategory::Commit))
        .run(t(5, 20, 9), &dee, Action::Win { amount: None });
    leads.push(a9.history);

    leads.push(usd_lead());

    leads.push(
        walk(&deal(
            11,
            None,
            ANA,
            true,
            t(4, 22, 9),
            2_000_00,
            date(5, 25),
        ))
        .history,
    );
    leads
}

fn usd_lead() -> Vec<EventEnvelope> {
    let mut d = deal(10, Some("amer"), CY, true, t(4, 21, 9), 1, date(6, 5));
    d.opened = Some((t(4, 21, 9), Money::new(1_000_00, usd()), date(6, 5)));
    walk(&d).history
}

/// The Q1 history H1..H8 (ids 101..=108), all emea and owned by ana.
pub fn q1_leads() -> Vec<Vec<EventEnvelope>> {
    let ana = rep("ana", "emea");
    let d = |month, day| t(month, day, 9);
    let history = |id, mql, accepted, sql, opened: Option<(DateTime<Utc>, i64)>| Deal {
        id,
        region: Some("emea"),
        owner: ANA,
        marketing: true,
        mql,
        accepted,
        sql,
        opened: opened.map(|(at, minor)| (at, Money::new(minor, eur()), at.date_naive())),
    };
    let mut leads = Vec::new();

    let mut h1 = walk(&history(
        101,
        d(1, 6),
        d(1, 8),
        d(1, 12),
        Some((d(1, 15), 10_000_00)),
    ));
    h1.run(d(2, 14), &ana, Action::Win { amount: None });
    leads.push(h1.history);

    let mut h2 = walk(&history(
        102,
        d(1, 11),
        d(1, 15),
        d(1, 21),
        Some((d(1, 26), 8_000_00)),
    ));
    h2.run(d(2, 20), &ana, lose());
    leads.push(h2.history);

    let mut h3 = walk(&history(
        103,
        d(2, 1),
        d(2, 4),
        d(2, 6),
        Some((d(2, 8), 5_000_00)),
    ));
    h3.run(d(2, 10), &ana, category(ForecastCategory::Commit))
        .run(d(3, 10), &ana, lose());
    leads.push(h3.history);

    let mut h4 = walk(&history(
        104,
        d(2, 10),
        d(2, 11),
        d(2, 20),
        Some((d(3, 1), 6_000_00)),
    ));
    h4.run(d(3, 20), &ana, lose());
    leads.push(h4.history);

    for (id, mql, to) in [
        (105, d(2, 15), RejectTo::Nurture),
        (107, d(3, 5), RejectTo::Disqualified),
    ] {
        let mut s = Script::new(id);
        s.run(
            mql - TimeDelta::days(1),
            &marketer(),
            Action::Capture {
                entry: Entry::Inquiry,
                source: Some("web".into()),
                campaign: None,
                attributes: region(Some("emea")),
            },
        )
        .run(mql, &marketer(), Action::QualifyMql)
        .run(
            mql + TimeDelta::hours(1),
            &marketer(),
            Action::HandOff {
                to: Owner::user("ana").in_team("emea"),
            },
        )
        .run(
            mql + TimeDelta::hours(2),
            &ana,
            Action::Reject {
                reason: Reason::new("not_now"),
                to,
            },
        );
        leads.push(s.history);
    }

    let mut h6 = Script::new(106);
    h6.run(
        d(2, 28),
        &marketer(),
        Action::Capture {
            entry: Entry::Inquiry,
            source: Some("web".into()),
            campaign: None,
            attributes: region(Some("emea")),
        },
    )
    .run(d(3, 1), &marketer(), Action::QualifyMql)
    .run(
        d(3, 1) + TimeDelta::hours(1),
        &marketer(),
        Action::HandOff {
            to: Owner::user("ana").in_team("emea"),
        },
    )
    .run(d(3, 3), &ana, Action::Accept);
    leads.push(h6.history);

    let mut h8 = walk(&history(
        108,
        d(1, 20),
        d(1, 22),
        d(1, 25),
        Some((d(1, 29), 20_000_00)),
    ));
    h8.run(d(2, 1), &ana, category(ForecastCategory::Commit))
        .run(d(3, 1), &ana, Action::Win { amount: None });
    leads.push(h8.history);
    leads
}

/// Every history: Q1 then Q2.
pub fn dataset() -> Vec<Vec<EventEnvelope>> {
    let mut all = q1_leads();
    all.extend(q2_leads());
    all
}
