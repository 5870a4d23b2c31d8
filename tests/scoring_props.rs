//! Property tests of scoring: decay, the floor, exact contributions, monotone engagement,
//! training in batch or one at a time, and the calibration merge law.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::float_cmp,
    clippy::cast_precision_loss
)]

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use leadflow::scoring::{
    AttributeType, BandThresholds, Calibration, Condition, Decay, EngagementBand, EngagementRule,
    FitGrade, FitRule, Grade, GradeThresholds, NaiveBayes, Outcome, Profile, RuleScorer, Scorer,
    ScoringConfig, decay_weight,
};
use leadflow::{Activity, ActivityKind, AttributeValue, Attributes};
use proptest::prelude::*;

fn base() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 1, 0, 0, 0).unwrap()
}

const KINDS: [ActivityKind; 4] = [
    ActivityKind::Email,
    ActivityKind::WebVisit,
    ActivityKind::FormFill,
    ActivityKind::Meeting,
];

fn arb_decay() -> impl Strategy<Value = Decay> {
    prop_oneof![
        Just(Decay::None),
        (0.01..1000.0_f64).prop_map(|days| Decay::Linear { days }),
        (0.01..1000.0_f64).prop_map(|days| Decay::HalfLife { days }),
        (0.01..1000.0_f64).prop_map(|days| Decay::Window { days }),
    ]
}

fn arb_engagement(min_points: i64) -> impl Strategy<Value = Vec<EngagementRule>> {
    prop::collection::vec(
        (
            0..KINDS.len(),
            min_points..=200_i64,
            prop::option::of(1..=500_i64),
            arb_decay(),
        ),
        0..8,
    )
    .prop_map(|rules| {
        rules
            .into_iter()
            .enumerate()
            .map(|(i, (kind, points, cap, decay))| EngagementRule {
                name: format!("e{i}"),
                kind: KINDS[kind],
                points,
                cap,
                decay,
            })
            .collect()
    })
}

fn arb_condition() -> impl Strategy<Value = (&'static str, Condition)> {
    prop_oneof![
        (-100.0..100.0_f64, 0.1..100.0_f64).prop_map(|(min, width)| (
            "n",
            Condition::Range {
                min: Some(min),
                max: Some(min + width)
            }
        )),
        prop::sample::subsequence(vec!["a", "b", "c"], 1..=3).prop_map(|v| (
            "t",
            Condition::OneOf {
                values: v.into_iter().map(String::from).collect()
            }
        )),
        Just((
            "l",
            Condition::Contains {
                value: "x".to_owned()
            }
        )),
        any::<bool>().prop_map(|b| (
            "b",
            Condition::Equals {
                value: AttributeValue::Bool(b)
            }
        )),
        prop::sample::select(vec!["n", "t", "l", "b"]).prop_map(|a| (a, Condition::Exists)),
        prop::sample::select(vec!["n", "t", "l", "b"]).prop_map(|a| (a, Condition::Missing)),
    ]
}

fn arb_config(min_points: i64) -> impl Strategy<Value = ScoringConfig> {
    (
        prop::collection::vec((arb_condition(), -200..=200_i64), 0..10),
        arb_engagement(min_points),
    )
        .prop_map(|(fits, engagement_rules)| ScoringConfig {
            attributes: [
                ("n".to_owned(), AttributeType::Number),
                ("t".to_owned(), AttributeType::Text),
                ("l".to_owned(), AttributeType::List),
                ("b".to_owned(), AttributeType::Bool),
            ]
            .into(),
            fit_rules: fits
                .into_iter()
                .enumerate()
                .map(|(i, ((attribute, condition), points))| FitRule {
                    name: format!("f{i}"),
                    attribute: attribute.to_owned(),
                    condition,
                    points,
                })
                .collect(),
            engagement_rules,
            grades: GradeThresholds::default(),
            bands: BandThresholds::default(),
        })
}

