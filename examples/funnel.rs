//! Prints the funnel, attribution, ROI and lead-effectiveness tables for a small synthetic
//! dataset: a few dozen leads walked down the waterfall through `Machine::decide`.
//!
//! Run with `cargo run --example funnel`.

use std::collections::BTreeMap;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use leadflow::metrics::{
    AttributionSpec, Condition, Dimension, EffectivenessReport, EffectivenessSpec, FunnelSpec,
    MetricsReport, MetricsSpec, Model, Review, Segment, Spend,
};
use leadflow::{
    Action, Activity, ActivityKind, Actor, AttributeValue, Attributes, CalendarTime, CampaignId,
    Command, CommandId, Currency, Entry, EventEnvelope, Lead, LeadId, Machine, Money, Owner,
    Period, Reason, RejectTo, Role, Source, Zone, evolve,
};

type Error = Box<dyn std::error::Error>;

/// Runs `steps` for one lead through the default machine and returns its history.
fn history(
    lead: u128,
    steps: &[(DateTime<Utc>, Actor, Action)],
) -> Result<Vec<EventEnvelope>, Error> {
    let machine = Machine::new();
    let mut state: Option<Lead> = None;
    let mut events = Vec::new();
    for (n, (at, actor, action)) in steps.iter().enumerate() {
        let command = Command::new(
            LeadId::from_u128(lead),
            CommandId::from_u128(lead * 100 + n as u128),
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

/// A synthetic lead: which campaign and source it came from, how far it gets.
fn lead(n: u32, eur: Currency) -> Result<Vec<EventEnvelope>, Error> {
    let campaigns = ["spring-webinar", "search-ads", "trade-show"];
    let sources = ["web", "ads", "event"];
    let reps = ["ana", "ben"];
    let pick = |k: u32, len: usize| (n.wrapping_mul(k) as usize + n as usize / 3) % len;
    let campaign = campaigns[pick(7, 3)];
    let source = sources[pick(5, 3)];
    let rep_name = reps[pick(3, 2)];
    let marketer = Actor::new("mia", Role::Marketer);
    let rep = Actor::new(rep_name, Role::SalesRep).in_team("emea");
    let mut at = Utc
        .with_ymd_and_hms(2026, 2, 14, 9, 0, 0)
        .single()
        .ok_or("bad date")?
        + TimeDelta::hours(i64::from(n) * 17);
    let mut next = |hours: i64| {
        at += TimeDelta::hours(hours);
        at
    };
    let mut attributes = Attributes::new();
    attributes.insert(
        "employees".into(),
        AttributeValue::number(f64::from(50 + n * 137 % 4000))?,
    );
    let mut steps = vec![(
        next(0),
        marketer.clone(),
        Action::Capture {
            entry: Entry::Inquiry,
            source: Some(Source::new(source)),
            campaign: Some(CampaignId::new(campaign)),
            attributes,
        },
    )];
    let touch = |at: DateTime<Utc>, campaign: &str| Action::RecordActivity {
        activity: Activity::new(ActivityKind::Email, at).in_campaign(CampaignId::new(campaign)),
    };
    let t = next(20);
    steps.push((t, marketer.clone(), touch(t, campaigns[pick(11, 3)])));
    let stage = n % 10;
    if stage < 2 {
        return history(n.into(), &steps); // stays an inquiry
    }
    steps.push((next(30), marketer.clone(), Action::QualifyMql));
    steps.push((
        next(2),
        marketer.clone(),
        Action::HandOff {
            to: Owner::user(rep_name).in_team("emea"),
        },
    ));
    if stage < 4 {
        steps.push((
            next(5),
            rep.clone(),
            Action::Reject {
                reason: Reason::new(["no_budget", "bad_fit"][pick(1, 2)]),
                to: RejectTo::Nurture,
            },
        ));
        return history(n.into(), &steps);
    }
    let t = next(3 + i64::from(n % 5));
    steps.push((
        t,
        rep.clone(),
        Action::RecordActivity {
            activity: Activity::new(ActivityKind::Call, t).by(rep_name.into()),
        },
    ));
    steps.push((next(1), rep.clone(), Action::Accept));
    steps.push((next(48), rep.clone(), Action::QualifySql));
    let t = next(24);
    steps.push((t, marketer.clone(), touch(t, campaigns[pick(13, 3)])));
    let amount = Money::new(i64::from(1_000 + n * 250) * 100, eur);
    steps.push((
        next(24),
        rep.clone(),
        Action::ConvertToOpportunity {
            amount,
            expected_close: None,
        },
    ));
    if stage < 7 {
        steps.push((next(96), rep.clone(), Action::Win { amount: None }));
    } else {
        steps.push((
            next(96),
            rep.clone(),
            Action::Lose {
                reason: Reason::new("competitor"),
            },
        ));
    }
    history(n.into(), &steps)
}

fn main() -> Result<(), Error> {
    let eur = Currency::new("EUR")?;
    let leads: Vec<Vec<EventEnvelope>> =
        (1..=40).map(|n| lead(n, eur)).collect::<Result<_, _>>()?;
    let march = Period::month(2026, 3, Zone::utc())?;
    let enterprise = Segment::new("enterprise").with_condition(Condition::NumberAtLeast {
        attribute: "employees".into(),
        min: 1_000.0,
    });
    let spec = MetricsSpec {
        funnel: FunnelSpec::new(march)
            .by([Dimension::Segment])
            .with_segments([enterprise]),
        attribution: AttributionSpec::new(march, eur),
        effectiveness: Some(EffectivenessSpec {
            period: march,
            currency: eur,
        }),
    };
    let score = |id: LeadId| i64::try_from(id.as_uuid().as_u128() * 37 % 100).ok();
    let report = MetricsReport::build(
        &spec,
        &CalendarTime,
        leads.iter().map(Vec::as_slice),
        &score,
    )?;
    println!("{}", report.funnel);
    println!("{}", report.attribution);
    let spend: Spend = BTreeMap::from([
        (
            CampaignId::new("spring-webinar"),
            Money::new(2_000_000, eur),
        ),
        (CampaignId::new("search-ads"), Money::new(3_500_000, eur)),
        (CampaignId::new("trade-show"), Money::new(5_000_000, eur)),
    ]);
    println!("{}", report.attribution.roi(Model::WShaped, &spend)?);
    let february = EffectivenessSpec {
        period: Period::month(2026, 2, Zone::utc())?,
        currency: eur,
    };
    let previous = EffectivenessReport::build(&february, leads.iter().map(Vec::as_slice), &score)?;
    let effectiveness = report
        .effectiveness
        .as_ref()
        .ok_or("the spec asks for it")?;
    let review = Review::new(effectiveness, &spend, Some((&previous, &spend)))?;
    println!("{review}");
    Ok(())
}
