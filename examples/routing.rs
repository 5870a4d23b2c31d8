//! Routes a handful of leads over a small roster and prints each decision with its
//! explanation, then hands the last one off through the state machine.
//!
//! Run with `cargo run --example routing`.

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use leadflow::routing::{
    Fallback, Queue, QueueDelivery, Rep, Roster, RoundRobinState, Router, RoutingConfig,
    RoutingDecision, Rule, Strategy, Territory,
};
use leadflow::{
    Action, Actor, AttributeValue, Attributes, Command, CommandId, Entry, LeadId, Machine, Role,
    replay,
};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

fn config() -> RoutingConfig {
    RoutingConfig::new()
        .with_territory(Territory::new("dach").with_countries(["DE", "AT", "CH"]))
        .with_territory(Territory::new("nordics").with_countries(["SE", "NO", "DK", "FI"]))
        .with_territory(Territory::new("americas").with_regions(["AMER"]))
        .with_rule(Rule::account_owner("keep the account owner"))
        .with_rule(Rule::segment("strategic accounts", ["enterprise"]))
        .with_rule(Rule::territory("dach", ["dach"]))
        .with_rule(Rule::territory("nordics", ["nordics"]).with_strategy(Strategy::LowestLoad))
        .with_rule(
            Rule::territory("americas", ["americas"]).with_fallback(Fallback::Manager {
                id: "maria".into(),
                team: Some("amer".into()),
            }),
        )
        .with_rule(Rule::queue(
            "everything else",
            "inbound",
            QueueDelivery::ToQueue,
        ))
        .with_fallback(Fallback::Queue {
            queue: "inbound".into(),
        })
}

fn roster(now: DateTime<Utc>) -> Roster {
    Roster::new()
        .with_queue(Queue::new("inbound").in_team("sdr"))
        .with_rep(
            Rep::new("ana")
                .in_team("emea")
                .covering("dach")
                .with_weight(2),
        )
        .with_rep(Rep::new("ben").in_team("emea").covering("dach"))
        .with_rep(
            Rep::new("cara")
                .in_team("emea")
                .covering("dach")
                .away(now - TimeDelta::days(1), now + TimeDelta::days(6)),
        )
        .with_rep(
            Rep::new("dag")
                .in_team("emea")
                .covering("nordics")
                .with_load(7),
        )
        .with_rep(
            Rep::new("eli")
                .in_team("emea")
                .covering("nordics")
                .with_load(3),
        )
        .with_rep(
            Rep::new("finn")
                .in_team("amer")
                .covering("americas")
                .inactive(),
        )
        .with_rep(
            Rep::new("gia")
                .in_team("strategic")
                .serving("enterprise")
                .with_capacity(10)
                .with_load(10),
        )
        .with_account_owner("acme", "cara")
        .with_account_owner("globex", "ben")
}

fn main() -> Result<()> {
    let now = Utc
        .with_ymd_and_hms(2026, 3, 2, 9, 0, 0)
        .single()
        .ok_or("bad date")?;
    let reps = roster(now);
    let router = Router::new(config(), &reps)?;
    let mut cursor = RoundRobinState::new();

    let leads: [&[(&str, &str)]; 8] = [
        &[("country", "DE")],
        &[("country", "AT")],
        &[("country", "CH"), ("account", "acme")],
        &[("country", "SE"), ("account", "globex")],
        &[("country", "FI")],
        &[("country", "US"), ("region", "AMER")],
        &[("country", "BR"), ("segment", "enterprise")],
        &[("country", "DE")],
    ];
    let mut last = None;
    for (n, pairs) in leads.iter().enumerate() {
        let attributes: Attributes = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), AttributeValue::text(*v)))
            .collect();
        let decision = router.route_attributes(&attributes, &reps, &cursor, now)?;
        println!("lead {n} {pairs:?}");
        print!("{decision}");
        // The host persists the pool's new turn state.
        cursor.apply(decision.cursor.as_ref());
        last = Some((attributes, decision));
    }
    let (attributes, decision) = last.ok_or("no lead routed")?;
    hand_off(attributes, &decision, now)
}

/// Joins the handoff: captures and qualifies the lead, then hands it to its routed owner.
fn hand_off(attributes: Attributes, decision: &RoutingDecision, now: DateTime<Utc>) -> Result<()> {
    let machine = Machine::new();
    let lead_id = LeadId::from_u128(1);
    let marketer = Actor::new("mia", Role::Marketer);
    let capture = Action::Capture {
        entry: Entry::Inquiry,
        source: None,
        campaign: None,
        attributes,
    };
    let command = Command::new(
        lead_id,
        CommandId::from_u128(1),
        marketer.clone(),
        now,
        0,
        capture,
    );
    let mut history = machine.decide(None, &command)?.into_events();
    let lead = replay(&history)?.ok_or("captured")?;
    let qualify = Command::new(
        lead_id,
        CommandId::from_u128(2),
        marketer,
        now,
        lead.version(),
        Action::QualifyMql,
    );
    history.extend(machine.decide(Some(&lead), &qualify)?.into_events());
    let lead = replay(&history)?.ok_or("captured")?;
    let router_actor = Actor::new("router", Role::System);
    if let Some(command) = decision.hand_off(
        lead_id,
        CommandId::from_u128(3),
        router_actor,
        now,
        lead.version(),
    ) {
        history.extend(machine.decide(Some(&lead), &command)?.into_events());
    }
    let lead = replay(&history)?.ok_or("captured")?;
    println!(
        "\nhanded off: stage {}, owner {}",
        lead.stage(),
        lead.owner()
            .map_or_else(|| "none".to_owned(), ToString::to_string)
    );
    Ok(())
}
