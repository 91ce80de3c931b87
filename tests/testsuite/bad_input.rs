//! Bad input, one case a row: each is laid over a good site that has been
//! built once; the build must fail with exactly this diagnostic (file, line,
//! column, message) and exit code 1, without a panic, and leave the previous
//! output byte for byte as it was.

use crate::common::*;

/// A case: files to write (path, contents), and the `error:` line expected.
struct Case {
    name: &'static str,
    files: &'static [(&'static str, &'static [u8])],
    expected: &'static str,
}

const ARTICLE: &str = "content/articles/case.vi.md";

const CASES: &[Case] = &[
    Case {
        name: "malformed YAML",
        files: &[(ARTICLE, b"---\ntitle: A\ndate: 2025-01-01\nsummary: a: b\n---\n")],
        expected: "content/articles/case.vi.md:4:11: mapping values are not allowed in this context",
    },
    Case {
        name: "unclosed quote",
        files: &[(ARTICLE, b"---\ntitle: \"A\ndate: 2025-01-01\n---\n")],
        expected: "content/articles/case.vi.md:2:8: found unexpected end of stream while scanning a quoted scalar that starts here",
    },
    Case {
        name: "unclosed front matter",
        files: &[(ARTICLE, b"---\ntitle: A\n\nBody without the closing fence.\n")],
        expected: "content/articles/case.vi.md:1:1: the front matter opened here is never closed (the file ends at line 4)",
    },
    Case {
        name: "no front matter",
        files: &[(ARTICLE, b"# Just Markdown\n")],
        expected: "content/articles/case.vi.md:1:1: the file does not start with front matter",
    },
    Case {
        name: "empty file",
        files: &[(ARTICLE, b"")],
        expected: "content/articles/case.vi.md:1:1: the file does not start with front matter",
    },
    Case {
        name: "wrong type: a list for the date",
        files: &[(ARTICLE, b"---\ntitle: A\ndate: [2025-01-01]\n---\n")],
        expected: "content/articles/case.vi.md:3:7: date: invalid type: sequence, expected a string",
    },
    Case {
        name: "wrong type: a word for draft",
        files: &[(ARTICLE, b"---\ntitle: A\ndate: 2025-01-01\ndraft: maybe\n---\n")],
        expected: "content/articles/case.vi.md:4:8: draft: invalid type: string \"maybe\", expected a boolean",
    },
    Case {
        name: "wrong type: a string for partners",
        files: &[(ARTICLE, b"---\ntitle: A\ndate: 2025-01-01\npartners: unesco\n---\n")],
        expected: "content/articles/case.vi.md:4:11: partners: invalid type: string \"unesco\", expected a sequence",
    },
    Case {
        name: "missing title",
        files: &[(ARTICLE, b"---\ndate: 2025-01-01\n---\n")],
        expected: "content/articles/case.vi.md:2:1: missing field `title`",
    },
    Case {
        name: "empty title",
        files: &[(ARTICLE, b"---\ntitle: \"  \"\ndate: 2025-01-01\n---\n")],
        expected: "content/articles/case.vi.md:2:8: the title is empty",
    },
    Case {
        name: "unknown key with a suggestion",
        files: &[(ARTICLE, b"---\ntitle: A\ndate: 2025-01-01\ntopic: [heritage]\n---\n")],
        expected: "content/articles/case.vi.md:4:1: unknown front matter key `topic`\n  hint: did you mean `topics`?",
    },
    Case {
        name: "impossible date",
        files: &[(ARTICLE, b"---\ntitle: A\ndate: 2025-04-31\n---\n")],
        expected: "content/articles/case.vi.md:3:7: `2025-04-31` does not exist: month 4 of 2025 has 30 days",
    },
    Case {
        name: "date in another form",
        files: &[(ARTICLE, b"---\ntitle: A\ndate: 17/10/2025\n---\n")],
        expected: "content/articles/case.vi.md:3:7: `17/10/2025` is not a date: write it as YYYY-MM-DD (2025-10-17), or YYYY-MM (2011-05) or YYYY (2024) when the source gives no day",
    },
    Case {
        name: "article without a date",
        files: &[(ARTICLE, b"---\ntitle: A\n---\n")],
        expected: "content/articles/case.vi.md:2:8: an article needs a `date` (YYYY-MM-DD)",
    },
    Case {
        name: "slug climbing out",
        files: &[(ARTICLE, b"---\ntitle: A\ndate: 2025-01-01\nslug: ../../x\n---\n")],
        expected: "content/articles/case.vi.md:4:7: `../../x` is not a slug: use lowercase ASCII letters, digits and `-` such as `x`",
    },
    Case {
        name: "absolute slug",
        files: &[(ARTICLE, b"---\ntitle: A\ndate: 2025-01-01\nslug: /etc/passwd\n---\n")],
        expected: "content/articles/case.vi.md:4:7: `/etc/passwd` is not a slug: use lowercase ASCII letters, digits and `-` such as `etc-passwd`",
    },
    Case {
        name: "an id that is not an id",
        files: &[(ARTICLE, b"---\ntitle: A\ndate: 2025-01-01\ntopics: [Di s\xe1\xba\xa3n]\n---\n")],
        expected: "content/articles/case.vi.md:4:9: `Di sản` is not an id: use lowercase ASCII letters, digits and `-`",
    },
    Case {
        name: "unknown partner",
        files: &[(ARTICLE, b"---\ntitle: A\ndate: 2025-01-01\npartners: [imexko]\n---\n")],
        expected: "content/articles/case.vi.md:4:11: unknown partner `imexko`\n  hint: did you mean `imexco`? Partners are the files in content/partners/",
    },
    Case {
        name: "term without a label",
        files: &[(ARTICLE, b"---\ntitle: A\ndate: 2025-01-01\ncountries: [jp]\n---\n")],
        expected: "content/articles/case.vi.md:4:12: `jp` has no label in `vi`\n  hint: add `country-jp = …` to locales/vi/site.ftl",
    },
    Case {
        name: "unknown language suffix",
        files: &[("content/articles/case.fr.md", b"---\ntitle: A\n---\n")],
        expected: "content/articles/case.fr.md: `fr` is not one of the site's languages\n  hint: name the file NAME.LANG.md with LANG one of: vi, en, or add `fr` to `languages` in site.yaml",
    },
    Case {
        name: "no language suffix",
        files: &[("content/articles/case.md", b"---\ntitle: A\n---\n")],
        expected: "content/articles/case.md: the file name has no language suffix\n  hint: name the file NAME.LANG.md with LANG one of: vi, en",
    },
    Case {
        name: "invalid UTF-8",
        files: &[(ARTICLE, b"---\ntitle: Caf\xe9\n---\n")],
        expected: "content/articles/case.vi.md:2:11: the file is not valid UTF-8\n  hint: save the file with UTF-8 encoding",
    },
    Case {
        name: "two files with one URL",
        files: &[(ARTICLE, b"---\ntitle: A\ndate: 2025-01-01\nslug: dien-dan-giao-duc-da-phuong\n---\n")],
        expected: "content/articles/case.vi.md:4:7: this page and content/articles/education-forum.vi.md both have the URL /vi/articles/dien-dan-giao-duc-da-phuong/",
    },
    Case {
        name: "two files claiming one translation",
        files: &[("content/articles/case.en.md", b"---\ntitle: A\ntranslation_key: articles/heritage-pact\n---\n")],
        expected: "content/articles/case.en.md:3:18: this file and content/articles/heritage-pact.en.md are both the `en` version of `articles/heritage-pact`",
    },
    Case {
        name: "a translation contradicting a shared field",
        files: &[("content/articles/education-forum.en.md", b"---\ntitle: Forum\npartners: [imexco]\n---\n")],
        expected: "content/articles/education-forum.en.md:3:11: `partners` differs from the source language's value in content/articles/education-forum.vi.md:5",
    },
    Case {
        name: "a translation in another section",
        files: &[("content/partners/case.en.md", b"---\ntitle: A\ntranslation_key: articles/local-only\n---\n")],
        expected: "content/partners/case.en.md:3:18: this file is paired with content/articles/local-only.vi.md, which is in another section",
    },
    Case {
        name: "template syntax error",
        files: &[("templates/page.html", b"{% extends \"base.html\" %}\n{% block main %}\n{% if %}\n{% endblock main %}\n")],
        expected: "templates/page.html:3:",
    },
    Case {
        name: "template loop over a missing variable",
        files: &[("templates/page.html", b"{% extends \"base.html\" %}\n{% block main %}\n{% for x in nothing %}{{ x }}{% endfor %}\n{% endblock main %}\n")],
        expected: "templates/page.html:3:13: ",
    },
    Case {
        name: "Fluent syntax error",
        files: &[("locales/en/site.ftl", b"site-title = T\nbroken = {\n")],
        expected: "locales/en/site.ftl:2:11: Fluent syntax error:",
    },
    Case {
        name: "Fluent message defined twice",
        files: &[("locales/en/extra.ftl", b"site-title = Again\n")],
        expected: "locales/en/site.ftl:1:1: message `site-title` is defined twice",
    },
    Case {
        name: "site.yaml with an unknown key",
        files: &[("site.yaml", b"base_url: https://example.org\ndefault_language: vi\nlanguage:\n  - {code: vi, name: V}\n")],
        expected: "site.yaml:3:1: unknown key `language`\n  hint: did you mean `languages`?",
    },
    Case {
        name: "site.yaml naming a missing theme",
        files: &[("site.yaml", b"base_url: https://example.org\ndefault_language: vi\nlanguages:\n  - {code: vi, name: V}\ntheme: nope\n")],
        expected: "site.yaml: the theme `nope` is not in themes/nope/\n  hint: remove `theme` to use the built-in `portal` theme",
    },
    Case {
        name: "a page on the generated article listing",
        files: &[("content/articles.vi.md", b"---\ntitle: A\n---\n")],
        expected: "content/articles.vi.md: this page's URL /vi/articles/ is also page 1 of the `vi` article listing, which duet generates\n  hint: rename the file or give it another `slug`",
    },
    Case {
        name: "a page on the generated search page",
        files: &[("content/about.en.md", b"---\ntitle: A\nslug: search\n---\n")],
        expected: "content/about.en.md:3:7: this page's URL /en/search/ is also the `en` search page, which duet generates\n  hint: rename the file or give it another `slug`",
    },
    Case {
        name: "a script URL in a Markdown link",
        files: &[(ARTICLE, b"---\ntitle: A\ndate: 2025-01-01\n---\nRead [this](javascript:alert(1)).\n")],
        expected: "content/articles/case.vi.md:5:6: the URL scheme `javascript:` is not allowed: use `http:`, `https:`, `mailto:`, `tel:`, or a relative URL",
    },
    Case {
        name: "a data URL in a Markdown image",
        files: &[(ARTICLE, b"---\ntitle: A\ndate: 2025-01-01\n---\n\n![x](data:text/html,hi)\n")],
        expected: "content/articles/case.vi.md:6:1: the URL scheme `data:` is not allowed: use `http:`, `https:`, `mailto:`, `tel:`, or a relative URL",
    },
    Case {
        name: "a script URL as a partner's website",
        files: &[("content/partners/case.vi.md", b"---\ntitle: A\nwebsite: \" javascript:alert(1)\"\n---\n")],
        expected: "content/partners/case.vi.md:3:10: the URL scheme `javascript:` is not allowed: use `http:`, `https:`, `mailto:`, `tel:`, or a relative URL",
    },
    Case {
        name: "a script URL as an article's source",
        files: &[(ARTICLE, b"---\ntitle: A\ndate: 2025-01-01\nsource:\n  name: X\n  url: vbscript:x\n---\n")],
        expected: "content/articles/case.vi.md:4:",
    },
    Case {
        name: "a script URL as an article's image",
        files: &[(ARTICLE, b"---\ntitle: A\ndate: 2025-01-01\nimage: javascript:alert(1)\n---\n")],
        expected: "content/articles/case.vi.md:4:8: the URL scheme `javascript:` is not allowed: use `http:`, `https:`, `mailto:`, `tel:`, or a relative URL",
    },
];

