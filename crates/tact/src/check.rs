//! `tact check`: whole files, or a JSON Lines stream.

use crate::input::{analyzer, display_name, read_text};
use crate::output;
use crate::{CheckArgs, Format, EXIT_ERROR, EXIT_FLAGGED, EXIT_PASS};
use anyhow::{Context, Result};
use serde::Deserialize;
use std::borrow::Cow;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use tact_engine::{Analyzer, Input, Kind, Report, Verdict};

pub fn run(args: CheckArgs) -> Result<u8> {
    let analyzer = analyzer(&args.profile)?;
    let files: Vec<PathBuf> = if args.files.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.files.clone()
    };
    if args.jsonl {
        if args.format != Format::Json && args.format != Format::Text {
            anyhow::bail!("--jsonl writes JSON reports; --format sarif cannot be combined with it");
        }
        let mut worst = EXIT_PASS;
        for f in &files {
            worst = worst.max(run_jsonl(&analyzer, f)?);
        }
        return Ok(worst);
    }
    check_files(&analyzer, &args, &files)
}

fn check_files(analyzer: &Analyzer, args: &CheckArgs, files: &[PathBuf]) -> Result<u8> {
    let replying_to = args.replying_to.as_deref().map(read_text).transpose()?;
    let kind = args.kind.with_replying_to(replying_to.is_some());
    let mut results: Vec<(String, String, Report)> = Vec::new();
    // A file that cannot be checked is reported and skipped; the others are still checked.
    let mut failed = false;
    for path in files {
        let name = display_name(path);
        let text = match read_text(path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("tact: {e:#}");
                failed = true;
                continue;
            }
        };
        let id = name.clone();
        let input = Input {
            id: Some(&id),
            text: &text,
            kind,
            replying_to: replying_to.as_deref(),
            authorization_ids: &args.authorization,
        };
        match analyzer.analyze(&input) {
            Ok(report) => results.push((name, text, report)),
            Err(e) => {
                eprintln!("tact: {name}: {e}");
                failed = true;
            }
        }
    }
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match args.format {
        Format::Text => {
            for (name, text, report) in &results {
                out.write_all(output::text_report(name, text, report, args.quiet).as_bytes())?;
            }
        }
        Format::Json => {
            if results.len() == 1 {
                serde_json::to_writer_pretty(&mut out, &results[0].2)?;
            } else {
                let reports: Vec<&Report> = results.iter().map(|r| &r.2).collect();
                serde_json::to_writer_pretty(&mut out, &reports)?;
            }
            writeln!(out)?;
        }
        Format::Sarif => {
            serde_json::to_writer_pretty(&mut out, &output::sarif(&results))?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(if failed {
        EXIT_ERROR
    } else if results.iter().all(|r| r.2.verdict == Verdict::Pass) {
        EXIT_PASS
    } else {
        EXIT_FLAGGED
    })
}

/// One JSONL input line. Strings without escapes are borrowed from the line, not copied.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonlItem<'a> {
    #[serde(default)]
    id: Option<serde_json::Value>,
    #[serde(borrow)]
    text: Cow<'a, str>,
    #[serde(default, borrow)]
    kind: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    replying_to: Option<Cow<'a, str>>,
    #[serde(default)]
    authorization_ids: Vec<String>,
}

/// Reads one line of at most `limit` bytes (without the newline). Returns `None` at the end
/// of the input, `Some(Err(len))` when the line is longer than the limit (the rest of it is
/// skipped, so memory stays bounded).
fn read_bounded_line<R: BufRead>(
    reader: &mut R,
    buf: &mut Vec<u8>,
    limit: usize,
) -> io::Result<Option<Result<(), usize>>> {
    buf.clear();
    let mut total = 0usize;
    let mut any = false;
    loop {
        let available = reader.fill_buf()?;
        if available.is_empty() {
            return Ok(if any {
                Some(if total > limit { Err(total) } else { Ok(()) })
            } else {
                None
            });
        }
        any = true;
        let (chunk, found_newline) = match available.iter().position(|&b| b == b'\n') {
            Some(i) => (&available[..i], Some(i)),
            None => (available, None),
        };
        total += chunk.len();
        if total <= limit {
            buf.extend_from_slice(chunk);
        }
        let consumed = found_newline.map_or(chunk.len(), |i| i + 1);
        reader.consume(consumed);
        if found_newline.is_some() {
            if buf.last() == Some(&b'\r') {
                buf.pop();
            }
            return Ok(Some(if total > limit { Err(total) } else { Ok(()) }));
        }
    }
}

