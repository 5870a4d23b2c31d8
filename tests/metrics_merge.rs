//! Merge laws: a report of all leads equals the merge of the reports of any split of them,
//! for random histories made through `Machine::decide`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support_metrics;

use chrono::{DateTime, TimeDelta, Utc};
use leadflow::metrics::{
    AttributionReport, AttributionSpec, Condition, Dimension, EffectivenessReport,
    EffectivenessSpec, FunnelReport, FunnelSpec, MetricsReport, MetricsSpec, Model, Sample,
    Segment,
};
use leadflow::{
    Action, AttributeValue, Attributes, CalendarTime, CampaignId, Entry, EventEnvelope, LeadId,
    Owner, Period, Reason, RejectTo, Role, Source, Stage, Zone,
};
use proptest::prelude::*;
use support_metrics::{Script, eur, eur_cents, rep, t};

/// One step of a random lead: what to do, how long after the previous step, a parameter.
type Step = (u8, i64, u8);

fn at_step(kind: u8, p: u8, at: DateTime<Utc>) -> (leadflow::Actor, Action) {
    let user = format!("user-{}", p % 2);
    let actor = rep(&user).in_queue("q");
    let marketer = leadflow::Actor::new("mia", Role::Marketer);
    let reason = || Reason::new(format!("r{}", p % 3));
    let action = match kind {
        0 | 1 => support_metrics::touch(
            at - TimeDelta::hours(i64::from(p % 30)),
            Some(["c0", "c1", "c2"][usize::from(p % 3)]),
            None,
        ),
        2 => support_metrics::touch(at, None, Some(&user)),
        3 | 4 => Action::QualifyMql,
        5 => Action::HandOff {
            to: if p % 3 == 0 {
                Owner::queue("q").in_team("t1")
            } else {
                Owner::user(user.as_str()).in_team(format!("t{}", p % 2))
            },
        },
        6 | 7 => Action::Accept,
        8 => Action::Reject {
            reason: reason(),
            to: if p % 2 == 0 {
                RejectTo::Nurture
            } else {
                RejectTo::Disqualified
            },
        },
        9 => Action::QualifySql,
        10 => support_metrics::open(100 * (i64::from(p) + 1)),
        11 => Action::Win {
            amount: (p % 2 == 0).then(|| eur_cents(50 * (i64::from(p) + 1))),
        },
        12 => Action::Lose { reason: reason() },
        13 => Action::Recycle { reason: reason() },
        14 => Action::Disqualify { reason: reason() },
        15 => {
            let mut set = Attributes::new();
            set.insert("tier".into(), AttributeValue::text(format!("t{}", p % 3)));
            set.insert(
                "employees".into(),
                AttributeValue::number(f64::from(p) * 10.0).unwrap(),
            );
            Action::UpdateAttributes {
                set,
                remove: Vec::new(),
            }
        }
        _ => Action::Reassign {
            to: Owner::user(user.as_str()).in_team("t0"),
        },
    };
    let actor = if matches!(kind, 3 | 4 | 5 | 14 | 15) {
        marketer
    } else {
        actor
    };
    (actor, action)
}

/// The step that moves a lead in `stage` forward (kinds as in `at_step`).
fn natural_next(stage: Option<Stage>) -> u8 {
    match stage {
        Some(Stage::Inquiry | Stage::Nurture) => 3,
        Some(Stage::Mql) => 5,
        Some(Stage::HandedOff) => 6,
        Some(Stage::Sal) => 9,
        Some(Stage::Sql) => 10,
        Some(Stage::Opportunity) => 11,
        Some(Stage::Lost) => 13,
        _ => 2,
    }
}

fn lead_history(id: u128, start_minutes: i64, entry: u8, steps: &[Step]) -> Vec<EventEnvelope> {
    let mut script = Script::new(id);
    let mut at = t(2, 15, 9) + TimeDelta::minutes(start_minutes);
    let capture = Action::Capture {
        entry: if entry % 5 == 0 {
            Entry::SalesSourced {
                owner: Owner::user("user-1").in_team("t1"),
            }
        } else {
            Entry::Inquiry
        },
        source: (entry % 4 != 0).then(|| Source::new(format!("s{}", entry % 3))),
        campaign: (entry % 3 != 0).then(|| CampaignId::new(format!("c{}", entry % 4))),
        attributes: Attributes::new(),
    };
    let _ = script.try_run(at, &rep("user-0"), capture);
    for (kind, gap, p) in steps {
        at += TimeDelta::minutes(*gap);
        let kind = if *kind >= 17 {
            natural_next(script.stage())
        } else {
            *kind
        };
        let (actor, action) = at_step(kind, *p, at);
        let _ = script.try_run(at, &actor, action);
    }
    script.history
}