#[test]
fn every_bad_input_case_fails_exactly_and_keeps_the_output() {
    let mut failures = Vec::new();
    for case in CASES {
        let site = Fixture::new(&["bilingual"]);
        let first = site.run(&["build"]);
        assert_eq!(
            first.code,
            Some(0),
            "{}: the good site builds: {}",
            case.name,
            first.stderr
        );
        let before = snapshot(&site.public());
        for (rel, bytes) in case.files {
            let path = site.root().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, bytes).unwrap();
        }
        let run = site.run(&["build"]);
        let ok = run.code == Some(1)
            && run.stderr.contains(&format!("error: {}", case.expected))
            && !run.stderr.contains("panicked")
            && snapshot(&site.public()) == before;
        if !ok {
            failures.push(format!("{} (exit {:?}):\n{}", case.name, run.code, run.stderr));
        }
    }
    assert!(CASES.len() >= 30, "the suite keeps at least 30 cases");
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn a_ten_megabyte_article_builds() {
    let site = Fixture::new(&["bilingual"]);
    let paragraph = "Hợp tác văn hóa và giáo dục giữa các đối tác được mở rộng trong nhiều năm qua. ".repeat(40);
    let mut body = String::with_capacity(11 << 20);
    let mut section = 0;
    while body.len() < 10 << 20 {
        section += 1;
        body.push_str(&format!("\n## Phần {section}\n\n{paragraph}\n"));
    }
    let text = format!("---\ntitle: Bài rất dài\ndate: 2025-01-01\n---\n{body}");
    std::fs::write(site.root().join("content/articles/long.vi.md"), text).unwrap();
    site.build().expect("a 10 MB article builds");
    let page = site.read("vi/articles/bai-rat-dai/index.html");
    assert!(page.len() > 10 << 20);
    assert_contains(&page, &format!("<h2 id=\"phan-{section}\">Phần {section}</h2>"));
}

