//! The audit log in words: what each action did, and which fields changed from what to what.
//! The JSON stays, behind a details element, for whoever needs it exactly.

/// "Changed a plan's status" for `plan.transition`; an action not listed here is shown by
/// its name made readable ("budget line add").
pub fn action(action: &str) -> String {
    let known = match action {
        "audit.checkpoint" => "Signed a checkpoint of the audit log",
        "budget.header" | "budget.save" => "Saved a budget",
        "budget.line.add" => "Added a budget line",
        "budget.mtfs" => "Saved the Medium Term Financial Strategy",
        "budget.revise" => "Revised a budget",
        "crime.import" => "Imported police.uk data",
        "finance.setting" => "Changed a finance setting",
        "force_area.create" => "Set up the force area",
        "measure.correction" => "Corrected a published figure",
        "measure.quarter_publish" => "Published a quarter's scrutiny pack and locked its figures",
        "measure.settings" => "Changed a measure's settings",
        "measure.values" => "Saved measure values",
        "office.contact" => "Changed the office's contact details",
        "panel.ask" => "Asked a question or made a recommendation for the Panel",
        "panel.publish" => "Published a Panel question and its response",
        "panel.respond" => "Recorded the Commissioner's response",
        "panel.reword" => "Reworded a Panel question",
        "panel.withdraw" => "Withdrew a Panel question",
        "plan.comment" => "Received a consultation comment",
        "plan.commitment_add" => "Added a commitment",
        "plan.commitment_edit" => "Reworded or reassigned a commitment",
        "plan.commitment_status" => "Reported a commitment's status",
        "plan.import" => "Imported a plan",
        "plan.replace" => "Replaced a plan from a file",
        "plan.item_add" => "Added a priority, objective or theme",
        "plan.item_edit" => "Reworded a priority, objective or theme",
        "plan.item_move" => "Reordered a priority, objective or theme",
        "plan.measure_add" => "Added a measure",
        "plan.measure_edit" => "Edited a measure",
        "plan.measure_move" => "Reordered a measure",
        "plan.measure_retire" => "Retired a measure",
        "plan.measure_restore" => "Brought back a retired measure",
        "plan.refresh" => "Refreshed a published plan, with a reason",
        "plan.retitle" => "Retitled a plan",
        "plan.transition" => "Changed a plan's status",
        "precept.step" | "precept.year" => "Recorded a step in the precept's timetable",
        "precept.tax_base" => "Recorded the tax base",
        "precept.veto_fraction" => "Changed the Panel's veto majority",
        "session.password_accepted" => "Entered the right password (second factor next)",
        "session.sign_in" => "Signed in",
        "session.sign_out" => "Signed out",
        "settings.change" => "Changed a setting",
        "spending.import" => "Imported a spending file",
        "spending.source" => "Saved a spending file's column mapping",
        "user.activate" => "Reactivated an account",
        "user.create" => "Created an account",
        "user.deactivate" => "Deactivated an account",
        "user.password_change" => "Changed a password",
        "user.password_change_refused" => "Was refused a password change",
        "user.second_factor_enrol" => "Set up a second factor",
        "user.second_factor_reset" => "Reset a second factor",
        "user.second_factor_started" => "Started setting up a second factor",
        _ => "",
    };
    if known.is_empty() {
        let words = action.replace(['.', '_'], " ");
        let mut c = words.chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect())
            .unwrap_or_default()
    } else {
        known.to_string()
    }
}

/// One field that changed: its name in words, what it was and what it became.
pub struct FieldChange {
    pub field: String,
    pub before: String,
    pub after: String,
}

fn field_words(key: &str) -> String {
    let words = key.replace('_', " ");
    let mut c = words.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn value_words(v: Option<&serde_json::Value>) -> String {
    use serde_json::Value;
    match v {
        None | Some(Value::Null) => "(none)".into(),
        Some(Value::String(s)) if s.is_empty() => "(blank)".into(),
        Some(Value::String(s)) => {
            if let Ok(p) = s.parse::<opcc_domain::plans::PlanStatus>() {
                p.label().to_string()
            } else if s.len() == 10
                && let Ok(d) = opcc_domain::plans::file::Day::parse(s)
            {
                d.long()
            } else {
                s.clone()
            }
        }
        Some(Value::Bool(b)) => if *b { "Yes" } else { "No" }.into(),
        Some(Value::Array(items)) if items.iter().all(|i| !i.is_object() && !i.is_array()) => items
            .iter()
            .map(|i| match i {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join(", "),
        // Nested records read badly as a line: counted here, whole in the JSON below.
        Some(Value::Array(items)) => format!(
            "{} (in the entry as recorded, below)",
            crate::words::count(items.len(), "record")
        ),
        Some(Value::Object(_)) => "A record (in the entry as recorded, below)".into(),
        Some(other) => other.to_string(),
    }
}

/// The top-level fields that differ between before and after (every field of a creation),
/// after's first. Nested objects are shown as their JSON.
pub fn changes(before: Option<&str>, after: Option<&str>) -> Vec<FieldChange> {
    let parse = |s: Option<&str>| {
        s.and_then(|s| serde_json::from_str::<serde_json::Value>(s).ok())
            .and_then(|v| v.as_object().cloned())
            .unwrap_or_default()
    };
    let (b, a) = (parse(before), parse(after));
    let mut keys: Vec<&String> = a.keys().collect();
    keys.extend(b.keys().filter(|k| !a.contains_key(*k)));
    keys.into_iter()
        .filter(|k| b.get(*k) != a.get(*k))
        .map(|k| FieldChange {
            field: field_words(k),
            before: value_words(b.get(k)),
            after: value_words(a.get(k)),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_read_as_sentences() {
        assert_eq!(action("plan.transition"), "Changed a plan's status");
        assert_eq!(action("budget.line.add"), "Added a budget line");
        assert_eq!(action("something.new_thing"), "Something new thing");
    }

    #[test]
    fn changes_name_the_fields_that_differ() {
        let c = changes(
            Some(r#"{"status":"published","title":"Same"}"#),
            Some(r#"{"status":"refreshed","title":"Same","reason":"New victims' code"}"#),
        );
        let mut lines: Vec<String> = c
            .iter()
            .map(|c| format!("{}: {} -> {}", c.field, c.before, c.after))
            .collect();
        lines.sort();
        assert_eq!(
            lines,
            [
                "Reason: (none) -> New victims' code",
                "Status: Published -> Published (refreshed)",
            ]
        );
        assert!(changes(None, None).is_empty());
        let nested = changes(
            None,
            Some(r#"{"items":[{"key":"a"}],"closes":"2021-08-15"}"#),
        );
        let words: Vec<&str> = nested.iter().map(|c| c.after.as_str()).collect();
        assert!(words.contains(&"15 August 2021"));
        assert!(words.contains(&"1 record (in the entry as recorded, below)"));
    }
}
