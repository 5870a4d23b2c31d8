//! Metrics on a small fixed dataset (see `support_metrics::dataset`), every expected figure
//! computed by hand in the comments.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::doc_markdown
)]

mod support_metrics;

use std::collections::BTreeMap;

use leadflow::metrics::{
    AttributionReport, AttributionSpec, Dimension, EffectivenessReport, EffectivenessSpec,
    FunnelReport, FunnelSpec, GroupKey, MICROS, Model, Review, Spend,
};
use leadflow::{CalendarTime, CampaignId, EventEnvelope, LeadId, Period, Stage, Zone};
use support_metrics::{dataset, eur, eur_cents};

const HOUR: i64 = 3_600;
const DAY: i64 = 86_400;

fn march() -> Period {
    Period::month(2026, 3, Zone::utc()).unwrap()
}

fn slices(data: &[Vec<EventEnvelope>]) -> impl Iterator<Item = &[EventEnvelope]> {
    data.iter().map(Vec::as_slice)
}

fn funnel(spec: &FunnelSpec) -> FunnelReport {
    FunnelReport::build(spec, &CalendarTime, slices(&dataset()))
}

#[test]
fn stage_entries_and_cohort_conversion() {
    let report = funnel(&FunnelSpec::new(march()));
    let all = &report.total;
    // Every lead has an entry in March (L4's MQL is on March 2).
    assert_eq!(all.leads, 6);
    // Inquiry: L1, L2, L3, L6 (L4 was captured in February; L5 entered at SAL).
    assert_eq!(all.entered(Stage::Inquiry), 4);
    // MQL and handoff: L1, L2, L3, L4.
    assert_eq!(all.entered(Stage::Mql), 4);
    assert_eq!(all.entered(Stage::HandedOff), 4);
    // SAL, SQL, opportunity: L1, L3, L5.
    assert_eq!(all.entered(Stage::Sal), 3);
    assert_eq!(all.entered(Stage::Sql), 3);
    assert_eq!(all.entered(Stage::Opportunity), 3);
    // Customer: L1, L5; nurture L2; disqualified L4; lost L3.
    assert_eq!(all.entered(Stage::Customer), 2);
    assert_eq!(all.entered(Stage::Nurture), 1);
    assert_eq!(all.entered(Stage::Disqualified), 1);
    assert_eq!(all.entered(Stage::Lost), 1);
    assert_eq!(all.entered(Stage::Advocate), 0);
    // Cohort: of the 4 inquiries, L1, L2, L3 reached MQL: 3/4.
    assert_eq!(all.reached(Stage::Inquiry, Stage::Mql), 3);
    assert_eq!(
        all.cohort_conversion(Stage::Inquiry, Stage::Mql),
        Some(0.75)
    );
    // Of the 4 handed off, L1 and L3 were accepted: 2/4.
    assert_eq!(all.reached(Stage::HandedOff, Stage::Sal), 2);
    // Of the 3 opportunities, L1 and L5 were won: 2/3.
    assert_eq!(all.reached(Stage::Opportunity, Stage::Customer), 2);
    // Of the 4 MQLs, only L1 became a customer.
    assert_eq!(all.reached(Stage::Mql, Stage::Customer), 1);
    // The diagonal is the cohort size.
    assert_eq!(all.reached(Stage::Sal, Stage::Sal), 3);
    // Period conversion SAL -> customer: 2 entries into Customer over 3 into SAL.
    assert_eq!(
        all.period_conversion(Stage::Sal, Stage::Customer),
        Some(2.0 / 3.0)
    );
}

