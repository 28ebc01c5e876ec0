//! The `pimap` binary as users and scripts see it: exit codes, formats, masking, determinism.

use assert_cmd::Command;
use std::fs;
use std::path::PathBuf;

const ID: &str = "11010519491231002X";
const MOBILE: &str = "13812345678";

/// A temporary directory holding a small share and, beside it (not in it), the fingerprint key.
struct Share(tempfile::TempDir);

impl Share {
    fn path(&self) -> PathBuf {
        self.0.path().join("share")
    }
}

/// A small share: a note with all three categories, a log with a decoy, a nested CSV, a hidden
/// export that .gitignore also hides.
fn share() -> Share {
    let d = Share(tempfile::tempdir().unwrap());
    let p = d.path();
    fs::create_dir_all(p.join("hr/2024")).unwrap();
    fs::write(
        p.join("hr/note.txt"),
        format!("员工王芳，身份证号{ID}，手机138-1234-5678，邮箱wang.fang@example.cn。\n"),
    )
    .unwrap();
    fs::write(p.join("hr/2024/list.csv"), format!("姓名,手机\n王芳,{MOBILE}\n李娜,+86 139 8765 4321\n")).unwrap();
    fs::write(p.join("app.log"), "2024-03-12 10:00:00 order_no=110105194912310021 ts=1710210225456\n").unwrap();
    fs::write(p.join(".hidden_export.csv"), format!("{MOBILE}\n")).unwrap();
    fs::write(p.join(".gitignore"), "*.csv\n").unwrap();
    d
}

fn pimap(s: &Share) -> Command {
    let mut c = Command::cargo_bin("pimap").unwrap();
    c.env("PIMAP_KEY_FILE", s.0.path().join("key")).arg("scan").arg("--today").arg("2026-11-22");
    c
}

fn stdout_of(c: &mut Command) -> (String, i32) {
    let o = c.output().unwrap();
    (String::from_utf8(o.stdout).unwrap(), o.status.code().unwrap())
}

#[test]
fn jsonl_has_one_masked_finding_per_line_and_no_raw_values() {
    let s = share();
    let (out, code) = stdout_of(pimap(&s).arg(s.path()).args(["--format", "jsonl"]));
    assert_eq!(code, 0);
    let rows: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    // note: name, id, phone, email; list.csv: 2 names, 2 phones; hidden export: 1 phone (hidden and
    // gitignored files are scanned by default).
    assert_eq!(rows.len(), 9, "{out}");
    for r in &rows {
        for field in ["path", "category", "line", "offset", "confidence", "masked", "fingerprint"] {
            assert!(r.get(field).is_some(), "{field} missing in {r}");
        }
        assert!(r.get("value").is_none(), "raw value without --reveal: {r}");
    }
    assert!(!out.contains(ID) && !out.contains(MOBILE) && !out.contains("wang.fang"), "raw value leaked: {out}");
    assert!(rows.iter().any(|r| r["path"].as_str().unwrap().ends_with(".hidden_export.csv")));
    let id = rows.iter().find(|r| r["category"] == "id_card").unwrap();
    assert_eq!(id["masked"], "1101************2X");
    assert_eq!(id["line"], 1);
}

#[test]
fn reveal_adds_the_raw_value() {
    let s = share();
    let (out, _) = stdout_of(pimap(&s).arg(s.path().join("hr/note.txt")).args(["--format", "jsonl", "--reveal"]));
    let values: Vec<String> = out
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["value"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(values, ["王芳", ID, "138-1234-5678", "wang.fang@example.cn"]);
}

#[test]
fn csv_and_json_formats() {
    let s = share();
    let (out, _) = stdout_of(pimap(&s).arg(s.path()).args(["--format", "csv"]));
    let mut r = csv::Reader::from_reader(out.as_bytes());
    assert_eq!(
        r.headers().unwrap().iter().collect::<Vec<_>>(),
        ["path", "category", "kind", "line", "offset", "length", "confidence", "masked", "fingerprint"]
    );
    assert_eq!(r.records().count(), 9);

    let (out, _) = stdout_of(pimap(&s).arg(s.path()).args(["--format", "json"]));
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["findings"].as_array().unwrap().len(), 9);
    assert_eq!(doc["complete"], true);
    assert_eq!(doc["totals"]["phone"]["findings"], 4);
    assert_eq!(doc["totals"]["phone"]["distinct"], 2, "the same mobile in two files is one value");

    let empty = tempfile::tempdir().unwrap();
    let (out, code) = stdout_of(pimap(&s).arg(empty.path()).args(["--format", "json"]));
    assert_eq!(code, 0);
    assert_eq!(serde_json::from_str::<serde_json::Value>(&out).unwrap()["findings"].as_array().unwrap().len(), 0);
}

