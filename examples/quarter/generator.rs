//! Drives ~20,000 synthetic leads through the real pipeline: every step is a command judged
//! by `Machine::decide`; refused commands are counted, never forced.

use std::collections::BTreeMap;

use chrono::{DateTime, TimeDelta, Utc};
use leadflow::{
    Action, Activity, ActivityKind, Actor, AttributeValue, Attributes, Command, CommandId, Entry,
    EventEnvelope, Lead, LeadId, Machine, Owner, Policy, QualificationGuard, Reason, RejectTo,
    Role, WorkingTime, evolve,
};

use crate::rng::Rng;
use crate::world::{CAMPAIGNS, COUNTRIES, Campaign, INDUSTRIES, OUTBOUND_SHARE, eur};

/// Who gets a handed-off lead: the example plugs the router in here.
pub trait Assign {
    /// The owner for `lead` at `at`, and the rep's mean response time in business hours.
    fn assign(&mut self, lead: &Lead, at: DateTime<Utc>) -> Option<(Owner, f64)>;

    /// The office hours `owner` works in.
    fn office_hours(&self, owner: &Owner) -> &dyn WorkingTime;
}

/// The quarter, as generated.
#[derive(Debug)]
pub struct Quarter {
    pub histories: Vec<Vec<EventEnvelope>>,
    /// Refused commands by refusal kind: the generator's mistakes the machine caught.
    pub refusals: BTreeMap<String, u64>,
}

/// One lead's story being written: its events so far, its state, the clock.
struct Story<'m, P, G> {
    machine: &'m Machine<P, G>,
    lead_id: LeadId,
    lead: Option<Lead>,
    history: Vec<EventEnvelope>,
    next_command: u128,
    end: DateTime<Utc>,
    refusals: &'m mut BTreeMap<String, u64>,
}

impl<P: Policy, G: QualificationGuard> Story<'_, P, G> {
    /// Sends a command at `at` (if before the end of the quarter); true when accepted.
    fn send(&mut self, actor: &Actor, at: DateTime<Utc>, action: Action) -> bool {
        if at >= self.end {
            return false;
        }
        let at = self.lead.as_ref().map_or(at, |l| at.max(l.last_event_at()));
        let command = Command::new(
            self.lead_id,
            CommandId::from_u128((self.lead_id.as_uuid().as_u128() << 16) | self.next_command),
            actor.clone(),
            at,
            self.lead.as_ref().map_or(0, Lead::version),
            action,
        );
        self.next_command += 1;
        match self.machine.decide(self.lead.as_ref(), &command) {
            Ok(decision) => {
                for e in decision.into_events() {
                    self.lead = Some(evolve(self.lead.take(), &e));
                    self.history.push(e);
                }
                true
            }
            Err(refusal) => {
                let kind = format!("{refusal:?}");
                let kind = kind.split([' ', '{', '(']).next().unwrap_or("?").to_owned();
                *self.refusals.entry(kind).or_default() += 1;
                false
            }
        }
    }

    fn now(&self) -> DateTime<Utc> {
        self.lead.as_ref().map_or(self.end, Lead::last_event_at)
    }
}

fn hours(h: f64) -> TimeDelta {
    TimeDelta::seconds((h * 3600.0) as i64)
}

fn attributes(rng: &mut Rng, quality: f64) -> Attributes {
    let country = COUNTRIES[rng.weighted(&COUNTRIES.iter().map(|c| c.2).collect::<Vec<_>>())];
    let employees = (10.0 + rng.exponential(400.0 * (0.5 + quality))).round();
    let free_mail = rng.chance(0.15 * (1.0 - quality));
    let domain = if free_mail {
        "gmail.com"
    } else {
        "example.com"
    };
    let seniority = ["staff", "manager", "director", "vp"][rng.below(4) as usize];
    Attributes::from([
        ("country".to_owned(), AttributeValue::text(country.0)),
        ("region".to_owned(), AttributeValue::text(country.1)),
        ("employees".to_owned(), AttributeValue::Number(employees)),
        (
            "industry".to_owned(),
            AttributeValue::text(INDUSTRIES[rng.below(INDUSTRIES.len() as u64) as usize]),
        ),
        (
            "email".to_owned(),
            AttributeValue::text(format!("buyer@{domain}")),
        ),
        ("seniority".to_owned(), AttributeValue::text(seniority)),
        (
            "account".to_owned(),
            AttributeValue::text(format!("acct-{}", rng.below(9000))),
        ),
    ])
}

