//! Scoring benchmarks.
//!
//! - B5 `rule_scoring`: 50 rules (20 fit rules on 10 attributes, 30 engagement rules with
//!   caps and every kind of decay) over 1M synthetic leads (10 attributes, 12 activities
//!   each; `LEADFLOW_SCORING_LEADS=10000` runs a size that fits in the caches), the
//!   `RuleScorer`'s allocation-free `summary` path and its explained `score` path, beside a
//!   hand-written sum of the same rules as the baseline, and the same scorer compiled
//!   against an encoding (`EncodedRuleScorer`: attribute slots, interned values, integer
//!   timestamps), on leads encoded outside the timed loop (`encode_leads` times the
//!   encoding on its own). Throughput is per lead.
//! - B6 `naive_bayes`: training on 100,000 closed leads with 20 categorical features, and
//!   scoring 1M leads with the compiled model (from attributes, and pre-encoded), beside the
//!   uncompiled `predict` and two baselines: walking the leads' attribute maps, and touching
//!   the bytes of every key and value (the memory any lookup by name must read). Training
//!   from pre-encoded rows and columns (`FeatureDictionary` codes) is timed on data encoded
//!   outside the loop; `encode_100k` times that encoding on its own.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::cast_possible_truncation,
    clippy::cast_precision_loss,
    clippy::cast_sign_loss,
    clippy::cast_possible_wrap,
    clippy::too_many_lines,
    missing_docs
)]

use std::hint::black_box;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use leadflow::scoring::{
    AttributeType, BandThresholds, Condition, Decay, EncodedActivity, EncodedRuleScorer,
    EngagementRule, FeatureDictionary, FitRule, GradeThresholds, NaiveBayes, Outcome, Profile,
    RuleScorer, Scorer, ScoringConfig, is_domain_in, is_free_mail_domain,
};
use leadflow::{Activity, ActivityKind, AttributeValue, Attributes};

/// Leads scored per pass: the 1M by default; `LEADFLOW_SCORING_LEADS` sets
/// another size (10,000 fit in the caches and run the group in seconds).
fn lead_count() -> usize {
    std::env::var("LEADFLOW_SCORING_LEADS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000)
}

struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() as usize) % items.len()]
    }
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 1, 0, 0, 0).unwrap()
}

fn fit(name: &str, attribute: &str, condition: Condition, points: i64) -> FitRule {
    FitRule {
        name: name.into(),
        attribute: attribute.into(),
        condition,
        points,
    }
}

fn one_of(values: &[&str]) -> Condition {
    Condition::OneOf {
        values: values.iter().map(|v| (*v).to_owned()).collect(),
    }
}

fn range(min: Option<f64>, max: Option<f64>) -> Condition {
    Condition::Range { min, max }
}

fn contains(value: &str) -> Condition {
    Condition::Contains {
        value: value.into(),
    }
}

/// The decay, points and cap of engagement rule `i` (kind `ActivityKind::ALL[i % 7]`).
fn engagement_rule(i: usize) -> (ActivityKind, i64, Option<i64>, Decay) {
    let kind = ActivityKind::ALL[i % 7];
    let points = [5, 10, 25, 2, 40, 15, -10][i % 7] + i64::try_from(i / 7).unwrap();
    let cap = if i % 3 == 0 { None } else { Some(60) };
    let decay = match i % 4 {
        0 => Decay::None,
        1 => Decay::Linear { days: 90.0 },
        2 => Decay::HalfLife { days: 30.0 },
        _ => Decay::Window { days: 14.0 },
    };
    (kind, points, cap, decay)
}

