//! `cargo bench --bench load`: Tendo's speed and memory against a baseline on the same stack, in
//! one run on this machine. The baseline is TechEmpower's Fortunes page (one query of 12 rows, one
//! row added at request time, sort, escape, render), served by actix-web + askama + diesel over the
//! same database engine and pool as Tendo. Every figure is printed with its goal; load comes from
//! wrk (Debian's `wrk`). Set `TENDO_BENCH_POSTGRES` (or `TEST_DATABASE_URL`) to a PostgreSQL
//! server to add the one-versus-two-instance figures (needs nginx).
#![allow(clippy::unwrap_used, clippy::print_stdout)]

#[path = "../tests/common/mod.rs"]
mod common;
#[path = "../tests/ops/support.rs"]
#[allow(dead_code)]
mod support;

use std::process::Command;
use std::time::{Duration, Instant};

use support::{free_port, Nginx, Server};

const CONNECTIONS: u32 = 64;
/// Alternating Fortunes and `/today` loads for P1; the median round is the figure.
const P1_ROUNDS: usize = 3;
const SECONDS: u32 = 10;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "serve-fortunes") {
        return fortunes::serve(&args[i + 1], &args[i + 2]);
    }
    if Command::new("wrk").arg("--version").output().is_err() {
        eprintln!("wrk is needed: apt-get install wrk");
        std::process::exit(2);
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(run());
}

/// One measured figure.
struct Figure {
    name: String,
    value: String,
    goal: String,
    ok: Option<bool>,
}

fn figure(name: &str, value: String, goal: &str, ok: Option<bool>) -> Figure {
    Figure {
        name: name.to_string(),
        value,
        goal: goal.to_string(),
        ok,
    }
}