/// Generates the quarter `[start, end)` with `leads` leads.
pub fn generate<P: Policy, G: QualificationGuard>(
    machine: &Machine<P, G>,
    router: &mut dyn Assign,
    seed: u64,
    leads: u64,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Quarter {
    let mut rng = Rng::new(seed);
    let mut refusals = BTreeMap::new();
    let mut histories = Vec::with_capacity(leads as usize);
    let span = (end - start).num_seconds().max(1) as u64;
    let system = Actor::new("marketing-automation", Role::System);
    let marketer = Actor::new("mia", Role::Marketer).in_team("marketing");
    let shares: Vec<f64> = CAMPAIGNS
        .iter()
        .map(|c| c.share)
        .chain([OUTBOUND_SHARE])
        .collect();

    for n in 0..leads {
        let captured = start + TimeDelta::seconds(rng.below(span) as i64);
        let pick = rng.weighted(&shares);
        let mut story = Story {
            machine,
            lead_id: LeadId::from_u128(u128::from(n) + 1),
            lead: None,
            history: Vec::new(),
            next_command: 1,
            end,
            refusals: &mut refusals,
        };
        match CAMPAIGNS.get(pick) {
            Some(campaign) => marketing_lead(
                &mut story, &mut rng, router, campaign, captured, &system, &marketer,
            ),
            None => outbound_lead(&mut story, &mut rng, router, captured),
        }
        histories.push(story.history);
    }
    Quarter {
        histories,
        refusals,
    }
}

fn marketing_lead<P: Policy, G: QualificationGuard>(
    story: &mut Story<'_, P, G>,
    rng: &mut Rng,
    router: &mut dyn Assign,
    campaign: &Campaign,
    captured: DateTime<Utc>,
    system: &Actor,
    marketer: &Actor,
) {
    let q = campaign.quality;
    let capture = Action::Capture {
        entry: Entry::Inquiry,
        source: Some(campaign.source.into()),
        campaign: Some(campaign.id.into()),
        attributes: attributes(rng, q),
    };
    if !story.send(system, captured, capture) {
        return;
    }
    // Engagement: visits and form fills, some touched by a second campaign.
    let touches = 1 + rng.below(6);
    let mut t = captured;
    for _ in 0..touches {
        t += hours(rng.exponential(30.0));
        let kind = if rng.chance(0.3) {
            ActivityKind::FormFill
        } else {
            ActivityKind::WebVisit
        };
        let other = &CAMPAIGNS[rng.below(CAMPAIGNS.len() as u64) as usize];
        let touch_campaign = if rng.chance(0.25) {
            other.id
        } else {
            campaign.id
        };
        let activity = Activity::new(kind, t).in_campaign(touch_campaign.into());
        story.send(system, t, Action::RecordActivity { activity });
    }
    let mut cycle = 0;
    loop {
        cycle += 1;
        // Qualification: the machine's guard decides; the generator only tries.
        let t = story.now() + hours(rng.exponential(36.0));
        if !rng.chance(0.35 + 0.5 * q) || !story.send(system, t, Action::QualifyMql) {
            return;
        }
        let t = story.now() + hours(rng.exponential(1.5));
        let Some((owner, mean_response)) = story.lead.as_ref().and_then(|l| router.assign(l, t))
        else {
            return;
        };
        if !story.send(marketer, t, Action::HandOff { to: owner.clone() }) {
            return;
        }
        let Some(rep_id) = owner.user_id().cloned() else {
            return;
        };
        let team = owner
            .team()
            .cloned()
            .map_or("sales".to_owned(), |t| t.to_string());
        let rep = Actor::new(rep_id.clone(), Role::SalesRep).in_team(team);
        // Reps answer within their office hours.
        let office = router.office_hours(&owner);
        let t = office
            .add(story.now(), hours(rng.exponential(mean_response)))
            .unwrap_or(story.end);
        if !rng.chance(0.55 + 0.35 * q) {
            let (code, to) = [
                ("bad_timing", RejectTo::Nurture),
                ("no_budget", RejectTo::Nurture),
                ("not_a_fit", RejectTo::Disqualified),
                ("duplicate", RejectTo::Disqualified),
            ][rng.weighted(&[0.35, 0.3, 0.25, 0.1])];
            story.send(
                &rep,
                t,
                Action::Reject {
                    reason: Reason::new(code),
                    to,
                },
            );
            if to == RejectTo::Nurture && cycle < 2 && rng.chance(0.3) {
                continue; // re-qualified later: a new handoff cycle
            }
            return;
        }
        if !story.send(&rep, t, Action::Accept) {
            return;
        }
        sales_work(story, rng, &rep, q, office);
        return;
    }
}

fn outbound_lead<P: Policy, G: QualificationGuard>(
    story: &mut Story<'_, P, G>,
    rng: &mut Rng,
    router: &mut dyn Assign,
    captured: DateTime<Utc>,
) {
    // Sales-sourced: the router picks the owner from the lead's territory, using a
    // throw-away capture to know it.
    let attributes = attributes(rng, 0.5);
    let probe = Lead::start(&EventEnvelope {
        lead_id: story.lead_id,
        seq: 1,
        occurred_at: captured,
        actor: Actor::new("probe", Role::System),
        command_id: CommandId::from_u128(0),
        schema_version: leadflow::SCHEMA_VERSION,
        event: leadflow::Event::Captured {
            stage: leadflow::Stage::Inquiry,
            owner: None,
            source: None,
            campaign: None,
            attributes: attributes.clone(),
        },
    });
    let Some((owner, _)) = router.assign(&probe, captured) else {
        return;
    };
    let Some(rep_id) = owner.user_id().cloned() else {
        return;
    };
    let team = owner
        .team()
        .cloned()
        .map_or("sales".to_owned(), |t| t.to_string());
    let rep = Actor::new(rep_id, Role::SalesRep).in_team(team);
    let owner_for_hours = owner.clone();
    let capture = Action::Capture {
        entry: Entry::SalesSourced { owner },
        source: Some("outbound".into()),
        campaign: None,
        attributes,
    };
    if story.send(&rep, captured, capture) {
        sales_work(story, rng, &rep, 0.5, router.office_hours(&owner_for_hours));
    }
}

/// Sales works an accepted lead: first touch, follow-ups, SQL, opportunity, close.
fn sales_work<P: Policy, G: QualificationGuard>(
    story: &mut Story<'_, P, G>,
    rng: &mut Rng,
    rep: &Actor,
    q: f64,
    office: &dyn WorkingTime,
) {
    let mut t = story.now();
    let follow_ups = 1 + rng.below(4);
    for k in 0..follow_ups {
        let gap = hours(rng.exponential(if k == 0 { 3.0 } else { 16.0 }));
        t = office.add(t, gap).unwrap_or(story.end);
        let kind = [
            ActivityKind::Call,
            ActivityKind::Email,
            ActivityKind::Meeting,
        ][rng.below(3) as usize];
        let activity = Activity::new(kind, t).by(rep.id.clone());
        story.send(rep, t, Action::RecordActivity { activity });
    }
    let t = story.now() + hours(rng.exponential(72.0));
    if !rng.chance(0.5 + 0.25 * q) {
        story.send(
            rep,
            t,
            Action::Recycle {
                reason: Reason::new("not_ready"),
            },
        );
        return;
    }
    if !story.send(rep, t, Action::QualifySql) {
        return;
    }
    let t = story.now() + hours(rng.exponential(96.0));
    let amount = eur(5_000 + (rng.exponential(20_000.0) as i64 / 500) * 500);
    let close = (t + TimeDelta::days(30)).date_naive();
    if !rng.chance(0.75)
        || !story.send(
            rep,
            t,
            Action::ConvertToOpportunity {
                amount,
                expected_close: Some(close),
            },
        )
    {
        return;
    }
    let t = story.now() + hours(rng.exponential(24.0 * 20.0));
    if rng.chance(0.25 + 0.35 * q) {
        if story.send(rep, t, Action::Win { amount: None }) && rng.chance(0.2) {
            let t = story.now() + hours(rng.exponential(24.0 * 20.0));
            story.send(rep, t, Action::PromoteToAdvocate);
        }
    } else {
        let code = ["price", "competitor", "no_decision"][rng.below(3) as usize];
        if story.send(
            rep,
            t,
            Action::Lose {
                reason: Reason::new(code),
            },
        ) && rng.chance(0.3)
        {
            let t = story.now() + hours(rng.exponential(48.0));
            story.send(
                rep,
                t,
                Action::Recycle {
                    reason: Reason::new("revisit_next_quarter"),
                },
            );
        }
    }
}
