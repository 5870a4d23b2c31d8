//! Generates 10 million events (lead histories driven through `Machine::decide`), loads them
//! into an in-memory table and runs the funnel-by-campaign query with 1 and 2 target
//! partitions, printing the time of each.
//!
//! Run with `cargo run --release -p leadflow-datafusion --example funnel_10m` (it needs a
//! few GB of memory). Pass another number of events as the first argument to scale it.

#![allow(clippy::disallowed_methods)] // the example times the queries

#[path = "../tests/support/mod.rs"]
mod support;

use std::sync::Arc;
use std::time::Instant;

use datafusion::arrow::array::RecordBatch;
use datafusion::datasource::MemTable;
use datafusion::prelude::{SessionConfig, SessionContext};
use leadflow::metrics::{Dimension, FunnelSpec};
use leadflow::{CalendarTime, Period, Zone};
use leadflow_datafusion::{funnel_udaf, history_udaf};
use support::Error;

const QUERY: &str = "
    WITH leads AS (
        SELECT lead_id, campaign,
               leadflow_history(lead_id, seq, at, actor, command_id, payload) AS history
        FROM events GROUP BY lead_id, campaign)
    SELECT campaign, leadflow_funnel(history) AS funnel FROM leads GROUP BY campaign
    ORDER BY campaign";

const BATCH: usize = 65_536;

fn generate(events: usize) -> Result<(Vec<RecordBatch>, u32), Error> {
    let mut batches = Vec::new();
    let mut rows = Vec::with_capacity(BATCH);
    let (mut total, mut leads) = (0, 0u32);
    while total < events {
        leads += 1;
        let lead = support::lead(leads)?;
        for envelope in &lead.history {
            rows.push(support::row(&lead, envelope)?);
        }
        total += lead.history.len();
        if rows.len() >= BATCH {
            batches.extend(support::batches(&rows, BATCH)?);
            rows.clear();
        }
    }
    batches.extend(support::batches(&rows, BATCH)?);
    Ok((batches, leads))
}

async fn run(batches: &[RecordBatch], partitions: usize) -> Result<(f64, Vec<String>), Error> {
    let config = SessionConfig::new().with_target_partitions(partitions);
    let ctx = SessionContext::new_with_config(config);
    // The batches dealt round robin into one table partition per target partition.
    let mut parts = vec![Vec::new(); partitions];
    for (i, batch) in batches.iter().enumerate() {
        parts[i % partitions].push(batch.clone());
    }
    ctx.register_table(
        "events",
        Arc::new(MemTable::try_new(support::schema(), parts)?),
    )?;
    let march = Period::month(2026, 3, Zone::utc())?;
    ctx.register_udaf(history_udaf());
    ctx.register_udaf(funnel_udaf(
        FunnelSpec::new(march).by([Dimension::Source]),
        Arc::new(CalendarTime),
    )?);
    let start = Instant::now();
    let result = ctx.sql(QUERY).await?.collect().await?;
    let seconds = start.elapsed().as_secs_f64();
    let mut reports = Vec::new();
    for batch in &result {
        let column = datafusion::arrow::array::AsArray::as_string::<i32>(batch.column(1));
        reports.extend(column.iter().map(|r| r.unwrap_or_default().to_owned()));
    }
    Ok((seconds, reports))
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let events: usize = match std::env::args().nth(1) {
        Some(n) => n.parse()?,
        None => 10_000_000,
    };
    let start = Instant::now();
    let (batches, leads) = generate(events)?;
    let rows: usize = batches.iter().map(RecordBatch::num_rows).sum();
    println!(
        "generated {rows} events of {leads} leads in {:.1} s",
        start.elapsed().as_secs_f64()
    );
    let (one, reports_one) = run(&batches, 1).await?;
    println!("funnel by campaign, 1 target partition:  {one:.2} s");
    let (two, reports_two) = run(&batches, 2).await?;
    println!("funnel by campaign, 2 target partitions: {two:.2} s");
    if reports_one != reports_two {
        return Err("the reports differ between 1 and 2 partitions".into());
    }
    let counted: u64 = reports_one
        .iter()
        .map(|r| {
            let report: leadflow::metrics::FunnelReport = serde_json::from_str(r)?;
            Ok(report.total.leads)
        })
        .sum::<Result<u64, Error>>()?;
    println!(
        "{} campaigns, {counted} leads in March in the reports; 1 and 2 partitions agree",
        reports_one.len()
    );
    Ok(())
}