fn arb_attributes() -> impl Strategy<Value = Attributes> {
    (
        prop::option::of(-150.0..150.0_f64),
        prop::option::of(prop::sample::select(vec!["a", "b", "c", "d"])),
        prop::option::of(prop::collection::vec(
            prop::sample::select(vec!["x", "y"]),
            0..3,
        )),
        prop::option::of(any::<bool>()),
    )
        .prop_map(|(n, t, l, b)| {
            let mut a = Attributes::new();
            if let Some(n) = n {
                a.insert("n".into(), AttributeValue::number(n).unwrap());
            }
            if let Some(t) = t {
                a.insert("t".into(), AttributeValue::text(t));
            }
            if let Some(l) = l {
                a.insert(
                    "l".into(),
                    AttributeValue::List(l.into_iter().map(String::from).collect()),
                );
            }
            if let Some(b) = b {
                a.insert("b".into(), AttributeValue::Bool(b));
            }
            a
        })
}

/// Activities up to a year before `base()`.
fn arb_activities() -> impl Strategy<Value = Vec<Activity>> {
    prop::collection::vec((0..KINDS.len(), 0..365 * 86_400_i64), 0..20).prop_map(|v| {
        v.into_iter()
            .map(|(k, ago)| Activity::new(KINDS[k], base() - TimeDelta::seconds(ago)))
            .collect()
    })
}

