//! The SQL reports equal what leadflow computes in one pass over the same events, with 1, 2
//! and 8 target partitions, on CSV files in which every lead's rows are spread over files.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};
use datafusion::arrow::array::{Array, AsArray};
use datafusion::prelude::{CsvReadOptions, SessionConfig, SessionContext};
use leadflow::metrics::{
    AttributionSpec, Dimension, EffectivenessSpec, FunnelReport, FunnelSpec, MetricsReport,
    MetricsSpec,
};
use leadflow::sla::{Calendars, SlaEvaluator, SlaGoal, SlaPolicy, SlaSummary, Target};
use leadflow::{Calendar, CalendarTime, Currency, EventEnvelope, Period, Zone};
use leadflow_datafusion::{funnel_udaf, history_udaf, metrics_udaf, sla_udaf};
use support::{Error, GenLead};

const LEADS: u32 = 300;
const FILES: usize = 5;
const PARTITIONS: [usize; 3] = [1, 2, 8];

const FUNNEL_BY_CAMPAIGN: &str = "
    WITH leads AS (
        SELECT lead_id, campaign,
               leadflow_history(lead_id, seq, at, actor, command_id, payload) AS history
        FROM events GROUP BY lead_id, campaign)
    SELECT campaign, leadflow_funnel(history) FROM leads GROUP BY campaign ORDER BY campaign";

const SLA_BY_TEAM: &str = "
    WITH leads AS (
        SELECT lead_id, team,
               leadflow_history(lead_id, seq, at, actor, command_id, payload) AS history
        FROM events GROUP BY lead_id, team)
    SELECT team, leadflow_sla(history) FROM leads GROUP BY team ORDER BY team";

const METRICS_ALL: &str = "
    WITH leads AS (
        SELECT leadflow_history(lead_id, seq, at, actor, command_id, payload) AS history
        FROM events GROUP BY lead_id)
    SELECT 'all', leadflow_metrics(history) FROM leads";

fn funnel_spec() -> Result<FunnelSpec, Error> {
    Ok(FunnelSpec::new(Period::month(2026, 3, Zone::utc())?).by([Dimension::Source]))
}

fn metrics_spec() -> Result<MetricsSpec, Error> {
    let march = Period::month(2026, 3, Zone::utc())?;
    let eur = Currency::new("EUR")?;
    Ok(MetricsSpec {
        funnel: funnel_spec()?,
        attribution: AttributionSpec::new(march, eur),
        effectiveness: Some(EffectivenessSpec {
            period: march,
            currency: eur,
        }),
    })
}

fn sla_setup() -> Result<(Vec<SlaPolicy>, Calendars, DateTime<Utc>), Error> {
    let emea = Calendar::builder("+01:00")
        .weekdays("09:00", "17:00")
        .build()?;
    let calendars = Calendars::new().with("emea", emea);
    let policy = SlaPolicy::new(1, support::t0() - TimeDelta::days(30))
        .goal(SlaGoal::time_to_accept(Target::calendar(TimeDelta::hours(
            4,
        ))))
        .goal(SlaGoal::time_to_first_touch(Target::business(
            TimeDelta::hours(8),
            "emea",
        )))
        .goal(SlaGoal::mql_handoff_wait(Target::calendar(
            TimeDelta::hours(2),
        )));
    Ok((vec![policy], calendars, support::t0() + TimeDelta::days(5)))
}

/// The leads, grouped by a key.
fn by(
    leads: &[GenLead],
    key: impl Fn(&GenLead) -> &'static str,
) -> BTreeMap<String, Vec<&[EventEnvelope]>> {
    let mut groups: BTreeMap<String, Vec<&[EventEnvelope]>> = BTreeMap::new();
    for lead in leads {
        groups
            .entry(key(lead).to_owned())
            .or_default()
            .push(&lead.history);
    }
    groups
}

