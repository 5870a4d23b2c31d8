//! A lead taken from capture to won: each step goes through `decide`, refused steps are shown
//! with their typed refusal, and the stored history is printed at the end.
//!
//! Run with `cargo run --example lifecycle`.

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use leadflow::{
    Action, Activity, ActivityKind, Actor, AttributeValue, Attributes, Command, CommandId,
    Currency, EventEnvelope, LeadId, Machine, Money, Owner, Reason, RejectTo, Role, Stage, replay,
};

type Script = Vec<(i64, Actor, Action)>;

/// The story of one lead, with mistakes: (minutes after start, actor, action).
fn script(start: DateTime<Utc>) -> Result<Script, Box<dyn std::error::Error>> {
    let eur = Currency::new("EUR")?;

    let marketer = Actor::new("mia", Role::Marketer).in_team("marketing");
    let ana = Actor::new("ana", Role::SalesRep)
        .in_team("emea")
        .in_queue("inbound-emea");
    let bob = Actor::new("bob", Role::SalesRep).in_team("emea");
    let queue = Owner::queue("inbound-emea").in_team("emea");

    let attributes = Attributes::from([
        ("company".to_owned(), AttributeValue::text("Acme GmbH")),
        ("country".to_owned(), AttributeValue::text("DE")),
        ("employees".to_owned(), AttributeValue::number(250.0)?),
    ]);

    Ok(vec![
        (
            0,
            marketer.clone(),
            Action::Capture {
                entry: leadflow::Entry::Inquiry,
                source: Some("webinar".into()),
                campaign: Some("spring-webinar".into()),
                attributes,
            },
        ),
        (5, ana.clone(), Action::Accept), // refused: not handed off yet
        (30, marketer.clone(), Action::QualifyMql),
        (35, marketer.clone(), Action::HandOff { to: queue }),
        (50, bob.clone(), Action::Accept), // refused: bob does not work from the queue
        (
            60,
            ana.clone(),
            Action::Reject {
                reason: Reason::new(""),
                to: RejectTo::Nurture,
            },
        ), // refused: a rejection needs a reason
        (65, ana.clone(), Action::Accept),
        (
            90,
            ana.clone(),
            Action::RecordActivity {
                activity: Activity::new(ActivityKind::Call, start + TimeDelta::minutes(90))
                    .by("ana".into()),
            },
        ),
        (
            120,
            ana.clone(),
            Action::SetSubStatus {
                sub_status: Some("discovery_booked".to_owned()),
            },
        ),
        (1440, ana.clone(), Action::QualifySql),
        (
            2880,
            ana.clone(),
            Action::ConvertToOpportunity {
                amount: Money::new(0, eur),
                expected_close: None,
            },
        ), // refused: the amount must be positive
        (
            2890,
            ana.clone(),
            Action::ConvertToOpportunity {
                amount: Money::new(24_000_00, eur),
                expected_close: chrono::NaiveDate::from_ymd_opt(2026, 4, 30),
            },
        ),
        (
            20_000,
            ana.clone(),
            Action::Win {
                amount: Some(Money::new(22_500_00, eur)),
            },
        ),
    ])
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let machine = Machine::new();
    let lead_id = LeadId::from_u128(2026);
    let start = Utc
        .with_ymd_and_hms(2026, 3, 2, 9, 0, 0)
        .single()
        .ok_or("invalid start time")?;

    let mut history: Vec<EventEnvelope> = Vec::new();
    for (n, (minutes, actor, action)) in script(start)?.into_iter().enumerate() {
        let lead = replay(&history)?;
        let command = Command::new(
            lead_id,
            CommandId::from_u128(n as u128 + 1),
            actor.clone(),
            start + TimeDelta::minutes(minutes),
            lead.as_ref().map_or(0, leadflow::Lead::version),
            action,
        );
        let kind = command.action.kind();
        match machine.decide(lead.as_ref(), &command) {
            Ok(decision) => history.extend(decision.into_events()),
            Err(refusal) => println!("refused   {:<24} by {:<4} {refusal}", kind, actor.id),
        }
    }

    println!("\nhistory of lead {lead_id}:");
    for e in &history {
        println!(
            "  #{:<2} {}  {:<24} by {} ({})",
            e.seq,
            e.occurred_at.format("%Y-%m-%d %H:%M"),
            e.event.name(),
            e.actor.id,
            e.actor.role
        );
    }

    let lead = replay(&history)?.ok_or("the history is empty")?;
    let now = start + TimeDelta::days(20);
    println!(
        "\nnow: stage {}, owner {}, won {}",
        lead.stage(),
        lead.owner()
            .map_or("nobody".to_owned(), ToString::to_string),
        lead.won_amount().map_or("-".to_owned(), |m| m.to_string())
    );
    for stage in [
        Stage::Inquiry,
        Stage::Mql,
        Stage::HandedOff,
        Stage::Sal,
        Stage::Sql,
        Stage::Opportunity,
    ] {
        let time = lead.time_in_stage(stage, now);
        println!(
            "  time in {:<12} {:>4} h {:>2} min",
            stage.to_string(),
            time.num_hours(),
            time.num_minutes() % 60
        );
    }
    Ok(())
}
