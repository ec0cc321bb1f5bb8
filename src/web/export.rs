//! `GET /account/export.json` and `GET /account/export.csv`: everything a runner entered, as a
//! download.
//!
//! JSON is one versioned object: `format` ("tendo-export"), `version` (1), `exported_at`, then the
//! lists of [`RunnerData`]. CSV is one table with a `record_type` column (`account`, `triage`,
//! `session`, `set`, `checkin`, `capacity_test`, `run`, `hop_test`, `run_stage_setting`,
//! `run_stage`, `visa_a`, `clinician`, `clinician_note`);
//! each record fills only its own columns, named as in the JSON, so filtering on `record_type`
//! in a spreadsheet gives one clean table per kind. A set's `session_id` is its session's `id`.
//! Timestamps are UTC; dates are the runner's own. Free text that a spreadsheet would run as a
//! formula (starting with `=`, `+`, `-`, `@`) gets a leading `'` in the CSV only.

use actix_web::http::header;
use actix_web::{web, HttpResponse};
use chrono::{NaiveDateTime, Timelike};
use serde::Serialize;

use crate::store::audit::{self, AuditEntry};
use crate::store::export::{self, RunnerData};
use crate::store::now;
use crate::web::page::today_for;
use crate::web::visitor::Runner;
use crate::web::{AppError, AppState};

pub const FORMAT: &str = "tendo-export";
/// Bumped whenever a field changes meaning or disappears (new fields do not bump it).
pub const VERSION: u32 = 1;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/account/export.json", web::get().to(json))
        .route("/account/export.csv", web::get().to(csv));
}

#[derive(Serialize)]
struct Document<'a> {
    format: &'static str,
    version: u32,
    exported_at: NaiveDateTime,
    timestamps: &'static str,
    #[serde(flatten)]
    data: &'a RunnerData,
}

/// The JSON export.
pub fn to_json(data: &RunnerData, exported_at: NaiveDateTime) -> serde_json::Result<Vec<u8>> {
    serde_json::to_vec_pretty(&Document {
        format: FORMAT,
        version: VERSION,
        exported_at,
        timestamps: "UTC",
        data,
    })
}

/// The CSV columns, in order.
pub const COLUMNS: [&str; 54] = [
    "record_type",
    "id",
    "session_id",
    "date",
    "created_at",
    "email",
    "display_name",
    "units",
    "timezone",
    "gate_threshold",
    "confirmed_type",
    "side",
    "location",
    "ticked",
    "outcome",
    "self_selected",
    "position",
    "exercise",
    "reps",
    "hold_seconds",
    "load_kg",
    "load",
    "load_unit",
    "rpe",
    "pain",
    "morning_pain",
    "stiffness_minutes",
    "painkillers",
    "pain_free_reps",
    "kind",
    "distance_km",
    "pain_during",
    "q1",
    "q2",
    "q3",
    "q4",
    "q5",
    "q6",
    "q7",
    "q8_pattern",
    "q8_minutes",
    "q8_points",
    "total",
    "name",
    "notes",
    "linked_since",
    "written_at",
    "walked_30_min_pain_free",
    "duration_minutes",
    "hops",
    "stage",
    "step",
    "reason",
    "pre_injury_weekly_km",
];

/// One CSV record being filled in.
struct Line(Vec<String>);

impl Line {
    fn new(record_type: &str) -> Line {
        let mut cells = vec![String::new(); COLUMNS.len()];
        cells[0] = record_type.to_string();
        Line(cells)
    }

    fn set(&mut self, column: &str, value: impl ToString) -> &mut Line {
        match COLUMNS.iter().position(|c| *c == column) {
            Some(i) => self.0[i] = value.to_string(),
            None => debug_assert!(false, "unknown export column {column}"),
        }
        self
    }

    fn time(&mut self, column: &str, value: NaiveDateTime) -> &mut Line {
        self.set(column, value.format("%Y-%m-%dT%H:%M:%S"))
    }

    fn opt(&mut self, column: &str, value: Option<impl ToString>) -> &mut Line {
        if let Some(v) = value {
            self.set(column, v);
        }
        self
    }

    /// Text typed by a person, made safe to open in a spreadsheet.
    fn text(&mut self, column: &str, value: &str) -> &mut Line {
        self.set(column, spreadsheet_safe(value))
    }
}

/// Prefixes `'` to text a spreadsheet would otherwise evaluate as a formula.
pub fn spreadsheet_safe(value: &str) -> String {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    }
}