/// Runs `sql` over the CSV files in `dir` with `partitions` target partitions and returns
/// the (key, report JSON) rows.
async fn query(dir: &Path, partitions: usize, sql: &str) -> Result<Vec<(String, String)>, Error> {
    let config = SessionConfig::new().with_target_partitions(partitions);
    let ctx = SessionContext::new_with_config(config);
    let schema = support::schema();
    let options = CsvReadOptions::new().schema(&schema).has_header(true);
    ctx.register_csv("events", dir.to_str().ok_or("path")?, options)
        .await?;
    ctx.register_udaf(history_udaf());
    ctx.register_udaf(funnel_udaf(funnel_spec()?, Arc::new(CalendarTime))?);
    ctx.register_udaf(metrics_udaf(metrics_spec()?, Arc::new(CalendarTime))?);
    let (policies, calendars, now) = sla_setup()?;
    ctx.register_udaf(sla_udaf(&policies, &calendars, now)?);
    let mut rows = Vec::new();
    for batch in ctx.sql(sql).await?.collect().await? {
        let keys = datafusion::arrow::compute::cast(
            batch.column(0),
            &datafusion::arrow::datatypes::DataType::Utf8,
        )?;
        let keys = keys.as_string::<i32>();
        let reports = batch.column(1).as_string::<i32>();
        for row in 0..batch.num_rows() {
            assert!(reports.is_valid(row));
            rows.push((keys.value(row).to_owned(), reports.value(row).to_owned()));
        }
    }
    Ok(rows)
}

struct Fixture {
    leads: Vec<GenLead>,
    dir: std::path::PathBuf,
}

impl Drop for Fixture {
    fn drop(&mut self) {
        support::remove(&self.dir);
    }
}

fn fixture(name: &str) -> Result<Fixture, Error> {
    let leads = support::leads(LEADS)?;
    let rows = support::scrambled_rows(&leads)?;
    let dir = support::write_csv(name, &rows, FILES)?;
    Ok(Fixture { leads, dir })
}

#[test]
fn every_lead_with_several_events_is_spread_over_files() -> Result<(), Error> {
    let leads = support::leads(LEADS)?;
    let rows = support::scrambled_rows(&leads)?;
    let mut files: BTreeMap<&str, BTreeSet<usize>> = BTreeMap::new();
    for (i, row) in rows.iter().enumerate() {
        files.entry(&row.lead_id).or_default().insert(i % FILES);
    }
    let long = leads.iter().filter(|l| l.history.len() >= 3).count();
    let spread = files.values().filter(|f| f.len() >= 2).count();
    assert!(long > 200, "{long} leads with 3 events or more");
    assert!(
        spread >= long,
        "{spread} leads spread over files, {long} long ones"
    );
    // Every path of the generator occurs.
    let lengths: BTreeSet<usize> = leads.iter().map(|l| l.history.len()).collect();
    assert!(lengths.len() >= 5, "{lengths:?}");
    Ok(())
}

#[tokio::test]
async fn funnel_by_campaign_equals_the_core_with_1_2_and_8_partitions() -> Result<(), Error> {
    let fx = fixture("funnel")?;
    let spec = funnel_spec()?;
    let expected: Vec<(String, FunnelReport)> = by(&fx.leads, |l| l.campaign)
        .into_iter()
        .map(|(campaign, histories)| {
            (
                campaign,
                FunnelReport::build(&spec, &CalendarTime, histories),
            )
        })
        .collect();
    assert_eq!(expected.len(), 3);
    for partitions in PARTITIONS {
        let rows = query(&fx.dir, partitions, FUNNEL_BY_CAMPAIGN).await?;
        assert_eq!(rows.len(), expected.len(), "{partitions} partitions");
        for ((campaign, json), (want_campaign, want)) in rows.iter().zip(&expected) {
            assert_eq!(campaign, want_campaign);
            let got: FunnelReport = serde_json::from_str(json)?;
            assert_eq!(&got, want, "{campaign}, {partitions} partitions");
            assert_eq!(json, &serde_json::to_string(want)?);
        }
    }
    Ok(())
}

