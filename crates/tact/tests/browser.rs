//! The review desk in headless Chromium, end to end, through chromedriver (WebDriver).
//!
//! Starts the real `tact serve --demo` (SQLite, temporary data directory, free port) and
//! chromedriver (free port), then: the writer signs in, writes an unsafe reply to a review,
//! sees the highlight and the finding, applies a safe version with one click, adds a sentence a
//! reviewer must look at, and submits; the reviewer signs in and approves; the compliance
//! officer opens the audit page (reviewers have no access to it), downloads the export and
//! verifies the chain; finally `tact audit verify` on the data directory exits 0.
//!
//! Needs `/usr/bin/chromium` and `/usr/bin/chromedriver` (Debian's `chromium` and
//! `chromium-driver`; `scripts/chromium` installs them) or `TACT_CHROMIUM` and
//! `TACT_CHROMEDRIVER`. Without them the test fails, saying so. A PNG screenshot of every page
//! visited goes to `browser-screenshots/` in the cargo target directory (the path is printed).

mod common;

use common::{start, stop, tact, tempfile_dir, Server};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Fails the test with `Browser::failure`'s message: `fail!(browser, "format", args..)`.
macro_rules! fail {
    ($b:expr, $($arg:tt)*) => {
        panic!("{}", $b.failure(&format!($($arg)*)).await)
    };
}

/// How long one step may wait for the page.
const STEP_TIMEOUT: Duration = Duration::from_secs(20);

const REVIEW: &str = "Dr. Bell rushed my knee replacement consult and the front desk lost my \
                      paperwork. Two stars.";
/// Names the reviewer's procedure: confirms they are a patient (acknowledgement, block).
const UNSAFE_REPLY: &str = "We're sorry your knee replacement consult felt rushed. We will look \
                            into your paperwork.";
/// Argues with the reviewer (professionalism, review): a reviewer must approve it.
const ADDED: &str = " Honestly, that's not what happened.";

fn env_or(var: &str, default: &str) -> PathBuf {
    std::env::var_os(var).map_or_else(|| PathBuf::from(default), PathBuf::from)
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .expect("bind a free port")
        .local_addr()
        .unwrap()
        .port()
}

/// Kills chromedriver and the Chromium it started when the test ends, passed or not: the
/// driver runs in its own process group, which Chromium inherits, and the whole group goes.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let group = format!("-{}", self.0.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_chromedriver(driver: &Path, port: u16, log: &Path) -> Driver {
    let log_file = std::fs::File::create(log).expect("create the chromedriver log");
    let child = Command::new(driver)
        .arg(format!("--port={port}"))
        .process_group(0)
        .stdout(log_file.try_clone().unwrap())
        .stderr(log_file)
        .stdin(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "cannot start chromedriver at {}: {e}; run scripts/chromium (installs Debian's \
                 chromium and chromium-driver) or set TACT_CHROMEDRIVER",
                driver.display()
            )
        });
    let driver_guard = Driver(child);
    let deadline = Instant::now() + STEP_TIMEOUT;
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "chromedriver did not listen on port {port} within {STEP_TIMEOUT:?}; log: {}",
            std::fs::read_to_string(log).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    driver_guard
}

/// The browser session, the desk's base URL, and where screenshots go.
struct Browser {
    client: Client,
    base: String,
    shots: PathBuf,
    shot_count: usize,
    step: String,
}

impl Browser {
    fn step(&mut self, step: &str) {
        eprintln!("browser test: {step}");
        self.step = step.to_owned();
    }

    /// The failure message naming the step, what was expected, the URL and the page's text;
    /// saves a screenshot of the failure first. Used as `fail!(b, ..)`.
    async fn failure(&mut self, what: &str) -> String {
        let url = self
            .client
            .current_url()
            .await
            .map_or_else(|e| format!("(no URL: {e})"), |u| u.to_string());
        let text = self
            .client
            .execute(
                "return document.body ? document.body.innerText : '';",
                vec![],
            )
            .await
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        let text: String = text.chars().take(3000).collect();
        self.shot("FAILED").await;
        format!(
            "browser test failed at step \"{}\": {what}\n  URL: {url}\n  screenshots: {}\n  page text:\n{text}",
            self.step,
            self.shots.display()
        )
    }