fn config() -> ScoringConfig {
    let attributes = [
        ("employees", AttributeType::Number),
        ("revenue", AttributeType::Number),
        ("industry", AttributeType::Text),
        ("country", AttributeType::Text),
        ("email", AttributeType::Text),
        ("job_title", AttributeType::Text),
        ("seniority", AttributeType::Text),
        ("tech", AttributeType::List),
        ("is_customer", AttributeType::Bool),
        ("source", AttributeType::Text),
    ]
    .into_iter()
    .map(|(n, t)| (n.to_owned(), t))
    .collect();
    let fit_rules = vec![
        fit("small", "employees", range(Some(50.0), Some(200.0)), 10),
        fit("mid", "employees", range(Some(200.0), Some(5000.0)), 20),
        fit("large", "employees", range(Some(5000.0), None), 15),
        fit("rev_mid", "revenue", range(Some(1e6), Some(1e8)), 10),
        fit("rev_high", "revenue", range(Some(1e8), None), 15),
        fit(
            "target_industry",
            "industry",
            one_of(&["saas", "software", "fintech"]),
            20,
        ),
        fit(
            "poor_industry",
            "industry",
            one_of(&["retail", "hospitality"]),
            -10,
        ),
        fit("dach", "country", one_of(&["DE", "AT", "CH"]), 10),
        fit(
            "us",
            "country",
            Condition::Equals {
                value: AttributeValue::text("US"),
            },
            8,
        ),
        fit("free_mail", "email", Condition::FreeMail, -20),
        fit(
            "competitor",
            "email",
            Condition::DomainIn {
                domains: vec!["rival.com".into(), "competitor.io".into()],
            },
            -100,
        ),
        fit("head", "job_title", contains("Head"), 15),
        fit("student", "job_title", contains("Student"), -30),
        fit("senior", "seniority", one_of(&["vp", "c_level"]), 20),
        fit(
            "manager",
            "seniority",
            Condition::Equals {
                value: AttributeValue::text("manager"),
            },
            10,
        ),
        fit("salesforce", "tech", contains("salesforce"), 10),
        fit("hubspot", "tech", contains("hubspot"), 8),
        fit(
            "customer",
            "is_customer",
            Condition::Equals {
                value: AttributeValue::Bool(true),
            },
            -40,
        ),
        fit("referral", "source", one_of(&["referral", "partner"]), 15),
        fit("no_source", "source", Condition::Missing, -5),
    ];
    let engagement_rules = (0..30)
        .map(|i| {
            let (kind, points, cap, decay) = engagement_rule(i);
            EngagementRule {
                name: format!("engagement_{i}"),
                kind,
                points,
                cap,
                decay,
            }
        })
        .collect();
    ScoringConfig {
        attributes,
        fit_rules,
        engagement_rules,
        grades: GradeThresholds::default(),
        bands: BandThresholds::default(),
    }
}

fn leads(rng: &mut Lcg) -> Vec<(Attributes, Vec<Activity>)> {
    (0..lead_count())
        .map(|_| {
            let mut a = Attributes::new();
            let n = |x: f64| AttributeValue::number(x).unwrap();
            a.insert("employees".into(), n((rng.next() % 20_000) as f64));
            a.insert("revenue".into(), n((rng.next() % 500_000_000) as f64));
            let industry = rng.pick(&[
                "saas",
                "software",
                "retail",
                "fintech",
                "health",
                "hospitality",
            ]);
            a.insert("industry".into(), industry.into());
            a.insert(
                "country".into(),
                rng.pick(&["DE", "US", "FR", "AT", "GB", "CH"]).into(),
            );
            let email = rng.pick(&["jo@acme.io", "kim@gmail.com", "x@rival.com", "a@corp.de"]);
            a.insert("email".into(), email.into());
            let title = rng.pick(&["Head of Sales", "Engineer", "Student", "CFO", "Head of IT"]);
            a.insert("job_title".into(), title.into());
            a.insert(
                "seniority".into(),
                rng.pick(&["vp", "c_level", "manager", "staff"]).into(),
            );
            let tech = vec![
                rng.pick(&["salesforce", "hubspot", "pipedrive"]).to_owned(),
                rng.pick(&["slack", "jira", "hubspot"]).to_owned(),
            ];
            a.insert("tech".into(), AttributeValue::List(tech));
            a.insert(
                "is_customer".into(),
                AttributeValue::Bool(rng.next() % 5 == 0),
            );
            if rng.next() % 3 != 0 {
                a.insert(
                    "source".into(),
                    rng.pick(&["referral", "ads", "partner", "seo"]).into(),
                );
            }
            let activities = (0..12)
                .map(|_| {
                    let kind = ActivityKind::ALL[(rng.next() % 7) as usize];
                    let ago = TimeDelta::seconds((rng.next() % (180 * 86_400)) as i64);
                    Activity::new(kind, now() - ago)
                })
                .collect();
            (a, activities)
        })
        .collect()
}