/// A file is read in a first read of 16 KiB (of which the sniffer sees 4 KiB), then in blocks:
/// files that end just before, at and after either size, with a value at their very end (across
/// the edge in the largest), give it once.
#[test]
fn values_at_the_first_reads_edges_are_found_once() {
    let s = share();
    let dir = s.path().join("edges");
    fs::create_dir_all(&dir).unwrap();
    // No newline after it: the value's last digit is the file's last byte.
    let line = format!("手机 {MOBILE}");
    let mut files = 0;
    for edge in [4096usize, 16384] {
        for size in [edge - 1, edge, edge + 1, edge + 7] {
            let mut text: Vec<u8> = (0..size - line.len()).map(|k| if k % 80 == 79 { b'\n' } else { b'.' }).collect();
            text.extend_from_slice(line.as_bytes());
            assert_eq!(text.len(), size);
            fs::write(dir.join(format!("e{edge}-{size}.txt")), &text).unwrap();
            files += 1;
        }
    }
    for threads in ["1", "2"] {
        let (out, code) = stdout_of(pimap(&s).arg(&dir).args(["--format", "jsonl", "-j", threads]));
        assert_eq!(code, 0);
        assert_eq!(out.lines().count(), files, "-j{threads}:\n{out}");
        assert!(out.lines().all(|l| l.contains("\"category\":\"phone\"")), "{out}");
    }
}

#[test]
fn output_is_identical_for_one_and_many_threads() {
    let s = share();
    let (one, _) = stdout_of(pimap(&s).arg(s.path()).args(["--format", "jsonl", "-j", "1"]));
    let (many, _) = stdout_of(pimap(&s).arg(s.path()).args(["--format", "jsonl", "-j", "4"]));
    assert_eq!(one, many);
    let m1 = s.path().join("m1.json");
    let m4 = s.path().join("m4.json");
    pimap(&s).arg(s.path().join("hr")).args(["-j", "1", "--map"]).arg(&m1).assert().success();
    pimap(&s).arg(s.path().join("hr")).args(["-j", "4", "--map"]).arg(&m4).assert().success();
    assert_eq!(fs::read(&m1).unwrap(), fs::read(&m4).unwrap());
}

#[test]
fn the_data_map_counts_per_file_and_directory() {
    let s = share();
    let map = s.path().join("map.json");
    let hr = s.path().join("hr");
    pimap(&s).arg(&hr).arg("--map").arg(&map).assert().success();
    let m: serde_json::Value = serde_json::from_slice(&fs::read(&map).unwrap()).unwrap();
    assert_eq!(m["complete"], true);
    assert_eq!(m["files_scanned"], 2);
    assert_eq!(m["key_id"].as_str().unwrap().len(), 16);
    let dirs = m["directories"].as_array().unwrap();
    let root = dirs.iter().find(|d| d["path"] == hr.to_str().unwrap()).unwrap();
    assert_eq!(root["findings"], 8);
    assert_eq!(root["categories"]["phone"]["findings"], 3);
    assert_eq!(root["categories"]["phone"]["distinct"], 2, "138… appears in both files");
    assert_eq!(root["categories"]["name"]["findings"], 3);
    assert_eq!(root["categories"]["name"]["distinct"], 2, "王芳 appears in both files");
    // The ID number in note.txt carries its holder's date of birth: counted as implied, not found.
    assert_eq!(root["implied"]["birth_date"]["findings"], 1);
    assert_eq!(m["implied"]["birth_date"]["distinct"], 1);
    assert!(root["categories"].get("birth_date").is_none(), "no date is written in the files");
    let csv = m["files"].as_array().unwrap().iter().find(|f| f["path"].as_str().unwrap().ends_with("list.csv"));
    assert!(csv.unwrap().get("implied").is_none(), "no ID number, nothing implied");
    assert!(
        dirs.iter().all(|d| d["path"].as_str().unwrap().starts_with(hr.to_str().unwrap())),
        "nothing above the root"
    );
    assert!(!String::from_utf8(fs::read(&map).unwrap()).unwrap().contains(MOBILE));
}