fn lines(data: &RunnerData) -> Vec<Line> {
    let mut out = Vec::new();
    let a = &data.account;
    let mut l = Line::new("account");
    l.text("email", &a.email)
        .text("display_name", &a.display_name)
        .set("units", a.units)
        .set("timezone", &a.timezone)
        .set("gate_threshold", a.gate_threshold)
        .opt("confirmed_type", a.confirmed_type)
        .opt("pre_injury_weekly_km", data.pre_injury_weekly_km)
        .time("created_at", a.created_at);
    out.push(l);
    for t in &data.triages {
        let mut l = Line::new("triage");
        l.set("id", t.id)
            .time("created_at", t.created_at)
            .set("side", &t.side)
            .set("location", &t.location)
            .set("ticked", t.ticked.join(" "))
            .set("outcome", &t.outcome)
            .opt("self_selected", t.self_selected.as_ref());
        out.push(l);
    }
    for s in &data.sessions {
        let mut l = Line::new("session");
        l.set("id", s.id)
            .set("date", s.performed_on)
            .time("created_at", s.created_at)
            .text("notes", &s.notes);
        out.push(l);
        for set in &s.sets {
            let mut l = Line::new("set");
            l.set("session_id", s.id)
                .set("date", s.performed_on)
                .set("position", set.position)
                .set("exercise", &set.exercise)
                .set("side", &set.side)
                .opt("reps", set.reps)
                .opt("hold_seconds", set.hold_seconds)
                .opt("load_kg", set.load_kg)
                .opt("load", set.load)
                .set("load_unit", set.load_unit)
                .opt("rpe", set.rpe)
                .set("pain", set.pain);
            out.push(l);
        }
    }
    for c in &data.checkins {
        let mut l = Line::new("checkin");
        l.set("date", c.checked_on)
            .set("morning_pain", c.morning_pain)
            .set("stiffness_minutes", c.stiffness_minutes)
            .set("painkillers", c.painkillers)
            .set("walked_30_min_pain_free", c.walked_30_min_pain_free);
        out.push(l);
    }
    for t in &data.capacity_tests {
        let mut l = Line::new("capacity_test");
        l.set("id", t.id)
            .set("date", t.performed_on)
            .set("side", &t.side)
            .set("pain_free_reps", t.pain_free_reps)
            .text("notes", &t.notes);
        out.push(l);
    }
    for r in &data.runs {
        let mut l = Line::new("run");
        l.set("id", r.id)
            .set("date", r.performed_on)
            .set("kind", &r.kind)
            .opt("duration_minutes", r.duration_minutes)
            .opt("distance_km", r.distance_km)
            .set("pain_during", r.pain_during)
            .text("notes", &r.notes);
        out.push(l);
    }
    for t in &data.hop_tests {
        let mut l = Line::new("hop_test");
        l.set("id", t.id)
            .set("date", t.performed_on)
            .set("side", &t.side)
            .set("hops", t.hops)
            .set("pain", t.pain);
        out.push(l);
    }
    for s in &data.run_stage_settings {
        let mut l = Line::new("run_stage_setting");
        l.set("date", s.set_on)
            .set(
                "stage",
                s.stage.map_or(String::from("auto"), |n| n.to_string()),
            )
            .time("created_at", s.created_at);
        out.push(l);
    }
    for c in &data.run_stages {
        let mut l = Line::new("run_stage");
        l.set("date", c.date)
            .set("stage", c.stage)
            .set("step", &c.step)
            .set("reason", &c.reason);
        out.push(l);
    }
    for v in &data.visa_a {
        let q = &v.items;
        let mut l = Line::new("visa_a");
        l.set("id", v.id)
            .set("date", v.taken_on)
            .set("q1", q.q1)
            .set("q2", q.q2)
            .set("q3", q.q3)
            .set("q4", q.q4)
            .set("q5", q.q5)
            .set("q6", q.q6)
            .set("q7", q.q7)
            .set("q8_pattern", &q.q8_pattern)
            .set("q8_minutes", &q.q8_minutes)
            .opt("q8_points", q.q8_points)
            .set("total", v.total);
        out.push(l);
    }
    for c in &data.clinicians {
        let mut l = Line::new("clinician");
        l.text("name", &c.name).time("linked_since", c.linked_since);
        out.push(l);
    }
    for n in &data.clinician_notes {
        let mut l = Line::new("clinician_note");
        l.text("name", &n.author)
            .time("written_at", n.written_at)
            .text("notes", &n.body);
        out.push(l);
    }
    out
}

/// The CSV export: a header, then one record per line.
pub fn to_csv(data: &RunnerData) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(COLUMNS)?;
    for line in lines(data) {
        w.write_record(&line.0)?;
    }
    w.into_inner()
        .map_err(|e| csv::Error::from(std::io::Error::other(e.to_string())))
}

/// Loads the runner's data and records the export in the audit log.
async fn load(state: &AppState, me: &Runner, what: &'static str) -> Result<RunnerData, AppError> {
    let (user, ip) = (me.0.user.id, me.0.visitor.ip.clone());
    state
        .store
        .write(move |conn| {
            let data = export::load(conn, user)?;
            audit::append(
                conn,
                &AuditEntry::new(Some(user), "export", Some(user), what, &ip),
                now(),
            )?;
            Ok(data)
        })
        .await?
        .ok_or(AppError::NotFound)
}