fn histories() -> impl Strategy<Value = Vec<Vec<EventEnvelope>>> {
    let step = (0u8..26, 0i64..4 * 24 * 60, any::<u8>());
    let lead = (
        0i64..40 * 24 * 60,
        any::<u8>(),
        proptest::collection::vec(step, 0..24),
    );
    proptest::collection::vec(lead, 0..14).prop_map(|leads| {
        leads
            .iter()
            .enumerate()
            .map(|(i, (start, entry, steps))| lead_history(i as u128 + 1, *start, *entry, steps))
            .collect()
    })
}

fn march() -> Period {
    Period::month(2026, 3, Zone::utc()).unwrap()
}

fn spec() -> MetricsSpec {
    let segments = [
        Segment::new("big").with_condition(Condition::NumberAtLeast {
            attribute: "employees".into(),
            min: 1000.0,
        }),
        Segment::new("tier-1").with_condition(Condition::TextIn {
            attribute: "tier".into(),
            values: vec!["t1".into()],
        }),
        Segment::new("open").in_stages([Stage::Sal, Stage::Sql, Stage::Opportunity]),
    ];
    MetricsSpec {
        funnel: FunnelSpec::new(march())
            .by([
                Dimension::Source,
                Dimension::Campaign,
                Dimension::Owner,
                Dimension::Team,
                Dimension::Segment,
            ])
            .with_segments(segments),
        attribution: AttributionSpec::new(march(), eur()).with_half_life_secs(3 * 86_400),
        effectiveness: Some(EffectivenessSpec {
            period: march(),
            currency: eur(),
        }),
    }
}

fn score(id: LeadId) -> Option<i64> {
    let n = id.as_uuid().as_u128();
    (n % 4 != 0).then(|| i64::try_from(n * 37 % 101).unwrap())
}