/// The same 50 rules, written out by hand: one lookup per attribute, conditions inline,
/// engagement rules per activity kind with the decay curves inline.
fn hand_written(
    attributes: &Attributes,
    activities: &[Activity],
    now: i64,
    rivals: &[String],
) -> i64 {
    let mut fit = 0_i64;
    if let Some(AttributeValue::Number(e)) = attributes.get("employees") {
        fit += if (50.0..200.0).contains(e) { 10 } else { 0 };
        fit += if (200.0..5000.0).contains(e) { 20 } else { 0 };
        fit += if *e >= 5000.0 { 15 } else { 0 };
    }
    if let Some(AttributeValue::Number(r)) = attributes.get("revenue") {
        fit += if (1e6..1e8).contains(r) { 10 } else { 0 };
        fit += if *r >= 1e8 { 15 } else { 0 };
    }
    if let Some(AttributeValue::Text(i)) = attributes.get("industry") {
        fit += match i.as_str() {
            "saas" | "software" | "fintech" => 20,
            "retail" | "hospitality" => -10,
            _ => 0,
        };
    }
    if let Some(AttributeValue::Text(c)) = attributes.get("country") {
        fit += match c.as_str() {
            "DE" | "AT" | "CH" => 10,
            "US" => 8,
            _ => 0,
        };
    }
    if let Some(AttributeValue::Text(e)) = attributes.get("email") {
        fit += if is_free_mail_domain(e) { -20 } else { 0 };
        fit += if is_domain_in(e, rivals) { -100 } else { 0 };
    }
    if let Some(AttributeValue::Text(t)) = attributes.get("job_title") {
        fit += if t.contains("Head") { 15 } else { 0 };
        fit += if t.contains("Student") { -30 } else { 0 };
    }
    if let Some(AttributeValue::Text(s)) = attributes.get("seniority") {
        fit += match s.as_str() {
            "vp" | "c_level" => 20,
            "manager" => 10,
            _ => 0,
        };
    }
    if let Some(AttributeValue::List(t)) = attributes.get("tech") {
        fit += if t.iter().any(|x| x == "salesforce") {
            10
        } else {
            0
        };
        fit += if t.iter().any(|x| x == "hubspot") {
            8
        } else {
            0
        };
    }
    if let Some(AttributeValue::Bool(true)) = attributes.get("is_customer") {
        fit -= 40;
    }
    match attributes.get("source") {
        Some(AttributeValue::Text(s)) if s == "referral" || s == "partner" => fit += 15,
        None => fit -= 5,
        _ => {}
    }
    let mut micro = [0_i64; 30];
    for activity in activities {
        let age = now - activity.at.timestamp();
        if age < 0 {
            continue;
        }
        let k = ActivityKind::ALL
            .iter()
            .position(|k| *k == activity.kind)
            .unwrap_or(0);
        let mut i = k;
        while i < 30 {
            let (_, points, _, decay) = engagement_rule(i);
            let full = points * 1_000_000;
            micro[i] += match decay {
                Decay::Linear { .. } => {
                    (full as f64 * (1.0 - age as f64 / (90.0 * 86_400.0)).max(0.0)).round() as i64
                }
                Decay::HalfLife { .. } => {
                    (full as f64 * (-(age as f64) / (30.0 * 86_400.0)).exp2()).round() as i64
                }
                Decay::Window { .. } => {
                    if age < 14 * 86_400 {
                        full
                    } else {
                        0
                    }
                }
                _ => full,
            };
            i += 7;
        }
    }
    let mut engagement = 0;
    for (i, m) in micro.iter().enumerate() {
        let m = if i % 3 == 0 {
            *m
        } else {
            (*m).clamp(-60_000_000, 60_000_000)
        };
        engagement += (m + m.signum() * 500_000) / 1_000_000;
    }
    (fit + engagement).max(0)
}

