//! Reading a pipeline from JSON or TOML text: the version first, then the whole document,
//! with the path of any field the reader refuses.

use super::error::{ConfigError, ConfigErrorKind as Kind};
use super::spec::{PIPELINE_VERSION, PipelineSpec};

/// Only the version, read before the rest so that another version's shape is reported as
/// an unsupported version rather than as a field error.
#[derive(serde::Deserialize)]
struct VersionProbe<V> {
    version: Option<V>,
}

/// The path of a serde error: `.` for the document itself.
fn syntax<E: std::fmt::Display>(error: &serde_path_to_error::Error<E>) -> ConfigError {
    let path = error.path().to_string();
    ConfigError::new(
        path,
        Kind::Syntax {
            message: error.inner().to_string(),
        },
    )
}

fn check_probe(found: Option<String>, is_one: bool) -> Result<(), ConfigError> {
    match found {
        None => Err(ConfigError::new("version", Kind::MissingVersion)),
        Some(_) if is_one => Ok(()),
        Some(found) => Err(ConfigError::new(
            "version",
            Kind::UnsupportedVersion { found },
        )),
    }
}

/// Reads a JSON document.
pub(crate) fn json(text: &str) -> Result<PipelineSpec, ConfigError> {
    let probe: VersionProbe<serde_json::Value> = serde_json::from_str(text).map_err(|e| {
        ConfigError::new(
            ".",
            Kind::Syntax {
                message: e.to_string(),
            },
        )
    })?;
    let is_one = probe.version.as_ref().and_then(serde_json::Value::as_u64)
        == Some(u64::from(PIPELINE_VERSION));
    check_probe(probe.version.map(|v| v.to_string()), is_one)?;
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let spec: PipelineSpec =
        serde_path_to_error::deserialize(&mut deserializer).map_err(|e| syntax(&e))?;
    deserializer.end().map_err(|e| {
        ConfigError::new(
            ".",
            Kind::Syntax {
                message: e.to_string(),
            },
        )
    })?;
    Ok(spec)
}

/// Reads a TOML document.
pub(crate) fn toml(text: &str) -> Result<PipelineSpec, ConfigError> {
    let probe: VersionProbe<toml::Value> = toml::from_str(text).map_err(|e| {
        ConfigError::new(
            ".",
            Kind::Syntax {
                message: e.message().to_owned(),
            },
        )
    })?;
    let is_one = probe.version.as_ref().and_then(toml::Value::as_integer)
        == Some(i64::from(PIPELINE_VERSION));
    let found = probe.version.map(|v| match v {
        toml::Value::Integer(n) => n.to_string(),
        toml::Value::String(s) => format!("{s:?}"),
        other => other.type_str().to_owned(),
    });
    check_probe(found, is_one)?;
    let deserializer = toml::Deserializer::parse(text).map_err(|e| {
        ConfigError::new(
            ".",
            Kind::Syntax {
                message: e.message().to_owned(),
            },
        )
    })?;
    serde_path_to_error::deserialize(deserializer).map_err(|e| {
        let path = e.path().to_string();
        ConfigError::new(
            path,
            Kind::Syntax {
                message: e.inner().message().to_owned(),
            },
        )
    })
}
