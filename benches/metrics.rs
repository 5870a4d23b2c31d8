//! B7: funnel plus attribution over a synthetic event log, on one thread and on two shards
//! merged, beside a baseline pass that only counts events by type; and the same with the
//! effectiveness figures in the same pass.
//!
//! The size is `LEADFLOW_BENCH_EVENTS` events (default 10,000,000), built once outside the
//! timed loop: about 1M leads of about ten events, 176 bytes each, so 1.8 GB of envelopes.
//! The single pass (`MetricsReport::build`) is measured without the effectiveness figures
//! (`funnel_attribution_*`: the target's workload) and with them
//! (`funnel_attribution_effectiveness_*`), each on one thread and on two shards merged
//! (`rayon::join` on a pool of two threads, then `merge`); the funnel and the attribution
//! alone are measured too, for the breakdown. With the `serde` feature, a second group runs
//! the single pass over a tenth of the leads read back from JSON, as a host loads them from
//! storage (each event's ids interned as they are read).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![allow(missing_docs)] // criterion_group! generates an undocumented function
#![allow(
    clippy::cast_possible_truncation,
    clippy::cast_possible_wrap,
    clippy::cast_sign_loss,
    clippy::too_many_lines
)] // synthetic data generation with small numbers

use std::hint::black_box;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, Throughput, criterion_group, criterion_main};
use leadflow::metrics::{
    AttributionReport, AttributionSpec, Dimension, EffectivenessSpec, FunnelReport, FunnelSpec,
    MetricsReport, MetricsSpec,
};
use leadflow::{
    Activity, ActivityKind, Actor, Attributes, CalendarTime, CampaignId, CommandId, Currency,
    Event, EventEnvelope, LeadId, Money, Owner, Period, Reason, RejectTo, Role, SCHEMA_VERSION,
    Source, Stage, Zone,
};

/// A small deterministic generator (64-bit LCG), so the data is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

struct Pools {
    sources: Vec<Source>,
    campaigns: Vec<CampaignId>,
    owners: Vec<Owner>,
    actors: Vec<Actor>,
    eur: Currency,
}

/// One lead's history: capture, campaign touches, and a walk down the waterfall that stops,
/// recycles or is lost at random; about ten events a lead.
fn lead(id: u64, start: DateTime<Utc>, rng: &mut Rng, pools: &Pools) -> Vec<EventEnvelope> {
    let mut history = Vec::with_capacity(16);
    let mut at = start;
    let marketer = &pools.actors[0];
    let push = |history: &mut Vec<EventEnvelope>, at, actor: &Actor, event| {
        let seq = history.len() as u64 + 1;
        history.push(EventEnvelope {
            lead_id: LeadId::from_u128(u128::from(id)),
            seq,
            occurred_at: at,
            actor: actor.clone(),
            command_id: CommandId::from_u128(u128::from(id) << 16 | u128::from(seq)),
            schema_version: SCHEMA_VERSION,
            event,
        });
    };
    let pick = |rng: &mut Rng, n: usize| rng.below(n as u64) as usize;
    let campaign = |rng: &mut Rng| pools.campaigns[pick(rng, pools.campaigns.len())].clone();
    push(
        &mut history,
        at,
        marketer,
        Event::Captured {
            stage: Stage::Inquiry,
            owner: None,
            source: Some(pools.sources[pick(rng, pools.sources.len())].clone()),
            campaign: Some(campaign(rng)),
            attributes: Attributes::new(),
        },
    );
    let step = |rng: &mut Rng| TimeDelta::minutes(30 + rng.below(3 * 24 * 60) as i64);
    for _ in 0..2 {
        at += step(rng);
        let activity = Activity::new(ActivityKind::Email, at).in_campaign(campaign(rng));
        push(
            &mut history,
            at,
            marketer,
            Event::ActivityRecorded { activity },
        );
    }
    at += step(rng);
    if rng.below(10) < 3 {
        push(
            &mut history,
            at,
            marketer,
            Event::Disqualified {
                reason: Reason::new("no_fit"),
            },
        );
        return history;
    }
    push(&mut history, at, marketer, Event::QualifiedMql);
    let owner_index = pick(rng, pools.owners.len());
    let owner = pools.owners[owner_index].clone();
    let rep = &pools.actors[1 + owner_index];
    at += step(rng);
    push(
        &mut history,
        at,
        marketer,
        Event::HandedOff { to: owner.clone() },
    );
    at += step(rng);
    let call = Activity::new(ActivityKind::Call, at).by(rep.id.clone());
    push(
        &mut history,
        at,
        rep,
        Event::ActivityRecorded { activity: call },
    );
    if rng.below(10) < 2 {
        let reason = Reason::new(["no_budget", "bad_timing", "competitor"][pick(rng, 3)]);
        push(
            &mut history,
            at,
            rep,
            Event::Rejected {
                reason,
                to: RejectTo::Nurture,
            },
        );
        return history;
    }
    push(&mut history, at, rep, Event::Accepted { owner });
    at += step(rng);
    push(&mut history, at, rep, Event::QualifiedSql);
    at += step(rng);
    let amount = Money::new(100_000 + rng.below(900_000) as i64, pools.eur);
    push(
        &mut history,
        at,
        rep,
        Event::ConvertedToOpportunity {
            amount,
            expected_close: None,
        },
    );
    at += step(rng);
    if rng.below(3) == 0 {
        push(&mut history, at, rep, Event::Won { amount });
    } else {
        push(
            &mut history,
            at,
            rep,
            Event::Lost {
                reason: Reason::new("competitor"),
            },
        );
    }
    history
}

