//! Invalid pipeline configurations: each error names the path of the offending field and
//! says what is wrong, exactly.
#![cfg(feature = "config")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::pedantic
)]

use leadflow::config::{ConfigErrorKind, Pipeline};

/// A valid base to break: declared attributes, two queues, one rule of each kind.
const BASE: &str = r#"
version = 1

[calendars.emea]
zone = "Europe/Berlin"
week = { monday = ["09:00-17:00"] }

[scoring.attributes]
country = "text"
email = "text"
employees = "number"

[[scoring.fit_rules]]
name = "size"
attribute = "employees"
condition = { type = "range", min = 200.0 }
points = 10

[qualification]
required_attributes = ["country"]

[[queues]]
id = "inbound"
team = "emea"

[[routing.territories]]
id = "dach"
countries = ["DE"]

[[routing.rules]]
name = "dach"
kind = { type = "territory", territories = ["dach"] }
"#;

fn toml_error(text: &str) -> String {
    Pipeline::from_toml_str(text).unwrap_err().to_string()
}

fn json_error(text: &str) -> String {
    Pipeline::from_json_str(text).unwrap_err().to_string()
}

#[test]
fn the_base_is_valid() {
    Pipeline::from_toml_str(BASE).unwrap();
}

fn with(extra: &str) -> String {
    format!("{BASE}\n{extra}\n")
}

#[track_caller]
fn assert_toml(text: &str, expected: &str) {
    assert_eq!(toml_error(text), expected);
}