fn progress_bar(path: &Path) -> Option<indicatif::ProgressBar> {
    if !io::stderr().is_terminal() {
        return None;
    }
    let len = if path == Path::new("-") {
        None
    } else {
        std::fs::metadata(path).ok().map(|m| m.len())
    };
    let bar = match len {
        Some(n) => {
            let b = indicatif::ProgressBar::new(n);
            b.set_style(
                indicatif::ProgressStyle::with_template(
                    "{spinner} {bytes}/{total_bytes} {wide_bar} {pos:>}{msg} ({eta})",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            b
        }
        None => indicatif::ProgressBar::new_spinner(),
    };
    Some(bar)
}

/// Streams a JSONL file: one report per input line, in order; a bad line gets an error record
/// and the others go on.
fn run_jsonl(analyzer: &Analyzer, path: &Path) -> Result<u8> {
    let name = display_name(path);
    let reader: Box<dyn Read> = if path == Path::new("-") {
        Box::new(io::stdin().lock())
    } else {
        Box::new(File::open(path).with_context(|| format!("{name}: cannot open"))?)
    };
    let mut reader = BufReader::with_capacity(1 << 16, reader);
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let bar = progress_bar(path);
    // A JSON line may escape every byte of the text (\uXXXX: 6 bytes) plus the other fields.
    let line_limit = analyzer
        .options()
        .max_input_bytes
        .saturating_mul(6)
        .saturating_add(64 * 1024);
    let mut buf = Vec::with_capacity(4096);
    // Each report is serialised into this buffer, then written with one call: serde_json
    // writes many small pieces, and a `Vec` takes them far more cheaply than the writer.
    let mut record_json: Vec<u8> = Vec::with_capacity(4096);
    let mut line_no = 0usize;
    let mut byte_offset = 0usize;
    let mut status = EXIT_PASS;
    let mut items = 0u64;
    while let Some(read) = read_bounded_line(&mut reader, &mut buf, line_limit)? {
        line_no += 1;
        let line_len = match read {
            Ok(()) => buf.len(),
            Err(len) => len,
        };
        let line_start = byte_offset;
        byte_offset += line_len + 1;
        if let Some(b) = &bar {
            b.set_position(byte_offset as u64);
        }
        if read.is_ok() && buf.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        items += 1;
        let record = match read {
            Err(len) => Err(format!(
                "the line is {len} bytes, over the limit of {line_limit} bytes"
            )),
            Ok(()) => check_line(analyzer, &buf, line_start),
        };
        record_json.clear();
        match record {
            Ok(report) => {
                if report.verdict != Verdict::Pass {
                    status = status.max(EXIT_FLAGGED);
                }
                serde_json::to_writer(&mut record_json, &report)?;
            }
            Err(message) => {
                status = EXIT_ERROR;
                let id = std::str::from_utf8(&buf)
                    .ok()
                    .and_then(|l| serde_json::from_str::<serde_json::Value>(l).ok())
                    .and_then(|v| v.get("id").cloned());
                let msg = format!("{name}: line {line_no}: {message}");
                if let Some(b) = &bar {
                    b.suspend(|| eprintln!("tact: {msg}"));
                } else {
                    eprintln!("tact: {msg}");
                }
                serde_json::to_writer(
                    &mut record_json,
                    &serde_json::json!({"id": id, "line": line_no, "error": message}),
                )?;
            }
        }
        record_json.push(b'\n');
        out.write_all(&record_json)?;
    }
    out.flush()?;
    if let Some(b) = bar {
        b.finish_with_message(format!(" {items} items"));
    }
    Ok(status)
}

fn check_line(analyzer: &Analyzer, line: &[u8], line_start: usize) -> Result<Report, String> {
    let text = std::str::from_utf8(line).map_err(|e| {
        let at = e.valid_up_to();
        format!(
            "invalid UTF-8 at byte {at} of the line (byte {} of the file)",
            line_start + at
        )
    })?;
    let item: JsonlItem = serde_json::from_str(text).map_err(|e| {
        format!(
            "not a valid item ({e}); expected {{\"id\", \"text\", \"kind\"?, \"replying_to\"?}}"
        )
    })?;
    let kind = match item.kind.as_deref() {
        None => {
            if item.replying_to.is_some() {
                Kind::Reply
            } else {
                Kind::Post
            }
        }
        Some(k) => Kind::parse(k).ok_or_else(|| {
            format!("unknown kind {k:?}; expected post, reply, comment or review")
        })?,
    };
    let id = match item.id {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(s)) => Some(s),
        Some(other) => Some(other.to_string()),
    };
    let input = Input {
        id: id.as_deref(),
        text: &item.text,
        kind,
        replying_to: item.replying_to.as_deref(),
        authorization_ids: &item.authorization_ids,
    };
    analyzer.analyze(&input).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_lines_skip_what_is_too_long() {
        let data = b"short\nthis line is far too long\r\nok\nlast";
        let mut r = BufReader::with_capacity(4, &data[..]);
        let mut buf = Vec::new();
        assert_eq!(
            read_bounded_line(&mut r, &mut buf, 10).unwrap(),
            Some(Ok(()))
        );
        assert_eq!(buf, b"short");
        assert_eq!(
            read_bounded_line(&mut r, &mut buf, 10).unwrap(),
            Some(Err(26))
        );
        assert_eq!(
            read_bounded_line(&mut r, &mut buf, 10).unwrap(),
            Some(Ok(()))
        );
        assert_eq!(buf, b"ok");
        assert_eq!(
            read_bounded_line(&mut r, &mut buf, 10).unwrap(),
            Some(Ok(()))
        );
        assert_eq!(buf, b"last");
        assert_eq!(read_bounded_line(&mut r, &mut buf, 10).unwrap(), None);
    }
}