fn dataset(events: usize) -> Vec<Vec<EventEnvelope>> {
    let pools = Pools {
        sources: ["web", "event", "partner", "referral", "ads"]
            .map(Source::from)
            .to_vec(),
        campaigns: (0..20)
            .map(|n| CampaignId::new(format!("campaign-{n}")))
            .collect(),
        owners: (0..10)
            .map(|n| Owner::user(format!("rep-{n}")).in_team("emea"))
            .collect(),
        actors: std::iter::once(Actor::new("mia", Role::Marketer))
            .chain((0..10).map(|n| Actor::new(format!("rep-{n}"), Role::SalesRep)))
            .collect(),
        eur: Currency::new("EUR").unwrap(),
    };
    let mut rng = Rng(7);
    let start = Utc.with_ymd_and_hms(2026, 2, 20, 0, 0, 0).unwrap();
    let mut leads = Vec::new();
    let mut total = 0;
    let mut id = 0u64;
    while total < events {
        id += 1;
        let offset = TimeDelta::seconds(rng.below(30 * 86_400) as i64);
        let history = lead(id, start + offset, &mut rng, &pools);
        total += history.len();
        leads.push(history);
    }
    leads
}

/// The spec of all three reports; [`lean`] leaves out the effectiveness figures.
fn spec() -> MetricsSpec {
    let eur = Currency::new("EUR").unwrap();
    let march = Period::month(2026, 3, Zone::utc()).unwrap();
    MetricsSpec {
        funnel: FunnelSpec::new(march).by([Dimension::Source]),
        attribution: AttributionSpec::new(march, eur),
        effectiveness: Some(EffectivenessSpec {
            period: march,
            currency: eur,
        }),
    }
}

/// Funnel and attribution only: the target's workload.
fn lean(spec: &MetricsSpec) -> MetricsSpec {
    MetricsSpec {
        effectiveness: None,
        ..spec.clone()
    }
}

#[allow(clippy::unnecessary_wraps)] // the host's score lookup returns an Option
fn score(id: LeadId) -> Option<i64> {
    Some((id.as_uuid().as_u128() % 100) as i64)
}

fn one_thread(spec: &MetricsSpec, leads: &[Vec<EventEnvelope>]) -> MetricsReport {
    MetricsReport::build(spec, &CalendarTime, leads.iter().map(Vec::as_slice), &score).unwrap()
}

/// The two halves of the leads on the two threads of `pool`, merged.
fn two_shards(
    pool: &rayon::ThreadPool,
    spec: &MetricsSpec,
    leads: &[Vec<EventEnvelope>],
) -> MetricsReport {
    let (a, b) = leads.split_at(leads.len() / 2);
    let (mut left, right) =
        pool.install(|| rayon::join(|| one_thread(spec, a), || one_thread(spec, b)));
    left.merge(&right).unwrap();
    left
}