proptest! {
    #[test]
    fn decay_weights_never_increase_with_age(
        decay in arb_decay(),
        a in 0.0..2000.0_f64,
        b in 0.0..2000.0_f64,
    ) {
        let (young, old) = if a <= b { (a, b) } else { (b, a) };
        let (w_young, w_old) = (decay_weight(decay, young), decay_weight(decay, old));
        prop_assert!(w_old <= w_young);
        prop_assert!((0.0..=1.0).contains(&w_old));
    }

    #[test]
    fn engagement_fades_as_time_passes(
        config in arb_config(-200),
        activities in arb_activities(),
        later in 0..400 * 86_400_i64,
    ) {
        let scorer = RuleScorer::new(config).unwrap();
        let attributes = Attributes::new();
        let profile = Profile::new(&attributes, &activities);
        let now = scorer.score(&profile, base());
        let then = scorer.score(&profile, base() + TimeDelta::seconds(later));
        for rule in &scorer.config().engagement_rules {
            let points = |card: &leadflow::ScoreCard| card
                .contributions().iter().find(|c| c.rule == rule.name).map_or(0, |c| c.points);
            prop_assert!(points(&then).abs() <= points(&now).abs());
        }
    }

    #[test]
    fn totals_are_never_negative_and_contributions_sum_to_them(
        config in arb_config(-200),
        attributes in arb_attributes(),
        activities in arb_activities(),
    ) {
        let scorer = RuleScorer::new(config).unwrap();
        let profile = Profile::new(&attributes, &activities);
        let card = scorer.score(&profile, base());
        prop_assert!(card.total() >= 0);
        let sum: i64 = card.contributions().iter().map(|c| c.points).sum();
        prop_assert_eq!(sum, card.total());
        prop_assert_eq!(card.total(), (card.fit() + card.engagement()).max(0));
        prop_assert_eq!(scorer.summary(&profile, base()), card.summary());
        let floors = card.contributions().iter().filter(|c| c.rule == "floor").count();
        prop_assert_eq!(floors, usize::from(card.fit() + card.engagement() < 0));
    }

    #[test]
    fn many_unrelated_attributes_change_nothing(
        config in arb_config(-200),
        attributes in arb_attributes(),
        noise in 0..80_usize,
    ) {
        // Past a few attributes per rule attribute, the scorer switches from walking the
        // attributes to looking them up: both must agree with the card.
        let scorer = RuleScorer::new(config).unwrap();
        let mut noisy = attributes.clone();
        for i in 0..noise {
            noisy.insert(format!("a{i:02}"), AttributeValue::text("x"));
            noisy.insert(format!("z{i:02}"), AttributeValue::Bool(true));
        }
        let plain = scorer.score(&Profile::new(&attributes, &[]), base());
        let profile = Profile::new(&noisy, &[]);
        prop_assert_eq!(scorer.summary(&profile, base()), plain.summary());
        prop_assert_eq!(scorer.score(&profile, base()), plain);
    }

    #[test]
    fn one_more_matching_activity_never_lowers_engagement(
        config in arb_config(0),
        activities in arb_activities(),
        kind in 0..KINDS.len(),
        ago in 0..400 * 86_400_i64,
    ) {
        let scorer = RuleScorer::new(config).unwrap();
        let attributes = Attributes::new();
        let before = scorer.summary(&Profile::new(&attributes, &activities), base());
        let mut more = activities.clone();
        more.push(Activity::new(KINDS[kind], base() - TimeDelta::seconds(ago)));
        let after = scorer.summary(&Profile::new(&attributes, &more), base());
        prop_assert!(after.engagement >= before.engagement);
        prop_assert!(after.total >= before.total);
    }

    #[test]
    fn batch_and_incremental_training_agree(
        rows in prop::collection::vec((arb_attributes(), any::<bool>()), 0..40),
        seed in any::<u64>(),
        split in 0..40_usize,
    ) {
        let features = ["t", "b", "n"];
        let examples: Vec<_> = rows.iter()
            .map(|(a, won)| (a, if *won { Outcome::Won } else { Outcome::Lost }))
            .collect();
        let batch = NaiveBayes::train(features, 1.0, examples.iter().copied()).unwrap();
        // One at a time, in a shuffled order.
        let mut order: Vec<usize> = (0..examples.len()).collect();
        let mut state = seed;
        for i in (1..order.len()).rev() {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let j = usize::try_from(state >> 33).unwrap() % (i + 1);
            order.swap(i, j);
        }
        let mut incremental = NaiveBayes::new(features, 1.0).unwrap();
        for &i in &order {
            let (a, o) = examples[i];
            incremental.observe(a, o);
        }
        prop_assert_eq!(&incremental, &batch);
        let split = split.min(examples.len());
        let (left, right) = examples.split_at(split);
        let mut merged = NaiveBayes::train(features, 1.0, left.iter().copied()).unwrap();
        merged.merge(&NaiveBayes::train(features, 1.0, right.iter().copied()).unwrap()).unwrap();
        prop_assert_eq!(&merged, &batch);
        let compiled = batch.compile();
        for (a, _) in &rows {
            let p = batch.predict(a).probability;
            prop_assert!((0.0..=1.0).contains(&p));
            prop_assert!((compiled.probability(a) - p).abs() < 1e-9);
            prop_assert_eq!(compiled.log_odds_encoded(&compiled.encode(a)), compiled.log_odds(a));
        }
    }

    #[test]
    fn calibration_merges_and_auc_matches_average_ranks(
        scored in prop::collection::vec((0..30_i64, 0..4_usize, 0..4_usize, any::<bool>()), 0..60),
        split in 0..60_usize,
    ) {
        let record = |rows: &[(i64, usize, usize, bool)]| {
            let mut cal = Calibration::new();
            for &(score, f, b, won) in rows {
                let grade = Grade::new(FitGrade::ALL[f], EngagementBand::ALL[b]);
                cal.record(score, grade, if won { Outcome::Won } else { Outcome::Lost });
            }
            cal
        };
        let split = split.min(scored.len());
        let mut merged = record(&scored[..split]);
        merged.merge(&record(&scored[split..]));
        let whole = record(&scored);
        prop_assert_eq!(&merged, &whole);

        // The reference: Mann-Whitney with average ranks for ties.
        let mut sorted: Vec<(i64, bool)> = scored.iter().map(|r| (r.0, r.3)).collect();
        sorted.sort_unstable();
        let mut rank_sum_wins = 0.0;
        let mut i = 0;
        while i < sorted.len() {
            let mut j = i;
            while j < sorted.len() && sorted[j].0 == sorted[i].0 { j += 1; }
            let average = (i + 1 + j) as f64 / 2.0; // ranks i+1 ..= j
            rank_sum_wins += average * sorted[i..j].iter().filter(|r| r.1).count() as f64;
            i = j;
        }
        let wins = sorted.iter().filter(|r| r.1).count() as f64;
        let losses = sorted.len() as f64 - wins;
        let expected = (wins > 0.0 && losses > 0.0)
            .then(|| (rank_sum_wins - wins * (wins + 1.0) / 2.0) / (wins * losses));
        match (whole.auc(), expected) {
            (Some(a), Some(e)) => prop_assert!((a - e).abs() < 1e-12, "{} vs {}", a, e),
            (a, e) => prop_assert_eq!(a, e),
        }
    }

    #[test]
    fn grades_read_back_what_they_write(f in 0..4_usize, b in 0..4_usize) {
        let grade = Grade::new(FitGrade::ALL[f], EngagementBand::ALL[b]);
        prop_assert_eq!(grade.to_string().parse::<Grade>().unwrap(), grade);
    }
}
