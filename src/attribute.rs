//! Typed lead attributes the host fills: firmographics, contact data, anything the scoring and
//! routing rules read.

use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;

use crate::error::ValueError;

/// The value of one attribute.
///
/// Numbers are finite: [`AttributeValue::number`] refuses NaN and infinities, so that
/// comparisons and scores stay total.
///
/// ```
/// use leadflow::AttributeValue;
/// assert!(AttributeValue::number(12.5).is_ok());
/// assert!(AttributeValue::number(f64::NAN).is_err());
/// ```
#[derive(Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(tag = "type", content = "value", rename_all = "snake_case")
)]
#[non_exhaustive]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum AttributeValue {
    /// Free text.
    Text(String),
    /// A finite number.
    Number(f64),
    /// Yes or no.
    Bool(bool),
    /// A calendar date.
    Date(NaiveDate),
    /// A list of text values (for example product interests).
    List(Vec<String>),
}

impl AttributeValue {
    /// A number attribute.
    ///
    /// # Errors
    /// [`ValueError::NotFinite`] for NaN or an infinity.
    pub fn number(value: f64) -> Result<Self, ValueError> {
        if value.is_finite() {
            Ok(Self::Number(value))
        } else {
            Err(ValueError::NotFinite)
        }
    }

    /// A text attribute.
    #[must_use]
    pub fn text(value: impl Into<String>) -> Self {
        Self::Text(value.into())
    }

    /// The text, if this is a text value.
    #[must_use]
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Self::Text(text) => Some(text),
            _ => None,
        }
    }

    /// The number, if this is a number value.
    #[must_use]
    pub fn as_number(&self) -> Option<f64> {
        match self {
            Self::Number(n) => Some(*n),
            _ => None,
        }
    }

    /// Whether the value is valid: numbers finite.
    #[must_use]
    pub fn is_valid(&self) -> bool {
        match self {
            Self::Number(n) => n.is_finite(),
            _ => true,
        }
    }

    /// The value's kind, for error messages and schemas.
    #[must_use]
    pub const fn kind(&self) -> &'static str {
        match self {
            Self::Text(_) => "text",
            Self::Number(_) => "number",
            Self::Bool(_) => "bool",
            Self::Date(_) => "date",
            Self::List(_) => "list",
        }
    }
}

/// Attribute values are personal data (names, e-mail addresses, phone numbers), so `Debug`
/// shows only the kind; read the value through the enum or the accessors.
impl fmt::Debug for AttributeValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}(<redacted>)", self.kind())
    }
}

impl From<bool> for AttributeValue {
    fn from(value: bool) -> Self {
        Self::Bool(value)
    }
}

impl From<&str> for AttributeValue {
    fn from(value: &str) -> Self {
        Self::Text(value.to_owned())
    }
}

impl From<String> for AttributeValue {
    fn from(value: String) -> Self {
        Self::Text(value)
    }
}

impl From<NaiveDate> for AttributeValue {
    fn from(value: NaiveDate) -> Self {
        Self::Date(value)
    }
}

impl From<Vec<String>> for AttributeValue {
    fn from(value: Vec<String>) -> Self {
        Self::List(value)
    }
}

/// A lead's attributes by name, in a stable (sorted) order.
pub type Attributes = BTreeMap<String, AttributeValue>;