fn count_by_type(leads: &[Vec<EventEnvelope>]) -> [u64; 16] {
    let mut counts = [0u64; 16];
    for envelope in leads.iter().flatten() {
        let slot = match envelope.event {
            Event::Captured { .. } => 0,
            Event::AttributesUpdated { .. } => 1,
            Event::ActivityRecorded { .. } => 2,
            Event::QualifiedMql => 3,
            Event::HandedOff { .. } => 4,
            Event::Accepted { .. } => 5,
            Event::Rejected { .. } => 6,
            Event::QualifiedSql => 7,
            Event::ConvertedToOpportunity { .. } => 8,
            Event::Won { .. } => 9,
            Event::Lost { .. } => 10,
            Event::Recycled { .. } => 11,
            Event::Disqualified { .. } => 12,
            Event::PromotedToAdvocate => 13,
            Event::Reassigned { .. } => 14,
            _ => 15,
        };
        counts[slot] += 1;
    }
    counts
}

fn bench(c: &mut Criterion) {
    let events: usize = std::env::var("LEADFLOW_BENCH_EVENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000_000);
    let leads = dataset(events);
    let spec = spec();
    let lean = lean(&spec);
    // Two worker threads, started once outside the timed loop.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .unwrap();
    // The sharded result is the single-thread result; the lean pass's reports are the full
    // pass's.
    let full = one_thread(&spec, &leads);
    assert_eq!(two_shards(&pool, &spec, &leads), full);
    let lean_report = one_thread(&lean, &leads);
    assert_eq!(two_shards(&pool, &lean, &leads), lean_report);
    assert_eq!(
        (&lean_report.funnel, &lean_report.attribution),
        (&full.funnel, &full.attribution)
    );
    drop((full, lean_report));
    let mut group = single_pass_group(c, "", &spec, &leads);
    // The two halves of the single pass, for the breakdown.
    group.bench_function("funnel_only_1_thread", |b| {
        b.iter(|| {
            black_box(FunnelReport::build(
                &spec.funnel,
                &CalendarTime,
                black_box(&leads).iter().map(Vec::as_slice),
            ))
        });
    });
    group.bench_function("attribution_only_1_thread", |b| {
        b.iter(|| {
            black_box(
                AttributionReport::build(
                    &spec.attribution,
                    black_box(&leads).iter().map(Vec::as_slice),
                )
                .unwrap(),
            )
        });
    });
    group.bench_function("funnel_attribution_2_shards_merged", |b| {
        b.iter(|| black_box(two_shards(&pool, &lean, black_box(&leads))));
    });
    group.bench_function("funnel_attribution_effectiveness_2_shards_merged", |b| {
        b.iter(|| black_box(two_shards(&pool, &spec, black_box(&leads))));
    });
    group.finish();
    #[cfg(feature = "serde")]
    read_from_json(c, &spec, &leads[..leads.len() / 10]);
}

/// The single pass over a tenth of the leads as a host reads them back from storage: every
/// event deserialized on its own, its ids interned as they are read rather than cloned from
/// the generator's pools, so that the group shows what stored histories cost.
#[cfg(feature = "serde")]
fn read_from_json(c: &mut Criterion, spec: &MetricsSpec, leads: &[Vec<EventEnvelope>]) {
    let read: Vec<Vec<EventEnvelope>> = leads
        .iter()
        .map(|history| serde_json::from_slice(&serde_json::to_vec(history).unwrap()).unwrap())
        .collect();
    assert_eq!(one_thread(spec, &read), one_thread(spec, leads));
    single_pass_group(c, "_read_from_json", spec, &read).finish();
}

/// A group `metrics_<n>k_events<suffix>` over `leads` with the count-by-type baseline and
/// the single pass on one thread, without and with the effectiveness figures of `spec`,
/// for the caller to add rows to and finish.
fn single_pass_group<'c>(
    c: &'c mut Criterion,
    suffix: &str,
    spec: &MetricsSpec,
    leads: &[Vec<EventEnvelope>],
) -> BenchmarkGroup<'c, WallTime> {
    let total: usize = leads.iter().map(Vec::len).sum();
    let mut group = c.benchmark_group(format!("metrics_{}k_events{suffix}", total / 1000));
    group.sample_size(10);
    group.throughput(Throughput::Elements(total as u64));
    group.bench_function("baseline_count_by_type", |b| {
        b.iter(|| black_box(count_by_type(black_box(leads))));
    });
    let lean = lean(spec);
    group.bench_function("funnel_attribution_1_thread", |b| {
        b.iter(|| black_box(one_thread(&lean, black_box(leads))));
    });
    group.bench_function("funnel_attribution_effectiveness_1_thread", |b| {
        b.iter(|| black_box(one_thread(spec, black_box(leads))));
    });
    group
}

criterion_group!(benches, bench);
criterion_main!(benches);
