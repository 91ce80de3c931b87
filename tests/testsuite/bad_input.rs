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
        expected: "content/articles/case.vi.md:2:8: the quote opened here is not closed before the next key `date`\n  hint: close the quote at the end of the value",
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
        expected: "content/articles/case.vi.md:4:10: `Di sản` is not an id: use lowercase ASCII letters, digits and `-`",
    },
    Case {
        name: "unknown partner",
        files: &[(ARTICLE, b"---\ntitle: A\ndate: 2025-01-01\npartners: [imexko]\n---\n")],
        expected: "content/articles/case.vi.md:4:12: unknown partner `imexko`\n  hint: did you mean `imexco`? Partners are the files in content/partners/",
    },
    Case {
        name: "term without a label",
        files: &[(ARTICLE, b"---\ntitle: A\ndate: 2025-01-01\ncountries: [jp]\n---\n")],
        expected: "content/articles/case.vi.md:4:13: `jp` has no label in `vi`\n  hint: add `country-jp = …` to locales/vi/site.ftl",
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
    Case {
        name: "YAML nested too deep",
        files: &[(ARTICLE, DEEP_YAML)],
        expected: "content/articles/case.vi.md:4:73: the YAML nests more than 64 levels deep\n  hint: front matter holds text, dates and short lists: flatten this value",
    },
    Case {
        name: "a colon in an unquoted title",
        files: &[(ARTICLE, "---\ntitle: UNESCO: hợp tác\ndate: 2025-01-01\n---\n".as_bytes())],
        expected: "content/articles/case.vi.md:2:14: mapping values are not allowed in this context\n  hint: a value holding `: ` must be quoted: title: \"UNESCO: hợp tác\"",
    },
    Case {
        name: "one partner written without a list",
        files: &[(ARTICLE, b"---\ntitle: A\ndate: 2025-01-01\npartners: panasonic\n---\n")],
        expected: "content/articles/case.vi.md:4:11: partners: invalid type: string \"panasonic\", expected a sequence\n  hint: write a list, even of one: partners: [panasonic]",
    },
    Case {
        name: "unclosed quote closed by a later quote",
        files: &[(ARTICLE, "---\ntitle: \"Bài viết\ndate: 2025-01-01\nsummary: \"Tóm tắt\"\n---\n".as_bytes())],
        expected: "content/articles/case.vi.md:2:8: the quote opened here is not closed before the next key `date`\n  hint: close the quote at the end of the value",
    },
    Case {
        name: "unknown partner at its item",
        files: &[(ARTICLE, b"---\ntitle: A\ndate: 2025-01-01\npartners: [unesco, imexko]\n---\n")],
        expected: "content/articles/case.vi.md:4:20: unknown partner `imexko`\n  hint: did you mean `imexco`? Partners are the files in content/partners/",
    },
    Case {
        name: "misspelt topic at its item, with a suggestion",
        files: &[(ARTICLE, b"---\ntitle: A\ndate: 2025-01-01\ntopics: [education, heritag]\n---\n")],
        expected: "content/articles/case.vi.md:4:21: `heritag` has no label in `vi`\n  hint: did you mean `heritage`? Or add `topic-heritag = …` to locales/vi/site.ftl",
    },
    Case {
        name: "unknown country in a block list",
        files: &[(ARTICLE, b"---\ntitle: A\ndate: 2025-01-01\ncountries:\n  - vn\n  - jp\n---\n")],
        expected: "content/articles/case.vi.md:6:5: `jp` has no label in `vi`\n  hint: add `country-jp = …` to locales/vi/site.ftl",
    },
    Case {
        name: "a slug reserved on Windows",
        files: &[(ARTICLE, b"---\ntitle: A\ndate: 2025-01-01\nslug: con\n---\n")],
        expected: "content/articles/case.vi.md:4:7: `con` is not a slug: Windows reserves the name CON, so the site could not be copied there",
    },
    Case {
        name: "a partner file name reserved on Windows",
        files: &[("content/partners/nul.vi.md", b"---\ntitle: Nul\n---\n")],
        expected: "content/partners/nul.vi.md: `nul` is not a partner id: Windows reserves the name NUL, so the site could not be copied there",
    },
    Case {
        name: "a slug too long for a file name",
        files: &[(ARTICLE, LONG_SLUG)],
        expected: "content/articles/case.vi.md:4:7: the slug is 300 characters long; at most 100 are allowed",
    },
    Case {
        name: "terminal escapes in an echoed slug",
        files: &[(ARTICLE, b"---\ntitle: A\ndate: 2025-01-01\nslug: \"\\e[2Jx\"\n---\n")],
        expected: "content/articles/case.vi.md:4:7: `\\x1b[2Jx` is not a slug: use lowercase ASCII letters, digits and `-` such as `2jx`",
    },
    Case {
        name: "terminal escapes in a file name",
        files: &[("content/articles/\x1b[31mred.fr.md", b"---\ntitle: A\n---\n")],
        expected: "content/articles/\\x1b[31mred.fr.md: `fr` is not one of the site's languages",
    },
    Case {
        name: "Fluent reference cycle",
        files: &[("locales/en/extra.ftl", b"note = fine\ncycle-a = { cycle-b }\ncycle-b = { cycle-a }\n")],
        expected: "locales/en/extra.ftl:2:1: message `cycle-a` refers to itself: cycle-a \u{2192} cycle-b \u{2192} cycle-a",
    },
    Case {
        name: "Fluent variable the template does not pass",
        files: &[("locales/en/site.ftl", b"site-title = Test Partner Portal\nsite-tagline = A bilingual test site.\nfooter-about = Footer for\n    { $name }.\ntopic-heritage = Heritage\ntopic-education = Education\ncountry-vn = Viet Nam\n")],
        expected: "locales/en/site.ftl:4:7: the Fluent message `footer-about` in language `en` failed: unknown variable `$name`\n  hint: used at (built-in theme)/templates/base.html:",
    },
    Case {
        name: "a bad term slug in Fluent",
        files: &[("locales/vi/site.ftl", "site-title = Cổng\nsite-tagline = Thử.\nfooter-about = Chân trang.\ntopic-heritage = Di sản\n    .slug = Di Sản\ntopic-education = Giáo dục\ncountry-vn = Việt Nam\n".as_bytes())],
        expected: "locales/vi/site.ftl:5:13: the `.slug` of `topic-heritage`: `Di Sản` is not a slug: use lowercase ASCII letters, digits and `-` such as `di-san`",
    },
];