#[test]
fn exit_codes() {
    let s = share();
    // 1: findings at or above --fail-on
    pimap(&s).arg(s.path()).args(["--fail-on", "0.9", "--format", "jsonl"]).assert().code(1);
    pimap(&s).arg(s.path().join("app.log")).args(["--fail-on", "0.5"]).assert().code(0);
    // 2: usage and configuration errors
    pimap(&s).arg("--no-such-flag").assert().code(2);
    pimap(&s).arg(s.path().join("missing")).assert().code(2);
    pimap(&s).arg(s.path()).args(["--fail-on", "2"]).assert().code(2);
    pimap(&s).arg(s.path()).args(["--exclude", "a[b"]).assert().code(2);
    // 3: something was not scanned, and it is listed with its reason
    let o = pimap(&s).arg(s.path()).args(["--max-filesize", "40", "--format", "jsonl"]).output().unwrap();
    assert_eq!(o.status.code(), Some(3));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.contains("note.txt: too large"), "{err}");
    // The size is checked on the opened file: what is under the limit, and only that, is scanned.
    assert!(err.contains("list.csv: too large") && !err.contains(".hidden_export.csv: too large"), "{err}");
    assert_eq!(String::from_utf8(o.stdout).unwrap().lines().count(), 1, "the 12-byte hidden export's mobile");
    // Incomplete wins over findings: the gate fails either way, and says the result is partial.
    pimap(&s).arg(s.path()).args(["--max-filesize", "40", "--fail-on", "0.5", "--format", "jsonl"]).assert().code(3);
    // 2: output that cannot be written, said once.
    #[cfg(target_os = "linux")]
    {
        let full = fs::File::create("/dev/full").unwrap();
        let o = std::process::Command::new(assert_cmd::cargo::cargo_bin("pimap"))
            .env("PIMAP_KEY_FILE", s.0.path().join("key"))
            .args(["scan", "--format", "jsonl"])
            .arg(s.path())
            .stdout(full)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2));
        let err = String::from_utf8(o.stderr).unwrap();
        assert_eq!(err, "pimap: error: writing output: No space left on device (os error 28)\n");
    }
}

#[test]
fn content_we_cannot_read_yet_is_listed_not_silently_passed() {
    // A zip (docx, xlsx…) or a UTF-16 export read as bytes would give "nothing found" for a file that
    // was never really looked at: both are recorded as not scanned, and the run is incomplete.
    let s = share();
    fs::write(s.path().join("backup.zip"), b"PK\x03\x04\x14\x00\x00\x00\x08\x00compressed...").unwrap();
    let utf16: Vec<u8> = "\u{feff}手机,13812345678\r\n".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    fs::write(s.path().join("export-utf16.csv"), utf16).unwrap();
    let o = pimap(&s).arg(s.path()).args(["--format", "json"]).output().unwrap();
    assert_eq!(o.status.code(), Some(3));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["complete"], false);
    let skipped: Vec<(String, String)> = doc["not_scanned"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (n["path"].as_str().unwrap().rsplit('/').next().unwrap().to_string(), n["format"].to_string()))
        .collect();
    assert!(skipped.iter().any(|(p, f)| p == "backup.zip" && f.contains("zip")), "{skipped:?}");
    assert!(skipped.iter().any(|(p, f)| p == "export-utf16.csv" && f.contains("UTF-16")), "{skipped:?}");
    assert_eq!(doc["findings"].as_array().unwrap().len(), 9, "the rest is still scanned");
}

#[test]
fn overlapping_roots_are_scanned_once() {
    let s = share();
    let o = pimap(&s)
        .arg(s.path())
        .arg(s.path().join("hr/note.txt"))
        .arg(s.path())
        .args(["--format", "jsonl"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(String::from_utf8(o.stdout).unwrap().lines().count(), 9, "each finding once");
    assert!(String::from_utf8(o.stderr).unwrap().contains("already covered by"));
}

#[test]
fn excludes_and_pimapignore_opt_out() {
    let s = share();
    fs::write(s.path().join(".pimapignore"), "hr/2024/\n").unwrap();
    let (out, code) = stdout_of(pimap(&s).arg(s.path()).args(["--format", "jsonl", "--exclude", "*.txt"]));
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 1, "only the hidden export is left: {out}");
}

#[cfg(unix)]
#[test]
fn symlinks_are_not_followed_unless_asked_and_loops_are_caught() {
    let s = share();
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("x.txt"), format!("{MOBILE}\n")).unwrap();
    std::os::unix::fs::symlink(outside.path(), s.path().join("link")).unwrap();
    std::os::unix::fs::symlink(s.path(), s.path().join("hr/loop")).unwrap();
    let (out, code) = stdout_of(pimap(&s).arg(s.path()).args(["--format", "jsonl"]));
    assert_eq!(code, 0, "a link not followed leaves nothing the user asked for unscanned");
    assert_eq!(out.lines().count(), 9);
    let o = pimap(&s).arg(s.path()).args(["--format", "jsonl", "--follow"]).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(String::from_utf8(o.stdout).unwrap().lines().count(), 10);
    assert!(String::from_utf8(o.stderr).unwrap().contains("symbolic link loop"));
    // A root that is itself a link is followed: the user named it, and nothing is listed as skipped.
    let o = pimap(&s).arg(s.path().join("link")).args(["--format", "json"]).output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["findings"].as_array().unwrap().len(), 1);
    assert_eq!(doc["not_scanned"].as_array().unwrap().len(), 0, "{doc}");
    // A dangling link, followed, cannot be read: the scan is incomplete.
    std::os::unix::fs::symlink(s.path().join("gone"), s.path().join("dangling")).unwrap();
    pimap(&s).arg(s.path()).args(["--format", "jsonl", "--follow"]).assert().code(3);
}