#[test]
fn velocity_percentiles_are_nearest_rank() {
    let report = funnel(&FunnelSpec::new(march()));
    let all = &report.total;
    // Inquiry -> MQL: L2 1d, L1 2d, L3 3d, L4 Feb 20 -> Mar 2 = 10d.
    let v = all.velocity(Stage::Inquiry, Stage::Mql).unwrap();
    assert_eq!(v.values(), &[DAY, 2 * DAY, 3 * DAY, 10 * DAY]);
    // n = 4: median rank ceil(2) = 2, p75 rank 3, p90 rank ceil(3.6) = 4.
    assert_eq!(v.median(), Some(2 * DAY));
    assert_eq!(v.percentile(75), Some(3 * DAY));
    assert_eq!(v.percentile(90), Some(10 * DAY));
    // MQL -> handed off: one hour for each of the four.
    let v = all.velocity(Stage::Mql, Stage::HandedOff).unwrap();
    assert_eq!(v.values(), &[HOUR; 4]);
    // Handed off -> SAL: L3 3h (10:00 -> 13:00), L1 23h (d3 10:00 -> d4 09:00).
    let v = all.velocity(Stage::HandedOff, Stage::Sal).unwrap();
    assert_eq!(v.values(), &[3 * HOUR, 23 * HOUR]);
    assert_eq!(v.median(), Some(3 * HOUR));
    assert_eq!(v.percentile(75), Some(23 * HOUR));
    // SAL -> SQL: L3 20h, L1 1d, L5 2d; median rank 2 = 1d; p75 rank ceil(2.25) = 3.
    let v = all.velocity(Stage::Sal, Stage::Sql).unwrap();
    assert_eq!(v.values(), &[20 * HOUR, DAY, 2 * DAY]);
    assert_eq!(v.median(), Some(DAY));
    assert_eq!(v.percentile(75), Some(2 * DAY));
    // MQL -> SAL: L3 4h, L1 1d (L5 never was an MQL).
    let v = all.velocity(Stage::Mql, Stage::Sal).unwrap();
    assert_eq!(v.values(), &[4 * HOUR, DAY]);
    // Opportunity -> customer: L1 d7 -> d10, L5 d6 -> d9, 3 days each.
    let v = all.velocity(Stage::Opportunity, Stage::Customer).unwrap();
    assert_eq!(v.values(), &[3 * DAY, 3 * DAY]);
    // Inquiry -> customer: L1 only, 9 days.
    let v = all.velocity(Stage::Inquiry, Stage::Customer).unwrap();
    assert_eq!(v.values(), &[9 * DAY]);
}

#[test]
fn flows_and_sales_side() {
    let report = funnel(&FunnelSpec::new(march()));
    let all = &report.total;
    // Moves in March: L1 6 (all advances), L2 3 (2 advances, 1 recycle), L3 6 (5 advances,
    // 1 lost), L4 3 (2 advances, 1 disqualification), L5 3 advances, L6 none.
    assert_eq!(all.flows.moves, 21);
    assert_eq!(all.flows.advanced, 18);
    assert_eq!(all.flows.recycled, 1);
    assert_eq!(all.flows.disqualified, 1);
    assert_eq!(all.flows.lost, 1);
    let sales = &all.sales;
    // Handoffs: L1, L2, L3, L4.
    assert_eq!(sales.handed_off, 4);
    // Worked: L1 (ana's call 2h after), L3 (ben accepted from the queue, called 4h after).
    assert_eq!(sales.worked, 2);
    assert_eq!(sales.worked_rate(), Some(0.5));
    assert_eq!(sales.time_to_work.values(), &[2 * HOUR, 4 * HOUR]);
    // Accepted L1, L3; rejected L2 (no_budget) and L4 (bad_fit).
    assert_eq!((sales.accepted, sales.rejected), (2, 2));
    let reasons: Vec<(&str, u64)> = sales
        .rejection_reasons
        .iter()
        .map(|(k, v)| (k.as_str(), *v))
        .collect();
    assert_eq!(reasons, vec![("bad_fit", 1), ("no_budget", 1)]);
    // Won L1, L5; lost L3: close rate 2/3.
    assert_eq!((sales.closed.won, sales.closed.lost), (2, 1));
    assert_eq!(sales.close_rate(), Some(2.0 / 3.0));
    // Win rate by source: web 1-0 (L1), referral 1-0 (L5), event 0-1 (L3).
    let by_source: Vec<(&str, u64, u64)> = report
        .by_source
        .iter()
        .map(|(s, wl)| (s.as_str(), wl.won, wl.lost))
        .collect();
    assert_eq!(
        by_source,
        vec![("event", 0, 1), ("referral", 1, 0), ("web", 1, 0)]
    );
}

#[test]
fn dimensions_group_leads() {
    let report = funnel(&FunnelSpec::new(march()).by([Dimension::Source]));
    let keys: Vec<String> = report.groups.keys().map(ToString::to_string).collect();
    assert_eq!(keys, vec!["event", "partner", "referral", "web"]);
    // web: L1, L2, L6 -> 3 inquiries, 2 MQLs, 1 SAL, 1 customer.
    let web = &report.groups[&GroupKey(vec!["web".into()])];
    assert_eq!(web.leads, 3);
    assert_eq!(web.entered(Stage::Inquiry), 3);
    assert_eq!(web.entered(Stage::Mql), 2);
    assert_eq!(web.entered(Stage::Customer), 1);
    assert_eq!(web.sales.rejected, 1);
    // Owner and team: L1, L2, L4 end with ana; L3 with ben; L5 with ana; L6 with nobody.
    let report = funnel(&FunnelSpec::new(march()).by([Dimension::Team, Dimension::Owner]));
    let keys: Vec<String> = report.groups.keys().map(ToString::to_string).collect();
    assert_eq!(
        keys,
        vec!["(none) / (none)", "emea / user ana", "emea / user ben"]
    );
    assert_eq!(
        report.groups[&GroupKey(vec!["emea".into(), "user ana".into()])].leads,
        4
    );
}

