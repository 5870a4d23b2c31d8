//! The main job: a deterministic synthetic quarter (about 20,000 leads from several campaigns
//! and sources, reps in two time zones) driven through the real pipeline, then reported.
//!
//! Run with `cargo run --release --example quarter`.
// Synthetic data: counts, hours and amounts are small, so these casts are exact.
#![allow(
    clippy::cast_possible_truncation,
    clippy::cast_precision_loss,
    clippy::cast_possible_wrap,
    clippy::cast_sign_loss
)]

mod generator;
mod rng;
mod world;

use std::collections::BTreeMap;
use std::time::Instant;

use chrono::{DateTime, TimeZone, Utc};
use leadflow::{Lead, Machine, Owner, Stage, replay};

use generator::Assign;
use world::Rep;

/// A stand-in router until the routing module is wired in: round robin per region.
struct RoundRobin {
    reps: Vec<Rep>,
    turn: BTreeMap<&'static str, usize>,
}

impl Assign for RoundRobin {
    fn assign(&mut self, lead: &Lead, _at: DateTime<Utc>) -> Option<(Owner, f64)> {
        let region = lead
            .attributes()
            .get("region")
            .and_then(|v| v.as_text())
            .unwrap_or("emea");
        let pool: Vec<&Rep> = self
            .reps
            .iter()
            .filter(|r| r.active && r.team == region)
            .collect();
        let turn = self
            .turn
            .entry(if region == "amer" { "amer" } else { "emea" })
            .or_default();
        let rep = pool.get(*turn % pool.len().max(1))?;
        *turn += 1;
        Some((
            Owner::user(rep.id.as_str()).in_team(rep.team),
            rep.mean_response_hours,
        ))
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    #[allow(clippy::disallowed_methods)] // the host may read the clock; the crate never does
    let started = Instant::now();
    let start = Utc
        .with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
        .single()
        .ok_or("start")?;
    let end = Utc
        .with_ymd_and_hms(2026, 4, 1, 0, 0, 0)
        .single()
        .ok_or("end")?;
    let machine = Machine::new();
    let mut router = RoundRobin {
        reps: world::reps(),
        turn: BTreeMap::new(),
    };
    let quarter = generator::generate(&machine, &mut router, 2026, 20_000, start, end);
    let events: usize = quarter.histories.iter().map(Vec::len).sum();
    println!(
        "generated {} leads, {events} events in {:.2?}",
        quarter.histories.len(),
        started.elapsed()
    );

    let mut by_stage: BTreeMap<Stage, u64> = BTreeMap::new();
    let mut reached: BTreeMap<Stage, u64> = BTreeMap::new();
    for history in &quarter.histories {
        if let Some(lead) = replay(history)? {
            *by_stage.entry(lead.stage()).or_default() += 1;
            let mut seen: Vec<Stage> = lead.visits().iter().map(|v| v.stage).collect();
            seen.sort();
            seen.dedup();
            for stage in seen {
                *reached.entry(stage).or_default() += 1;
            }
        }
    }
    println!("\n{:<14} {:>8} {:>8}", "stage", "ever", "now");
    for stage in Stage::ALL {
        println!(
            "{:<14} {:>8} {:>8}",
            stage,
            reached.get(&stage).unwrap_or(&0),
            by_stage.get(&stage).unwrap_or(&0)
        );
    }
    println!("\n{:<22} {:>12}", "campaign", "spend");
    for campaign in world::CAMPAIGNS {
        println!("{:<22} {:>12}", campaign.id, world::eur(campaign.spend_eur));
    }
    println!("\nreps:");
    for rep in &router.reps {
        println!(
            "  {:<8} {:<5} {:<18} {}",
            rep.id,
            rep.team,
            rep.zone,
            if rep.active { "active" } else { "inactive" }
        );
    }
    println!("\nrefused commands: {:?}", quarter.refusals);
    Ok(())
}
