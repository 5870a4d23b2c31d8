//! A generator of valid lead histories (driven through `Machine::decide`) and their events
//! table, as Arrow record batches or as CSV files in which every lead's rows are spread over
//! several files.

#![allow(
    dead_code,
    clippy::missing_panics_doc,
    clippy::missing_errors_doc,
    clippy::too_many_lines
)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use datafusion::arrow::array::{
    ArrayRef, Int64Array, RecordBatch, StringArray, TimestampNanosecondArray,
};
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef, TimeUnit};
use leadflow::{
    Action, Activity, ActivityKind, Actor, CampaignId, Command, CommandId, Currency, Entry,
    EventEnvelope, Lead, LeadId, Machine, Money, Owner, Reason, RejectTo, Role, Source, evolve,
};

pub type Error = Box<dyn std::error::Error + Send + Sync>;

pub const CAMPAIGNS: [&str; 3] = ["spring-webinar", "search-ads", "trade-show"];
pub const TEAMS: [&str; 2] = ["emea", "amer"];

/// One generated lead: its denormalized campaign and team, and its history.
#[derive(Debug, Clone)]
pub struct GenLead {
    pub campaign: &'static str,
    pub team: &'static str,
    pub history: Vec<EventEnvelope>,
}

/// The first capture: Monday 2 March 2026, 09:00 UTC.
pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0)
        .single()
        .unwrap_or(DateTime::UNIX_EPOCH)
}

fn run(lead: u128, steps: &[(DateTime<Utc>, Actor, Action)]) -> Result<Vec<EventEnvelope>, Error> {
    let machine = Machine::new();
    let mut state: Option<Lead> = None;
    let mut events = Vec::new();
    for (n, (at, actor, action)) in steps.iter().enumerate() {
        let command = Command::new(
            LeadId::from_u128(lead),
            CommandId::from_u128(lead * 1_000 + n as u128),
            actor.clone(),
            *at,
            state.as_ref().map_or(0, Lead::version),
            action.clone(),
        );
        for envelope in machine.decide(state.as_ref(), &command)?.into_events() {
            state = Some(evolve(state.take(), &envelope));
            events.push(envelope);
        }
    }
    Ok(events)
}

/// Lead number `n` (from 1): campaign, team and path down the waterfall vary with `n`.
pub fn lead(n: u32) -> Result<GenLead, Error> {
    let eur = Currency::new("EUR")?;
    let mix = |k: u32| n.wrapping_mul(k).wrapping_add(n / 7);
    let campaign = CAMPAIGNS[(mix(7) % 3) as usize];
    let team = TEAMS[(mix(3) % 2) as usize];
    let rep_name = if team == "emea" { "ana" } else { "bob" };
    let marketer = Actor::new("mia", Role::Marketer);
    let rep = Actor::new(rep_name, Role::SalesRep).in_team(team);
    let mut at = t0() + TimeDelta::minutes(i64::from(n % 2_000) * 37);
    let mut next = |minutes: i64| {
        at += TimeDelta::minutes(minutes);
        at
    };
    let mut steps = vec![(
        next(0),
        marketer.clone(),
        Action::Capture {
            entry: Entry::Inquiry,
            source: Some(Source::new(["web", "ads", "event"][(mix(5) % 3) as usize])),
            campaign: Some(CampaignId::new(campaign)),
            attributes: leadflow::Attributes::new(),
        },
    )];
    let path = mix(11) % 10;
    if path == 0 {
        return Ok(GenLead {
            campaign,
            team,
            history: run(n.into(), &steps)?,
        });
    }
    steps.push((
        next(45 + i64::from(n % 300)),
        marketer.clone(),
        Action::QualifyMql,
    ));
    steps.push((
        next(10 + i64::from(n % 90)),
        marketer.clone(),
        Action::HandOff {
            to: Owner::user(rep_name).in_team(team),
        },
    ));
    if path == 1 {
        // Nobody accepts: the SLA clock runs or breaches.
        return Ok(GenLead {
            campaign,
            team,
            history: run(n.into(), &steps)?,
        });
    }
    let t = next(20 + i64::from(n % 400));
    steps.push((
        t,
        rep.clone(),
        Action::RecordActivity {
            activity: Activity::new(ActivityKind::Call, t).by(rep_name.into()),
        },
    ));
    if path == 2 {
        steps.push((
            next(30),
            rep.clone(),
            Action::Reject {
                reason: Reason::new("no_budget"),
                to: RejectTo::Nurture,
            },
        ));
        // Recycled and re-qualified: a second SLA cycle.
        steps.push((next(3_000), marketer.clone(), Action::QualifyMql));
        steps.push((
            next(15),
            marketer.clone(),
            Action::HandOff {
                to: Owner::user(rep_name).in_team(team),
            },
        ));
        return Ok(GenLead {
            campaign,
            team,
            history: run(n.into(), &steps)?,
        });
    }
    steps.push((next(5 + i64::from(n % 600)), rep.clone(), Action::Accept));
    if path == 3 {
        return Ok(GenLead {
            campaign,
            team,
            history: run(n.into(), &steps)?,
        });
    }
    steps.push((next(1_440), rep.clone(), Action::QualifySql));
    steps.push((
        next(720),
        rep.clone(),
        Action::ConvertToOpportunity {
            amount: Money::new(i64::from(1_000 + n % 50 * 250) * 100, eur),
            expected_close: None,
        },
    ));
    if path < 7 {
        steps.push((
            next(2_880 + i64::from(n % 1_000)),
            rep.clone(),
            Action::Win { amount: None },
        ));
    } else if path < 9 {
        steps.push((
            next(4_000),
            rep.clone(),
            Action::Lose {
                reason: Reason::new("competitor"),
            },
        ));
    }
    Ok(GenLead {
        campaign,
        team,
        history: run(n.into(), &steps)?,
    })
}

