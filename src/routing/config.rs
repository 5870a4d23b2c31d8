//! The routing configuration: attribute names, territories, ordered rules, a strategy and a
//! fallback. Validate it into a [`Router`](crate::routing::Router).

use crate::id::{QueueId, TeamId, UserId};
use crate::routing::territory::{Territory, TerritoryId};

/// Which lead attributes the rules read. Values are read as text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AttributeNames {
    /// The country attribute (default `"country"`).
    pub country: String,
    /// The region attribute (default `"region"`).
    pub region: String,
    /// The segment attribute (default `"segment"`).
    pub segment: String,
    /// The account attribute, looked up in the roster's account owners (default `"account"`).
    pub account: String,
}

impl Default for AttributeNames {
    fn default() -> Self {
        Self {
            country: "country".to_owned(),
            region: "region".to_owned(),
            segment: "segment".to_owned(),
            account: "account".to_owned(),
        }
    }
}

/// How a rep is picked from the matched pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Strategy {
    /// Weighted round robin by turn, smooth (turns interleave, no bursts) and deterministic:
    /// while the pool's availability does not change, after any number of decisions every
    /// rep's count is strictly within one of its exact share (`decisions × weight / total
    /// weight`), so equal weights give counts that differ by at most one. The turn is kept
    /// in the [`RoundRobinState`](crate::routing::RoundRobinState); a rep who is skipped keeps
    /// their place and resumes it when back.
    #[default]
    RoundRobin,
    /// The available rep with the lowest load in the period; ties go to the smallest rep id.
    LowestLoad,
}

/// Whether a queue rule hands the lead to the queue itself or to one of its members.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum QueueDelivery {
    /// The lead goes to the queue; the first member to accept it becomes its owner.
    #[default]
    ToQueue,
    /// The lead goes to a member of the queue, picked by the rule's strategy.
    ToMember,
}

/// What a rule matches and which pool of reps it routes to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "type", rename_all = "snake_case"))]
#[non_exhaustive]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum RuleKind {
    /// Matches a lead whose territory (from its country, else its region) is one of
    /// `territories`; the pool is the reps covering that territory.
    Territory {
        /// The territories this rule routes; each must be defined in the configuration.
        territories: Vec<TerritoryId>,
    },
    /// Matches a lead whose segment attribute is one of `segments`; the pool is the reps
    /// covering that segment.
    Segment {
        /// The segment values this rule routes.
        segments: Vec<String>,
    },
    /// Matches a lead whose account already has an owner in the roster, and keeps that
    /// owner. If the owner is unavailable (inactive, away, at capacity, not in the roster),
    /// the decision says so and the next rule is tried.
    AccountOwner,
    /// Matches every lead: hands it to `queue`, or to one of its members.
    Queue {
        /// The queue; it must be in the roster.
        queue: QueueId,
        /// To the queue, or to a member.
        #[cfg_attr(feature = "serde", serde(default))]
        deliver: QueueDelivery,
    },
}

/// Where a lead goes when its matched pool has nobody available, or no rule matched.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "type", rename_all = "snake_case"))]
#[non_exhaustive]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Fallback {
    /// To a queue in the roster.
    Queue {
        /// The queue.
        queue: QueueId,
    },
    /// To a manager, who assigns it by hand.
    Manager {
        /// The manager.
        id: UserId,
        /// The manager's team.
        #[cfg_attr(
            feature = "serde",
            serde(default, skip_serializing_if = "Option::is_none")
        )]
        team: Option<TeamId>,
    },
    /// Nobody: the lead stays unassigned, and the decision says why.
    #[default]
    Unassigned,
}

/// One routing rule: a name for the explanation, what it matches, and optional overrides of
/// the configuration's strategy and fallback.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Rule {
    /// A name shown in every decision the rule makes.
    pub name: String,
    /// What the rule matches.
    pub kind: RuleKind,
    /// The strategy for this rule's pool; the configuration's when `None`.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub strategy: Option<Strategy>,
    /// The fallback when this rule's pool has nobody available; the configuration's when
    /// `None`.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub fallback: Option<Fallback>,
}

