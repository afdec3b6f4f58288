//! Integration tests of the `tact` binary: exit statuses, input errors, output formats,
//! JSON Lines streaming, profile errors, rule documentation, redaction and the roster.
//!
//! Every command runs in a fresh scratch folder (so no `./tact.toml` is picked up) with the
//! `TACT_PROFILE` and `TACT_REDACT_KEY` variables removed.

use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A post naming a patient next to a procedure: blocked by `patient-name` today.
const NAMED: &str = "Maria Delgado dropped off cookies for the whole team today!";
/// A post with nothing to flag.
const CLEAN: &str = "Flu shots are in this week.";

/// A scratch folder removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("tact-cli-test-{}-{n}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create the scratch folder");
        Scratch(dir)
    }

    fn path(&self, file: &str) -> PathBuf {
        self.0.join(file)
    }

    fn write(&self, file: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(file);
        std::fs::write(&p, bytes).expect("write a scratch file");
        p
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs `tact` in `dir` with the given arguments, standard input and extra environment.
fn tact_in(dir: &Path, args: &[&str], stdin: &[u8], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tact"));
    cmd.args(args)
        .current_dir(dir)
        .env_remove("TACT_PROFILE")
        .env_remove("TACT_REDACT_KEY")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("run tact");
    let mut pipe = child.stdin.take().expect("stdin");
    let data = stdin.to_vec();
    // Write from another thread so a large input cannot deadlock against a full stdout pipe.
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&data);
    });
    let out = child.wait_with_output().expect("wait for tact");
    writer.join().expect("stdin writer");
    out
}

/// Runs `tact` in a fresh scratch folder.
fn tact(args: &[&str], stdin: &[u8]) -> Output {
    let dir = Scratch::new("run");
    tact_in(&dir.0, args, stdin, &[])
}

fn code(out: &Output) -> i32 {
    out.status.code().expect("tact exited with a status")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("stderr is UTF-8")
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("stdout is not JSON ({e}):\n{}", stdout(out));
    })
}

