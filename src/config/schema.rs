//! The JSON Schema of the pipeline configuration (feature `schema`).

use super::spec::PipelineSpec;

/// The JSON Schema of a version-1 pipeline document ([`PipelineSpec`]), as committed at
/// `schema/pipeline.schema.json`. Editors and CI can validate configurations with it; the
/// loader still validates what a schema cannot say (cross-references, calendar intervals).
#[must_use]
pub fn json_schema() -> serde_json::Value {
    serde_json::Value::from(schemars::schema_for!(PipelineSpec))
}