impl Rule {
    /// A rule with the configuration's strategy and fallback.
    #[must_use]
    pub fn new(name: impl Into<String>, kind: RuleKind) -> Self {
        Self {
            name: name.into(),
            kind,
            strategy: None,
            fallback: None,
        }
    }

    /// A territory rule.
    #[must_use]
    pub fn territory<T: Into<TerritoryId>>(
        name: impl Into<String>,
        territories: impl IntoIterator<Item = T>,
    ) -> Self {
        Self::new(
            name,
            RuleKind::Territory {
                territories: territories.into_iter().map(Into::into).collect(),
            },
        )
    }

    /// A segment rule.
    #[must_use]
    pub fn segment<S: Into<String>>(
        name: impl Into<String>,
        segments: impl IntoIterator<Item = S>,
    ) -> Self {
        Self::new(
            name,
            RuleKind::Segment {
                segments: segments.into_iter().map(Into::into).collect(),
            },
        )
    }

    /// An account-owner rule.
    #[must_use]
    pub fn account_owner(name: impl Into<String>) -> Self {
        Self::new(name, RuleKind::AccountOwner)
    }

    /// A queue rule.
    #[must_use]
    pub fn queue(
        name: impl Into<String>,
        queue: impl Into<QueueId>,
        deliver: QueueDelivery,
    ) -> Self {
        Self::new(
            name,
            RuleKind::Queue {
                queue: queue.into(),
                deliver,
            },
        )
    }

    /// The same rule with its own strategy.
    #[must_use]
    pub fn with_strategy(mut self, strategy: Strategy) -> Self {
        self.strategy = Some(strategy);
        self
    }

    /// The same rule with its own fallback.
    #[must_use]
    pub fn with_fallback(mut self, fallback: Fallback) -> Self {
        self.fallback = Some(fallback);
        self
    }
}

/// The routing configuration, as the host stores it. Validate it against a roster with
/// [`Router::new`](crate::routing::Router::new).
///
/// ```
/// use leadflow::routing::{Fallback, QueueDelivery, RoutingConfig, Rule, Territory};
/// let config = RoutingConfig::new()
///     .with_territory(Territory::new("dach").with_countries(["DE", "AT", "CH"]))
///     .with_rule(Rule::account_owner("keep account owner"))
///     .with_rule(Rule::territory("dach reps", ["dach"]))
///     .with_rule(Rule::queue("everything else", "inbound", QueueDelivery::ToQueue))
///     .with_fallback(Fallback::Queue { queue: "inbound".into() });
/// assert_eq!(config.rules.len(), 3);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RoutingConfig {
    /// Which attributes the rules read.
    #[cfg_attr(feature = "serde", serde(default))]
    pub attributes: AttributeNames,
    /// The territories territory rules and reps may name.
    #[cfg_attr(feature = "serde", serde(default))]
    pub territories: Vec<Territory>,
    /// The rules, in order: the first that matches decides.
    pub rules: Vec<Rule>,
    /// The strategy for rules that set none.
    #[cfg_attr(feature = "serde", serde(default))]
    pub strategy: Strategy,
    /// Where a lead goes when no rule matches, or the matched pool has nobody available and
    /// the rule sets no fallback.
    #[cfg_attr(feature = "serde", serde(default))]
    pub fallback: Fallback,
}

impl RoutingConfig {
    /// No territories, no rules, round robin, unassigned fallback.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// The same configuration with one more territory.
    #[must_use]
    pub fn with_territory(mut self, territory: Territory) -> Self {
        self.territories.push(territory);
        self
    }

    /// The same configuration with one more rule, evaluated after the others.
    #[must_use]
    pub fn with_rule(mut self, rule: Rule) -> Self {
        self.rules.push(rule);
        self
    }

    /// The same configuration with a default strategy.
    #[must_use]
    pub fn with_strategy(mut self, strategy: Strategy) -> Self {
        self.strategy = strategy;
        self
    }

    /// The same configuration with a default fallback.
    #[must_use]
    pub fn with_fallback(mut self, fallback: Fallback) -> Self {
        self.fallback = fallback;
        self
    }

    /// The same configuration reading other attribute names.
    #[must_use]
    pub fn with_attributes(mut self, attributes: AttributeNames) -> Self {
        self.attributes = attributes;
        self
    }
}