/// The JSON lines of a `--jsonl` run.
fn json_lines(out: &Output) -> Vec<Value> {
    stdout(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

fn demo_profile() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/demo-practice/tact.toml")
        .canonicalize()
        .expect("the demo profile exists")
}

/// The substring of `text` between two code-point offsets.
fn chars_between(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

fn rules_of(report: &Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["rule"].as_str().expect("rule").to_string())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Exit statuses

#[test]
fn clean_post_exits_0() {
    let out = tact(&["check", "-"], CLEAN.as_bytes());
    assert_eq!(code(&out), 0, "stderr: {}", stderr(&out));
    assert_eq!(stdout(&out), "<stdin>: pass (0 findings)\n");
}

#[test]
fn post_naming_a_patient_exits_1() {
    let out = tact(&["check", "-"], NAMED.as_bytes());
    assert_eq!(code(&out), 1, "stderr: {}", stderr(&out));
    assert!(stdout(&out).contains("block[patient-name]"));
    assert!(stdout(&out).ends_with("<stdin>: blocked (1 finding)\n"));
}

#[test]
fn clean_file_and_named_file_together_exit_1() {
    let dir = Scratch::new("two-files");
    dir.write("clean.txt", CLEAN);
    dir.write("named.txt", NAMED);
    let out = tact_in(&dir.0, &["check", "clean.txt", "named.txt"], b"", &[]);
    assert_eq!(code(&out), 1);
    let s = stdout(&out);
    assert!(s.contains("clean.txt: pass (0 findings)\n"), "{s}");
    assert!(s.contains("named.txt: blocked (1 finding)\n"), "{s}");
}

#[test]
fn unknown_flag_exits_2() {
    let out = tact(&["check", "--nope", "-"], CLEAN.as_bytes());
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("--nope"), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
}

#[test]
fn unknown_subcommand_exits_2() {
    let out = tact(&["chekc"], b"");
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("chekc"), "{}", stderr(&out));
}

#[test]
fn unknown_rule_exits_2() {
    let out = tact(&["rule", "nope"], b"");
    assert_eq!(code(&out), 2);
    assert_eq!(
        stderr(&out),
        "tact: no rule \"nope\"; `tact rules` lists them\n"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn close_rule_id_gets_a_suggestion() {
    let out = tact(&["rule", "patient"], b"");
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("did you mean") && stderr(&out).contains("patient-name"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn missing_file_exits_2_naming_it() {
    let out = tact(&["check", "no-such-file.txt"], b"");
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("no-such-file.txt"),
        "{}",
        stderr(&out)
    );
}

// ---------------------------------------------------------------------------------------------
// Input errors and limits

#[test]
fn invalid_utf8_file_exits_2_with_file_and_byte_offset() {
    let dir = Scratch::new("bad-utf8");
    // "café " with a Latin-1 é: byte 3 is 0xE9 followed by a space, not a continuation.
    dir.write("bad.txt", b"caf\xe9 Maria Delgado");
    let out = tact_in(&dir.0, &["check", "bad.txt"], b"", &[]);
    assert_eq!(code(&out), 2);
    assert_eq!(stderr(&out), "tact: bad.txt: invalid UTF-8 at byte 3\n");
    assert!(out.stdout.is_empty());
}

#[test]
fn invalid_utf8_on_stdin_names_stdin_and_offset() {
    let out = tact(&["check", "-"], b"Hello \xff\xfe world");
    assert_eq!(code(&out), 2);
    assert_eq!(stderr(&out), "tact: <stdin>: invalid UTF-8 at byte 6\n");
}

#[test]
fn invalid_utf8_after_multibyte_text_counts_bytes() {
    let dir = Scratch::new("bad-utf8-late");
    // "é" is 2 bytes and "🎉" 4: the bad byte is at 1 + 2 + 4 + 1 = 8.
    dir.write("late.txt", b"\x61\xc3\xa9\xf0\x9f\x8e\x89 \x80 rest");
    let out = tact_in(&dir.0, &["check", "late.txt"], b"", &[]);
    assert_eq!(code(&out), 2);
    assert_eq!(stderr(&out), "tact: late.txt: invalid UTF-8 at byte 8\n");
}

#[test]
fn empty_input_passes() {
    let out = tact(&["check", "-"], b"");
    assert_eq!(code(&out), 0, "stderr: {}", stderr(&out));
    assert_eq!(stdout(&out), "<stdin>: pass (0 findings)\n");
}

#[test]
fn empty_file_passes_as_json() {
    let dir = Scratch::new("empty");
    dir.write("empty.txt", b"");
    let out = tact_in(
        &dir.0,
        &["check", "--format", "json", "empty.txt"],
        b"",
        &[],
    );
    assert_eq!(code(&out), 0);
    let report = json(&out);
    assert_eq!(report["verdict"], "pass");
    assert_eq!(report["findings"], Value::Array(vec![]));
    assert_eq!(report["entities"], Value::Array(vec![]));
}

#[test]
fn file_over_max_bytes_exits_2_naming_the_limit() {
    let dir = Scratch::new("too-big");
    dir.write("big.txt", NAMED); // 45 bytes
    let out = tact_in(&dir.0, &["check", "--max-bytes", "10", "big.txt"], b"", &[]);
    assert_eq!(code(&out), 2);
    assert_eq!(
        stderr(&out),
        "tact: big.txt: the text is 59 bytes, over the limit of 10 bytes\n"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn file_at_max_bytes_is_accepted() {
    let dir = Scratch::new("at-limit");
    dir.write("exact.txt", CLEAN);
    let limit = CLEAN.len().to_string();
    let out = tact_in(
        &dir.0,
        &["check", "--max-bytes", &limit, "exact.txt"],
        b"",
        &[],
    );
    assert_eq!(code(&out), 0, "stderr: {}", stderr(&out));
}

// ---------------------------------------------------------------------------------------------
// Output formats

#[test]
fn json_report_has_schema_and_code_point_offsets() {
    // Two emoji (4 bytes each) and an accent (2 bytes) before the name: byte offsets would
    // be 35..48, code-point offsets are 28..41.
    let text = "🎉🎉 Félicitations! Thanks to Maria Delgado for the chemo ward cookies!";
    let out = tact(&["check", "--format", "json", "-"], text.as_bytes());
    assert_eq!(code(&out), 1, "stderr: {}", stderr(&out));
    let report = json(&out);
    assert_eq!(report["schema_version"], "1.1");
    assert_eq!(report["id"], "<stdin>");
    assert_eq!(report["kind"], "post");
    assert_eq!(report["verdict"], "block");
    let findings = report["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 1, "{report:#}");
    let f = &findings[0];
    assert_eq!(f["rule"], "patient-name");
    assert_eq!(f["severity"], "block");
    assert_eq!(f["entity_type"], "PERSON");
    assert_eq!(f["start"], 28);
    assert_eq!(f["end"], 41);
    assert!(f["message"].as_str().is_some_and(|m| !m.is_empty()));
    assert!(f["fix"].as_str().is_some_and(|m| !m.is_empty()));
    assert_eq!(chars_between(text, 28, 41), "Maria Delgado");

    let entities = report["entities"].as_array().expect("entities");
    let person = entities
        .iter()
        .find(|e| e["type"] == "PERSON")
        .expect("a PERSON entity");
    assert_eq!(person["start"], 28);
    assert_eq!(person["end"], 41);
    assert_eq!(person["recognizer"], "person");
    let chemo = entities
        .iter()
        .find(|e| e["type"] == "PROCEDURE")
        .expect("a PROCEDURE entity");
    assert_eq!(
        chars_between(
            text,
            chemo["start"].as_u64().unwrap() as usize,
            chemo["end"].as_u64().unwrap() as usize
        ),
        "chemo"
    );
}

#[test]
fn json_for_several_files_is_an_array_in_order() {
    let dir = Scratch::new("json-array");
    dir.write("a.txt", NAMED);
    dir.write("b.txt", CLEAN);
    let out = tact_in(
        &dir.0,
        &["check", "--format", "json", "a.txt", "b.txt"],
        b"",
        &[],
    );
    assert_eq!(code(&out), 1);
    let reports = json(&out);
    let reports = reports.as_array().expect("an array");
    assert_eq!(reports.len(), 2);
    assert_eq!(reports[0]["id"], "a.txt");
    assert_eq!(reports[0]["verdict"], "block");
    assert_eq!(reports[1]["id"], "b.txt");
    assert_eq!(reports[1]["verdict"], "pass");
}

#[test]
fn sarif_output_is_valid_2_1_0_with_regions() {
    // The finding is on line 2, after an emoji: columns count code points.
    let text = "Big week at the clinic.\n🎉 Treats from Maria Delgado made our day!\n";
    let out = tact(&["check", "--format", "sarif", "-"], text.as_bytes());
    assert_eq!(code(&out), 1, "stderr: {}", stderr(&out));
    let log = json(&out);
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().is_some_and(|s| s.contains("sarif")));
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "Tact");
    assert!(run["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .any(|r| r["id"] == "patient-name"));
    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), 1, "{log:#}");
    let r = &results[0];
    assert_eq!(r["ruleId"], "patient-name");
    assert_eq!(r["level"], "error");
    let loc = &r["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "<stdin>");
    let region = &loc["region"];
    assert_eq!(region["startLine"], 2);
    assert_eq!(region["startColumn"], 15);
    assert_eq!(region["endLine"], 2);
    assert_eq!(region["endColumn"], 28);
    assert_eq!(region["charOffset"], 38);
    assert_eq!(region["charLength"], 13);
}

#[test]
fn sarif_for_a_clean_post_has_no_results() {
    let out = tact(&["check", "--format", "sarif", "-"], CLEAN.as_bytes());
    assert_eq!(code(&out), 0);
    let log = json(&out);
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(log["runs"][0]["results"], Value::Array(vec![]));
}

#[test]
fn text_output_quotes_the_line_with_carets_and_fix() {
    let dir = Scratch::new("text");
    dir.write("post.txt", format!("Big week!\n{NAMED}\n"));
    let out = tact_in(&dir.0, &["check", "post.txt"], b"", &[]);
    assert_eq!(code(&out), 1);
    let s = stdout(&out);
    let lines: Vec<&str> = s.lines().collect();
    assert!(
        lines[0].starts_with("block[patient-name]: This looks like a person's name"),
        "{s}"
    );
    assert_eq!(lines[1], " --> post.txt:2:1");
    assert_eq!(lines[2], "  |");
    assert_eq!(lines[3], format!("2 | {NAMED}"));
    assert_eq!(lines[4], format!("  | {}", "^".repeat(13)));
    assert!(lines[5].starts_with("  = fix: "), "{s}");
    assert_eq!(lines[6], "");
    assert_eq!(lines[7], "safe version:");
    assert!(lines[8].starts_with("    Big week!"), "{s}");
    assert!(!lines[8].contains("Maria"), "{s}");
    assert_eq!(lines[10], "post.txt: blocked (1 finding)");
    assert_eq!(lines.len(), 11, "{s}");
}

#[test]
fn quiet_text_output_prints_only_the_summary() {
    let out = tact(&["check", "--quiet", "-"], NAMED.as_bytes());
    assert_eq!(code(&out), 1);
    assert_eq!(stdout(&out), "<stdin>: blocked (1 finding)\n");
}

// ---------------------------------------------------------------------------------------------
// JSON Lines

fn item(id: &str, text: &str) -> String {
    serde_json::json!({"id": id, "text": text}).to_string()
}

#[test]
fn jsonl_gives_one_report_per_line_in_order() {
    let input = [
        item("1", CLEAN),
        item("2", NAMED),
        item("3", CLEAN),
        serde_json::json!({"id": 4, "text": NAMED, "kind": "reply", "replying_to": "Thanks!"})
            .to_string(),
    ]
    .join("\n");
    let out = tact(&["check", "--jsonl", "-"], input.as_bytes());
    assert_eq!(code(&out), 1, "stderr: {}", stderr(&out));
    assert_eq!(stderr(&out), "");
    let reports = json_lines(&out);
    assert_eq!(reports.len(), 4);
    let ids: Vec<&str> = reports.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["1", "2", "3", "4"]);
    let verdicts: Vec<&str> = reports
        .iter()
        .map(|r| r["verdict"].as_str().unwrap())
        .collect();
    assert_eq!(verdicts, ["pass", "block", "pass", "block"]);
    assert_eq!(reports[3]["kind"], "reply");
    for r in &reports {
        assert_eq!(r["schema_version"], "1.1");
    }
}

#[test]
fn jsonl_all_clean_exits_0() {
    let input = format!(
        "{}\n{}\n",
        item("a", CLEAN),
        item("b", "See you at the 5K!")
    );
    let out = tact(&["check", "--jsonl", "-"], input.as_bytes());
    assert_eq!(code(&out), 0, "stderr: {}", stderr(&out));
    assert_eq!(json_lines(&out).len(), 2);
}

#[test]
fn jsonl_skips_blank_lines() {
    let input = format!(
        "\n{}\n\n   \n\t\r\n{}\r\n\n",
        item("a", CLEAN),
        item("b", NAMED)
    );
    let out = tact(&["check", "--jsonl", "-"], input.as_bytes());
    assert_eq!(code(&out), 1, "stderr: {}", stderr(&out));
    assert_eq!(stderr(&out), "");
    let reports = json_lines(&out);
    assert_eq!(reports.len(), 2);
    assert_eq!(reports[0]["id"], "a");
    assert_eq!(reports[1]["id"], "b");
}

/// Runs a JSONL file whose line 2 is `bad`, between two good lines, and checks the error
/// record sits at its position, stderr names line 2, and the other lines are reported.
fn jsonl_with_bad_second_line(bad: &[u8]) -> (Value, String) {
    let dir = Scratch::new("jsonl-bad");
    let mut data = Vec::new();
    data.extend_from_slice(item("first", CLEAN).as_bytes());
    data.push(b'\n');
    data.extend_from_slice(bad);
    data.push(b'\n');
    data.extend_from_slice(item("third", NAMED).as_bytes());
    data.push(b'\n');
    dir.write("items.jsonl", &data);
    let out = tact_in(&dir.0, &["check", "--jsonl", "items.jsonl"], b"", &[]);
    assert_eq!(code(&out), 2, "a bad line makes the exit status 2");
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 3, "{}", stdout(&out));
    assert_eq!(lines[0]["id"], "first");
    assert_eq!(lines[0]["verdict"], "pass");
    assert_eq!(lines[2]["id"], "third");
    assert_eq!(lines[2]["verdict"], "block");
    let record = lines[1].clone();
    assert_eq!(record["line"], 2);
    assert!(record["error"].as_str().is_some_and(|e| !e.is_empty()));
    assert!(record.get("verdict").is_none());
    let err = stderr(&out);
    assert!(err.starts_with("tact: items.jsonl: line 2: "), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    (record, err)
}

#[test]
fn jsonl_line_that_is_not_json_gets_an_error_record() {
    let (record, err) = jsonl_with_bad_second_line(b"this is not json");
    assert!(record["error"]
        .as_str()
        .unwrap()
        .starts_with("not a valid item"));
    assert_eq!(record["id"], Value::Null);
    assert!(err.contains("not a valid item"), "{err}");
}

#[test]
fn jsonl_line_without_text_gets_an_error_record() {
    let (record, err) = jsonl_with_bad_second_line(br#"{"id": "second", "body": "hi"}"#);
    assert_eq!(record["id"], "second");
    let msg = record["error"].as_str().unwrap();
    assert!(msg.contains("not a valid item"), "{msg}");
    assert!(err.contains("line 2"), "{err}");
}

#[test]
fn jsonl_line_with_missing_text_field_names_it() {
    let (record, _) = jsonl_with_bad_second_line(br#"{"id": "second"}"#);
    let msg = record["error"].as_str().unwrap();
    assert!(msg.contains("missing field `text`"), "{msg}");
}

#[test]
fn jsonl_line_with_unknown_kind_gets_an_error_record() {
    let (record, err) =
        jsonl_with_bad_second_line(br#"{"id": "second", "text": "hello", "kind": "tweet"}"#);
    assert_eq!(record["id"], "second");
    assert_eq!(
        record["error"],
        "unknown kind \"tweet\"; expected post, reply, comment or review"
    );
    assert!(err.contains("unknown kind \"tweet\""), "{err}");
}

#[test]
fn jsonl_line_with_invalid_utf8_gets_an_error_record() {
    // The bad byte is the Latin-1 é in line 2; the file offset adds line 1 and its newline.
    let first_len = item("first", CLEAN).len() + 1;
    let (record, err) = jsonl_with_bad_second_line(b"{\"id\": \"x\", \"text\": \"caf\xe9\"}");
    let at = "{\"id\": \"x\", \"text\": \"caf".len();
    let expected = format!(
        "invalid UTF-8 at byte {at} of the line (byte {} of the file)",
        first_len + at
    );
    assert_eq!(record["error"], Value::String(expected.clone()));
    assert!(err.contains(&expected), "{err}");
}

#[test]
fn jsonl_item_over_max_bytes_is_an_error_for_that_line() {
    let dir = Scratch::new("jsonl-item-too-big");
    let data = format!(
        "{}\n{}\n{}\n",
        item("a", CLEAN),
        item("b", &"y".repeat(200)),
        item("c", NAMED)
    );
    dir.write("items.jsonl", data);
    let out = tact_in(
        &dir.0,
        &["check", "--jsonl", "--max-bytes", "100", "items.jsonl"],
        b"",
        &[],
    );
    assert_eq!(code(&out), 2);
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["verdict"], "pass");
    assert_eq!(lines[1]["id"], "b");
    assert_eq!(lines[1]["line"], 2);
    assert_eq!(
        lines[1]["error"],
        "the text is 200 bytes, over the limit of 100 bytes"
    );
    assert_eq!(lines[2]["verdict"], "block");
    assert_eq!(
        stderr(&out),
        "tact: items.jsonl: line 2: the text is 200 bytes, over the limit of 100 bytes\n"
    );
}

#[test]
fn jsonl_line_over_the_line_limit_is_an_error_for_that_line_only() {
    // With --max-bytes 100 the line limit is 100 * 6 + 64 KiB = 66136 bytes.
    let dir = Scratch::new("jsonl-line-too-long");
    let long = item("big", &"x".repeat(70_000));
    let data = format!("{}\n{}\n{}\n", item("a", CLEAN), long, item("c", NAMED));
    dir.write("items.jsonl", data);
    let out = tact_in(
        &dir.0,
        &["check", "--jsonl", "--max-bytes", "100", "items.jsonl"],
        b"",
        &[],
    );
    assert_eq!(code(&out), 2);
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 3, "{}", stdout(&out));
    assert_eq!(lines[0]["id"], "a");
    assert_eq!(lines[0]["verdict"], "pass");
    assert_eq!(lines[1]["line"], 2);
    assert_eq!(
        lines[1]["error"],
        Value::String(format!(
            "the line is {} bytes, over the limit of 66136 bytes",
            long.len()
        ))
    );
    assert_eq!(lines[2]["id"], "c");
    assert_eq!(lines[2]["verdict"], "block");
    let err = stderr(&out);
    assert!(
        err.starts_with("tact: items.jsonl: line 2: the line is "),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn jsonl_last_line_without_newline_is_read() {
    let input = format!("{}\n{}", item("a", CLEAN), item("b", NAMED));
    let out = tact(&["check", "--jsonl", "-"], input.as_bytes());
    assert_eq!(code(&out), 1);
    let reports = json_lines(&out);
    assert_eq!(reports.len(), 2);
    assert_eq!(reports[1]["id"], "b");
}

#[test]
fn jsonl_with_sarif_is_a_usage_error() {
    let out = tact(
        &["check", "--jsonl", "--format", "sarif", "-"],
        item("a", CLEAN).as_bytes(),
    );
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("--format sarif"), "{}", stderr(&out));
}

// ---------------------------------------------------------------------------------------------
// Profiles

fn check_with_profile(toml: &str) -> Output {
    let dir = Scratch::new("profile");
    dir.write("tact.toml", toml);
    tact_in(
        &dir.0,
        &["check", "--profile", "tact.toml", "-"],
        CLEAN.as_bytes(),
        &[],
    )
}

#[test]
fn profile_with_unknown_key_names_line_and_key() {
    let out = check_with_profile("[practice]\nname = \"Maple Grove\"\ncolour = \"blue\"\n");
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.starts_with("tact: tact.toml: line 3: "), "{err}");
    assert!(err.contains("unknown field `colour`"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn profile_with_bad_recognizer_regex_names_line_and_key() {
    let out = check_with_profile(
        "[practice]\nname = \"Maple Grove\"\n\n[[recognizers]]\nname = \"chart\"\n\
         entity = \"MEDICAL_RECORD_NUMBER\"\npattern = \"CH-([0-9\"\n",
    );
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(
        err.starts_with(
            "tact: tact.toml: line 7, key `recognizers[0].pattern`: invalid regular expression"
        ),
        "{err}"
    );
}

#[test]
fn profile_with_unknown_rule_severity_names_line_and_key() {
    let out = check_with_profile(
        "[practice]\nname = \"Maple Grove\"\n\n[rules.severity]\n\"patient-nam\" = \"review\"\n",
    );
    assert_eq!(code(&out), 2);
    assert_eq!(
        stderr(&out),
        "tact: tact.toml: line 5, key `rules.severity.patient-nam`: unknown rule \
         \"patient-nam\"; `tact rules` lists them\n"
    );
}

#[test]
fn profile_with_unknown_disabled_rule_names_line_and_key() {
    let out = check_with_profile("[rules]\ndisabled = [\n  \"no-such-rule\",\n]\n");
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(
        err.starts_with("tact: tact.toml: line 3, key `rules.disabled[0]`: unknown rule"),
        "{err}"
    );
}

#[test]
fn missing_profile_exits_2() {
    let out = tact(
        &["check", "--profile", "nowhere.toml", "-"],
        CLEAN.as_bytes(),
    );
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("nowhere.toml"), "{}", stderr(&out));
}

#[test]
fn tact_toml_in_the_current_folder_is_used() {
    let dir = Scratch::new("default-profile");
    dir.write("tact.toml", "[practice]\ncolour = \"blue\"\n");
    let out = tact_in(&dir.0, &["check", "-"], CLEAN.as_bytes(), &[]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("unknown field `colour`"));
}

#[test]
fn demo_profile_is_valid() {
    let profile = demo_profile();
    let out = tact(
        &["check", "--profile", profile.to_str().unwrap(), "-"],
        CLEAN.as_bytes(),
    );
    assert_eq!(code(&out), 0, "stderr: {}", stderr(&out));
}

#[test]
fn practice_staff_name_is_not_flagged_with_its_profile() {
    let post = "Dr. Priya Raman is running the flu clinic today.";
    // Without the profile the name is flagged...
    let out = tact(&["check", "--format", "json", "-"], post.as_bytes());
    assert_eq!(code(&out), 1, "stderr: {}", stderr(&out));
    assert_eq!(rules_of(&json(&out)), ["patient-name"]);
    // ... with it, it is the practice's own clinician.
    let profile = demo_profile();
    let out = tact(
        &[
            "check",
            "--format",
            "json",
            "--profile",
            profile.to_str().unwrap(),
            "-",
        ],
        post.as_bytes(),
    );
    assert_eq!(code(&out), 0, "stderr: {}", stderr(&out));
    let report = json(&out);
    assert_eq!(report["verdict"], "pass");
    assert_eq!(report["findings"], Value::Array(vec![]));
    let person = report["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["type"] == "PERSON")
        .expect("the name is still recognized");
    assert_eq!(person["allowlisted"], true);
}

#[test]
fn practice_staff_name_via_tact_profile_variable() {
    let profile = demo_profile();
    let dir = Scratch::new("profile-env");
    let out = tact_in(
        &dir.0,
        &["check", "-"],
        b"Dr. Priya Raman is running the flu clinic today.",
        &[("TACT_PROFILE", profile.to_str().unwrap())],
    );
    assert_eq!(code(&out), 0, "stderr: {}", stderr(&out));
}

// ---------------------------------------------------------------------------------------------
// Rules

#[test]
fn rules_lists_patient_name() {
    let out = tact(&["rules"], b"");
    assert_eq!(code(&out), 0);
    let s = stdout(&out);
    let header = s.lines().next().unwrap();
    assert!(header.starts_with("RULE"), "{s}");
    let line = s
        .lines()
        .find(|l| l.split_whitespace().next() == Some("patient-name"))
        .unwrap_or_else(|| panic!("no patient-name line:\n{s}"));
    let cols: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(cols[1], "block");
    assert_eq!(cols[2], "identifier");
    assert!(s
        .lines()
        .any(|l| l.split_whitespace().next() == Some("known-patient")));
}

#[test]
fn rule_prints_the_four_headings() {
    let out = tact(&["rule", "patient-name"], b"");
    assert_eq!(code(&out), 0, "stderr: {}", stderr(&out));
    let s = stdout(&out);
    assert!(s.starts_with("# patient-name\n"), "{s}");
    let mut at = 0;
    for heading in [
        "What it catches",
        "Why it matters",
        "Example",
        "Use instead",
    ] {
        let pos = s[at..]
            .find(heading)
            .unwrap_or_else(|| panic!("{heading:?} missing or out of order:\n{s}"));
        at += pos + heading.len();
    }
}

// ---------------------------------------------------------------------------------------------
// Redaction

#[test]
fn redact_replaces_a_name_with_its_type() {
    let out = tact(&["redact", "-"], NAMED.as_bytes());
    assert_eq!(code(&out), 0, "stderr: {}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "[PERSON] dropped off cookies for the whole team today!"
    );
}

#[test]
fn redact_keeps_a_clean_text() {
    let out = tact(&["redact", "-"], CLEAN.as_bytes());
    assert_eq!(code(&out), 0);
    assert_eq!(stdout(&out), CLEAN);
}

#[test]
fn redact_hash_without_a_key_exits_2() {
    let out = tact(&["redact", "--mode", "hash", "-"], NAMED.as_bytes());
    assert_eq!(code(&out), 2);
    assert_eq!(
        stderr(&out),
        "tact: --mode hash needs a key: --key-file FILE or the TACT_REDACT_KEY environment \
         variable\n"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn redact_hash_with_a_key_is_stable() {
    let dir = Scratch::new("redact-hash");
    let run = |key: &str| {
        let out = tact_in(
            &dir.0,
            &["redact", "--mode", "hash", "-"],
            NAMED.as_bytes(),
            &[("TACT_REDACT_KEY", key)],
        );
        assert_eq!(code(&out), 0, "stderr: {}", stderr(&out));
        stdout(&out)
    };
    let a = run("practice-secret-1");
    let b = run("practice-secret-1");
    let c = run("practice-secret-2");
    assert_eq!(a, b, "the same key gives the same output");
    assert_ne!(a, c, "another key gives another hash");
    assert!(!a.contains("Maria") && !a.contains("Delgado"), "{a}");
    assert!(a.starts_with("[PERSON:"), "{a}");
    assert!(
        a.ends_with("] dropped off cookies for the whole team today!"),
        "{a}"
    );
}

#[test]
fn redact_hash_with_a_key_file_matches_the_variable() {
    let dir = Scratch::new("redact-key-file");
    dir.write("k", "practice-secret-1");
    let from_file = tact_in(
        &dir.0,
        &["redact", "--mode", "hash", "--key-file", "k", "-"],
        NAMED.as_bytes(),
        &[],
    );
    let from_env = tact_in(
        &dir.0,
        &["redact", "--mode", "hash", "-"],
        NAMED.as_bytes(),
        &[("TACT_REDACT_KEY", "practice-secret-1")],
    );
    assert_eq!(code(&from_file), 0, "stderr: {}", stderr(&from_file));
    assert_eq!(stdout(&from_file), stdout(&from_env));
}

// ---------------------------------------------------------------------------------------------
// Roster

#[test]
fn roster_import_hashes_names_and_check_flags_a_known_patient() {
    let dir = Scratch::new("roster");
    dir.write(
        "patients.txt",
        "# exported from the records system\nDana Whitley\nOkonkwo, Adaeze\nCher\n",
    );
    let out = tact_in(
        &dir.0,
        &[
            "roster",
            "import",
            "patients.txt",
            "--out",
            "roster.json",
            "--key-file",
            "roster.key",
        ],
        b"",
        &[],
    );
    assert_eq!(code(&out), 0, "stderr: {}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("created a new roster key in roster.key"),
        "{err}"
    );
    assert!(err.contains("2 names hashed into roster.json"), "{err}");
    assert!(
        err.contains("lines 4"),
        "the one-word name is skipped: {err}"
    );

    // The roster holds hashes, never the names.
    let roster = std::fs::read_to_string(dir.path("roster.json")).expect("roster written");
    let lower = roster.to_lowercase();
    for word in ["dana", "whitley", "okonkwo", "adaeze", "cher"] {
        assert!(!lower.contains(word), "{word} in the roster:\n{roster}");
    }
    let file: Value = serde_json::from_str(&roster).expect("the roster is JSON");
    assert_eq!(file["format"], "tact-roster");
    assert_eq!(file["count"], 2);
    // The key file: 32 random bytes in hex.
    let key = std::fs::read_to_string(dir.path("roster.key")).expect("key written");
    assert_eq!(key.trim().len(), 64);
    assert!(key.trim().bytes().all(|b| b.is_ascii_hexdigit()));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for f in ["roster.json", "roster.key"] {
            let mode = std::fs::metadata(dir.path(f)).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "{f} is readable by others: {mode:o}");
        }
    }

    // A profile pointing at them makes the exact name a known patient.
    dir.write(
        "roster-profile.toml",
        "[roster]\nfile = \"roster.json\"\nkey_file = \"roster.key\"\n",
    );
    let post = "Shout-out to Adaeze Okonkwo for a great 5K run!";
    let out = tact_in(
        &dir.0,
        &[
            "check",
            "--format",
            "json",
            "--profile",
            "roster-profile.toml",
            "-",
        ],
        post.as_bytes(),
        &[],
    );
    assert_eq!(code(&out), 1, "stderr: {}", stderr(&out));
    let report = json(&out);
    assert_eq!(report["verdict"], "block");
    let f = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "known-patient")
        .unwrap_or_else(|| panic!("no known-patient finding: {report:#}"));
    assert_eq!(f["start"], 13);
    assert_eq!(f["end"], 27);
    assert_eq!(chars_between(post, 13, 27), "Adaeze Okonkwo");

    // Importing again reuses the key: the roster is the same.
    let again = tact_in(
        &dir.0,
        &[
            "roster",
            "import",
            "patients.txt",
            "--out",
            "roster2.json",
            "--key-file",
            "roster.key",
        ],
        b"",
        &[],
    );
    assert_eq!(code(&again), 0);
    assert_eq!(
        std::fs::read_to_string(dir.path("roster2.json")).unwrap(),
        roster
    );

    // Without the roster the same post has no known-patient finding.
    let out = tact_in(
        &dir.0,
        &["check", "--format", "json", "-"],
        post.as_bytes(),
        &[],
    );
    assert!(!rules_of(&json(&out)).contains(&"known-patient".to_string()));
    // A name not on the roster is not a known patient.
    let out = tact_in(
        &dir.0,
        &[
            "check",
            "--format",
            "json",
            "--profile",
            "roster-profile.toml",
            "-",
        ],
        b"Shout-out to Maria Delgado for a great 5K run!",
        &[],
    );
    assert!(!rules_of(&json(&out)).contains(&"known-patient".to_string()));
}

#[test]
fn roster_profile_with_missing_key_file_exits_2() {
    let dir = Scratch::new("roster-missing-key");
    dir.write(
        "tact.toml",
        "[roster]\nfile = \"roster.json\"\nkey_file = \"roster.key\"\n",
    );
    dir.write(
        "roster.json",
        r#"{"format":"tact-roster","version":1,"algorithm":"hmac-sha256/128","count":0,"hashes":[]}"#,
    );
    let out = tact_in(&dir.0, &["check", "-"], CLEAN.as_bytes(), &[]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("roster.key"), "{}", stderr(&out));
}

#[test]
fn triage_classifies_and_suggests_replies_from_the_profile() {
    let profile = demo_profile().display().to_string();
    let out = tact(
        &["triage", "--profile", &profile, "-"],
        b"Is it normal to feel dizzy after starting a new blood pressure pill?",
    );
    assert_eq!(code(&out), 0, "stderr: {}", stderr(&out));
    let s = stdout(&out);
    assert!(
        s.starts_with("<stdin>: medical-question (confidence "),
        "{s}"
    );
    assert!(
        s.contains("(217) 555-0142"),
        "suggestions use the practice's phone: {s}"
    );
}

#[test]
fn triage_escalates_a_crisis_and_exits_1() {
    let out = tact(
        &["triage", "--json", "-"],
        b"honestly everyone would be better off without me. i'm done",
    );
    assert_eq!(code(&out), 1, "stderr: {}", stderr(&out));
    let report = json(&out);
    assert_eq!(report["triage"]["class"], "crisis");
    assert!(report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["rule"] == "crisis"));
    assert!(report["suggestions"][0].as_str().unwrap().contains("988"));
}

#[test]
fn triage_refuses_a_draft_kind() {
    let out = tact(&["triage", "--kind", "post", "-"], b"hello");
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("--kind comment"), "{}", stderr(&out));
}

#[test]
fn fix_rewrites_an_acknowledging_reply_into_one_that_passes() {
    let dir = Scratch::new("fix");
    dir.write(
        "review.txt",
        "Dr. Raman fixed my knee and the surgery went great!",
    );
    dir.write(
        "draft.txt",
        "So glad your knee surgery went well, see you at your follow-up! Thanks for the kind words.",
    );
    let profile = demo_profile().display().to_string();
    let out = tact_in(
        &dir.0,
        &[
            "fix",
            "--profile",
            &profile,
            "--replying-to",
            "review.txt",
            "draft.txt",
        ],
        b"",
        &[],
    );
    assert_eq!(code(&out), 0, "stderr: {}", stderr(&out));
    let safe = stdout(&out);
    assert!(
        !safe.contains("knee") && !safe.contains("follow-up"),
        "{safe}"
    );
    assert!(
        stderr(&out).contains("fixed [acknowledgement]"),
        "{}",
        stderr(&out)
    );
    dir.write("safe.txt", safe.trim());
    let check = tact_in(
        &dir.0,
        &[
            "check",
            "--profile",
            &profile,
            "--replying-to",
            "review.txt",
            "safe.txt",
        ],
        b"",
        &[],
    );
    assert_eq!(code(&check), 0, "{}", stdout(&check));
}

#[test]
fn fix_prints_a_passing_draft_unchanged() {
    let out = tact(&["fix", "-"], b"Flu shots are in this week.");
    assert_eq!(code(&out), 0);
    assert_eq!(stdout(&out), "Flu shots are in this week.\n");
    assert!(stderr(&out).contains("already passes"));
}

#[test]
fn jsonl_accepts_authorization_ids() {
    let input = concat!(
        r#"{"id":"t1","text":"See what our patient says about her new smile!"}"#,
        "\n",
        r#"{"id":"t2","text":"See what our patient says about her new smile!","authorization_ids":["auth-7"]}"#,
        "\n"
    );
    let out = tact(&["check", "--jsonl", "-"], input.as_bytes());
    let reports = json_lines(&out);
    let has_testimonial = |r: &Value| {
        r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "testimonial")
    };
    assert!(has_testimonial(&reports[0]), "{:#}", reports[0]);
    assert!(!has_testimonial(&reports[1]), "{:#}", reports[1]);
}
