//! Territories: named areas made of countries and regions, the first routing rule's unit.

use std::fmt;

/// Names a territory (for example `"dach"` or `"north-america"`).
///
/// ```
/// use leadflow::routing::TerritoryId;
/// assert_eq!(TerritoryId::new("dach").as_str(), "dach");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TerritoryId(String);

impl TerritoryId {
    /// Wraps the host's territory name.
    #[must_use]
    pub fn new(id: impl Into<String>) -> Self {
        Self(id.into())
    }

    /// The name as text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<&str> for TerritoryId {
    fn from(id: &str) -> Self {
        Self::new(id)
    }
}

impl From<String> for TerritoryId {
    fn from(id: String) -> Self {
        Self(id)
    }
}

impl fmt::Display for TerritoryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A territory: the countries and regions it covers.
///
/// A lead's territory is found from its country first and, failing that, its region, so a
/// territory of countries (`"dach"`: DE, AT, CH) can sit inside a territory of a region
/// (`"emea"`). Country codes compare without regard to ASCII case; regions compare exactly.
/// A country (or a region) may belong to one territory only.
///
/// ```
/// use leadflow::routing::Territory;
/// let dach = Territory::new("dach").with_countries(["DE", "AT", "CH"]);
/// assert!(dach.countries.contains(&"AT".to_owned()));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Territory {
    /// The territory's name.
    pub id: TerritoryId,
    /// Country codes (for example ISO 3166 alpha-2) in the territory.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Vec::is_empty")
    )]
    pub countries: Vec<String>,
    /// Regions in the territory, for leads whose country is in no territory.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Vec::is_empty")
    )]
    pub regions: Vec<String>,
}

impl Territory {
    /// A territory with no countries or regions yet.
    #[must_use]
    pub fn new(id: impl Into<TerritoryId>) -> Self {
        Self {
            id: id.into(),
            countries: Vec::new(),
            regions: Vec::new(),
        }
    }

    /// The same territory, also covering `countries`.
    #[must_use]
    pub fn with_countries<S: Into<String>>(
        mut self,
        countries: impl IntoIterator<Item = S>,
    ) -> Self {
        self.countries.extend(countries.into_iter().map(Into::into));
        self
    }

    /// The same territory, also covering `regions`.
    #[must_use]
    pub fn with_regions<S: Into<String>>(mut self, regions: impl IntoIterator<Item = S>) -> Self {
        self.regions.extend(regions.into_iter().map(Into::into));
        self
    }
}

/// The key countries are indexed and looked up by: trimmed, ASCII upper case.
pub(crate) fn country_key(country: &str) -> String {
    country.trim().to_ascii_uppercase()
}