fn build(spec: &MetricsSpec, leads: &[Vec<EventEnvelope>]) -> MetricsReport {
    MetricsReport::build(spec, &CalendarTime, leads.iter().map(Vec::as_slice), &score).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn report_of_concatenation_is_merge_of_reports(
        leads in histories(),
        split in any::<proptest::sample::Index>(),
        mask in any::<u16>(),
    ) {
        let spec = spec();
        let whole = build(&spec, &leads);
        // A split at a random point.
        let at = split.index(leads.len() + 1);
        let (a, b) = leads.split_at(at);
        let mut merged = build(&spec, a);
        merged.merge(&build(&spec, b)).unwrap();
        prop_assert_eq!(&merged, &whole);
        // An interleaved split, merged the other way round.
        let (x, y): (Vec<_>, Vec<_>) = leads
            .iter()
            .cloned()
            .enumerate()
            .partition(|(i, _)| mask & (1 << (i % 16)) != 0);
        let x: Vec<_> = x.into_iter().map(|(_, h)| h).collect();
        let y: Vec<_> = y.into_iter().map(|(_, h)| h).collect();
        let mut merged = build(&spec, &y);
        merged.merge(&build(&spec, &x)).unwrap();
        prop_assert_eq!(&merged, &whole);
        // Merging an empty report changes nothing.
        let mut same = whole.clone();
        same.merge(&MetricsReport::empty(&spec)).unwrap();
        prop_assert_eq!(&same, &whole);
    }

    #[test]
    fn single_pass_equals_separate_reports(leads in histories()) {
        let spec = spec();
        let whole = build(&spec, &leads);
        let slices = || leads.iter().map(Vec::as_slice);
        prop_assert_eq!(
            &whole.funnel,
            &FunnelReport::build(&spec.funnel, &CalendarTime, slices())
        );
        prop_assert_eq!(
            &whole.attribution,
            &AttributionReport::build(&spec.attribution, slices()).unwrap()
        );
        prop_assert_eq!(
            whole.effectiveness.as_ref().unwrap(),
            &EffectivenessReport::build(spec.effectiveness.as_ref().unwrap(), slices(), &score).unwrap()
        );
    }

    /// Without an effectiveness spec the pass builds the same funnel and attribution, no
    /// effectiveness figures, never asks for a score, and merges alike.
    #[test]
    fn a_pass_without_effectiveness_builds_the_rest_alike(
        leads in histories(),
        split in any::<proptest::sample::Index>(),
    ) {
        let full = spec();
        let spec = MetricsSpec { effectiveness: None, ..full.clone() };
        let asked = std::cell::Cell::new(0usize);
        let counting_score = |id: LeadId| {
            asked.set(asked.get() + 1);
            score(id)
        };
        let slices = || leads.iter().map(Vec::as_slice);
        let lean = MetricsReport::build(&spec, &CalendarTime, slices(), &counting_score).unwrap();
        prop_assert_eq!(asked.get(), 0);
        let whole = build(&full, &leads);
        prop_assert_eq!(&lean.funnel, &whole.funnel);
        prop_assert_eq!(&lean.attribution, &whole.attribution);
        prop_assert_eq!(&lean.effectiveness, &None);
        prop_assert_eq!(&MetricsReport::empty(&spec).effectiveness, &None);
        let (a, b) = leads.split_at(split.index(leads.len() + 1));
        let mut merged = build(&spec, a);
        merged.merge(&build(&spec, b)).unwrap();
        prop_assert_eq!(&merged, &lean);
    }

    #[test]
    fn credits_sum_exactly_to_totals(leads in histories()) {
        let report = build(&spec(), &leads).attribution;
        for model in Model::ALL {
            let credits = &report.models[&model];
            let sum = |f: fn(&leadflow::metrics::Credit) -> i64| {
                credits.campaigns.values().map(f).sum::<i64>() + f(&credits.unattributed)
            };
            prop_assert_eq!(sum(|c| c.revenue), report.totals.revenue);
            prop_assert_eq!(sum(|c| c.wins), report.totals.wins);
            prop_assert_eq!(sum(|c| c.mqls), report.totals.mqls);
            prop_assert_eq!(sum(|c| c.sals), report.totals.sals);
            prop_assert!(credits.campaigns.values().all(|c| c.revenue >= 0 && c.wins >= 0));
        }
    }

    #[test]
    fn funnel_invariants(leads in histories()) {
        let report = build(&spec(), &leads).funnel;
        let all = &report.total;
        for stage in Stage::ALL {
            // The cohort's diagonal is its size, and nobody reaches more than the cohort.
            prop_assert_eq!(all.reached(stage, stage), all.entered(stage));
            for to in Stage::ALL {
                prop_assert!(all.reached(stage, to) <= all.entered(stage));
            }
            prop_assert!(all.entered(stage) <= all.leads);
        }
        let sales = &all.sales;
        prop_assert!(sales.worked <= sales.handed_off);
        prop_assert!(sales.accepted + sales.rejected <= sales.handed_off);
        prop_assert_eq!(sales.rejection_reasons.values().sum::<u64>(), sales.rejected);
        prop_assert_eq!(sales.time_to_work.len() as u64, sales.worked);
        for v in &all.velocity {
            prop_assert!(v.seconds.values().windows(2).all(|w| w[0] <= w[1]));
        }
        // Without dimension each lead is in exactly one group of a single-valued dimension.
        let by_source: u64 = FunnelReport::build(
            &FunnelSpec::new(march()).by([Dimension::Source]),
            &CalendarTime,
            leads.iter().map(Vec::as_slice),
        )
        .groups
        .values()
        .map(|c| c.leads)
        .sum();
        prop_assert_eq!(by_source, all.leads);
    }

    /// With scalar dimensions the total is added up from the groups at the end; it equals
    /// the total of a report without dimensions, absorbed lead by lead.
    #[test]
    fn total_from_groups_equals_total_lead_by_lead(leads in histories()) {
        let funnel = |spec: &FunnelSpec| {
            FunnelReport::build(spec, &CalendarTime, leads.iter().map(Vec::as_slice))
        };
        let plain = funnel(&FunnelSpec::new(march())).total;
        for dimensions in [
            vec![Dimension::Source],
            vec![Dimension::Campaign, Dimension::Owner, Dimension::Team],
        ] {
            let report = funnel(&FunnelSpec::new(march()).by(dimensions));
            prop_assert_eq!(&report.total, &plain);
        }
    }

    #[test]
    fn sample_merge_is_exact(
        a in proptest::collection::vec(-1000i64..1000, 0..50),
        b in proptest::collection::vec(-1000i64..1000, 0..50),
        p in 0u8..=100,
    ) {
        let merged = Sample::from_values(a.clone()).merged(&Sample::from_values(b.clone()));
        let whole = Sample::from_values([a, b].concat());
        prop_assert_eq!(&merged, &whole);
        if let Some(v) = whole.percentile(p) {
            // Nearest rank: at least p% of the values are <= v, and v is one of them.
            let n = whole.len();
            let at_most = whole.values().iter().filter(|x| **x <= v).count();
            prop_assert!(at_most * 100 >= usize::from(p) * n);
            prop_assert!(whole.values().contains(&v));
        } else {
            prop_assert!(whole.is_empty());
        }
    }
}