fn rule_scoring(c: &mut Criterion) {
    let scorer = RuleScorer::new(config()).unwrap();
    let leads = leads(&mut Lcg(7));
    let now = now();
    // The competitor domains, built once as the rule scorer's are.
    let rivals = ["rival.com".to_owned(), "competitor.io".to_owned()];
    // The baseline computes the same totals.
    for (a, acts) in &leads {
        assert_eq!(
            scorer.total(&Profile::new(a, acts), now),
            hand_written(a, acts, now.timestamp(), &rivals)
        );
    }
    let mut group = c.benchmark_group("rule_scoring");
    // A pass over 1M leads takes from 0.3 s (encoded) to 6 s (explained cards).
    group.sample_size(10);
    group.throughput(Throughput::Elements(leads.len() as u64));
    group.bench_function("hand_written_sum", |b| {
        b.iter(|| {
            let mut sum = 0_i64;
            for (a, acts) in &leads {
                sum += hand_written(
                    black_box(a),
                    black_box(acts),
                    black_box(now.timestamp()),
                    &rivals,
                );
            }
            sum
        });
    });
    group.bench_function("rule_scorer_summary", |b| {
        b.iter(|| {
            let mut sum = 0_i64;
            for (a, acts) in &leads {
                sum += scorer
                    .summary(&Profile::new(black_box(a), black_box(acts)), now)
                    .total;
            }
            sum
        });
    });
    // Pre-encoded: attribute values in slots (categories interned), activities as kinds with
    // integer timestamps, in flat buffers; encoded outside the timed loop (`encode_leads`
    // times the encoding on its own).
    let encode_all = || {
        let mut encoded = EncodedRuleScorer::new(&scorer);
        let mut values = Vec::with_capacity(leads.len() * encoded.attributes().len());
        let mut activities = Vec::with_capacity(leads.len() * 12);
        let mut ends = Vec::with_capacity(leads.len());
        for (a, acts) in &leads {
            encoded.encode_attributes_into(a, &mut values).unwrap();
            activities.extend(acts.iter().map(EncodedActivity::from));
            ends.push(activities.len());
        }
        (encoded, values, activities, ends)
    };
    let (encoded, values, activities, ends) = encode_all();
    let slots = encoded.attributes().len();
    let encoded_leads = || {
        values
            .chunks_exact(slots)
            .zip(std::iter::once(0).chain(ends.iter().copied()).zip(&ends))
            .map(|(v, (start, &end))| (v, &activities[start..end]))
    };
    for ((a, acts), (v, e)) in leads.iter().zip(encoded_leads()) {
        assert_eq!(
            encoded.summary(v, e, now).unwrap(),
            scorer.summary(&Profile::new(a, acts), now)
        );
    }
    group.bench_function("encoded_summary", |b| {
        b.iter(|| {
            let mut sum = 0_i64;
            for (v, e) in encoded_leads() {
                sum += encoded
                    .summary(black_box(v), black_box(e), now)
                    .unwrap()
                    .total;
            }
            sum
        });
    });
    group.bench_function("encode_leads", |b| b.iter(encode_all));
    group.bench_function("rule_scorer_card", |b| {
        b.iter(|| {
            let mut sum = 0_i64;
            for (a, acts) in &leads {
                sum += scorer
                    .score(&Profile::new(black_box(a), black_box(acts)), now)
                    .total();
            }
            sum
        });
    });
    group.finish();
}

const FEATURES: usize = 20;
const TRAIN: usize = 100_000;

fn categorical_leads(rng: &mut Lcg) -> Vec<(Attributes, Outcome)> {
    let values = ["alpha", "bravo", "charlie", "delta", "echo"];
    (0..lead_count())
        .map(|_| {
            let mut a = Attributes::new();
            let mut bias = 0;
            for f in 0..FEATURES {
                let v = (rng.next() % 5) as usize;
                bias += v;
                a.insert(format!("feature_{f:02}"), values[v].into());
            }
            let won = (rng.next() % 100) < (bias as u64 * 100 / (4 * FEATURES as u64));
            (a, if won { Outcome::Won } else { Outcome::Lost })
        })
        .collect()
}

fn walk(attributes: &Attributes) -> usize {
    attributes
        .values()
        .map(|v| v.as_text().map_or(0, str::len))
        .sum()
}

/// Reads the first byte of every key and text value: the memory a lookup by name must touch.
fn touch(attributes: &Attributes) -> usize {
    attributes
        .iter()
        .map(|(k, v)| {
            usize::from(k.as_bytes().first().copied().unwrap_or(0))
                + v.as_text()
                    .and_then(|t| t.as_bytes().first())
                    .map_or(0, |b| usize::from(*b))
        })
        .sum()
}