    async fn shot(&mut self, name: &str) {
        self.shot_count += 1;
        let path = self
            .shots
            .join(format!("{:02}-{name}.png", self.shot_count));
        match self.client.screenshot().await {
            Ok(png) => std::fs::write(&path, png).expect("write the screenshot"),
            Err(e) => eprintln!("browser test: no screenshot {}: {e}", path.display()),
        }
    }

    async fn goto(&mut self, path: &str) {
        let url = format!("{}{path}", self.base);
        if let Err(e) = self.client.goto(&url).await {
            fail!(self, "cannot open {url}: {e}");
        }
    }

    async fn js(&mut self, script: &str, args: Vec<Value>) -> Value {
        match self.client.execute(script, args).await {
            Ok(v) => v,
            Err(e) => fail!(self, "script failed: {e}\n{script}"),
        }
    }

    /// Polls `condition` (a JavaScript expression) until it is truthy; returns its value.
    async fn wait_for(&mut self, what: &str, condition: &str) -> Value {
        let script = format!("return ({condition});");
        let deadline = Instant::now() + STEP_TIMEOUT;
        loop {
            if let Ok(v) = self.client.execute(&script, vec![]).await {
                let truthy = match &v {
                    Value::Null => false,
                    Value::Bool(b) => *b,
                    Value::String(s) => !s.is_empty(),
                    Value::Number(n) => n.as_f64() != Some(0.0),
                    _ => true,
                };
                if truthy {
                    return v;
                }
            }
            if Instant::now() >= deadline {
                fail!(
                    self,
                    "timed out after {STEP_TIMEOUT:?} waiting for {what} ({condition})"
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    async fn find(&mut self, css: &str) -> fantoccini::elements::Element {
        match self.client.find(Locator::Css(css)).await {
            Ok(e) => e,
            Err(e) => fail!(self, "no element {css}: {e}"),
        }
    }

    async fn click(&mut self, css: &str) {
        let el = self.find(css).await;
        if let Err(e) = el.click().await {
            fail!(self, "cannot click {css}: {e}");
        }
    }

    async fn type_into(&mut self, css: &str, text: &str) {
        let el = self.find(css).await;
        if let Err(e) = el.send_keys(text).await {
            fail!(self, "cannot type into {css}: {e}");
        }
    }

    async fn select(&mut self, css: &str, value: &str) {
        let el = self.find(css).await;
        if let Err(e) = el.select_by_value(value).await {
            fail!(self, "cannot select {value} in {css}: {e}");
        }
    }

    async fn sign_in(&mut self, email: &str, password: &str) {
        self.step(&format!("sign in as {email}"));
        self.goto("/login").await;
        self.wait_for("the sign-in form", "document.getElementById('login-form')")
            .await;
        self.shot(&format!("login-{}", email.split('@').next().unwrap()))
            .await;
        self.type_into("#email", email).await;
        self.type_into("#password", password).await;
        self.click("#login-submit").await;
        self.wait_for(
            "the drafts page after signing in",
            "location.pathname === '/drafts' && document.querySelector('[data-test=user-name]')",
        )
        .await;
        self.shot("drafts").await;
    }

    async fn sign_out(&mut self) {
        self.step("sign out");
        self.click("#logout").await;
        self.wait_for(
            "the sign-in page after signing out",
            "location.pathname === '/login' && document.getElementById('login-form')",
        )
        .await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn review_desk_in_headless_chromium() {
    let started = Instant::now();
    let chromium = env_or("TACT_CHROMIUM", "/usr/bin/chromium");
    let chromedriver = env_or("TACT_CHROMEDRIVER", "/usr/bin/chromedriver");
    for (what, path, var) in [
        ("Chromium", &chromium, "TACT_CHROMIUM"),
        ("chromedriver", &chromedriver, "TACT_CHROMEDRIVER"),
    ] {
        assert!(
            path.is_file(),
            "{what} is missing at {}: run scripts/chromium (installs Debian's chromium and \
             chromium-driver), or set {var}",
            path.display()
        );
    }

    let shots = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target directory")
        .join("browser-screenshots");
    let _ = std::fs::remove_dir_all(&shots);
    std::fs::create_dir_all(&shots).unwrap();
    eprintln!("browser test: screenshots in {}", shots.display());

    let tmp = tempfile_dir();
    let data = tmp.join("data");
    let downloads = tmp.join("downloads");
    std::fs::create_dir_all(&downloads).unwrap();
    let (server, addr) = start(&data);

    let port = free_port();
    let driver_log = tmp.join("chromedriver.log");
    let driver = start_chromedriver(&chromedriver, port, &driver_log);
    let caps = json!({
        "goog:chromeOptions": {
            "binary": chromium,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-dev-shm-usage",
                "--window-size=1280,1000",
            ],
            "prefs": {
                "download.default_directory": downloads,
                "download.prompt_for_download": false,
            },
        }
    });
    let caps = match caps {
        Value::Object(m) => m,
        _ => unreachable!(),
    };
    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .unwrap_or_else(|e| {
            panic!(
                "chromedriver could not start Chromium ({}): {e}; chromedriver log: {}",
                chromium.display(),
                std::fs::read_to_string(&driver_log).unwrap_or_default()
            )
        });
    let mut b = Browser {
        client,
        base: format!("http://{addr}"),
        shots: shots.clone(),
        shot_count: 0,
        step: "start".into(),
    };

    let draft_id = writer_flow(&mut b).await;
    reviewer_flow(&mut b, &draft_id).await;
    audit_flow(&mut b, &downloads, &draft_id).await;

    let _ = b.client.close().await;
    drop(driver);
    finish(server, &data);
    let pngs = std::fs::read_dir(&shots).unwrap().count();
    eprintln!(
        "browser test: passed in {:.1} s; {pngs} screenshots in {}",
        started.elapsed().as_secs_f64(),
        shots.display()
    );
    let _ = std::fs::remove_dir_all(&tmp);
}

/// The writer: an unsafe reply, its highlight and finding, a safe version in one click, a
/// sentence a reviewer must see, submit. Returns the draft's id.
async fn writer_flow(b: &mut Browser) -> String {
    b.sign_in("writer@demo.tact", "demo-writer-pass").await;

    b.step("open the editor");
    b.click("#nav-new").await;
    b.wait_for(
        "the editor",
        "location.pathname === '/drafts/new' && document.getElementById('editor')",
    )
    .await;
    b.shot("editor-new").await;

    b.step("write an unsafe reply to a review");
    b.select("#kind", "reply").await;
    b.wait_for(
        "the review field to show",
        "!document.getElementById('replying-wrap').hidden",
    )
    .await;
    let accounts = b
        .js(
            "return document.querySelectorAll('#account option').length;",
            vec![],
        )
        .await;
    if accounts.as_u64().unwrap_or(0) > 1 {
        let el = b.find("#account").await;
        if let Err(e) = el.select_by_index(1).await {
            fail!(b, "cannot pick the account: {e}");
        }
    }
    b.type_into("#replying-to", REVIEW).await;
    b.type_into("#draft-text", UNSAFE_REPLY).await;

    b.step("wait for the debounced check: highlight and finding");
    let marked = b
        .wait_for(
            "a highlight in the text",
            "Array.from(document.querySelectorAll('#preview mark[data-finding]'))\
             .map(m => m.textContent).join('|')",
        )
        .await;
    let marked = marked.as_str().unwrap_or_default().to_owned();
    if !marked.contains("knee replacement") {
        fail!(
            b,
            "the highlight should cover the procedure, marks: {marked}"
        );
    }
    b.wait_for(
        "the acknowledgement finding in the list",
        "document.querySelector('#findings li[data-rule=acknowledgement]')",
    )
    .await;
    b.wait_for(
        "the verdict to say blocked",
        "document.getElementById('verdict').classList.contains('block')",
    )
    .await;
    b.shot("editor-finding").await;

    b.step("apply a safe version with one click");
    let suggestion = b
        .wait_for(
            "a safe version to use",
            "(document.querySelector('#suggestions li p') || {}).textContent",
        )
        .await;
    let suggestion = suggestion.as_str().unwrap().to_owned();
    let listed = b
        .js(
            "return Array.from(document.querySelectorAll('#suggestions li p'), p => p.textContent);",
            vec![],
        )
        .await;
    let listed: Vec<String> = serde_json::from_value(listed).unwrap_or_default();
    let mut distinct = listed.clone();
    distinct.sort();
    distinct.dedup();
    if distinct.len() != listed.len() {
        fail!(b, "each safe version should be listed once: {listed:?}");
    }
    b.click("[data-test=use-suggestion]").await;
    let cond = format!(
        "document.getElementById('draft-text').value === {s} \
         && document.getElementById('verdict').classList.contains('pass') \
         && document.querySelectorAll('#findings li[data-rule]').length === 0 \
         && document.querySelectorAll('#findings li').length === 1 \
         && document.getElementById('no-findings').textContent === 'No findings: ready to submit.' \
         && document.querySelectorAll('#preview mark').length === 0",
        s = serde_json::to_string(&suggestion).unwrap()
    );
    b.wait_for(
        "the finding to be gone after the safe version, and the editor to say so",
        &cond,
    )
    .await;
    b.shot("editor-safe-version").await;

    b.step("add a sentence a reviewer must approve");
    b.type_into("#draft-text", ADDED).await;
    b.wait_for(
        "the professionalism finding and the review verdict",
        "document.querySelector('#findings li[data-rule=professionalism]') \
         && document.getElementById('verdict').classList.contains('review') \
         && !document.querySelector('#findings li[data-rule=acknowledgement]')",
    )
    .await;
    b.shot("editor-review").await;

    b.step("submit");
    b.click("#submit-draft").await;
    let id = b
        .wait_for(
            "the draft page after submitting",
            "/^\\/drafts\\/[^/]+$/.test(location.pathname) && location.pathname !== '/drafts/new' \
             && document.getElementById('draft-status') && location.pathname.split('/')[2]",
        )
        .await;
    let id = id.as_str().unwrap().to_owned();
    b.wait_for(
        "the status in_review",
        "document.getElementById('draft-status').textContent.trim() === 'in_review'",
    )
    .await;
    let body = b
        .js(
            "return document.getElementById('draft-body').textContent;",
            vec![],
        )
        .await;
    let expected = format!("{suggestion}{ADDED}");
    if body.as_str() != Some(expected.as_str()) {
        fail!(b, "the submitted text should be {expected:?}, is {body}");
    }
    b.shot("draft-submitted").await;
    b.sign_out().await;
    id
}

/// The reviewer approves the writer's draft; reviewers get no Audit link.
async fn reviewer_flow(b: &mut Browser, draft_id: &str) {
    b.sign_in("reviewer@demo.tact", "demo-reviewer-pass").await;
    b.step("the reviewer has no audit link");
    let audit_link = b
        .js("return !!document.getElementById('nav-audit');", vec![])
        .await;
    if audit_link != Value::Bool(false) {
        fail!(b, "a reviewer should not see the Audit link");
    }

    b.step("open the submitted draft");
    b.goto(&format!("/drafts/{draft_id}")).await;
    b.wait_for(
        "the decision form",
        "document.getElementById('decide-form') && document.getElementById('draft-status')",
    )
    .await;
    b.shot("draft-to-review").await;

    b.step("approve");
    b.click("#decide-form input[name=decision][value=approve]")
        .await;
    b.type_into("#decide-reason", "Reviewed: fine to post.")
        .await;
    b.click("#decide-submit").await;
    b.wait_for(
        "the status approved",
        "document.getElementById('draft-status').textContent.trim() === 'approved'",
    )
    .await;
    b.wait_for(
        "the recorded decision",
        "document.querySelector('[data-test=decision]')",
    )
    .await;
    b.shot("draft-approved").await;
    b.sign_out().await;
}

/// The compliance officer: the audit page, the export download, verify.
async fn audit_flow(b: &mut Browser, downloads: &Path, draft_id: &str) {
    b.sign_in("compliance@demo.tact", "demo-compliance-pass")
        .await;
    b.step("open the audit page");
    b.click("#nav-audit").await;
    b.wait_for(
        "the audit page with the chain head",
        "location.pathname === '/audit' && document.getElementById('head-seq')",
    )
    .await;
    b.shot("audit").await;

    b.step("export the audit events");
    b.click("#export-submit").await;
    let file = downloads.join("events.jsonl");
    let deadline = Instant::now() + STEP_TIMEOUT;
    // Chromium writes `*.crdownload` first and renames it when done.
    while !file.is_file() {
        if Instant::now() >= deadline {
            let seen: Vec<_> = std::fs::read_dir(downloads)
                .map(|d| d.flatten().map(|e| e.file_name()).collect())
                .unwrap_or_default();
            fail!(
                b,
                "no events.jsonl downloaded to {} within {STEP_TIMEOUT:?} (found {seen:?})",
                downloads.display()
            );
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let jsonl = std::fs::read_to_string(&file).unwrap();
    let events: Vec<Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).expect("each exported line is JSON"))
        .collect();
    if events.is_empty() {
        fail!(b, "the export is empty");
    }
    let mentions = |action: &str| {
        events
            .iter()
            .any(|e| e.to_string().contains(draft_id) && e.to_string().contains(action))
    };
    for action in ["submit", "approve"] {
        if !mentions(action) {
            fail!(b, "the export has no {action} event for draft {draft_id}");
        }
    }
    for e in &events {
        if e.get("hash").is_none() || e.get("prev_hash").is_none() {
            fail!(b, "an exported event without its hashes: {e}");
        }
    }
    if jsonl.contains("knee replacement") {
        fail!(b, "post text leaked into the audit export");
    }

    b.step("verify the chain");
    // The export is itself an event: reload so the head shown includes it.
    b.goto("/audit").await;
    let head = b
        .wait_for(
            "the chain head",
            "document.getElementById('head-seq').textContent.trim()",
        )
        .await;
    b.click("#verify-chain").await;
    let result = b
        .wait_for(
            "the verify result",
            "(r => r.className === 'ok' || r.className === 'error' ? r.textContent : '')\
             (document.getElementById('verify-result'))",
        )
        .await;
    let result = result.as_str().unwrap_or_default().to_owned();
    b.shot("audit-verified").await;
    if !result.starts_with("The chain verifies") {
        fail!(b, "the chain should verify, the page says: {result}");
    }
    let head = head.as_str().unwrap_or_default();
    if !result.contains(&format!("{head} events")) {
        fail!(
            b,
            "the verify result should count the {head} events of the head shown: {result}"
        );
    }
    b.sign_out().await;
}

/// Stops the desk and runs `tact audit verify` on its data directory.
fn finish(server: Server, data: &Path) {
    stop(server);
    let out = tact()
        .args(["audit", "verify", "--data-dir"])
        .arg(data)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "tact audit verify after the browser run: {stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("audit chain verified"), "{stdout}");
}