#[tokio::test]
async fn sla_compliance_by_team_equals_the_core_with_1_2_and_8_partitions() -> Result<(), Error> {
    let fx = fixture("sla")?;
    let (policies, calendars, now) = sla_setup()?;
    let evaluator = SlaEvaluator::new(&policies, &calendars)?;
    let expected: Vec<(String, SlaSummary)> = by(&fx.leads, |l| l.team)
        .into_iter()
        .map(|(team, histories)| (team, evaluator.summarize(histories, now)))
        .collect();
    assert_eq!(expected.len(), 2);
    // The fixture exercises every outcome that matters for compliance.
    let all = expected
        .iter()
        .fold(SlaSummary::new(), |acc, (_, s)| acc.merged(s));
    assert!(
        all.total.met > 0 && all.total.breached > 0 && all.total.running > 0,
        "{all:?}"
    );
    for partitions in PARTITIONS {
        let rows = query(&fx.dir, partitions, SLA_BY_TEAM).await?;
        assert_eq!(rows.len(), expected.len(), "{partitions} partitions");
        for ((team, json), (want_team, want)) in rows.iter().zip(&expected) {
            assert_eq!(team, want_team);
            let got: SlaSummary = serde_json::from_str(json)?;
            assert_eq!(&got, want, "{team}, {partitions} partitions");
            assert_eq!(got.total.compliance(), want.total.compliance());
            assert_eq!(json, &serde_json::to_string(want)?);
        }
    }
    Ok(())
}

#[tokio::test]
async fn metrics_with_attribution_equal_the_core_with_1_2_and_8_partitions() -> Result<(), Error> {
    let fx = fixture("metrics")?;
    let spec = metrics_spec()?;
    let histories = fx.leads.iter().map(|l| l.history.as_slice());
    let want = MetricsReport::build(&spec, &CalendarTime, histories, &|_| None)?;
    assert!(want.funnel.total.leads >= u64::from(LEADS) / 2);
    for partitions in PARTITIONS {
        let rows = query(&fx.dir, partitions, METRICS_ALL).await?;
        assert_eq!(rows.len(), 1);
        let got: MetricsReport = serde_json::from_str(&rows[0].1)?;
        assert_eq!(got, want, "{partitions} partitions");
    }
    Ok(())
}

#[tokio::test]
async fn a_malformed_payload_is_an_error_that_names_the_row() -> Result<(), Error> {
    let ctx = SessionContext::new();
    ctx.register_udaf(history_udaf());
    let sql = "SELECT leadflow_history('00000000-0000-0000-0000-000000000001', 1,
                   TIMESTAMP '2026-03-02T09:00:00Z', '{\"id\":\"mia\",\"role\":\"marketer\"}',
                   '00000000-0000-0000-0000-000000000002', '{\"type\": oops}')";
    let error = ctx
        .sql(sql)
        .await?
        .collect()
        .await
        .err()
        .ok_or("no error")?;
    assert!(error.to_string().contains("payload is not JSON"), "{error}");
    Ok(())
}

/// The hazard is real in these tests: with 2 and 8 target partitions the history is
/// aggregated partially over several file groups before the final merge, so partial
/// states hold parts of a lead.
#[tokio::test]
async fn with_several_partitions_leads_are_aggregated_partially_per_file_group() -> Result<(), Error>
{
    let fx = fixture("plan")?;
    for (partitions, groups) in [(2, "2 groups"), (8, "5 groups")] {
        let sql = format!("EXPLAIN {FUNNEL_BY_CAMPAIGN}");
        let plan = query(&fx.dir, partitions, &sql).await?;
        let physical = &plan
            .iter()
            .find(|(kind, _)| kind == "physical_plan")
            .ok_or("no plan")?
            .1;
        assert!(
            physical.contains("AggregateExec: mode=Partial, gby=[lead_id"),
            "{physical}"
        );
        assert!(
            physical.contains(&format!("file_groups={{{groups}")),
            "{physical}"
        );
    }
    Ok(())
}