fn naive_bayes(c: &mut Criterion) {
    let leads = categorical_leads(&mut Lcg(11));
    let features: Vec<String> = (0..FEATURES).map(|f| format!("feature_{f:02}")).collect();
    // 100,000 training rows cycle through the 10,000 distinct leads.
    let rows = || (0..TRAIN).map(|i| (&leads[i % leads.len()].0, leads[i % leads.len()].1));
    let mut group = c.benchmark_group("naive_bayes_train");
    group.sample_size(10);
    group.throughput(Throughput::Elements(TRAIN as u64));
    group.bench_function("walk_attributes_100k", |b| {
        b.iter(|| rows().map(|(a, _)| walk(black_box(a))).sum::<usize>());
    });
    group.bench_function("touch_keys_and_values_100k", |b| {
        b.iter(|| rows().map(|(a, _)| touch(black_box(a))).sum::<usize>());
    });
    group.bench_function("train_100k", |b| {
        b.iter(|| NaiveBayes::train(features.iter().cloned(), 1.0, rows()).unwrap());
    });
    // Pre-encoded: the rows interned once by a `FeatureDictionary` (row-major, one code per
    // feature), outside the timed loop; the encoding itself is timed on its own.
    let encode_all = || {
        let mut dictionary = FeatureDictionary::new(features.iter().cloned()).unwrap();
        let mut flat = Vec::with_capacity(TRAIN * FEATURES);
        for (a, _) in rows() {
            dictionary.encode_into(a, &mut flat).unwrap();
        }
        (dictionary, flat)
    };
    let (dictionary, flat) = encode_all();
    let outcomes: Vec<Outcome> = rows().map(|(_, o)| o).collect();
    let columns: Vec<Vec<u32>> = (0..FEATURES)
        .map(|f| flat.iter().skip(f).step_by(FEATURES).copied().collect())
        .collect();
    let encoded_rows = || flat.chunks_exact(FEATURES).zip(outcomes.iter().copied());
    let from_maps = NaiveBayes::train(features.iter().cloned(), 1.0, rows()).unwrap();
    assert_eq!(
        NaiveBayes::train_encoded(&dictionary, 1.0, encoded_rows()).unwrap(),
        from_maps
    );
    assert_eq!(
        NaiveBayes::train_columns(&dictionary, 1.0, &columns, &outcomes).unwrap(),
        from_maps
    );
    group.bench_function("encode_100k", |b| b.iter(encode_all));
    group.bench_function("train_encoded_rows_100k", |b| {
        b.iter(|| NaiveBayes::train_encoded(&dictionary, 1.0, black_box(encoded_rows())).unwrap());
    });
    group.bench_function("train_encoded_columns_100k", |b| {
        b.iter(|| {
            NaiveBayes::train_columns(&dictionary, 1.0, black_box(&columns), &outcomes).unwrap()
        });
    });
    group.finish();

    let model = NaiveBayes::train(features.iter().cloned(), 1.0, rows()).unwrap();
    let compiled = model.compile();
    let mut group = c.benchmark_group("naive_bayes_score");
    group.sample_size(10);
    group.throughput(Throughput::Elements(leads.len() as u64));
    group.bench_function("walk_attributes", |b| {
        b.iter(|| leads.iter().map(|(a, _)| walk(black_box(a))).sum::<usize>());
    });
    group.bench_function("touch_keys_and_values", |b| {
        b.iter(|| {
            leads
                .iter()
                .map(|(a, _)| touch(black_box(a)))
                .sum::<usize>()
        });
    });
    group.bench_function("compiled_log_odds", |b| {
        b.iter(|| {
            leads
                .iter()
                .map(|(a, _)| compiled.log_odds(black_box(a)))
                .sum::<f64>()
        });
    });
    let encoded: Vec<_> = leads.iter().map(|(a, _)| compiled.encode(a)).collect();
    group.bench_function("encoded_log_odds", |b| {
        b.iter(|| {
            encoded
                .iter()
                .map(|e| compiled.log_odds_encoded(black_box(e)))
                .sum::<f64>()
        });
    });
    group.bench_function("predict_from_counts", |b| {
        b.iter(|| {
            leads
                .iter()
                .map(|(a, _)| model.predict(black_box(a)).probability)
                .sum::<f64>()
        });
    });
    group.finish();
}

criterion_group!(benches, rule_scoring, naive_bayes);
criterion_main!(benches);