fn download(me: &Runner, extension: &str, content_type: &str, body: Vec<u8>) -> HttpResponse {
    let day = today_for(&me.0.user).format("%Y-%m-%d");
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"tendo-export-{day}.{extension}\""),
        ))
        .body(body)
}

async fn json(state: web::Data<AppState>, me: Runner) -> Result<HttpResponse, AppError> {
    let data = load(&state, &me, "json").await?;
    let exported_at = now().with_nanosecond(0).unwrap_or_else(now);
    let body = to_json(&data, exported_at).map_err(|e| AppError::Internal(e.into()))?;
    Ok(download(
        &me,
        "json",
        "application/json; charset=utf-8",
        body,
    ))
}

async fn csv(state: web::Data<AppState>, me: Runner) -> Result<HttpResponse, AppError> {
    let data = load(&state, &me, "csv").await?;
    let body = to_csv(&data).map_err(|e| AppError::Internal(e.into()))?;
    Ok(download(&me, "csv", "text/csv; charset=utf-8", body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::export::{Account, Clinician, Note, Session, Set};
    use chrono::NaiveDate;

    fn ts() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 2)
            .unwrap()
            .and_hms_opt(18, 0, 0)
            .unwrap()
    }

    fn data() -> RunnerData {
        RunnerData {
            account: Account {
                email: "ana@example.com".into(),
                display_name: "=cmd|' /C calc'!A0".into(),
                units: "lb",
                timezone: "Europe/Berlin".into(),
                gate_threshold: 25,
                confirmed_type: None,
                created_at: ts(),
            },
            triages: Vec::new(),
            sessions: vec![Session {
                id: 7,
                performed_on: ts().date(),
                notes: "felt fine, \"really\"".into(),
                created_at: ts(),
                updated_at: ts(),
                sets: vec![Set {
                    position: 0,
                    exercise: "tempo-calf-raise".into(),
                    side: "right".into(),
                    reps: Some(8),
                    hold_seconds: None,
                    load_kg: Some(4.535_923_7),
                    load: Some(10.0),
                    load_unit: "lb",
                    rpe: Some(7.5),
                    pain: 2,
                }],
            }],
            checkins: Vec::new(),
            capacity_tests: Vec::new(),
            runs: Vec::new(),
            hop_tests: Vec::new(),
            pre_injury_weekly_km: None,
            run_stage_settings: Vec::new(),
            run_stages: Vec::new(),
            visa_a: Vec::new(),
            clinicians: vec![Clinician {
                name: "Dr Who".into(),
                linked_since: ts(),
            }],
            clinician_notes: vec![Note {
                author: "Dr Who".into(),
                written_at: ts(),
                body: "+1 more hold".into(),
            }],
        }
    }

    #[test]
    fn json_is_a_versioned_object_with_every_list() {
        let doc: serde_json::Value =
            serde_json::from_slice(&to_json(&data(), ts()).unwrap()).unwrap();
        assert_eq!(doc["format"], "tendo-export");
        assert_eq!(doc["version"], 1);
        for key in [
            "account",
            "triages",
            "sessions",
            "checkins",
            "capacity_tests",
            "runs",
            "visa_a",
            "clinicians",
            "clinician_notes",
        ] {
            assert!(doc.get(key).is_some(), "{key}");
        }
        let set = &doc["sessions"][0]["sets"][0];
        assert_eq!(set["load"], 10.0);
        assert_eq!(set["load_unit"], "lb");
        assert_eq!(set["rpe"], 7.5);
        // JSON keeps text exactly as typed.
        assert_eq!(doc["account"]["display_name"], "=cmd|' /C calc'!A0");
    }

    #[test]
    fn csv_has_a_header_and_one_typed_record_per_line() {
        let bytes = to_csv(&data()).unwrap();
        let mut r = csv::Reader::from_reader(bytes.as_slice());
        let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
        assert_eq!(header, COLUMNS);
        let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
        let kinds: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
        assert_eq!(
            kinds,
            ["account", "session", "set", "clinician", "clinician_note"]
        );
        let col = |name: &str| COLUMNS.iter().position(|c| *c == name).unwrap();
        assert_eq!(&rows[2][col("session_id")], "7");
        assert_eq!(&rows[2][col("load")], "10");
        assert_eq!(&rows[2][col("hold_seconds")], "");
        assert_eq!(&rows[1][col("notes")], "felt fine, \"really\"");
        // Formula-looking text is defused for spreadsheets.
        assert_eq!(&rows[0][col("display_name")], "'=cmd|' /C calc'!A0");
        assert_eq!(&rows[4][col("notes")], "'+1 more hold");
    }
}
