//! The office's side: the dashboard (custody visits due per suite this month against the
//! scheme's target, open findings by age, vetting and training about to run out), volunteers
//! (personal data: only here), the force's responses to findings, and corrections.

use super::reports::{FindingView, after, finding_view};
use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::form::{DateValue, FormErrors};
use crate::layout::{Layout, render};
use crate::policy::{Office, OfficeOrVolunteer};
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use opcc_domain::schemes::{self as rules, EXPIRY_WARNING_DAYS, oocr::parse_day};
use opcc_store::StoreError;
use opcc_store::schemes::{self as store, reports, volunteers};
use std::collections::HashMap;

pub struct Due {
    pub place: String,
    pub done: i64,
    pub target: i64,
    pub short: bool,
}

pub struct AgedFinding {
    pub f: FindingView,
    pub report_id: i64,
    pub scheme: String,
    pub place: String,
    pub age_days: i64,
}

pub struct VolunteerRow {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub schemes: String,
    pub linked: bool,
    pub joined: String,
    pub left: Option<String>,
    pub vetting: String,
    pub training: String,
    pub expiring: bool,
}

/// The "Add a volunteer" form as typed, given back with its errors.
#[derive(Default)]
pub struct AddForm {
    pub name: String,
    pub email: String,
    pub phone: String,
    pub link: bool,
    pub schemes: Vec<String>,
    pub joined: DateValue,
    pub vetting: DateValue,
    pub training: DateValue,
}