/// Front matter nested 40,000 deep: refused before the YAML parser sees it.
const DEEP_YAML: &[u8] = &{
    const N: usize = 40_000;
    const HEAD: &[u8] = b"---\ntitle: A\ndate: 2025-01-01\nsummary: ";
    const TAIL: &[u8] = b"\n---\n";
    let mut out = [b' '; HEAD.len() + 2 * N + TAIL.len()];
    let mut i = 0;
    while i < out.len() {
        out[i] = if i < HEAD.len() {
            HEAD[i]
        } else if i < HEAD.len() + N {
            b'['
        } else if i < HEAD.len() + 2 * N {
            b']'
        } else {
            TAIL[i - HEAD.len() - 2 * N]
        };
        i += 1;
    }
    out
};

/// A slug of 300 letters: longer than a file name may be.
const LONG_SLUG: &[u8] = &{
    const HEAD: &[u8] = b"---\ntitle: A\ndate: 2025-01-01\nslug: ";
    const TAIL: &[u8] = b"\n---\n";
    let mut out = [b'a'; HEAD.len() + 300 + TAIL.len()];
    let mut i = 0;
    while i < HEAD.len() {
        out[i] = HEAD[i];
        i += 1;
    }
    let mut j = 0;
    while j < TAIL.len() {
        out[HEAD.len() + 300 + j] = TAIL[j];
        j += 1;
    }
    out
};

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
