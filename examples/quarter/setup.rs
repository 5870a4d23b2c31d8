//! The pipeline the quarter runs on: the agreed definition of a good lead (scoring and
//! qualification criteria), the routing rules and roster, and the business calendars.

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use leadflow::calendar::Calendar;
use leadflow::routing::{
    Fallback, Rep as RosterRep, Roster, RoundRobinState, Router, RoutingConfig, Rule, Territory,
};
use leadflow::scoring::{
    AttributeType, BandThresholds, Condition, Decay, EngagementRule, Exclusion, FitRule,
    GradeThresholds, QualificationCriteria, RuleScorer, ScoringConfig,
};
use leadflow::{ActivityKind, Lead, Owner, WorkingTime};

use crate::generator::Assign;
use crate::world::Rep;

type Error = Box<dyn std::error::Error>;

pub fn scoring_config() -> ScoringConfig {
    let fit = |name: &str, attribute: &str, condition, points| FitRule {
        name: name.into(),
        attribute: attribute.into(),
        condition,
        points,
    };
    let engage = |name: &str, kind, points, cap, decay| EngagementRule {
        name: name.into(),
        kind,
        points,
        cap,
        decay,
    };
    ScoringConfig {
        attributes: [
            ("email", AttributeType::Text),
            ("employees", AttributeType::Number),
            ("industry", AttributeType::Text),
            ("seniority", AttributeType::Text),
            ("country", AttributeType::Text),
            ("region", AttributeType::Text),
            ("account", AttributeType::Text),
        ]
        .into_iter()
        .map(|(n, t)| (n.to_owned(), t))
        .collect(),
        fit_rules: vec![
            fit(
                "mid_market",
                "employees",
                Condition::Range {
                    min: Some(200.0),
                    max: Some(5_000.0),
                },
                25,
            ),
            fit(
                "enterprise",
                "employees",
                Condition::Range {
                    min: Some(5_000.0),
                    max: None,
                },
                35,
            ),
            fit(
                "target_industry",
                "industry",
                Condition::OneOf {
                    values: vec!["software".into(), "finance".into(), "manufacturing".into()],
                },
                15,
            ),
            fit(
                "decision_maker",
                "seniority",
                Condition::OneOf {
                    values: vec!["director".into(), "vp".into()],
                },
                20,
            ),
            fit("free_mail", "email", Condition::FreeMail, -30),
        ],
        engagement_rules: vec![
            engage(
                "form_fills",
                ActivityKind::FormFill,
                15,
                Some(45),
                Decay::HalfLife { days: 30.0 },
            ),
            engage(
                "web_visits",
                ActivityKind::WebVisit,
                4,
                Some(20),
                Decay::Window { days: 30.0 },
            ),
        ],
        grades: GradeThresholds {
            a: 55,
            b: 35,
            c: 15,
        },
        bands: BandThresholds {
            one: 40,
            two: 20,
            three: 8,
        },
    }
}

/// The agreed definition of a good lead: the guard on Inquiry/Nurture → MQL.
pub fn criteria() -> Result<QualificationCriteria<RuleScorer>, Error> {
    let scorer = RuleScorer::new(scoring_config())?;
    Ok(QualificationCriteria::new(scorer)
        .min_score(30)
        .require("country")
        .exclude(Exclusion::free_mail("email")))
}

/// Office hours of each team, with the public holidays of the quarter.
pub fn calendars() -> Result<[(&'static str, Calendar); 2], Error> {
    let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).ok_or("bad date");
    let emea = Calendar::builder("Europe/Berlin")
        .weekdays("09:00", "17:30")
        .holidays([date(2026, 1, 1)?, date(2026, 1, 6)?])
        .build()?;
    let amer = Calendar::builder("America/New_York")
        .weekdays("08:30", "17:00")
        .holidays([date(2026, 1, 1)?, date(2026, 1, 19)?, date(2026, 2, 16)?])
        .build()?;
    Ok([("emea", emea), ("amer", amer)])
}

/// The router with its roster and cursor: the host's side of routing.
pub struct Routing {
    pub calendars: [(&'static str, Calendar); 2],
    pub router: Router,
    pub roster: Roster,
    pub cursor: RoundRobinState,
    pub reps: Vec<Rep>,
}

impl Routing {
    pub fn new(reps: Vec<Rep>, quarter_start: DateTime<Utc>) -> Result<Self, Error> {
        let config = RoutingConfig::new()
            .with_territory(Territory::new("emea").with_regions(["emea"]))
            .with_territory(Territory::new("amer").with_regions(["amer"]))
            .with_rule(Rule::territory("emea", ["emea"]))
            .with_rule(Rule::territory("amer", ["amer"]))
            .with_fallback(Fallback::Manager {
                id: "sam".into(),
                team: Some("emea".into()),
            });
        let mut roster = Roster::new();
        for (n, rep) in reps.iter().enumerate() {
            let mut entry = RosterRep::new(rep.id.as_str())
                .in_team(rep.team)
                .covering(rep.team);
            if !rep.active {
                entry = entry.inactive();
            }
            if n == 2 {
                // Clara is away for two weeks in February.
                let from = quarter_start + TimeDelta::days(40);
                entry = entry.away(from, from + TimeDelta::days(14));
            }
            roster = roster.with_rep(entry);
        }
        let router = Router::new(config, &roster)?;
        Ok(Self {
            calendars: calendars()?,
            router,
            roster,
            cursor: RoundRobinState::new(),
            reps,
        })
    }
}

impl Assign for Routing {
    fn assign(&mut self, lead: &Lead, at: DateTime<Utc>) -> Option<(Owner, f64)> {
        let decision = self
            .router
            .route(lead, &self.roster, &self.cursor, at)
            .ok()?;
        self.cursor.apply(decision.cursor.as_ref());
        let owner = decision.owner.clone()?;
        let mean = owner
            .user_id()
            .and_then(|id| self.reps.iter().find(|r| r.id == id.as_str()))
            .map_or(4.0, |r| r.mean_response_hours);
        Some((owner, mean))
    }

    fn office_hours(&self, owner: &Owner) -> &dyn WorkingTime {
        let team = owner.team().map_or("emea", |t| t.as_str());
        let [(_, emea), (_, amer)] = &self.calendars;
        if team == "amer" { amer } else { emea }
    }
}