#[derive(Template)]
#[template(path = "schemes/dashboard.html")]
struct Dashboard {
    l: Layout,
    month: String,
    due: Vec<Due>,
    findings: Vec<AgedFinding>,
    ages: Vec<(&'static str, usize)>,
    volunteers: Vec<VolunteerRow>,
    expiring: usize,
    /// The schemes this user is staff of: those whose volunteers they see and may add.
    schemes: Vec<(String, String)>,
    errors: FormErrors,
    f: AddForm,
    /// Administrators are shown the way to the scheme staff page.
    admin: bool,
}

fn opt_day(d: &Option<String>) -> String {
    d.as_deref()
        .map(super::long_day)
        .unwrap_or_else(|| "Not recorded".into())
}

/// `GET /admin/schemes`.
pub async fn dashboard(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
) -> Result<Response, WebError> {
    page(
        &state,
        &ctx,
        &who,
        AddForm::default(),
        FormErrors::default(),
    )
    .await
}

async fn page(
    state: &AppState,
    ctx: &Ctx,
    who: &Office,
    f: AddForm,
    errors: FormErrors,
) -> Result<Response, WebError> {
    let db = &state.db;
    let today = super::super::governance::today();
    let month_start = today
        .replace_day(1)
        .map_err(|e| WebError::Internal(e.to_string()))?;
    let custody = store::scheme(db, "custody").await?;
    let recent = reports::list(db, None, 10_000).await?;
    let due = store::places(db, Some(custody.id))
        .await?
        .into_iter()
        .map(|p| {
            let done = recent
                .iter()
                .filter(|r| {
                    r.place_id == p.id
                        && r.status == "submitted"
                        && parse_day(&r.visited_on).is_some_and(|d| d >= month_start && d <= today)
                })
                .count() as i64;
            Due {
                place: p.name,
                done,
                target: custody.target_per_month,
                short: done < custody.target_per_month,
            }
        })
        .collect();
    let findings: Vec<AgedFinding> = reports::findings(db, None, true)
        .await?
        .iter()
        .map(|f| AgedFinding {
            age_days: parse_day(&f.raised_on).map_or(0, |d| (today - d).whole_days()),
            report_id: f.report_id,
            scheme: f.scheme_name.clone(),
            place: f.place_name.clone(),
            f: finding_view(f),
        })
        .collect();
    let bucket = |lo: i64, hi: i64| {
        findings
            .iter()
            .filter(|f| f.age_days >= lo && f.age_days <= hi)
            .count()
    };
    let ages = vec![
        ("Up to 28 days", bucket(0, 28)),
        ("29 to 56 days", bucket(29, 56)),
        ("57 to 90 days", bucket(57, 90)),
        ("Over 90 days", bucket(91, i64::MAX)),
    ];
    let volunteers: Vec<VolunteerRow> = volunteers::seen_by(db, who.user().id)
        .await?
        .into_iter()
        .map(|v| {
            let expiring = v.left_on.is_none()
                && [&v.vetting_expires_on, &v.training_expires_on]
                    .iter()
                    .any(|d| {
                        rules::expires_within(
                            d.as_deref().and_then(parse_day),
                            today,
                            EXPIRY_WARNING_DAYS,
                        )
                    });
            VolunteerRow {
                id: v.id,
                joined: super::long_day(&v.joined_on),
                left: v.left_on.as_deref().map(super::long_day),
                vetting: opt_day(&v.vetting_expires_on),
                training: opt_day(&v.training_expires_on),
                linked: v.user_id.is_some(),
                name: v.name,
                email: v.email,
                schemes: v.scheme_names,
                expiring,
            }
        })
        .collect();
    let mine = super::staff_of(state, who).await?;
    let title = errors.title("Volunteer schemes");
    Ok((
        errors.status(),
        render(&Dashboard {
            l: Layout::new(state, ctx, &title, "schemes"),
            month: opcc_domain::finance::long_date(month_start)
                .split_once(' ')
                .map(|(_, m)| m.to_string())
                .unwrap_or_default(),
            due,
            ages,
            findings,
            expiring: volunteers.iter().filter(|v| v.expiring).count(),
            volunteers,
            schemes: store::schemes(db)
                .await?
                .into_iter()
                .filter(|s| mine.contains(&s.slug))
                .map(|s| (s.slug, s.name))
                .collect(),
            errors,
            f,
            admin: who.user().role == opcc_domain::accounts::Role::Admin,
        })?,
    )
        .into_response())
}

/// `POST /admin/schemes/volunteers`: a volunteer of schemes this user is staff of, linked to
/// their account when asked. Dates are GOV.UK date inputs (`joined-day`, ...; a script may
/// send one ISO `joined_on`); a refusal comes back on the form (422).
pub async fn add_volunteer(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let schemes: Vec<String> = pairs
        .iter()
        .filter(|(n, _)| n == "schemes")
        .map(|(_, v)| v.clone())
        .collect();
    let fields: HashMap<String, String> = pairs.into_iter().collect();
    let text = |k: &str| {
        fields
            .get(k)
            .map(|s| s.trim().to_string())
            .unwrap_or_default()
    };
    let date = |boxes: &str, iso: &str| {
        let v = DateValue::from_form(&fields, boxes);
        if v.is_blank() {
            DateValue::from_form(&fields, iso)
        } else {
            v
        }
    };
    let f = AddForm {
        name: text("name"),
        email: text("email"),
        phone: text("phone"),
        link: text("link_account") == "yes",
        schemes,
        joined: date("joined", "joined_on"),
        vetting: date("vetting", "vetting_expires_on"),
        training: date("training", "training_expires_on"),
    };
    let mut errors = FormErrors::default();
    if f.name.is_empty() {
        errors.add("name", "Enter the volunteer's name");
    }
    let mine = super::staff_of(&state, &who).await?;
    if f.schemes.is_empty() {
        errors.add("schemes", "Choose at least one scheme");
    } else if f.schemes.iter().any(|s| !mine.contains(s)) {
        errors.add(
            "schemes",
            "Choose only schemes you are staff of: an administrator assigns scheme staff",
        );
    }
    let joined = errors.date("joined", "The day they joined", &f.joined, true);
    let vetting = errors.date("vetting", "The vetting expiry date", &f.vetting, false);
    let training = errors.date("training", "The training expiry date", &f.training, false);
    if errors.is_empty() {
        let day =
            |d: Option<opcc_domain::plans::file::Day>| d.map(|d| d.to_string()).unwrap_or_default();
        let slugs: Vec<&str> = f.schemes.iter().map(String::as_str).collect();
        let r = volunteers::add(
            &state.db,
            &who.actor(),
            &volunteers::NewVolunteer {
                name: &f.name,
                email: &f.email,
                phone: &f.phone,
                joined_on: &day(joined),
                vetting_expires_on: &day(vetting),
                training_expires_on: &day(training),
                schemes: &slugs,
                link_account: f.link,
            },
        )
        .await;
        match r {
            Ok(id) => {
                return Ok(Redirect::to(&format!("/admin/schemes/volunteers/{id}")).into_response());
            }
            Err(StoreError::Invalid(p)) => {
                let (field, message) = super::apply::field_error(&p);
                let field = match field.as_str() {
                    "joined_on" => "joined",
                    "vetting_expires_on" => "vetting",
                    "training_expires_on" => "training",
                    "" => "name",
                    other => other,
                };
                errors.add(field, message);
            }
            Err(e) => return Err(e.into()),
        }
    }
    page(&state, &ctx, &who, f, errors).await
}

/// `POST /admin/schemes/findings/{id}`: the force's response, and closing the finding. The
/// day is a GOV.UK date input (`fo-{id}-day`, ...; a single ISO `on` from scripts), today when
/// left blank.
pub async fn respond(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(id): Path<i64>,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let text = |k: &str| f.get(k).map(String::as_str).unwrap_or("");
    let report = reports::findings(&state.db, None, false)
        .await?
        .iter()
        .find(|x| x.id == id)
        .map(|x| x.report_id)
        .ok_or(WebError::NotFound)?;
    let boxes = format!("fo-{id}");
    let mut date = DateValue::from_form(&f, &boxes);
    if date.is_blank() {
        date = DateValue::from_form(&f, "on");
    }
    let on = if date.is_blank() {
        Ok(super::super::governance::today().to_string())
    } else {
        date.parse("The day of the response").map(|d| d.to_string())
    };
    let r = match on {
        Ok(on) => {
            reports::respond(
                &state.db,
                &who.actor(),
                id,
                text("force_response"),
                text("close") == "yes",
                &on,
            )
            .await
        }
        Err(m) => Err(StoreError::Invalid(format!("on: {m}"))),
    };
    let next = format!("/schemes/reports/{report}#findings");
    let form = format!("response-{id}");
    after(
        &state,
        &ctx,
        &OfficeOrVolunteer(who.0),
        report,
        r,
        &next,
        &form,
        f,
    )
    .await
}

/// `POST /admin/schemes/reports/{id}/correct`: a submitted report's correction, with a reason.
/// A corrected date comes as a GOV.UK date input (`corrected-day`, ...).
pub async fn correct(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(id): Path<i64>,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let text = |k: &str| f.get(k).map(String::as_str).unwrap_or("");
    let date = DateValue::from_form(&f, "corrected");
    let dated = text("field") == "visited_on";
    let value = if dated && !date.is_blank() {
        date.parse("The corrected date")
            .map(|d| d.to_string())
            .map_err(|m| format!("corrected: {m}"))
    } else if dated && text("value").trim().is_empty() {
        Err("corrected: Enter the corrected date of the visit".to_string())
    } else {
        Ok(text("value").to_string())
    };
    let r = match value {
        Ok(v) => {
            reports::correct(
                &state.db,
                &who.actor(),
                id,
                text("field"),
                &v,
                text("reason"),
            )
            .await
        }
        Err(m) => Err(StoreError::Invalid(m)),
    };
    let back = format!("/schemes/reports/{id}");
    after(
        &state,
        &ctx,
        &OfficeOrVolunteer(who.0),
        id,
        r,
        &back,
        "correct",
        f,
    )
    .await
}
