//! The main job: a deterministic synthetic quarter (about 20,000 leads from several campaigns
//! and sources, reps in two time zones) driven through the real pipeline (commands through
//! `decide` with the agreed qualification criteria as the guard, routing for every handoff),
//! then reported: the funnel, the rejection-reason feedback, attribution and ROI by campaign,
//! and the lead-effectiveness review. SVG charts are written to `target/quarter/`.
//!
//! Run with `cargo run --release --example quarter`.
// Synthetic data: counts, hours and amounts are small, so these casts are exact.
#![allow(
    clippy::cast_possible_truncation,
    clippy::cast_precision_loss,
    clippy::cast_possible_wrap,
    clippy::cast_sign_loss,
    clippy::similar_names
)]

mod charts;
mod generator;
mod rng;
mod setup;
mod sla;
mod world;

use std::collections::BTreeMap;
use std::time::Instant;

use leadflow::metrics::{
    AttributionSpec, Dimension, EffectivenessReport, EffectivenessSpec, FunnelSpec, MetricsReport,
    MetricsSpec, Model, Review, Spend,
};
use leadflow::scoring::{Profile, Scorer};
use leadflow::{CampaignId, Currency, LeadId, Machine, Period, Zone, replay};

type Error = Box<dyn std::error::Error>;

/// Prints how long a phase took, so a slow run shows where its time goes.
struct Progress(Instant);

impl Progress {
    #[allow(clippy::disallowed_methods)] // the host may read the clock; the crate never does
    fn start() -> Self {
        Self(Instant::now())
    }

    fn done(&self, what: &str) {
        eprintln!("[{:>7.2?}] {what}", self.0.elapsed());
    }
}

fn main() -> Result<(), Error> {
    let progress = Progress::start();
    let zone = Zone::parse("Europe/Berlin")?;
    let quarter = Period::quarter(2026, 1, zone)?;
    let (start, end) = (quarter.start(), quarter.end());
    let eur = Currency::new("EUR")?;

    let criteria = setup::criteria()?;
    let machine = Machine::new().with_guard(criteria.clone());
    let mut routing = setup::Routing::new(world::reps(), start)?;
    let generated = generator::generate(&machine, &mut routing, 2026, 20_000, start, end);
    let events: usize = generated.histories.iter().map(Vec::len).sum();
    progress.done(&format!(
        "generated {} leads, {events} events",
        generated.histories.len()
    ));

    // Scores at the end of the quarter, for the effectiveness review.
    let scorer = leadflow::scoring::RuleScorer::new(setup::scoring_config())?;
    let mut scores: BTreeMap<LeadId, i64> = BTreeMap::new();
    for history in &generated.histories {
        if let Some(lead) = replay(history)? {
            scores.insert(lead.id(), scorer.score(&Profile::of(&lead), end).total());
        }
    }
    let score = |id: LeadId| scores.get(&id).copied();
    progress.done("scored every lead");

    let [(_, emea_hours), _] = &routing.calendars;
    let histories = || generated.histories.iter().map(Vec::as_slice);
    let spec = MetricsSpec {
        funnel: FunnelSpec::new(quarter).by([Dimension::Source]),
        attribution: AttributionSpec::new(quarter, eur),
        effectiveness: Some(EffectivenessSpec {
            period: Period::month(2026, 3, zone)?,
            currency: eur,
        }),
    };
    let report = MetricsReport::build(&spec, emea_hours, histories(), &score)?;
    let february = EffectivenessSpec {
        period: Period::month(2026, 2, zone)?,
        currency: eur,
    };
    let previous = EffectivenessReport::build(&february, histories(), &score)?;
    progress.done("built the reports");

    let spend: Spend = world::CAMPAIGNS
        .iter()
        .map(|c| (CampaignId::new(c.id), world::eur(c.spend_eur)))
        .collect();
    // Monthly spend for the review: a third of the quarter's.
    let monthly: Spend = world::CAMPAIGNS
        .iter()
        .map(|c| (CampaignId::new(c.id), world::eur(c.spend_eur / 3)))
        .collect();
    let roi = report.attribution.roi(Model::WShaped, &spend)?;
    let effectiveness = report
        .effectiveness
        .as_ref()
        .ok_or("the spec asks for it")?;
    let review = Review::new(effectiveness, &monthly, Some((&previous, &monthly)))?;

    println!(
        "== Funnel, Q1 2026 (velocities in EMEA business time)\n{}",
        report.funnel
    );
    println!("== Attribution\n{}", report.attribution);
    println!("== ROI by campaign (W-shaped)\n{roi}");
    println!("== Lead-effectiveness review, March against February\n{review}");
    let sla = sla::report(
        &generated.histories,
        &routing.calendars,
        quarter,
        Period::month(2026, 3, zone)?,
    )?;
    progress.done("evaluated the SLA");
    println!("== SLA compliance\n{}", sla.text);
    print_outlook(&generated.histories, quarter, zone, eur)?;
    let evaluator = leadflow::sla::SlaEvaluator::new(
        &[sla::policy(start, 4)],
        &sla::calendars(&routing.calendars),
    )?;
    let top =
        leadflow::worklist::rep_top("anna", 10, &generated.histories, &evaluator, &scorer, end);
    println!("== anna's worklist at the end of the quarter (top 10)\n{top}");
    progress.done("forecast and worklist");
    println!("== Commands the pipeline refused (the generator tries; the rules decide)");
    for (kind, count) in &generated.refusals {
        println!("  {kind:<24} {count:>6}");
    }

    let out = std::path::Path::new("target/quarter");
    charts::write_all(out, &report, &roi, &sla.weekly_accept)?;
    progress.done(&format!("wrote charts to {}", out.display()));
    Ok(())
}

/// The next quarter: its forecast against plan, and the reverse waterfall of what marketing
/// must deliver, from the conversion rates and velocities measured over this quarter.
fn print_outlook(
    histories: &[Vec<leadflow::EventEnvelope>],
    quarter: Period,
    zone: Zone,
    eur: Currency,
) -> Result<(), Error> {
    use leadflow::forecast::{
        EmpiricalRates, ForecastReport, ForecastSpec, MeasuredFunnel, Outlook, Plan,
        WinProbability, quarter_containing,
    };
    let now = quarter.end();
    let slices = || histories.iter().map(Vec::as_slice);
    // `now` is the first instant of Q2, so the quarter containing it is the next one.
    let next = quarter_containing(now, zone)?;
    let model = WinProbability::Empirical(EmpiricalRates::measure(slices(), now));
    let forecast =
        ForecastReport::build(&ForecastSpec::new(next, zone, eur), &model, slices(), now);
    let plan = Plan::new(next, eur)
        .target("emea", 9_000_000_00)
        .target("amer", 8_000_000_00);
    let funnel = MeasuredFunnel::measure(quarter, eur, slices(), now);
    let outlook = Outlook::new(forecast, &plan, &funnel.rates())?;
    println!(
        "== Forecast for Q2 2026 against plan, and the reverse waterfall\n{}",
        outlook.render_text()
    );
    for (territory, commitment) in outlook.mql_commitments() {
        println!(
            "marketing commitment for {territory}: {} MQLs by {}",
            commitment.mqls,
            commitment
                .by
                .map_or_else(|| "-".to_owned(), |t| t.format("%Y-%m-%d").to_string()),
        );
    }
    println!();
    Ok(())
}
