//! The reference portal's facts, checked against its seeds: regressions a
//! fact-check found once (issue 19) and that must not come back. Each test
//! reads the portal's own content and what a build of it shows readers.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::*;
use crate::reference::portal;

const PANASONIC: &str = "content/articles/panasonic-world-heritage.vi.md";
const IMEXCO: &str = "content/articles/unesco-imexco-green-production.vi.md";
const PANASONIC_VI: &str = "vi/articles/panasonic-va-unesco-hop-tac-bao-ve-di-san/index.html";
const PANASONIC_EN: &str = "en/articles/panasonic-unesco-world-heritage-partnership/index.html";
const IMEXCO_VI: &str = "vi/articles/unesco-va-imexco-thuc-day-san-xuat-xanh/index.html";
const IMEXCO_EN: &str = "en/articles/unesco-imexco-green-production-pact/index.html";
const TOKYO_VI: &str = "vi/articles/hoi-nghi-cong-nghiep-van-hoa-tai-tokyo/index.html";
const TOKYO_EN: &str = "en/articles/tokyo-conference-on-cultural-industries/index.html";

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every Markdown file of the portal's content, with its text.
fn content_files() -> Vec<(PathBuf, String)> {
    walkdir::WalkDir::new(repo().join("content"))
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| (e.path().to_path_buf(), std::fs::read_to_string(e.path()).unwrap()))
        .collect()
}

/// Every text file of a build's output, with its path relative to the output.
fn output_files(site: &Fixture) -> Vec<(String, String)> {
    walkdir::WalkDir::new(site.public())
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(site.public()).unwrap().display().to_string();
            std::fs::read_to_string(e.path()).ok().map(|text| (rel, text))
        })
        .collect()
}

/// The `date:` value of a content file's front matter.
fn front_matter_date(rel: &str) -> String {
    let text = std::fs::read_to_string(repo().join(rel)).unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix("date:"))
        .unwrap_or_else(|| panic!("{rel} has a date"))
        .trim()
        .to_string()
}

/// The text an article page shows as its date, beside the title.
fn shown_date(html: &str) -> String {
    let meta = html
        .split("<p class=\"meta\">")
        .nth(1)
        .expect("the article shows a date");
    let time = meta.split("<time").nth(1).expect("the date is a <time>");
    let text = &time[time.find('>').unwrap() + 1..];
    text[..text.find("</time>").unwrap()].to_string()
}