#[test]
fn deeply_nested_markdown_builds() {
    let site = Fixture::new(&["bilingual"]);
    let quotes = format!("{}deep\n", "> ".repeat(5_000));
    let lists: String = (0..2_000)
        .map(|depth| format!("{}- level {depth}\n", "  ".repeat(depth)))
        .collect();
    let brackets = format!("{}x{}", "[".repeat(20_000), "]".repeat(20_000));
    let text = format!("---\ntitle: Lồng sâu\ndate: 2025-01-01\n---\n{quotes}\n{lists}\n{brackets}\n");
    std::fs::write(site.root().join("content/articles/deep.vi.md"), text).unwrap();
    site.build().expect("deep nesting builds");
    assert_contains(&site.read("vi/articles/long-sau/index.html"), "deep");
}

#[test]
fn symlinks_in_content_are_not_followed() {
    let site = Fixture::new(&["bilingual"]);
    let content = site.root().join("content");
    std::os::unix::fs::symlink(&content, content.join("loop")).unwrap();
    let outside = site.root().join("outside.vi.md");
    std::fs::write(&outside, "---\ntitle: Ngoài trang\ndate: 2025-01-01\n---\nbí mật\n").unwrap();
    std::os::unix::fs::symlink(&outside, content.join("articles/outside.vi.md")).unwrap();
    let summary = site.build().expect("a symlink loop does not stop the build");
    assert_eq!(summary.pages[0].1, 8, "no page is read through a symlink");
    assert!(!site.public().join("vi/articles/ngoai-trang").exists());
}