fn attribution() -> AttributionReport {
    let spec = AttributionSpec::new(march(), eur());
    AttributionReport::build(&spec, slices(&dataset())).unwrap()
}

fn credits(report: &AttributionReport, model: Model) -> Vec<(String, i64, i64, i64, i64)> {
    let m = &report.models[&model];
    m.campaigns
        .iter()
        .map(|(c, k)| (c.to_string(), k.revenue, k.wins, k.mqls, k.sals))
        .chain([(
            "(none)".to_owned(),
            m.unattributed.revenue,
            m.unattributed.wins,
            m.unattributed.mqls,
            m.unattributed.sals,
        )])
        .collect()
}

#[test]
fn attribution_by_model() {
    let report = attribution();
    // Wins in March: L1 100,000 (touches ads d1, webinar d2, event d6) and L5 20,000
    // (touch event d4). MQLs: L1 (ads, webinar), L2 (ads), L3 (event, webinar), L4 (none).
    // SALs: L1 (ads, webinar), L3 (event, webinar), L5 at capture d3 (its touch is d4: none).
    assert_eq!(report.totals.revenue, 120_000);
    assert_eq!(report.totals.wins, 2 * MICROS);
    assert_eq!(report.totals.mqls, 4 * MICROS);
    assert_eq!(report.totals.sals, 3 * MICROS);
    let m = MICROS;
    // First touch: L1 -> ads, L2 -> ads, L3 -> event, L5 win -> event.
    assert_eq!(
        credits(&report, Model::FirstTouch),
        vec![
            ("ads".into(), 100_000, m, 2 * m, m),
            ("event".into(), 20_000, m, m, m),
            ("(none)".into(), 0, 0, m, m),
        ]
    );
    // Last touch: L1 win -> event, MQL/SAL -> webinar; L2 -> ads; L3 -> webinar.
    assert_eq!(
        credits(&report, Model::LastTouch),
        vec![
            ("ads".into(), 0, 0, m, 0),
            ("event".into(), 120_000, 2 * m, 0, 0),
            ("webinar".into(), 0, 0, 2 * m, 2 * m),
            ("(none)".into(), 0, 0, m, m),
        ]
    );
    // Linear: L1 win 100,000 / 3 = 33,333 r1 each, the unit left to the lowest id (ads);
    // 1,000,000 / 3 likewise. L1 MQL and SAL half ads half webinar; L3 half event half
    // webinar.
    assert_eq!(
        credits(&report, Model::Linear),
        vec![
            ("ads".into(), 33_334, 333_334, 1_500_000, 500_000),
            ("event".into(), 53_333, 1_333_333, 500_000, 500_000),
            ("webinar".into(), 33_333, 333_333, 1_000_000, 1_000_000),
            ("(none)".into(), 0, 0, m, m),
        ]
    );
    // U-shaped: L1 win 40/20/40 -> ads 40,000, webinar 20,000, event 40,000; two touches
    // split 50/50, as linear.
    let u = credits(&report, Model::UShaped);
    assert_eq!(u[0], ("ads".into(), 40_000, 400_000, 1_500_000, 500_000));
    assert_eq!(u[1], ("event".into(), 60_000, 1_400_000, 500_000, 500_000));
    assert_eq!(
        u[2],
        ("webinar".into(), 20_000, 200_000, 1_000_000, 1_000_000)
    );
    // W-shaped: L1 win keys first (ads), at MQL d3 (webinar), at opportunity d7 (event): no
    // other touch, so thirds as linear. L1 MQL/SAL: keys ads, webinar, and ads (no
    // opportunity yet), so ads 2/3 = 666,667 (666,666 r.67 gets the unit), webinar 333,333.
    // L3 MQL/SAL likewise: event 666,667, webinar 333,333.
    assert_eq!(
        credits(&report, Model::WShaped),
        vec![
            ("ads".into(), 33_334, 333_334, 1_666_667, 666_667),
            ("event".into(), 53_333, 1_333_333, 666_667, 666_667),
            ("webinar".into(), 33_333, 333_333, 666_666, 666_666),
            ("(none)".into(), 0, 0, m, m),
        ]
    );
    // Time decay, half-life 7 days, ages from the newest touch: L1 win event 0d -> 2^32,
    // webinar 4d -> round(2^32 * 2^(-4/7)) = 2,890,298,656, ads 5d -> 2,617,811,889.
    // 100,000 split: 26,703.98 / 43,812.44 / 29,483.58 -> floors sum 99,998, the two units
    // to the largest remainders (ads .98, webinar .58): 26,704 / 43,812 / 29,484.
    // MQL/SAL of L1: ads 1d older -> 3,890,053,517 vs 2^32 -> 475,265 / 524,735.
    let d = credits(&report, Model::TimeDecay);
    assert_eq!(d[0], ("ads".into(), 26_704, 267_040, 475_265 + m, 475_265));
    assert_eq!(
        d[1],
        ("event".into(), 63_812, 438_124 + m, 475_265, 475_265)
    );
    assert_eq!(
        d[2],
        ("webinar".into(), 29_484, 294_836, 2 * 524_735, 2 * 524_735)
    );
    // Every model credits exactly the totals.
    for model in Model::ALL {
        let mc = &report.models[&model];
        let revenue: i64 = mc.campaigns.values().map(|c| c.revenue).sum();
        assert_eq!(revenue + mc.unattributed.revenue, 120_000, "{model}");
        let mqls: i64 = mc.campaigns.values().map(|c| c.mqls).sum();
        assert_eq!(mqls + mc.unattributed.mqls, 4 * m, "{model}");
    }
}