#[test]
fn merging_different_specs_is_refused() {
    let spec = spec();
    let mut a = build(&spec, &[]);
    let mut other = spec.clone();
    other.attribution.half_life_secs += 1;
    let b = build(&other, &[]);
    assert!(a.attribution.merge(&b.attribution).is_err());
    let mut other = spec.clone();
    other.funnel.dimensions.pop();
    assert!(a.funnel.merge(&build(&other, &[]).funnel).is_err());
}

/// A lead in campaign `c0` won in March for `minor` cents.
fn won_lead(id: u128, minor: i64) -> Vec<EventEnvelope> {
    let marketer = support_metrics::marketer();
    let ana = rep("ana");
    let mut script = Script::new(id);
    script
        .run(
            t(3, 2, 9),
            &marketer,
            support_metrics::capture(Some("web"), Some("c0")),
        )
        .run(t(3, 2, 10), &marketer, Action::QualifyMql)
        .run(t(3, 2, 11), &marketer, support_metrics::hand_off_to("ana"))
        .run(t(3, 3, 9), &ana, Action::Accept)
        .run(t(3, 3, 10), &ana, Action::QualifySql)
        .run(t(3, 4, 9), &ana, support_metrics::open(minor))
        .run(t(3, 5, 9), &ana, Action::Win { amount: None });
    script.history
}

#[test]
fn a_merge_that_would_overflow_changes_nothing() {
    let spec = spec();
    let big = i64::MAX / 2 + 1;
    let mut mine = build(&spec, &[won_lead(1, big), won_lead(3, 5_00)]);
    let theirs = build(&spec, &[won_lead(2, big)]);
    let before = mine.clone();
    // The funnel alone merges (its sums saturate), so it is what a half-applied merge of
    // the whole report would have changed first.
    let mut funnel = mine.funnel.clone();
    funnel.merge(&theirs.funnel).unwrap();
    assert_ne!(funnel, before.funnel);

    let overflow = |e| matches!(e, leadflow::metrics::MetricsError::Overflow { .. });
    assert!(overflow(mine.merge(&theirs).unwrap_err()));
    assert_eq!(mine, before);
    assert!(overflow(
        mine.attribution.merge(&theirs.attribution).unwrap_err()
    ));
    assert_eq!(mine.attribution, before.attribution);
    assert!(overflow(
        mine.effectiveness
            .as_mut()
            .unwrap()
            .merge(theirs.effectiveness.as_ref().unwrap())
            .unwrap_err()
    ));
    assert_eq!(mine.effectiveness, before.effectiveness);

    // A report of other leads with a small win still merges, on every part.
    let small = build(&spec, &[won_lead(4, 7_00)]);
    mine.merge(&small).unwrap();
    assert_eq!(
        mine,
        build(
            &spec,
            &[won_lead(1, big), won_lead(3, 5_00), won_lead(4, 7_00)]
        )
    );
}

#[test]
fn a_merge_with_a_different_spec_changes_nothing() {
    let spec = spec();
    let mut mine = build(&spec, &[won_lead(1, 5_00)]);
    let before = mine.clone();
    let mut other = spec.clone();
    other.effectiveness.as_mut().unwrap().period = Period::month(2026, 4, Zone::utc()).unwrap();
    let theirs = build(&other, &[won_lead(2, 5_00)]);
    assert!(matches!(
        mine.merge(&theirs),
        Err(leadflow::metrics::MetricsError::IncompatibleReports { .. })
    ));
    assert_eq!(mine, before);
}

#[test]
fn reports_with_and_without_effectiveness_do_not_merge() {
    let full = spec();
    let lean = MetricsSpec {
        effectiveness: None,
        ..full.clone()
    };
    let with = build(&full, &[won_lead(1, 5_00)]);
    let without = build(&lean, &[won_lead(2, 5_00)]);
    for (mine, theirs) in [(&with, &without), (&without, &with)] {
        let mut mine = mine.clone();
        let before = mine.clone();
        assert!(matches!(
            mine.merge(theirs),
            Err(leadflow::metrics::MetricsError::IncompatibleReports {
                what: "effectiveness specs"
            })
        ));
        assert_eq!(mine, before);
    }
}
