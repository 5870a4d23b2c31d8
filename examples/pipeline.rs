//! Loads a pipeline configuration (the golden TOML, or the file given as the first argument)
//! and prints a summary of what it configures; an invalid file prints the offending path.
//!
//! ```text
//! cargo run --example pipeline --features config [path/to/pipeline.toml|.json]
//! ```
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::pedantic
)]

use leadflow::config::Pipeline;

const GOLDEN: &str = include_str!("../tests/golden/pipeline/v1/pipeline.toml");

fn main() {
    let (name, text) = match std::env::args().nth(1) {
        Some(path) => {
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
            (path, text)
        }
        None => (
            "tests/golden/pipeline/v1/pipeline.toml".to_owned(),
            GOLDEN.to_owned(),
        ),
    };
    let loaded = if name.ends_with(".json") {
        Pipeline::from_json_str(&text)
    } else {
        Pipeline::from_toml_str(&text)
    };
    let pipeline = match loaded {
        Ok(pipeline) => pipeline,
        Err(error) => {
            eprintln!("{name}: {error}");
            std::process::exit(1);
        }
    };
    let spec = pipeline.spec();
    println!("pipeline {name} (version {})", spec.version);

    let edges = pipeline.graph().edges();
    println!("\ntransitions ({}):", edges.len());
    for (from, to) in &edges {
        println!("  {from} -> {to}");
    }

    if let Some(sub_statuses) = pipeline.sub_statuses() {
        println!("\nsub-statuses:");
        for (stage, names) in sub_statuses {
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            println!("  {stage}: {}", names.join(", "));
        }
    }

    println!("\ncalendars:");
    for (name, calendar) in &spec.calendars {
        println!(
            "  {name}: {} ({} holidays, {} exceptions)",
            calendar.zone,
            calendar.holidays.len(),
            calendar.exceptions.len()
        );
    }

    if let Some(scoring) = &spec.scoring {
        println!(
            "\nscoring: {} attributes, {} fit rules, {} engagement rules",
            scoring.attributes.len(),
            scoring.fit_rules.len(),
            scoring.engagement_rules.len()
        );
    }
    let definition = pipeline.criteria().definition();
    println!(
        "qualification: min score {:?}, min grade {:?}, required {:?}, {} exclusions",
        definition.min_score,
        definition.min_grade.map(|g| g.to_string()),
        definition.required_attributes,
        definition.exclusions.len()
    );

    println!("\nqueues:");
    for queue in &spec.queues {
        let team = queue.team.as_ref().map_or("-", |t| t.as_str());
        println!("  {} (team {team})", queue.id);
    }
    println!("routing rules:");
    for (index, rule) in spec.routing.rules.iter().enumerate() {
        println!("  {index}. {}", rule.name);
    }

    if let Some(sla) = &spec.sla {
        println!(
            "\nsla policy version {} from {}:",
            sla.version, sla.effective_from
        );
        for goal in &sla.goals {
            let hours = goal.target.duration().num_minutes() as f64 / 60.0;
            match goal.target.calendar_name() {
                Some(calendar) => println!(
                    "  {}: {} within {hours} business hours ({calendar})",
                    goal.name, goal.metric
                ),
                None => println!("  {}: {} within {hours} hours", goal.name, goal.metric),
            }
        }
    }
    println!("commitments: {}", spec.commitments.len());
}