#[test]
fn the_summary_names_categories_and_top_locations() {
    let s = share();
    let (out, code) = stdout_of(pimap(&s).arg(s.path()).args(["--format", "summary"]));
    assert_eq!(code, 0);
    for want in ["complete", "id_card", "phone", "email", "Top directories", "Top files", "note.txt"] {
        assert!(out.contains(want), "{want} missing:\n{out}");
    }
    assert!(!out.contains(MOBILE));
}

#[test]
fn every_format_carries_the_same_findings() {
    // One expectation through every output path: jsonl, csv and json report the same values at the
    // same places, and the summary's totals agree with them.
    let s = share();
    // (path, line, offset, fingerprint) of each finding, as each format writes them.
    let key = |path: &str, line: &str, offset: &str, fp: &str| format!("{path}|{line}|{offset}|{fp}");
    let json_key = |v: &serde_json::Value| {
        key(
            v["path"].as_str().unwrap(),
            &v["line"].to_string(),
            &v["offset"].to_string(),
            v["fingerprint"].as_str().unwrap(),
        )
    };
    let (jsonl, _) = stdout_of(pimap(&s).arg(s.path()).args(["--format", "jsonl"]));
    let from_jsonl: Vec<String> = jsonl.lines().map(|l| json_key(&serde_json::from_str(l).unwrap())).collect();
    let (csv_out, _) = stdout_of(pimap(&s).arg(s.path()).args(["--format", "csv"]));
    let from_csv: Vec<String> = csv::Reader::from_reader(csv_out.as_bytes())
        .records()
        .map(|r| {
            let r = r.unwrap();
            key(&r[0], &r[3], &r[4], &r[8])
        })
        .collect();
    let (json_out, _) = stdout_of(pimap(&s).arg(s.path()).args(["--format", "json"]));
    let doc: serde_json::Value = serde_json::from_str(&json_out).unwrap();
    let from_json: Vec<String> = doc["findings"].as_array().unwrap().iter().map(json_key).collect();
    assert_eq!(from_jsonl.len(), 9);
    assert_eq!(from_csv, from_jsonl);
    assert_eq!(from_json, from_jsonl);
    let (summary, _) = stdout_of(pimap(&s).arg(s.path()).args(["--format", "summary"]));
    assert!(summary.contains(", 9 findings — complete"), "{summary}");
}

/// Scans a hand-written fixture directory and compares (line, category, matched text) with its
/// expectations file, which lists findings as `line<TAB>category<TAB>text` (`#` lines are comments).
fn hand_written(dir: &str, expected: &str) {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let s = share();
    let (out, code) = stdout_of(pimap(&s).arg(fixtures.join(dir)).args(["--format", "jsonl", "--reveal"]));
    assert_eq!(code, 0);
    let got: std::collections::BTreeSet<(u64, String, String)> = out
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (v["line"].as_u64().unwrap(), v["category"].as_str().unwrap().into(), v["value"].as_str().unwrap().into())
        })
        .collect();
    let want: std::collections::BTreeSet<(u64, String, String)> = fs::read_to_string(fixtures.join(expected))
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f[0].parse().unwrap(), f[1].into(), f[2].into())
        })
        .collect();
    let missed: Vec<_> = want.difference(&got).collect();
    let spurious: Vec<_> = got.difference(&want).collect();
    assert!(missed.is_empty() && spurious.is_empty(), "{dir}: missed {missed:#?}\nspurious {spurious:#?}");
}

#[test]
fn hand_written_field_notes_give_exactly_the_expected_values() {
    // Text written by hand, not by the corpus generator: CRM notes, an access log line, an SQL row,
    // build ids and table rows that only look like phone numbers.
    hand_written("field", "field-notes.expected");
}