fn spend() -> Spend {
    BTreeMap::from([
        (CampaignId::new("ads"), eur_cents(50_000)),
        (CampaignId::new("event"), eur_cents(30_000)),
        (CampaignId::new("webinar"), eur_cents(10_000)),
    ])
}

#[test]
fn roi_and_costs_per_conversion() {
    let table = attribution().roi(Model::Linear, &spend()).unwrap();
    let row = |name: &str| {
        table
            .rows
            .iter()
            .find(|r| r.campaign.as_str() == name)
            .unwrap()
    };
    // ads: revenue 33,334 for 50,000: (33,334 - 50,000) * 10,000 / 50,000 = -3,333.2 -> -3,333.
    let ads = row("ads");
    assert_eq!(ads.roi_bps, Some(-3_333));
    // 50,000 / 1.5 MQLs = 33,333.33 -> 33,333; / 0.5 SAL = 100,000; / 0.333334 win = 149,999.7.
    assert_eq!(ads.cost_per_mql, Some(eur_cents(33_333)));
    assert_eq!(ads.cost_per_sal, Some(eur_cents(100_000)));
    assert_eq!(ads.cost_per_win, Some(eur_cents(149_999)));
    // event: (53,333 - 30,000) * 10,000 / 30,000 = 7,777.67 -> 7,777; 30,000 / 1.333333 wins
    // = 22,500.006 -> 22,500.
    let event = row("event");
    assert_eq!(event.roi_bps, Some(7_777));
    assert_eq!(event.cost_per_win, Some(eur_cents(22_500)));
    assert_eq!(event.cost_per_mql, Some(eur_cents(60_000)));
    // webinar: (33,333 - 10,000) / 10,000 = 233.33% -> 23,333 bps; 10,000 per MQL.
    let webinar = row("webinar");
    assert_eq!(webinar.roi_bps, Some(23_333));
    assert_eq!(webinar.cost_per_mql, Some(eur_cents(10_000)));
    assert!(table.to_string().contains("webinar"));
}

#[test]
fn mixing_currencies_is_an_error() {
    let usd = leadflow::Currency::new("USD").unwrap();
    let spec = AttributionSpec::new(march(), usd);
    let err = AttributionReport::build(&spec, slices(&dataset())).unwrap_err();
    assert!(matches!(
        err,
        leadflow::metrics::MetricsError::CurrencyMismatch { lead: Some(id), .. }
            if id == LeadId::from_u128(1) || id == LeadId::from_u128(5)
    ));
    let mut spend = spend();
    spend.insert(CampaignId::new("x"), leadflow::Money::new(1, usd));
    assert!(attribution().roi(Model::Linear, &spend).is_err());
}