/// The readable text of a page's main content (tags dropped).
fn main_text(html: &str) -> String {
    let main = html.split("<main").nth(1).unwrap_or(html);
    let main = main.split("</main>").next().unwrap();
    let mut text = String::new();
    let mut in_tag = false;
    for c in main.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

#[test]
fn the_federation_is_never_called_vufua_nor_the_chinese_centre_by_a_made_up_name() {
    let site = portal();
    site.build().expect("the portal builds");
    let wrong = [
        "VUFUA",
        "Vietnam Union of UNESCO Associations",
        "Publicity and Education Center",
    ];
    for (path, text) in content_files() {
        for name in wrong {
            assert!(!text.contains(name), "{} says {name:?}", path.display());
        }
    }
    for (rel, text) in output_files(&site) {
        assert!(!rel.to_lowercase().contains("vufua"), "a reader sees the URL {rel}");
        for name in wrong {
            assert!(!text.contains(name), "{rel} says {name:?}");
        }
    }
}

#[test]
fn panasonic_is_dated_to_the_month_the_seed_gives() {
    // Seed 000: "Tháng 5 năm 2011" — a month, no day.
    assert_eq!(front_matter_date(PANASONIC), "2011-05");
    let site = portal();
    site.build().expect("the portal builds");
    assert_eq!(shown_date(&site.read(PANASONIC_VI)), "tháng 5 năm 2011");
    assert_eq!(shown_date(&site.read(PANASONIC_EN)), "May 2011");
}

#[test]
fn imexco_has_no_day_and_no_invented_outlet() {
    // Seed 001 gives no date at all: at most the year, and no outlet, only a byline.
    let date = front_matter_date(IMEXCO);
    assert!(
        date.len() < "2024-10-25".len(),
        "the Imexco seed gives no day, yet the article is dated {date}"
    );
    let text = std::fs::read_to_string(repo().join(IMEXCO)).unwrap();
    assert_lacks(&text, "netzero");
    let site = portal();
    site.build().expect("the portal builds");
    for rel in [IMEXCO_VI, IMEXCO_EN] {
        let shown = shown_date(&site.read(rel));
        let first = shown.split(' ').next().unwrap_or_default();
        let is_day = first == "ngày" || (first.len() <= 2 && first.chars().all(|c| c.is_ascii_digit()));
        assert!(!is_day, "{rel} shows a day: {shown}");
    }
}

#[test]
fn the_tokyo_conference_is_reported_as_announced_not_as_held() {
    // Seed 003 is an advance notice: "sẽ phối hợp … tổ chức".
    let site = portal();
    site.build().expect("the portal builds");
    let held = [
        // Vietnamese: the conference as something that took place.
        "diễn ra ngày 17/10",
        "phối hợp tổ chức tại Tokyo",
        "đã tổ chức tại Tokyo",
        "cùng Liên hiệp các Hội UNESCO Nhật Bản tổ chức tại Tokyo",
        "đoàn Việt Nam còn tới",
        "đoàn đại biểu còn tới",
        "Hội nghị tập trung vào",
        // English: the same, in the past or as a present fact.
        "held the international conference",
        "held an international conference in Tokyo",
        "in holding the international conference",
        "The conference focused",
        "delegates also attended",
        "representatives are attending",
        "hold cultural industries conference",
    ];
    let pages = [
        TOKYO_VI,
        TOKYO_EN,
        "vi/partners/vfua/index.html",
        "en/partners/vfua/index.html",
        "vi/partners/nfuaj/index.html",
        "en/partners/nfuaj/index.html",
    ];
    for rel in pages {
        let text = main_text(&site.read(rel));
        for phrase in held {
            assert!(
                !text.contains(phrase),
                "{rel} reports the Tokyo conference as held: {phrase:?}"
            );
        }
    }
    assert_contains(&main_text(&site.read(TOKYO_VI)), "sẽ");
    assert_contains(&main_text(&site.read(TOKYO_EN)), "announced");
}

#[test]
fn english_prose_has_no_straight_apostrophes() {
    let mut found = Vec::new();
    for (path, text) in content_files() {
        if !path.to_string_lossy().ends_with(".en.md") {
            continue;
        }
        let mut in_fence = false;
        for (n, line) in text.lines().enumerate() {
            if line.starts_with("```") {
                in_fence = !in_fence;
            }
            // Inline code keeps its quotes; everything else is prose.
            let prose: String = line.split('`').step_by(2).collect();
            if !in_fence && prose.contains('\'') {
                found.push(format!("{}:{}: {line}", path.display(), n + 1));
            }
        }
    }
    assert!(
        found.is_empty(),
        "straight apostrophes in English prose:\n{}",
        found.join("\n")
    );
}

/// Builds the portal with the `duet` binary and SOURCE_DATE_EPOCH pinned.
fn build_on(site: &Fixture, epoch: &str) {
    let out = Command::new(env!("CARGO_BIN_EXE_duet"))
        .args(["build", "--root"])
        .arg(site.root())
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", epoch)
        .output()
        .expect("the duet binary runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn an_old_article_says_its_age_as_of_the_pinned_build_date() {
    let site = portal();
    build_on(&site, "1764547200"); // 2025-12-01
    assert_contains(&site.read(PANASONIC_VI), "Bài viết đã đăng cách đây hơn 14 năm");
    assert_contains(&site.read(PANASONIC_EN), "This article is more than 14 years old");
    for rel in [TOKYO_VI, TOKYO_EN] {
        assert_lacks(&site.read(rel), "class=\"age-note\"");
    }
    // The pinned date, not the clock, decides: in 2040 the 2025 story is old too.
    build_on(&site, "2209075200"); // 2040-01-01
    assert_contains(&site.read(TOKYO_EN), "This article is more than 14 years old");
    assert_contains(&site.read(PANASONIC_EN), "This article is more than 28 years old");
}