async fn run() {
    let dir = std::env::temp_dir().join(format!("tendo-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut figures = Vec::new();

    // The app's database: a few weeks of realistic data, like a runner in rehab.
    let app_db = dir.join("app.db").display().to_string();
    demo(&app_db, 6, 42);
    fortunes::seed(&app_db);

    // P4: exec to first 200 on /healthz, migrations included, then idle memory.
    let fresh_db = dir.join("fresh.db").display().to_string();
    let port = free_port();
    let started = Instant::now();
    let fresh = Server::start(&fresh_db, port, &[]);
    fresh.wait_healthy().await;
    let to_first = started.elapsed();
    drop(fresh);
    figures.push(figure(
        "P4 exec → first 200 on /healthz (with migrations)",
        format!("{:.0} ms", ms(to_first)),
        "≤ 300 ms",
        Some(ms(to_first) <= 300.0),
    ));

    let fortunes_port = free_port();
    let mut fortunes = Command::new(std::env::current_exe().unwrap())
        .args(["serve-fortunes", &app_db, &fortunes_port.to_string()])
        .spawn()
        .unwrap();
    support::wait_healthy(&format!("http://127.0.0.1:{fortunes_port}")).await;

    let port = free_port();
    let app = Server::start(&app_db, port, &[]);
    app.wait_healthy().await;
    let base = format!("http://127.0.0.1:{port}");
    // Idle: started, migrated, and its pages rendered once.
    let _ = reqwest::get(format!("{base}/login")).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let idle = rss_kib(app.child.id(), "VmRSS");
    figures.push(figure(
        "P4 idle RSS",
        format!("{:.1} MB", f64::from(idle) / 1024.0),
        "≤ 30 MB",
        Some(f64::from(idle) / 1024.0 <= 30.0),
    ));
    let runner = signed_in(&base, "runner1@tendo.example").await;
    let _ = runner.get(&base, "/today").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let after_login = rss_kib(app.child.id(), "VmRSS");
    figures.push(figure(
        "RSS after the first login (the hashing thread keeps 19 MiB)",
        format!("{:.1} MB", f64::from(after_login) / 1024.0),
        "–",
        None,
    ));

    // P1: /today against Fortunes at 64 connections, in alternating rounds: each round's ratio
    // compares two loads measured a few seconds apart, and the median round is reported, so a
    // burst of noise on the shared machine moves one round rather than the figure.
    let rounds: Vec<(Load, Load)> = (0..P1_ROUNDS)
        .map(|_| {
            let baseline = wrk(
                &format!("http://127.0.0.1:{fortunes_port}/fortunes"),
                &[],
                None,
            );
            let today = wrk(&format!("{base}/today"), &[runner.cookie_header()], None);
            assert_eq!(today.errors, 0, "/today answered errors under load");
            (baseline, today)
        })
        .collect();
    let ratios: Vec<f64> = rounds.iter().map(|(b, t)| t.rps / b.rps).collect();
    let (baseline, today) = &rounds[median_index(&ratios)];
    let ratio = today.rps / baseline.rps;
    let p99_ratios: Vec<f64> = rounds.iter().map(|(b, t)| t.p99_ms / b.p99_ms).collect();
    let p99_ratio = p99_ratios[median_index(&p99_ratios)];
    let each = |values: &[f64], unit: &str, scale: f64| {
        values
            .iter()
            .map(|v| format!("{:.1}{unit}", v * scale))
            .collect::<Vec<_>>()
            .join(" ")
    };
    figures.push(figure(
        "Baseline Fortunes req/s, p99 (median round)",
        format!("{:.0} req/s, {:.2} ms", baseline.rps, baseline.p99_ms),
        "–",
        None,
    ));
    figures.push(figure(
        "P1 /today req/s at 64 connections (ratio to Fortunes)",
        format!(
            "{:.0} req/s ({:.0} %; rounds {})",
            today.rps,
            ratio * 100.0,
            each(&ratios, "%", 100.0)
        ),
        "≥ 50 %",
        Some(ratio >= 0.5),
    ));
    figures.push(figure(
        "P1 /today p99 (ratio to Fortunes)",
        format!(
            "{:.2} ms ({:.1}×; rounds {})",
            today.p99_ms,
            p99_ratio,
            each(&p99_ratios, "×", 1.0)
        ),
        "≤ 3×",
        Some(p99_ratio <= 3.0),
    ));

    // P2: /today while 8 clients log in continuously.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let logins_5xx = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let logins = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut clients = Vec::new();
    for _ in 0..8 {
        let (base, stop, logins, logins_5xx) = (
            base.clone(),
            stop.clone(),
            logins.clone(),
            logins_5xx.clone(),
        );
        clients.push(tokio::spawn(async move {
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let status = login_once(&base, "runner2@tendo.example").await;
                logins.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if status >= 500 {
                    logins_5xx.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                }
            }
        }));
    }
    let pid = app.child.id();
    let busy = tokio::task::spawn_blocking({
        let url = format!("{base}/today");
        let cookie = runner.cookie_header();
        move || wrk(&url, &[cookie], None)
    })
    .await
    .unwrap();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for c in clients {
        c.await.unwrap();
    }
    let peak = f64::from(rss_kib(pid, "VmHWM")) / 1024.0;
    let kept = busy.rps / today.rps;
    let login_5xx = logins_5xx.load(std::sync::atomic::Ordering::Relaxed) as u64;
    figures.push(figure(
        "P2 /today req/s while 8 clients log in (of calm)",
        format!(
            "{:.0} req/s ({:.0} %), {} logins",
            busy.rps,
            kept * 100.0,
            logins.load(std::sync::atomic::Ordering::Relaxed)
        ),
        "≥ 50 %",
        Some(kept >= 0.5),
    ));
    figures.push(figure(
        "P2 /today p99 during logins",
        format!("{:.2} ms", busy.p99_ms),
        "≤ 25 ms",
        Some(busy.p99_ms <= 25.0),
    ));
    figures.push(figure(
        "P2 5xx answers (pages + logins)",
        format!("{}", busy.errors + login_5xx),
        "0",
        Some(busy.errors + login_5xx == 0),
    ));
    figures.push(figure(
        "P2 peak RSS",
        format!("{peak:.1} MB"),
        "≤ 200 MB",
        Some(peak <= 200.0),
    ));

    // P5: POST /sessions with synchronous=FULL.
    let writer = signed_in(&base, "runner3@tendo.example").await;
    let csrf = writer.csrf(&base).await;
    let script = dir.join("post.lua");
    std::fs::write(&script, post_script(&csrf)).unwrap();
    let posts = wrk(
        &format!("{base}/sessions"),
        &[writer.cookie_header()],
        Some((&script, 8)),
    );
    figures.push(figure(
        "P5 POST /sessions rate (8 connections, synchronous=FULL)",
        format!("{:.0} req/s, {} errors", posts.rps, posts.errors),
        "≥ 300/s",
        Some(posts.rps >= 300.0 && posts.errors == 0),
    ));
    figures.push(figure(
        "P5 POST /sessions p99",
        format!("{:.2} ms (median {:.2} ms)", posts.p99_ms, posts.p50_ms),
        "≤ 50 ms",
        Some(posts.p99_ms <= 50.0),
    ));
    let single = wrk(
        &format!("{base}/sessions"),
        &[writer.cookie_header()],
        Some((&script, 1)),
    );
    figures.push(figure(
        "P5 POST /sessions median, one connection",
        format!("{:.2} ms ({:.0} req/s)", single.p50_ms, single.rps),
        "–",
        None,
    ));
    let _ = fortunes.kill();
    let _ = fortunes.wait();
    drop(app);

    // P3: /clinic with 200 runners × one year.
    let big_db = dir.join("clinic.db").display().to_string();
    demo(&big_db, 200, 365);
    let port = free_port();
    let app = Server::start(&big_db, port, &[]);
    app.wait_healthy().await;
    let base = format!("http://127.0.0.1:{port}");
    let clinician = signed_in(&base, "demo-clinician@tendo.example").await;
    let median = median_ms(&base, &clinician, "/clinic", 41).await;
    figures.push(figure(
        "P3 /clinic median, 200 runners × 365 days",
        format!("{median:.1} ms"),
        "≤ 20 ms",
        Some(median <= 20.0),
    ));
    let demo_small = dir.join("demo-small.db").display().to_string();
    demo(&demo_small, 6, 70);
    drop(app);
    let port = free_port();
    let app = Server::start(&demo_small, port, &[]);
    app.wait_healthy().await;
    let base = format!("http://127.0.0.1:{port}");
    let clinician = signed_in(&base, "demo-clinician@tendo.example").await;
    let median = median_ms(&base, &clinician, "/clinic", 41).await;
    figures.push(figure(
        "P3 /clinic median, `tendo demo` data",
        format!("{median:.1} ms"),
        "–",
        None,
    ));
    drop(app);

    if let Some(pg) = std::env::var("TENDO_BENCH_POSTGRES")
        .ok()
        .or_else(|| std::env::var("TEST_DATABASE_URL").ok())
        .filter(|v| !v.is_empty())
    {
        figures.extend(instances(&pg).await);
    } else {
        println!("(set TENDO_BENCH_POSTGRES to add the PostgreSQL one-vs-two-instance figures)");
    }

    print_table(&figures);
    let _ = std::fs::remove_dir_all(&dir);
}

/// /today through nginx with one, then two instances on one PostgreSQL database.
async fn instances(pg: &str) -> Vec<Figure> {
    let Some(nginx) = support::nginx_binary() else {
        return Vec::new();
    };
    std::env::set_var("TEST_DATABASE_URL", pg);
    let database = common::TestDatabase::fresh();
    let db = database.url.clone();
    demo(&db, 6, 42);
    let (pa, pb) = (free_port(), free_port());
    let a = Server::start(&db, pa, &[]);
    a.wait_healthy().await;
    let one = Nginx::start(nginx, &[pa]);
    support::wait_healthy(&one.base()).await;
    let runner = signed_in(&one.base(), "runner1@tendo.example").await;
    let direct = wrk(
        &format!("http://127.0.0.1:{pa}/today"),
        &[runner.cookie_header()],
        None,
    );
    let single = wrk(
        &format!("{}/today", one.base()),
        &[runner.cookie_header()],
        None,
    );
    drop(one);
    let b = Server::start(&db, pb, &[]);
    b.wait_healthy().await;
    let two = Nginx::start(nginx, &[pa, pb]);
    support::wait_healthy(&two.base()).await;
    let double = wrk(
        &format!("{}/today", two.base()),
        &[runner.cookie_header()],
        None,
    );
    drop((a, b, two));
    vec![
        figure(
            "PG /today, one instance direct",
            format!("{:.0} req/s, p99 {:.2} ms", direct.rps, direct.p99_ms),
            "–",
            None,
        ),
        figure(
            "PG /today, one instance behind nginx",
            format!("{:.0} req/s, p99 {:.2} ms", single.rps, single.p99_ms),
            "–",
            None,
        ),
        figure(
            "PG /today, two instances behind nginx",
            format!(
                "{:.0} req/s, p99 {:.2} ms ({:.2}× one)",
                double.rps,
                double.p99_ms,
                double.rps / single.rps
            ),
            "report (2 cores: not expected to be faster)",
            None,
        ),
    ]
}

/// The index of the median of `values` (the lower middle one for an even count).
fn median_index(values: &[f64]) -> usize {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    order[(order.len() - 1) / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn demo(database_url: &str, runners: u32, days: u32) {
    let out = Command::new(env!("CARGO_BIN_EXE_tendo"))
        .args([
            "demo",
            "--runners",
            &runners.to_string(),
            "--days",
            &days.to_string(),
        ])
        .env("DATABASE_URL", database_url)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "tendo demo failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Kibibytes of a /proc/<pid>/status memory line (VmRSS now, VmHWM peak).
fn rss_kib(pid: u32, key: &str) -> u32 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{key}:")))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// A signed-in client: the session cookie value.
struct Session {
    cookie: String,
}

impl Session {
    fn cookie_header(&self) -> String {
        format!("Cookie: tendo_session={}", self.cookie)
    }
    async fn get(&self, base: &str, path: &str) -> String {
        reqwest::Client::new()
            .get(format!("{base}{path}"))
            .header("cookie", format!("tendo_session={}", self.cookie))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }
    async fn csrf(&self, base: &str) -> String {
        common::csrf_in(&self.get(base, "/account").await)
    }
}

async fn login_once(base: &str, email: &str) -> u16 {
    let c = support::client();
    let Ok(page) = c.get(format!("{base}/login")).send().await else {
        return 599;
    };
    let html = page.text().await.unwrap_or_default();
    let token = common::csrf_in(&html);
    let body = serde_html_form::to_string([
        ("csrf_token", token.as_str()),
        ("email", email),
        ("password", tendo::demo::PASSWORD),
    ])
    .unwrap();
    match c
        .post(format!("{base}/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
    {
        Ok(r) => r.status().as_u16(),
        Err(_) => 599,
    }
}

async fn signed_in(base: &str, email: &str) -> Session {
    let c = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = c.get(format!("{base}/login")).send().await.unwrap();
    let anon = page
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix("tendo_csrf="))
        .map(|v| v.split(';').next().unwrap_or("").to_string())
        .unwrap();
    let token = common::csrf_in(&page.text().await.unwrap());
    let body = serde_html_form::to_string([
        ("csrf_token", token.as_str()),
        ("email", email),
        ("password", tendo::demo::PASSWORD),
    ])
    .unwrap();
    let res = c
        .post(format!("{base}/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("cookie", format!("tendo_csrf={anon}"))
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 303, "bench login as {email}");
    let cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix("tendo_session="))
        .map(|v| v.split(';').next().unwrap_or("").to_string())
        .unwrap();
    Session { cookie }
}

/// The median of `n` sequential requests, after a warm-up.
async fn median_ms(base: &str, who: &Session, path: &str, n: usize) -> f64 {
    let c = reqwest::Client::new();
    let mut times = Vec::with_capacity(n);
    for i in 0..n + 3 {
        let started = Instant::now();
        let res = c
            .get(format!("{base}{path}"))
            .header("cookie", format!("tendo_session={}", who.cookie))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 200, "{path}");
        let _ = res.bytes().await.unwrap();
        if i >= 3 {
            times.push(ms(started.elapsed()));
        }
    }
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

/// What wrk measured.
struct Load {
    rps: f64,
    p50_ms: f64,
    p99_ms: f64,
    errors: u64,
}

fn wrk(url: &str, headers: &[String], script: Option<(&std::path::Path, u32)>) -> Load {
    let connections = script.map_or(CONNECTIONS, |(_, c)| c);
    let mut cmd = Command::new("wrk");
    let threads = connections.min(2);
    cmd.args([
        &format!("-t{threads}"),
        &format!("-c{connections}"),
        &format!("-d{SECONDS}s"),
        "--latency",
    ]);
    for h in headers {
        cmd.args(["-H", h]);
    }
    if let Some((path, _)) = script {
        cmd.arg("-s").arg(path);
    }
    let out = cmd.arg(url).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    parse_wrk(&text).unwrap_or_else(|| panic!("could not read wrk's output:\n{text}"))
}

fn parse_duration_ms(raw: &str) -> Option<f64> {
    let raw = raw.trim();
    let (num, factor) = if let Some(v) = raw.strip_suffix("us") {
        (v, 0.001)
    } else if let Some(v) = raw.strip_suffix("ms") {
        (v, 1.0)
    } else if let Some(v) = raw.strip_suffix('s') {
        (v, 1000.0)
    } else {
        return None;
    };
    num.parse::<f64>().ok().map(|n| n * factor)
}

fn parse_wrk(text: &str) -> Option<Load> {
    let rps = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("Requests/sec:"))?
        .trim()
        .parse()
        .ok()?;
    let p99_ms = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("99%"))
        .and_then(parse_duration_ms)?;
    let p50_ms = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("50%"))
        .and_then(parse_duration_ms)?;
    let non_2xx: u64 = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("Non-2xx or 3xx responses:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    let socket: u64 = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("Socket errors:"))
        .map(|v| {
            v.split(',')
                .filter_map(|p| p.split_whitespace().last()?.parse::<u64>().ok())
                .sum()
        })
        .unwrap_or(0);
    Some(Load {
        rps,
        p50_ms,
        p99_ms,
        errors: non_2xx + socket,
    })
}

/// A wrk script posting a two-set session, each request with its own submission id.
fn post_script(csrf: &str) -> String {
    let day = chrono::Utc::now().date_naive().format("%Y-%m-%d");
    format!(
        r#"local counter = 0
local thread_id = 0
local threads = {{}}
function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
request = function()
  counter = counter + 1
  local body = "csrf_token={csrf}&performed_on={day}&notes=&submission_id=bench-" .. tostring(tid) .. "-" .. tostring(counter) ..
    "-" .. tostring(math.random(1, 1000000000)) ..
    "&exercise=top-iso-hold&set_side=right&reps=&hold_seconds=45&load=10&rpe=8&pain=2" ..
    "&exercise=tempo-calf-raise&set_side=right&reps=8&hold_seconds=&load=5&rpe=8&pain=2"
  return wrk.format(nil, nil, nil, body)
end
"#
    )
}

fn print_table(figures: &[Figure]) {
    let w = figures
        .iter()
        .map(|f| f.name.chars().count())
        .max()
        .unwrap_or(10);
    let v = figures
        .iter()
        .map(|f| f.value.chars().count())
        .max()
        .unwrap_or(10);
    println!(
        "\nTendo benchmark ({} cores, wrk -t2 -c{CONNECTIONS} -d{SECONDS}s)\n",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!(
        "{:<w$}  {:<v$}  {:<12}  result",
        "figure", "measured", "goal"
    );
    for f in figures {
        let verdict = match f.ok {
            Some(true) => "met",
            Some(false) => "MISSED",
            None => "",
        };
        println!("{:<w$}  {:<v$}  {:<12}  {verdict}", f.name, f.value, f.goal);
    }
}

/// The baseline: TechEmpower's Fortunes on the same stack.
mod fortunes {
    use actix_web::{web, App, HttpResponse, HttpServer};
    use askama::Template;
    use diesel::connection::SimpleConnection;
    use diesel::prelude::*;
    use tendo::store::{DatabaseUrl, DbConn, PoolSettings, Store};

    diesel::table! {
        fortune (id) {
            id -> Integer,
            message -> Text,
        }
    }

    const MESSAGES: [&str; 12] = [
        "fortune: No such file or directory",
        "A computer scientist is someone who fixes things that aren't broken.",
        "After enough decimal places, nobody gives a damn.",
        "A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1",
        "A computer program does what you tell it to do, not what you want it to do.",
        "Emacs is a nice operating system, but I prefer UNIX. — Tom Christaensen",
        "Any program that runs right is obsolete.",
        "A list is only as strong as its weakest link. — Donald Knuth",
        "Feature: A bug with seniority.",
        "Computers make very fast, very accurate mistakes.",
        "<script>alert(\"This should not be displayed in a browser alert box.\");</script>",
        "フレームワークのベンチマーク",
    ];

    pub fn seed(database_url: &str) {
        let store = open(database_url);
        let mut conn = store.conn().unwrap();
        conn.batch_execute(
            "CREATE TABLE IF NOT EXISTS fortune (id INTEGER PRIMARY KEY, message TEXT NOT NULL)",
        )
        .unwrap();
        for (i, m) in MESSAGES.iter().enumerate() {
            diesel::insert_into(fortune::table)
                .values((fortune::id.eq(i as i32 + 1), fortune::message.eq(*m)))
                .execute(&mut *conn)
                .unwrap();
        }
    }

    fn open(database_url: &str) -> Store {
        Store::open(
            &DatabaseUrl::parse(database_url),
            &PoolSettings {
                max_size: 10,
                connection_timeout: std::time::Duration::from_secs(5),
            },
        )
        .unwrap()
    }

    #[derive(Template)]
    #[template(
        source = "<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table><tr><th>id</th><th>message</th></tr>{% for f in fortunes %}<tr><td>{{ f.0 }}</td><td>{{ f.1 }}</td></tr>{% endfor %}</table></body></html>",
        ext = "html"
    )]
    struct FortunesPage {
        fortunes: Vec<(i32, String)>,
    }

    async fn page(store: web::Data<Store>) -> HttpResponse {
        let rows = store
            .run(|conn| {
                // On the backend's own connection, as Tendo's per-request lookup runs: through
                // the multi-backend wrapper every query would write out and hash its SQL.
                let query = fortune::table.select((fortune::id, fortune::message));
                Ok(match conn {
                    DbConn::Sqlite(c) => query.load::<(i32, String)>(c)?,
                    DbConn::Postgres(c) => query.load::<(i32, String)>(c)?,
                })
            })
            .await;
        let Ok(mut fortunes) = rows else {
            return HttpResponse::ServiceUnavailable().finish();
        };
        fortunes.push((0, "Additional fortune added at request time.".to_string()));
        fortunes.sort_by(|a, b| a.1.cmp(&b.1));
        match (FortunesPage { fortunes }).render() {
            Ok(body) => HttpResponse::Ok()
                .content_type("text/html; charset=utf-8")
                .body(body),
            Err(_) => HttpResponse::InternalServerError().finish(),
        }
    }

    async fn healthz() -> HttpResponse {
        HttpResponse::Ok().body("ok")
    }

    pub fn serve(database_url: &str, port: &str) {
        let store = web::Data::new(open(database_url));
        actix_web::rt::System::new().block_on(async move {
            HttpServer::new(move || {
                App::new()
                    .app_data(store.clone())
                    .route("/fortunes", web::get().to(page))
                    .route("/healthz", web::get().to(healthz))
            })
            .workers(2)
            .bind(("127.0.0.1", port.parse::<u16>().unwrap()))
            .unwrap()
            .run()
            .await
            .unwrap();
        });
    }
}