fn scores(id: LeadId) -> Option<i64> {
    // L1 80, L2 40, L3 70, L4 55, L5 90, L6 10.
    let table = [80, 40, 70, 55, 90, 10];
    let n = usize::try_from(id.as_uuid().as_u128()).ok()?;
    table.get(n.checked_sub(1)?).copied()
}

#[test]
fn effectiveness_review_ranks_and_compares() {
    let data = dataset();
    let current = EffectivenessSpec {
        period: march(),
        currency: eur(),
    };
    let report = EffectivenessReport::build(&current, slices(&data), &scores).unwrap();
    // Captured in March: L1, L2, L6 (ads, web), L3 (event, event), L5 (no campaign,
    // referral). L4 was captured in February.
    let ads = &report.by_campaign["ads"];
    // ads: volume 3, MQLs L1 L2, accepted L1, SAL L1, won L1 for 100,000; scores 10 40 80.
    assert_eq!(
        (ads.volume, ads.mqls, ads.accepted, ads.sals, ads.wins),
        (3, 2, 1, 1, 1)
    );
    assert_eq!(ads.revenue, 100_000);
    assert_eq!(ads.scores.median(), Some(40));
    let none = &report.by_campaign["(none)"];
    assert_eq!(
        (none.volume, none.mqls, none.sals, none.wins, none.revenue),
        (1, 0, 1, 1, 20_000)
    );
    let previous = EffectivenessSpec {
        period: Period::month(2026, 2, Zone::utc()).unwrap(),
        currency: eur(),
    };
    let before = EffectivenessReport::build(&previous, slices(&data), &scores).unwrap();
    // February: L4 only (no campaign, partner): volume 1, 1 MQL, none accepted.
    assert_eq!(before.by_campaign["(none)"].mqls, 1);
    let empty = Spend::new();
    let review = Review::new(&report, &spend(), Some((&before, &empty))).unwrap();
    // Ranked by revenue: ads 100,000, (none) 20,000, event 0.
    let order: Vec<(&str, u32)> = review
        .campaigns
        .iter()
        .map(|r| (r.key.as_str(), r.rank))
        .collect();
    assert_eq!(order, vec![("ads", 1), ("(none)", 2), ("event", 3)]);
    let ads = &review.campaigns[0];
    // acceptance 1/2 = 5,000 bps; SAL->won 1/1; ROI (100,000 - 50,000) / 50,000 = 100%.
    assert_eq!(ads.acceptance_bps, Some(5_000));
    assert_eq!(ads.sal_to_won_bps, Some(10_000));
    assert_eq!(ads.roi_bps, Some(10_000));
    assert_eq!(ads.median_score, Some(40));
    assert_eq!(ads.change, None); // ads brought nothing in February
    // event: spend 30,000, revenue 0 -> -100%.
    assert_eq!(review.campaigns[2].roi_bps, Some(-10_000));
    // (none): rank 1 in February, 2 now: -1; volume 1 -> 1; revenue 0 -> 20,000; score
    // 55 -> 90.
    let change = review.campaigns[1].change.unwrap();
    assert_eq!(change.rank, -1);
    assert_eq!(change.volume, 0);
    assert_eq!(change.revenue, 20_000);
    assert_eq!(change.median_score, Some(35));
    assert_eq!(change.acceptance_bps, None); // no MQL from it in March
    let sources: Vec<&str> = review.sources.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(sources, vec!["web", "referral", "event"]);
    let text = review.render_table();
    assert!(text.contains("by campaign") && text.contains("referral"));
}

#[test]
fn tables_render() {
    let report = funnel(&FunnelSpec::new(march()).by([Dimension::Source]));
    let text = report.render_table();
    assert!(text.contains("funnel: all leads (6 leads)"));
    assert!(text.contains("inquiry -> mql"));
    assert!(text.contains("rejected: no_budget"));
    assert!(attribution().render_table().contains("time decay"));
    // Exact lines, checked against the dataset by hand: 3 of the 4 inquiries of March
    // qualified; inquiry -> MQL took 1, 2, 3 and 10 days (median 2, p75 3, p90 10);
    // handed off -> SAL 23 h (L1) and 3 h (L3); time to work 2 h and 4 h.
    let lines: Vec<&str> = text.lines().collect();
    for expected in [
        "inquiry             4  mql                75.0%       100.0%",
        "inquiry -> mql           4  2d 0h 0m  3d 0h 0m  10d 0h 0m",
        "handed_off -> sal        2     3h 0m    23h 0m     23h 0m",
        "won (close rate)                 2   66.7%",
        "time to work (median / p90)  2h 0m   4h 0m",
    ] {
        assert!(lines.contains(&expected), "missing {expected:?} in\n{text}");
    }
}

