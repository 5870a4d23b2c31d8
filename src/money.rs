//! Money: an amount in minor units (cents) with its ISO 4217 currency.

use std::fmt;

use crate::error::ValueError;

/// An ISO 4217 currency code: three ASCII upper-case letters.
///
/// ```
/// use leadflow::Currency;
/// assert_eq!(Currency::new("EUR").unwrap().as_str(), "EUR");
/// assert!(Currency::new("eur").is_err());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Currency([u8; 3]);

impl Currency {
    /// ISO 4217's code for "no currency", for values that are never recorded.
    pub(crate) const NONE: Currency = Currency(*b"XXX");

    /// A currency from its three-letter code.
    ///
    /// # Errors
    /// [`ValueError::InvalidCurrency`] unless the code is three ASCII upper-case letters.
    pub fn new(code: &str) -> Result<Self, ValueError> {
        match code.as_bytes() {
            [a, b, c] if [a, b, c].iter().all(|x| x.is_ascii_uppercase()) => Ok(Self([*a, *b, *c])),
            _ => Err(ValueError::InvalidCurrency {
                code: code.to_owned(),
            }),
        }
    }

    /// The three-letter code.
    #[must_use]
    pub fn as_str(&self) -> &str {
        // Construction guarantees ASCII, so this never takes the fallback.
        std::str::from_utf8(&self.0).unwrap_or("???")
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Currency {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Currency {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // A visitor rather than `Cow<str>`, whose `Deserialize` always copies into a `String`:
        // the code is checked from whatever string the format lends.
        struct CodeVisitor;

        impl serde::de::Visitor<'_> for CodeVisitor {
            type Value = Currency;

            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a currency code of three upper-case letters")
            }

            fn visit_str<E: serde::de::Error>(self, code: &str) -> Result<Currency, E> {
                Currency::new(code).map_err(E::custom)
            }
        }

        deserializer.deserialize_str(CodeVisitor)
    }
}

/// An amount of money in minor units (cents for EUR and USD) of one currency.
///
/// Sums across currencies are refused, never converted.
///
/// ```
/// use leadflow::{Currency, Money};
/// let eur = Currency::new("EUR")?;
/// let a = Money::new(12_000_00, eur);
/// assert_eq!(a.checked_add(Money::new(50, eur))?.minor(), 12_000_50);
/// assert!(a.checked_add(Money::new(1, Currency::new("USD")?)).is_err());
/// # Ok::<(), leadflow::ValueError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Money {
    minor: i64,
    currency: Currency,
}

impl Money {
    /// `minor` units of `currency`.
    #[must_use]
    pub const fn new(minor: i64, currency: Currency) -> Self {
        Self { minor, currency }
    }

    /// The amount in minor units.
    #[must_use]
    pub const fn minor(&self) -> i64 {
        self.minor
    }

    /// The currency.
    #[must_use]
    pub const fn currency(&self) -> Currency {
        self.currency
    }

    /// The sum of two amounts of the same currency.
    ///
    /// # Errors
    /// [`ValueError::CurrencyMismatch`] for different currencies, [`ValueError::Overflow`]
    /// when the sum does not fit in an `i64`.
    pub fn checked_add(self, other: Money) -> Result<Money, ValueError> {
        if self.currency != other.currency {
            return Err(ValueError::CurrencyMismatch {
                left: self.currency,
                right: other.currency,
            });
        }
        self.minor
            .checked_add(other.minor)
            .map(|minor| Money::new(minor, self.currency))
            .ok_or(ValueError::Overflow)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.minor < 0 { "-" } else { "" };
        let abs = self.minor.unsigned_abs();
        write!(f, "{sign}{}.{:02} {}", abs / 100, abs % 100, self.currency)
    }
}

#[cfg(all(test, feature = "serde"))]
mod serde_tests {
    use super::Currency;

    #[test]
    fn currency_decodes_from_borrowed_and_escaped_strings() {
        let borrowed: Currency = serde_json::from_str(r#""EUR""#).unwrap();
        assert_eq!(borrowed.as_str(), "EUR");
        // An escape makes serde_json hand over a transient copy instead of the input.
        let escaped: Currency = serde_json::from_str(r#""\u0045UR""#).unwrap();
        assert_eq!(escaped, borrowed);
        let from_value: Currency = serde_json::from_value(serde_json::json!("USD")).unwrap();
        assert_eq!(from_value.as_str(), "USD");
    }

    #[test]
    fn currency_refuses_bad_codes_and_other_types() {
        for bad in [r#""eur""#, r#""EURO""#, r#""""#, "5", "null", r#"["EUR"]"#] {
            assert!(
                serde_json::from_str::<Currency>(bad).is_err(),
                "{bad} must not decode as a currency"
            );
        }
        let message = serde_json::from_str::<Currency>("5")
            .unwrap_err()
            .to_string();
        assert!(message.contains("currency code"), "{message}");
    }
}