#[test]
fn the_version_is_checked_first() {
    assert_toml(
        &BASE.replace("version = 1", ""),
        "version: missing field `version`: expected version 1",
    );
    assert_toml(
        &BASE.replace("version = 1", "version = 2"),
        "version: unsupported version 2: this build reads version 1",
    );
    // A version 2 document of another shape is reported as a version, not a field error.
    assert_toml(
        "version = 2\nstages = []\n",
        "version: unsupported version 2: this build reads version 1",
    );
    assert_eq!(
        json_error(r#"{"version": "1"}"#),
        r#"version: unsupported version "1": this build reads version 1"#
    );
}

#[test]
fn transitions_may_only_narrow_the_default_graph() {
    assert_eq!(
        json_error(
            r#"{"version": 1, "transitions": [{"from": "inquiry", "to": "mql"}, {"from": "inquiry", "to": "customer"}]}"#
        ),
        "transitions[1]: transition inquiry -> customer is not in the default graph (a pipeline may only narrow it)"
    );
    assert_eq!(
        json_error(
            r#"{"version": 1, "transitions": [{"from": "inquiry", "to": "mql"}, {"from": "inquiry", "to": "mql"}]}"#
        ),
        "transitions[1]: transition inquiry -> mql is listed twice"
    );
}

#[test]
fn reader_errors_carry_the_path() {
    assert_eq!(
        json_error(r#"{"version": 1, "transitions": [{"from": "inquiry", "to": "heaven"}]}"#),
        "transitions[0].to: unknown variant `heaven`, expected one of `inquiry`, `mql`, \
         `handed_off`, `sal`, `sql`, `opportunity`, `customer`, `advocate`, `nurture`, \
         `disqualified`, `lost` at line 1 column 65"
    );
    assert_toml(
        &BASE.replace("points = 10", "pionts = 10"),
        "scoring.fit_rules[0].pionts: unknown field `pionts`, expected one of `name`, \
         `attribute`, `condition`, `points`",
    );
    assert_toml(
        &BASE.replace("points = 10", "points = \"ten\""),
        "scoring.fit_rules[0].points: invalid type: string \"ten\", expected i64",
    );
    assert_toml(
        &BASE.replace("09:00-17:00", "9-5"),
        "calendars.emea.week.monday[0]: invalid time of day \"9\": expected HH:MM or HH:MM:SS",
    );
    assert_eq!(
        json_error(r#"{"version": 1,"#),
        ".: EOF while parsing a value at line 1 column 14"
    );
    assert_toml("version = 1\nversion = 1\n", ".: duplicate key");
    assert_toml(
        "version = 1\nsurprise = true\n",
        "surprise: unknown field `surprise`, expected one of `version`, `transitions`, \
         `sub_statuses`, `calendars`, `scoring`, `qualification`, `queues`, `routing`, `sla`, \
         `commitments`",
    );
}

#[test]
fn scoring_errors_name_the_rule_field() {
    let error = Pipeline::from_toml_str(
        &BASE.replace("attribute = \"employees\"", "attribute = \"staff\""),
    )
    .unwrap_err();
    assert_eq!(error.path, "scoring.fit_rules[0].attribute");
    assert_eq!(
        error.kind,
        ConfigErrorKind::UndeclaredAttribute {
            attribute: "staff".to_owned()
        }
    );
    assert_eq!(
        error.to_string(),
        r#"scoring.fit_rules[0].attribute: attribute "staff" is not declared in scoring.attributes"#
    );
    assert_toml(
        &BASE.replace("points = 10", "points = 100000000"),
        r#"scoring.fit_rules[0].points: fit_rules[0] "size": points 100000000 outside -10000..=10000"#,
    );
}

#[test]
fn a_later_rule_is_named_by_its_index() {
    let rules: String = (1..=3)
        .map(|n| {
            format!(
                "[[scoring.fit_rules]]\nname = \"r{n}\"\nattribute = \"email\"\n\
                 condition = {{ type = \"free_mail\" }}\npoints = -{n}\n"
            )
        })
        .collect();
    let text = BASE.replace(
        "[qualification]",
        &format!(
            "{rules}[[scoring.fit_rules]]\nname = \"r4\"\nattribute = \"cuntry\"\n\
             condition = {{ type = \"exists\" }}\npoints = 1\n\n[qualification]"
        ),
    );
    assert_toml(
        &text,
        r#"scoring.fit_rules[4].attribute: attribute "cuntry" is not declared in scoring.attributes"#,
    );
}

#[test]
fn criteria_name_declared_attributes_with_fitting_conditions() {
    assert_toml(
        &BASE.replace(
            "required_attributes = [\"country\"]",
            "required_attributes = [\"country\", \"company\"]",
        ),
        r#"qualification.required_attributes[1]: attribute "company" is not declared in scoring.attributes"#,
    );
    assert_toml(
        &with(
            "[[qualification.exclusions]]\nname = \"x\"\nattribute = \"email\"\n\
             condition = { type = \"free_mail\" }\n[[qualification.exclusions]]\n\
             name = \"big\"\nattribute = \"country\"\ncondition = { type = \"range\", min = 1.0 }",
        ),
        r#"qualification.exclusions[1].condition: condition range cannot apply to "country" of type text"#,
    );
    assert_toml(
        &with(
            "[[qualification.exclusions]]\nname = \"x\"\nattribute = \"mail\"\n\
             condition = { type = \"free_mail\" }",
        ),
        r#"qualification.exclusions[0].attribute: attribute "mail" is not declared in scoring.attributes"#,
    );
}

#[test]
fn routing_names_declared_queues_and_territories() {
    assert_toml(
        &with("[[routing.rules]]\nname = \"q\"\nkind = { type = \"queue\", queue = \"emea\" }"),
        r#"routing.rules[1].kind.queue: unknown queue "emea""#,
    );
    assert_toml(
        &BASE.replace(
            "[[routing.rules]]",
            "[routing]\nfallback = { type = \"queue\", queue = \"overflow\" }\n\n[[routing.rules]]",
        ),
        r#"routing.fallback.queue: unknown queue "overflow""#,
    );
    assert_toml(
        &BASE.replace(
            "kind = { type = \"territory\", territories = [\"dach\"] }",
            "kind = { type = \"territory\", territories = [\"dach\"] }\n\
             fallback = { type = \"queue\", queue = \"nowhere\" }",
        ),
        r#"routing.rules[0].fallback.queue: unknown queue "nowhere""#,
    );
    assert_toml(
        &BASE.replace("territories = [\"dach\"]", "territories = [\"nordics\"]"),
        "routing.rules[0].kind.territories: rule 0 names unknown territory nordics",
    );
    assert_toml(
        &with("[[queues]]\nid = \"inbound\""),
        "queues[1]: queue inbound is declared twice",
    );
}

#[test]
fn overlapping_territories_name_the_second_one() {
    let text = BASE.replace(
        "[[routing.rules]]",
        "[[routing.territories]]\nid = \"alps\"\ncountries = [\"CH\", \"de\"]\n\n[[routing.rules]]",
    );
    let error = Pipeline::from_toml_str(&text).unwrap_err();
    assert_eq!(error.path, "routing.territories[1]");
    assert!(
        matches!(error.kind, ConfigErrorKind::Routing(_)),
        "{:?}",
        error.kind
    );
    let source = std::error::Error::source(&error).expect("a routing error has a source");
    assert_eq!(format!("{}: {source}", error.path), error.to_string());
}

#[test]
fn calendars_are_built_at_load() {
    assert_toml(
        &BASE.replace("zone = \"Europe/Berlin\"", "zone = \"Europe/Atlantis\""),
        r#"calendars.emea.zone: unknown time zone "Europe/Atlantis""#,
    );
    assert_toml(
        &BASE.replace("09:00-17:00", "17:00-09:00"),
        "calendars.emea.week.monday: interval 17:00-09:00 on Mon does not start before it ends",
    );
    // A date given twice as an exception is named at its second place.
    let twice = BASE.replace(
        "week = { monday = [\"09:00-17:00\"] }",
        "week = { monday = [\"09:00-17:00\"] }\nexceptions = [\n  { date = \"2026-12-24\", hours = [\"09:00-12:00\"] },\n  { date = \"2026-12-31\" },\n  { date = \"2026-12-24\" },\n]",
    );
    let error = Pipeline::from_toml_str(&twice).unwrap_err();
    assert_eq!(error.path, "calendars.emea.exceptions[2]");
    // The calendar's own error is the source, for error chains.
    let error = Pipeline::from_toml_str(&BASE.replace("09:00-17:00", "17:00-09:00")).unwrap_err();
    let source = std::error::Error::source(&error).expect("a calendar error has a source");
    assert_eq!(
        source.to_string(),
        "interval 17:00-09:00 on Mon does not start before it ends"
    );
}

#[test]
fn sub_statuses_are_named_once_each() {
    assert_toml(
        &with("[sub_statuses]\nsal = [\"contacted\", \"contacted\"]"),
        r#"sub_statuses.sal[1]: sub-status "contacted" is listed twice"#,
    );
    assert_toml(
        &with("[sub_statuses]\nsal = [\"contacted\", \" \"]"),
        "sub_statuses.sal[1]: sub-status is blank",
    );
}

#[test]
fn embedded_pipelines_are_validated_too() {
    let error = serde_json::from_str::<Pipeline>(r#"{"version": 3}"#).unwrap_err();
    assert_eq!(
        error.to_string(),
        "version: unsupported version 3: this build reads version 1"
    );
}

/// An SLA section with three goals; the third's target is given by `target`.
fn sla(target: &str) -> String {
    let goal = |name: &str, target: &str| {
        format!(
            "[[sla.goals]]\nname = \"{name}\"\nmetric = \"time_to_accept\"\nteam = \"sales\"\n\
             start = [{{ type = \"entered\", stage = \"handed_off\" }}]\n\
             stop = [{{ type = \"left\", stage = \"handed_off\" }}]\n\
             target = {target}\nwarning = 0.75\n"
        )
    };
    format!(
        "[sla]\nversion = 1\neffective_from = \"2026-01-01T00:00:00Z\"\n{}{}{}",
        goal("a", "{ type = \"calendar\", seconds = 3600 }"),
        goal(
            "b",
            "{ type = \"business\", seconds = 3600, calendar = \"emea\" }"
        ),
        goal("c", target),
    )
}

#[test]
fn sla_goals_name_defined_calendars() {
    Pipeline::from_toml_str(&with(&sla("{ type = \"calendar\", seconds = 60 }"))).unwrap();
    assert_toml(
        &with(&sla(
            "{ type = \"business\", seconds = 3600, calendar = \"apac\" }",
        )),
        r#"sla.goals[2].target.calendar: unknown calendar "apac""#,
    );
}

#[test]
fn sla_errors_name_the_goal_field() {
    assert_toml(
        &with(&sla("{ type = \"calendar\", seconds = 0 }")),
        r#"sla.goals[2].target.seconds: goal "c" has a target of 0 s, expected a positive duration"#,
    );
    assert_toml(
        &with(
            &sla("{ type = \"calendar\", seconds = 60 }").replace("name = \"c\"", "name = \"a\""),
        ),
        r#"sla.goals[2].name: policy version 1 has two goals named "a""#,
    );
    assert_toml(
        &with(&sla("{ type = \"calendar\", seconds = 60 }").replacen(
            "warning = 0.75",
            "warning = 1.5",
            1,
        )),
        r#"sla.goals[0].warning: goal "a" has warning threshold 1.5, expected a fraction in (0, 1]"#,
    );
    assert_toml(
        &with(&sla("{ type = \"calendar\", seconds = 60 }").replacen(
            "metric = \"time_to_accept\"\n",
            "metric = \"time_to_accept\"\nfilter = { segment = { attribute = \"segment\", values = [\"smb\"] } }\n",
            1,
        )),
        r#"sla.goals[0].filter.segment.attribute: attribute "segment" is not declared in scoring.attributes"#,
    );
}

#[test]
fn commitments_name_measured_metrics() {
    let policy = sla("{ type = \"calendar\", seconds = 60 }");
    Pipeline::from_toml_str(&with(&format!(
        "{policy}\n[[commitments]]\ntype = \"within_sla\"\nmetric = \"time_to_accept\"\nmin_fraction = 0.9\n"
    )))
    .unwrap();
    assert_toml(
        &with(&format!(
            "{policy}\n[[commitments]]\ntype = \"mql_volume\"\nmin = 10\n\
             [[commitments]]\ntype = \"within_sla\"\nmetric = \"time_to_first_touch\"\nmin_fraction = 0.9\n"
        )),
        r#"commitments[1].metric: unknown metric "time_to_first_touch": no sla goal measures it"#,
    );
    assert_toml(
        &with("[[commitments]]\ntype = \"mqls_worked\"\nmin_fraction = 1.5"),
        "commitments[0].min_fraction: commitment fraction 1.5 is outside [0, 1]",
    );
}