/// Leads `1..=n`.
pub fn leads(n: u32) -> Result<Vec<GenLead>, Error> {
    (1..=n).map(lead).collect()
}

/// The events table's schema.
pub fn schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("lead_id", DataType::Utf8, false),
        Field::new("seq", DataType::Int64, false),
        Field::new(
            "at",
            DataType::Timestamp(TimeUnit::Nanosecond, Some("UTC".into())),
            false,
        ),
        Field::new("campaign", DataType::Utf8, false),
        Field::new("team", DataType::Utf8, false),
        Field::new("actor", DataType::Utf8, false),
        Field::new("command_id", DataType::Utf8, false),
        Field::new("payload", DataType::Utf8, false),
    ]))
}

/// One row of the events table, as text.
pub struct Row {
    pub lead_id: String,
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub campaign: &'static str,
    pub team: &'static str,
    pub actor: String,
    pub command_id: String,
    pub payload: String,
}

pub fn row(lead: &GenLead, envelope: &EventEnvelope) -> Result<Row, Error> {
    Ok(Row {
        lead_id: envelope.lead_id.as_uuid().to_string(),
        seq: i64::try_from(envelope.seq)?,
        at: envelope.occurred_at,
        campaign: lead.campaign,
        team: lead.team,
        actor: serde_json::to_string(&envelope.actor)?,
        command_id: envelope.command_id.as_uuid().to_string(),
        payload: serde_json::to_string(&envelope.event)?,
    })
}

/// Every row of `leads`, in a scrambled but deterministic order, so that consecutive rows
/// belong to different leads.
pub fn scrambled_rows(leads: &[GenLead]) -> Result<Vec<Row>, Error> {
    let mut rows = Vec::new();
    for lead in leads {
        for envelope in &lead.history {
            rows.push(row(lead, envelope)?);
        }
    }
    // A fixed permutation: sort by a multiplicative hash of the position.
    let mut keyed: Vec<(u64, Row)> = rows
        .into_iter()
        .enumerate()
        .map(|(i, r)| {
            (
                (i as u64)
                    .wrapping_mul(0x9E37_79B9_7F4A_7C15)
                    .rotate_left(17),
                r,
            )
        })
        .collect();
    keyed.sort_by_key(|(k, _)| *k);
    Ok(keyed.into_iter().map(|(_, r)| r).collect())
}

/// `rows` as record batches of at most `size` rows.
pub fn batches(rows: &[Row], size: usize) -> Result<Vec<RecordBatch>, Error> {
    let mut out = Vec::new();
    for chunk in rows.chunks(size.max(1)) {
        let strings = |f: &dyn Fn(&Row) -> &str| -> ArrayRef {
            Arc::new(chunk.iter().map(|r| Some(f(r))).collect::<StringArray>())
        };
        let columns: Vec<ArrayRef> = vec![
            strings(&|r| &r.lead_id),
            Arc::new(chunk.iter().map(|r| r.seq).collect::<Int64Array>()),
            Arc::new(
                chunk
                    .iter()
                    .map(|r| r.at.timestamp_nanos_opt())
                    .collect::<TimestampNanosecondArray>()
                    .with_timezone("UTC"),
            ),
            strings(&|r| r.campaign),
            strings(&|r| r.team),
            strings(&|r| &r.actor),
            strings(&|r| &r.command_id),
            strings(&|r| &r.payload),
        ];
        out.push(RecordBatch::try_new(schema(), columns)?);
    }
    Ok(out)
}

fn csv_field(out: &mut String, text: &str) {
    out.push('"');
    out.push_str(&text.replace('"', "\"\""));
    out.push('"');
}

/// Writes `rows` round robin into `files` CSV files (with a header) under a fresh directory
/// named after `name` in the system's temporary directory, and returns the directory.
pub fn write_csv(name: &str, rows: &[Row], files: usize) -> Result<PathBuf, Error> {
    let dir = std::env::temp_dir().join(format!("leadflow-df-{}-{name}", std::process::id()));
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    std::fs::create_dir_all(&dir)?;
    let header = "lead_id,seq,at,campaign,team,actor,command_id,payload\n";
    let mut texts = vec![header.to_owned(); files.max(1)];
    for (i, r) in rows.iter().enumerate() {
        let n = texts.len();
        let out = &mut texts[i % n];
        let _ = write!(
            out,
            "{},{},{},{},{},",
            r.lead_id,
            r.seq,
            r.at.to_rfc3339(),
            r.campaign,
            r.team
        );
        csv_field(out, &r.actor);
        out.push(',');
        out.push_str(&r.command_id);
        out.push(',');
        csv_field(out, &r.payload);
        out.push('\n');
    }
    for (i, text) in texts.iter().enumerate() {
        std::fs::write(dir.join(format!("part-{i}.csv")), text)?;
    }
    Ok(dir)
}

/// Removes a directory made by [`write_csv`].
pub fn remove(dir: &Path) {
    let _ = std::fs::remove_dir_all(dir);
}