#[test]
fn segments_are_a_dimension() {
    use leadflow::metrics::{Condition, Segment};
    use leadflow::{Action, AttributeValue, Attributes};
    use support_metrics::{Script, capture, marketer, t};
    // L1 of the dataset plus two leads with attributes: 7 (5,000 employees, in the
    // enterprise segment) and 8 (20 employees, in none).
    let mut data = dataset();
    for (id, employees) in [(7, 5_000.0), (8, 20.0)] {
        let mut set = Attributes::new();
        set.insert(
            "employees".into(),
            AttributeValue::number(employees).unwrap(),
        );
        let mut script = Script::new(id);
        script
            .run(t(3, 2, 9), &marketer(), capture(Some("web"), None))
            .run(
                t(3, 2, 10),
                &marketer(),
                Action::UpdateAttributes {
                    set,
                    remove: Vec::new(),
                },
            );
        data.push(script.history);
    }
    let enterprise = Segment::new("enterprise").with_condition(Condition::NumberAtLeast {
        attribute: "employees".into(),
        min: 1_000.0,
    });
    // "closed-won": leads that end as customers (L1, L5).
    let won = Segment::new("closed-won").in_stages([Stage::Customer]);
    let spec = FunnelSpec::new(march())
        .by([Dimension::Segment])
        .with_segments([enterprise, won]);
    let report = FunnelReport::build(&spec, &CalendarTime, slices(&data));
    let leads: Vec<(String, u64)> = report
        .groups
        .iter()
        .map(|(k, c)| (k.to_string(), c.leads))
        .collect();
    // 8 leads: L1, L5 closed-won; lead 7 enterprise; the other 5 in none.
    assert_eq!(
        leads,
        vec![
            ("(none)".to_owned(), 5),
            ("closed-won".to_owned(), 2),
            ("enterprise".to_owned(), 1)
        ]
    );
}

#[test]
fn public_types_are_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<FunnelReport>();
    check::<FunnelSpec>();
    check::<AttributionReport>();
    check::<EffectivenessReport>();
    check::<Review>();
    check::<leadflow::metrics::MetricsReport>();
    check::<leadflow::metrics::RoiTable>();
    check::<leadflow::metrics::MetricsError>();
    check::<leadflow::metrics::Segment>();
    check::<leadflow::metrics::Sample>();
}

#[test]
fn many_touches_split_exactly() {
    use support_metrics::{Script, capture, marketer, t, touch};
    // One lead captured March 1 without a campaign, then 20 touches an hour apart: 10 of
    // "a", 6 of "b", 4 of "c", then MQL.
    let mut script = Script::new(9);
    script.run(t(3, 1, 0), &marketer(), capture(None, None));
    for i in 0..20u32 {
        let campaign = match i {
            0..10 => "a",
            10..16 => "b",
            _ => "c",
        };
        let at = t(3, 1, 1) + chrono::TimeDelta::hours(i.into());
        script.run(at, &marketer(), touch(at, Some(campaign), None));
    }
    script.run(t(3, 2, 0), &marketer(), leadflow::Action::QualifyMql);
    let spec = AttributionSpec::new(march(), eur());
    let report = AttributionReport::build(&spec, [script.history.as_slice()]).unwrap();
    let mqls = |model| -> Vec<(String, i64)> {
        report.models[&model]
            .campaigns
            .iter()
            .map(|(c, k)| (c.to_string(), k.mqls))
            .collect()
    };
    let pairs = |v: &[(&str, i64)]| -> Vec<(String, i64)> {
        v.iter().map(|(c, n)| ((*c).to_owned(), *n)).collect()
    };
    assert_eq!(mqls(Model::FirstTouch), pairs(&[("a", MICROS)]));
    assert_eq!(mqls(Model::LastTouch), pairs(&[("c", MICROS)]));
    // Linear: 10/20, 6/20, 4/20.
    assert_eq!(
        mqls(Model::Linear),
        pairs(&[("a", 500_000), ("b", 300_000), ("c", 200_000)])
    );
    // U-shaped: a 40% + 9/18 of 20% = 50%; b 6/18 of 20% = 66,666.67; c 40% + 3/18 of 20%
    // = 433,333.33; the unit left over goes to the larger remainder (b's .67).
    assert_eq!(
        mqls(Model::UShaped),
        pairs(&[("a", 500_000), ("b", 66_667), ("c", 433_333)])
    );
}