#[test]
fn hand_written_identifier_records_give_exactly_the_expected_values() {
    // Written by a second author from the text alone, without reading the detector or the
    // corpus generator: CRM and HR exports, a hotel register, reimbursement lists, visa-agency logs,
    // SQL, JSON, contracts, chats, catalogues — every identifier form and its decoys.
    hand_written("identifiers", "identifiers.expected");
}

#[test]
fn explain_says_why_for_every_candidate_and_masks_values() {
    let s = share();
    fs::write(
        s.path().join("docs.txt"),
        "护照号码：E12345678\n零件号 E87654321\n订单号 13812345678\n身份证 110105194912310021\n\
         统一社会信用代码 91440300708461136T\n",
    )
    .unwrap();
    let (out, code) = stdout_of(pimap(&s).arg(s.path().join("docs.txt")).arg("--explain"));
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 5, "{out}");
    assert!(lines[0].contains(":1: reported 0.90") && lines[0].contains("passport") && lines[0].contains("“护照号码”"));
    assert!(lines[1].contains(":2: not reported") && lines[1].contains("零件号"), "{out}");
    assert!(lines[2].contains(":3: not reported") && lines[2].contains("订单号"), "{out}");
    assert!(lines[3].contains(":4: not reported") && lines[3].contains("MOD 11-2"), "{out}");
    assert!(lines[4].contains("organisation") && lines[4].contains("counted, not reported"), "{out}");
    assert!(!out.contains("E12345678") && !out.contains("13812345678"), "values are masked: {out}");
    let (revealed, _) = stdout_of(pimap(&s).arg(s.path().join("docs.txt")).args(["--explain", "--reveal"]));
    assert!(revealed.contains("E12345678"));
}

#[test]
fn min_confidence_and_kinds_and_organisation_counts() {
    let s = share();
    let f = s.path().join("ids.txt");
    fs::write(&f, "一代证 110105491231002\n110105491231002\n座机 075526668888\n税号 91440300708461136T\n").unwrap();
    let rows = |extra: &[&str]| -> Vec<serde_json::Value> {
        let (out, _) = stdout_of(pimap(&s).arg(&f).args(["--format", "jsonl"]).args(extra));
        out.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
    };
    let all = rows(&[]);
    let conf: Vec<f64> = all.iter().map(|r| r["confidence"].as_f64().unwrap()).collect();
    assert_eq!(conf, [0.9, 0.6, 0.9], "{all:?}");
    assert_eq!(all[0]["kind"], "resident_15");
    assert_eq!(all[2]["kind"], "landline");
    assert_eq!(all[0]["fingerprint"], all[1]["fingerprint"], "one number, one fingerprint");
    assert_eq!(all[0]["holder"], serde_json::json!({"birth": "194*-**-**", "sex": "female"}));
    let revealed = rows(&["--reveal"]);
    assert_eq!(revealed[0]["holder"]["birth"], "1949-12-31");
    assert_eq!(rows(&["--min-confidence", "0.8"]).len(), 2);
    assert_eq!(rows(&["--min-confidence", "0"]).len(), 3, "0 does not invent findings");
    let (summary, _) = stdout_of(pimap(&s).arg(&f).args(["--format", "summary"]));
    assert!(summary.contains("Organisation identifiers (Unified Social Credit Codes): 1"), "{summary}");
    let map = s.0.path().join("map.json");
    pimap(&s).arg(&f).args(["--format", "jsonl", "--map"]).arg(&map).output().unwrap();
    let m: serde_json::Value = serde_json::from_str(&fs::read_to_string(&map).unwrap()).unwrap();
    assert_eq!(m["organisation_ids"], 1);
}

#[test]
fn explain_and_findings_agree_on_lines() {
    // Verdicts and findings are counted separately; with --explain, a reported value's verdict must
    // carry the same line as the finding does without it.
    let s = share();
    let f = s.path().join("mixed.txt");
    fs::write(&f, "订单号 13912345678\n\n手机 13812345678\n零件 E12345678\n护照 E12345678\n").unwrap();
    let (out, _) = stdout_of(pimap(&s).arg(&f).arg("--explain"));
    let reported: Vec<&str> = out.lines().filter(|l| l.contains(": reported")).collect();
    assert_eq!(reported.len(), 2, "{out}");
    assert!(reported[0].contains("mixed.txt:3:") && reported[1].contains("mixed.txt:5:"), "{out}");
    let (jsonl, _) = stdout_of(pimap(&s).arg(&f).args(["--format", "jsonl"]));
    let lines: Vec<u64> = jsonl
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [3, 5]);
}
