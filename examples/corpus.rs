//! Benchmark corpus generator: N bilingual (vi/en) article pairs, written
//! deterministically from a seed as a duet site and as an equivalent Hugo
//! site sharing the same Markdown bodies.
//!
//! ```text
//! cargo run --release --example corpus -- N OUTDIR [--seed S] [--photos]
//! ```
//!
//! writes `OUTDIR/duet` (site.yaml, content/, locales/) and `OUTDIR/hugo`
//! (hugo.toml, content/, i18n/, layouts/, static/). Either folder is
//! replaced if it is a previous output of this generator (it holds a
//! `.corpus` marker); any other existing folder there is an error.
//!
//! Differences between the two trees, all forced by Hugo's content model:
//! - Hugo does not inherit shared fields between translations, so the Hugo
//!   copy of every `NAME.en.md` repeats `date`, `partners`, `topics` and
//!   `countries` from the Vietnamese source (duet's `.en.md` has only
//!   `title`, `summary`, `slug`);
//! - duet derives the `years` taxonomy from `date`; Hugo needs it written,
//!   so Hugo's articles carry `years: ["YYYY"]`;
//! - duet's partner profiles are `content/partners/ID.LANG.md`; in Hugo a
//!   partner is a term of the `partners` taxonomy whose page content is
//!   `content/partners/ID/_index.LANG.md` (same front matter and body).
//!
//! Hugo's templates mirror what duet's default theme writes: pages with
//! hreflang alternates and a language switcher, paginated lists (10 a page)
//! for articles, every term and every partner's articles (after the
//! partner's profile), one feed per language (RSS with full content of the latest 50;
//! duet writes Atom), a sitemap, robots.txt, a 404 page per language and a
//! search index per language (`LANG/search-index.json`, same documents and
//! fields). Left over differences in output: Hugo also writes `page/1/`
//! alias redirects for every paginated list and a sitemap index plus one
//! sitemap per language; duet also writes a root language chooser
//! (Hugo: a redirect), a root 404 and a search page per language. Social
//! cards are off: Hugo draws none, and their cost is measured on its own
//! (about 4.5 ms a card, drawn once and cached).
//!
//! With `--photos`, every article also has a phone photo (a 3000 × 2000
//! JPEG with EXIF orientation and GPS tags, drawn from the article's
//! number), shown as its hero and after its opening paragraph in both
//! languages: in duet beside the article (`NAME.jpg`, `image:` in the
//! source, `image_alt:` in each language); in Hugo as a page bundle
//! (`content/articles/NAME/index.LANG.md` with `photo.jpg`), whose template
//! makes the same variants as duet (480, 960, 1600 px, WebP and JPEG, q80).
//! Everything else is the same with or without photos, so the two corpora of
//! one seed differ only by the photos.
//!
//! The PRNG is splitmix64; photos are encoded with the `image` crate.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use image::{ExtendedColorType, RgbImage, codecs::jpeg::JpegEncoder};

// ---------------------------------------------------------------------------
// PRNG

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (((self.next() >> 11) as u128 * n as u128) >> 53) as usize
    }
    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    /// `k` distinct indices below `n`, in draw order.
    fn distinct(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut out = Vec::with_capacity(k);
        while out.len() < k {
            let i = self.below(n);
            if !out.contains(&i) {
                out.push(i);
            }
        }
        out
    }
}

// ---------------------------------------------------------------------------
// Pools. Every pair is (Vietnamese, English).

struct Partner {
    id: &'static str,
    short: (&'static str, &'static str),
    title: (&'static str, &'static str),
    summary: (&'static str, &'static str),
    website: &'static str,
}

const PARTNERS: &[Partner] = &[
    Partner {
        id: "unesco",
        short: ("UNESCO", "UNESCO"),
        title: (
            "Tổ chức Giáo dục, Khoa học và Văn hóa của Liên Hợp Quốc (UNESCO)",
            "United Nations Educational, Scientific and Cultural Organization (UNESCO)",
        ),
        summary: (
            "Cơ quan chuyên môn của Liên Hợp Quốc về giáo dục, khoa học và văn hóa, thành lập năm 1945, trụ sở tại Paris.",
            "The United Nations agency for education, science and culture, founded in 1945 and headquartered in Paris.",
        ),
        website: "https://www.unesco.org",
    },
    Partner {
        id: "unesco-whc",
        short: ("Trung tâm Di sản Thế giới", "the World Heritage Centre"),
        title: ("Trung tâm Di sản Thế giới của UNESCO", "UNESCO World Heritage Centre"),
        summary: (
            "Đơn vị của UNESCO điều phối việc thực hiện Công ước Di sản Thế giới năm 1972.",
            "The UNESCO unit that coordinates the 1972 World Heritage Convention.",
        ),
        website: "https://whc.unesco.org",
    },
    Partner {
        id: "lenovo",
        short: ("Lenovo", "Lenovo"),
        title: ("Tập đoàn Lenovo", "Lenovo Group"),
        summary: (
            "Tập đoàn công nghệ đa quốc gia, đối tác của nhiều chương trình giáo dục số.",
            "A multinational technology company and partner of many digital education programmes.",
        ),
        website: "https://www.lenovo.com",
    },
    Partner {
        id: "panasonic",
        short: ("Panasonic", "Panasonic"),
        title: ("Tập đoàn Panasonic", "Panasonic Corporation"),
        summary: (
            "Tập đoàn điện tử Nhật Bản hỗ trợ giáo dục môi trường và bảo vệ di sản.",
            "A Japanese electronics company supporting environmental education and heritage protection.",
        ),
        website: "https://www.panasonic.com",
    },
    Partner {
        id: "imexco",
        short: ("Imexco", "Imexco"),
        title: ("Công ty Imexco", "Imexco Company"),
        summary: (
            "Doanh nghiệp Việt Nam theo đuổi sản xuất xanh và phát triển bền vững.",
            "A Vietnamese company committed to green production and sustainable development.",
        ),
        website: "https://imexco.example.vn",
    },
    Partner {
        id: "vufua",
        short: ("Liên hiệp các Hội UNESCO Việt Nam", "VUFUA"),
        title: (
            "Liên hiệp các Hội UNESCO Việt Nam",
            "Viet Nam Federation of UNESCO Associations",
        ),
        summary: (
            "Tổ chức xã hội tập hợp các hội, câu lạc bộ và trung tâm UNESCO tại Việt Nam.",
            "A civil society body bringing together UNESCO associations, clubs and centres in Viet Nam.",
        ),
        website: "https://vufua.example.vn",
    },
    Partner {
        id: "nfuaj",
        short: ("Liên đoàn các Hiệp hội UNESCO Nhật Bản", "NFUAJ"),
        title: (
            "Liên đoàn các Hiệp hội UNESCO Nhật Bản",
            "National Federation of UNESCO Associations in Japan",
        ),
        summary: (
            "Mạng lưới các hiệp hội UNESCO tại Nhật Bản, hoạt động vì giáo dục cho mọi người.",
            "The network of UNESCO associations in Japan, working for education for all.",
        ),
        website: "https://www.unesco.or.jp",
    },
    Partner {
        id: "mofa-korea",
        short: ("Bộ Ngoại giao Hàn Quốc", "Korea's Foreign Ministry"),
        title: (
            "Bộ Ngoại giao Hàn Quốc",
            "Ministry of Foreign Affairs of the Republic of Korea",
        ),
        summary: (
            "Cơ quan phụ trách quan hệ đối ngoại và ngoại giao công chúng của Hàn Quốc.",
            "The ministry in charge of the Republic of Korea's foreign relations and public diplomacy.",
        ),
        website: "https://www.mofa.go.kr",
    },
    Partner {
        id: "jica",
        short: ("JICA", "JICA"),
        title: (
            "Cơ quan Hợp tác Quốc tế Nhật Bản (JICA)",
            "Japan International Cooperation Agency (JICA)",
        ),
        summary: (
            "Cơ quan thực hiện viện trợ phát triển chính thức của Chính phủ Nhật Bản.",
            "The agency that delivers the Japanese government's official development assistance.",
        ),
        website: "https://www.jica.go.jp",
    },
    Partner {
        id: "koica",
        short: ("KOICA", "KOICA"),
        title: (
            "Cơ quan Hợp tác Quốc tế Hàn Quốc (KOICA)",
            "Korea International Cooperation Agency (KOICA)",
        ),
        summary: (
            "Cơ quan hợp tác phát triển của Hàn Quốc, hoạt động tại Việt Nam từ năm 1994.",
            "Korea's development cooperation agency, active in Viet Nam since 1994.",
        ),
        website: "https://www.koica.go.kr",
    },
    Partner {
        id: "undp",
        short: ("UNDP", "UNDP"),
        title: (
            "Chương trình Phát triển Liên Hợp Quốc (UNDP)",
            "United Nations Development Programme (UNDP)",
        ),
        summary: (
            "Cơ quan phát triển của Liên Hợp Quốc, hỗ trợ xóa đói giảm nghèo và ứng phó biến đổi khí hậu.",
            "The United Nations development agency, working against poverty and climate change.",
        ),
        website: "https://www.undp.org",
    },
    Partner {
        id: "goethe",
        short: ("Viện Goethe", "the Goethe-Institut"),
        title: ("Viện Goethe Hà Nội", "Goethe-Institut Hanoi"),
        summary: (
            "Viện văn hóa của Cộng hòa Liên bang Đức, thúc đẩy giao lưu văn hóa và dạy tiếng Đức.",
            "The cultural institute of the Federal Republic of Germany, promoting cultural exchange and German teaching.",
        ),
        website: "https://www.goethe.de/vietnam",
    },
];

/// A topic: its id, its label (Vietnamese, English) and how it reads inside
/// a sentence (Vietnamese, English).
type Topic = (&'static str, (&'static str, &'static str), (&'static str, &'static str));

const TOPICS: &[Topic] = &[
    (
        "heritage",
        ("Di sản", "Heritage"),
        ("bảo vệ di sản", "heritage protection"),
    ),
    ("education", ("Giáo dục", "Education"), ("giáo dục", "education")),
    (
        "environment",
        ("Môi trường", "Environment"),
        ("bảo vệ môi trường", "environmental protection"),
    ),
    (
        "culture",
        ("Văn hóa", "Culture"),
        ("giao lưu văn hóa", "cultural exchange"),
    ),
    (
        "sustainable-development",
        ("Phát triển bền vững", "Sustainable development"),
        ("phát triển bền vững", "sustainable development"),
    ),
    (
        "policy-dialogue",
        ("Đối thoại chính sách", "Policy dialogue"),
        ("đối thoại chính sách", "policy dialogue"),
    ),
    (
        "climate",
        ("Khí hậu", "Climate"),
        ("ứng phó với biến đổi khí hậu", "climate action"),
    ),
    (
        "science",
        ("Khoa học", "Science"),
        ("nghiên cứu khoa học", "scientific research"),
    ),
    (
        "gender-equality",
        ("Bình đẳng giới", "Gender equality"),
        ("bình đẳng giới", "gender equality"),
    ),
    (
        "digital-transformation",
        ("Chuyển đổi số", "Digital transformation"),
        ("chuyển đổi số", "digital transformation"),
    ),
];

const COUNTRIES: &[(&str, (&str, &str))] = &[
    ("vn", ("Việt Nam", "Viet Nam")),
    ("jp", ("Nhật Bản", "Japan")),
    ("kr", ("Hàn Quốc", "the Republic of Korea")),
    ("cn", ("Trung Quốc", "China")),
    ("fr", ("Pháp", "France")),
    ("de", ("Đức", "Germany")),
    ("us", ("Hoa Kỳ", "the United States")),
    ("au", ("Úc", "Australia")),
];

/// Title verb phrases: Vietnamese, English (headline), English (past, for summaries).
const ACTIONS: &[(&str, &str, &str)] = &[
    (
        "ký thỏa thuận hợp tác về",
        "sign a cooperation agreement on",
        "signed a cooperation agreement on",
    ),
    (
        "tổ chức hội thảo quốc tế về",
        "hold an international workshop on",
        "held an international workshop on",
    ),
    (
        "khởi động chương trình mới về",
        "launch a new programme on",
        "launched a new programme on",
    ),
    (
        "mở rộng quan hệ đối tác về",
        "expand their partnership on",
        "expanded their partnership on",
    ),
    (
        "công bố báo cáo chung về",
        "publish a joint report on",
        "published a joint report on",
    ),
    (
        "đối thoại cấp cao về",
        "hold a high-level dialogue on",
        "held a high-level dialogue on",
    ),
    ("tập huấn cho giáo viên về", "train teachers in", "trained teachers in"),
    (
        "hoàn thành dự án thí điểm về",
        "complete a pilot project on",
        "completed a pilot project on",
    ),
    (
        "kỷ niệm mười năm hợp tác về",
        "mark ten years of cooperation on",
        "marked ten years of cooperation on",
    ),
    (
        "trao giải thưởng sáng kiến về",
        "present awards for initiatives in",
        "presented awards for initiatives in",
    ),
];

const HEADINGS: &[(&str, &str)] = &[
    ("Bối cảnh hợp tác", "Background to the partnership"),
    ("Những kết quả bước đầu", "Early results"),
    ("Mục tiêu của chương trình", "Programme goals"),
    ("Vai trò của cộng đồng địa phương", "The role of local communities"),
    ("Kế hoạch cho giai đoạn tới", "Plans for the next phase"),
    ("Ý kiến của các chuyên gia", "What the experts say"),
    ("Nguồn lực và tài chính", "Resources and funding"),
    ("Bài học kinh nghiệm", "Lessons learned"),
    ("Hợp tác với các trường đại học", "Working with universities"),
    ("Truyền thông và nâng cao nhận thức", "Communication and awareness"),
    ("Đánh giá và giám sát", "Monitoring and evaluation"),
    ("Những thách thức còn lại", "Remaining challenges"),
    ("Sự tham gia của thanh niên", "Young people on board"),
    ("Tầm nhìn dài hạn", "A long-term vision"),
];

/// Placeholders: {A} {B} partners, {T} topic, {C} country, {Y} year, {N} a number.
const SENTENCES: &[(&str, &str)] = &[
    (
        "Theo đại diện của {A}, chương trình được xây dựng trên cơ sở nhiều năm trao đổi kinh nghiệm giữa các chuyên gia hai bên.",
        "According to a representative of {A}, the programme builds on years of exchanges between experts from both sides.",
    ),
    (
        "Trong giai đoạn đầu, dự án tập trung vào {T} tại các tỉnh miền núi phía Bắc và đồng bằng sông Cửu Long.",
        "In its first phase, the project focuses on {T} in the northern mountain provinces and the Mekong Delta.",
    ),
    (
        "Hơn {N} cán bộ, giáo viên và tình nguyện viên đã tham gia các khóa tập huấn do {B} tổ chức.",
        "More than {N} officials, teachers and volunteers have taken part in training courses run by {B}.",
    ),
    (
        "Các bên nhất trí rằng hợp tác về {T} cần gắn với nhu cầu thực tế của người dân và chính quyền địa phương.",
        "The partners agreed that cooperation on {T} must respond to the real needs of residents and local authorities.",
    ),
    (
        "Phát biểu tại buổi lễ, đại diện {B} nhấn mạnh tầm quan trọng của sự tham gia của thanh niên.",
        "Speaking at the ceremony, a representative of {B} stressed the importance of involving young people.",
    ),
    (
        "Báo cáo năm {Y} cho thấy số lượng người hưởng lợi từ chương trình đã tăng gần gấp đôi so với dự kiến.",
        "The {Y} report shows that the number of people benefiting from the programme has nearly doubled compared with the plan.",
    ),
    (
        "Nhiều hoạt động được tổ chức song song tại {C}, với sự hỗ trợ kỹ thuật của các chuyên gia quốc tế.",
        "Several activities are taking place in parallel in {C}, with technical support from international experts.",
    ),
    (
        "Theo kế hoạch, các tài liệu hướng dẫn sẽ được biên soạn bằng cả tiếng Việt và tiếng Anh để dễ dàng chia sẻ.",
        "Under the plan, guidance materials will be written in both Vietnamese and English so that they can be shared easily.",
    ),
    (
        "Những người tham gia đánh giá cao tính thực tiễn của chương trình và mong muốn được tiếp tục học hỏi.",
        "Participants praised the practical nature of the programme and said they hoped to keep learning.",
    ),
    (
        "{A} cam kết dành thêm nguồn lực để mở rộng mô hình này ra các địa phương khác trong những năm tới.",
        "{A} pledged further resources to extend the model to other localities in the coming years.",
    ),
    (
        "Một nhóm công tác chung sẽ họp định kỳ hằng quý để rà soát tiến độ và điều chỉnh kế hoạch khi cần thiết.",
        "A joint working group will meet every quarter to review progress and adjust the plan where needed.",
    ),
    (
        "Các chuyên gia cho rằng việc chia sẻ dữ liệu minh bạch là điều kiện tiên quyết để hợp tác lâu dài.",
        "Experts said that transparent data sharing is a precondition for lasting cooperation.",
    ),
    (
        "Chương trình cũng chú trọng đến bình đẳng giới, bảo đảm phụ nữ và trẻ em gái được tham gia đầy đủ.",
        "The programme also pays attention to gender equality, ensuring that women and girls can take full part.",
    ),
    (
        "Tại hội thảo, các đại biểu đã thảo luận nhiều sáng kiến mới về {T} và cách nhân rộng những mô hình thành công.",
        "At the workshop, delegates discussed new initiatives on {T} and ways to scale up successful models.",
    ),
    (
        "Hai bên đã cùng tổ chức sự kiện thường niên này kể từ khi ký thỏa thuận khung.",
        "The two sides have held this annual event together ever since they signed their framework agreement.",
    ),
    (
        "Ngân sách dành cho giai đoạn này ước tính khoảng {N} nghìn đô la Mỹ, được huy động từ nhiều nguồn khác nhau.",
        "The budget for this phase is estimated at around {N} thousand US dollars, raised from a range of sources.",
    ),
    (
        "Nhiều trường học đã đưa nội dung về {T} vào hoạt động ngoại khóa cho học sinh.",
        "Many schools have added {T} to their extracurricular activities for pupils.",
    ),
    (
        "Người dân địa phương được mời tham gia ngay từ khâu thiết kế, giúp dự án phù hợp hơn với điều kiện thực tế.",
        "Local residents were invited to take part from the design stage, making the project a better fit for conditions on the ground.",
    ),
    (
        "Theo {B}, kinh nghiệm từ {C} có thể là bài học hữu ích cho các quốc gia khác trong khu vực.",
        "According to {B}, the experience of {C} could offer useful lessons for other countries in the region.",
    ),
    (
        "Các bên cũng thống nhất xây dựng một bộ chỉ số chung để đo lường tác động của chương trình.",
        "The partners also agreed to develop a shared set of indicators to measure the programme's impact.",
    ),
    (
        "Buổi lễ ký kết diễn ra trong không khí trang trọng, với sự chứng kiến của đông đảo khách mời.",
        "The signing ceremony took place in a formal atmosphere, witnessed by a large number of guests.",
    ),
    (
        "Một số di tích và bảo tàng đã mở cửa miễn phí cho học sinh trong khuôn khổ chương trình.",
        "Several monuments and museums opened their doors free of charge to pupils as part of the programme.",
    ),
    (
        "Trong năm {Y}, chương trình đã hỗ trợ {N} sáng kiến cộng đồng với quy mô nhỏ nhưng hiệu quả.",
        "In {Y}, the programme supported {N} small but effective community initiatives.",
    ),
    (
        "Đại diện {A} cho biết tổ chức sẽ tiếp tục đồng hành cùng các đối tác Việt Nam trong thời gian tới.",
        "A representative of {A} said the organisation would continue to stand alongside its Vietnamese partners.",
    ),
    (
        "Các nhà khoa học trẻ được khuyến khích công bố kết quả nghiên cứu trên các tạp chí quốc tế.",
        "Young scientists are encouraged to publish their research findings in international journals.",
    ),
    (
        "Chuyển đổi số được xem là công cụ quan trọng giúp lưu giữ và lan tỏa các giá trị văn hóa.",
        "Digital transformation is seen as an important tool for preserving and spreading cultural values.",
    ),
    (
        "Nhiều ý kiến cho rằng cần có cơ chế phối hợp chặt chẽ hơn giữa các bộ, ngành và địa phương.",
        "Many participants argued that closer coordination is needed between ministries, sectors and localities.",
    ),
    (
        "Tài liệu của chương trình được cung cấp miễn phí trên trang thông tin điện tử của {B}.",
        "The programme's materials are available free of charge on the website of {B}.",
    ),
    (
        "Các hoạt động truyền thông đã tiếp cận hàng trăm nghìn người thông qua báo chí và mạng xã hội.",
        "Outreach activities have reached hundreds of thousands of people through the press and social media.",
    ),
    (
        "Những thách thức về khí hậu đòi hỏi các giải pháp sáng tạo và sự hợp tác vượt qua biên giới quốc gia.",
        "Climate challenges call for creative solutions and cooperation that reaches across national borders.",
    ),
    (
        "Hai bên sẽ cùng đánh giá kết quả vào cuối năm {Y} trước khi quyết định các bước tiếp theo.",
        "The two sides will review the results together at the end of {Y} before deciding on next steps.",
    ),
    (
        "Sự kiện thu hút khoảng {N} đại biểu đến từ các cơ quan nhà nước, tổ chức quốc tế và doanh nghiệp.",
        "The event drew some {N} delegates from government agencies, international organisations and businesses.",
    ),
    (
        "Nhờ sự hỗ trợ của {A}, nhiều cơ sở giáo dục đã được trang bị thiết bị học tập hiện đại.",
        "Thanks to support from {A}, many schools and colleges have been equipped with modern learning tools.",
    ),
    (
        "Các chuyên gia khuyến nghị cần đầu tư nhiều hơn cho đào tạo nguồn nhân lực chất lượng cao.",
        "Experts recommended greater investment in training a highly skilled workforce.",
    ),
    (
        "Theo đánh giá độc lập, phần lớn mục tiêu đề ra cho giai đoạn đầu đã được hoàn thành đúng hạn.",
        "An independent evaluation found that most of the targets set for the first phase were met on time.",
    ),
    (
        "Câu chuyện của những người tham gia cho thấy tác động tích cực của chương trình đến đời sống cộng đồng.",
        "The stories of participants show the positive effect of the programme on community life.",
    ),
    (
        "{B} và {A} cũng bàn về khả năng mời thêm các đối tác từ {C} tham gia mạng lưới.",
        "{B} and {A} also discussed inviting more partners from {C} to join the network.",
    ),
    (
        "Bảo vệ môi trường và phát triển bền vững là hai ưu tiên xuyên suốt trong mọi hoạt động của dự án.",
        "Environmental protection and sustainable development are two priorities that run through all of the project's work.",
    ),
    (
        "Nhiều sản phẩm thủ công truyền thống đã được giới thiệu tới du khách trong nước và quốc tế.",
        "Many traditional handicrafts have been introduced to domestic and international visitors.",
    ),
    (
        "Kết thúc buổi làm việc, hai bên trao đổi quà lưu niệm và chụp ảnh kỷ niệm.",
        "At the end of the meeting, the two sides exchanged souvenirs and posed for photographs.",
    ),
    (
        "Theo số liệu của {A}, gần {N} học sinh đã được tiếp cận các bài học mới về {T}.",
        "Figures from {A} show that nearly {N} pupils have been reached by new lessons on {T}.",
    ),
    (
        "Các đại biểu đến từ {C} chia sẻ những cách làm hay trong quản lý và bảo tồn tài nguyên.",
        "Delegates from {C} shared good practice in managing and conserving resources.",
    ),
];

const LIST_ITEMS: &[(&str, &str)] = &[
    (
        "tổ chức các khóa tập huấn cho giáo viên và cán bộ địa phương",
        "training courses for teachers and local officials",
    ),
    ("xây dựng tài liệu hướng dẫn song ngữ", "bilingual guidance materials"),
    (
        "hỗ trợ kỹ thuật cho các dự án cộng đồng",
        "technical support for community projects",
    ),
    ("trao đổi chuyên gia và sinh viên", "exchanges of experts and students"),
    ("số hóa tư liệu và hiện vật", "digitisation of records and artefacts"),
    (
        "các chiến dịch nâng cao nhận thức của công chúng",
        "public awareness campaigns",
    ),
    (
        "nghiên cứu chung và công bố kết quả",
        "joint research and publication of findings",
    ),
    (
        "học bổng cho sinh viên có hoàn cảnh khó khăn",
        "scholarships for disadvantaged students",
    ),
    (
        "trồng cây và phục hồi hệ sinh thái",
        "tree planting and ecosystem restoration",
    ),
    ("hội chợ giới thiệu sản phẩm xanh", "fairs showcasing green products"),
    (
        "diễn đàn đối thoại chính sách thường niên",
        "an annual policy dialogue forum",
    ),
    ("mạng lưới trường học liên kết", "a network of associated schools"),
];

const TABLE_ROWS: &[(&str, &str)] = &[
    ("Khóa tập huấn", "Training courses"),
    ("Người tham gia", "Participants"),
    ("Trường học tham gia", "Participating schools"),
    ("Tài liệu xuất bản", "Publications"),
    ("Sáng kiến cộng đồng", "Community initiatives"),
    ("Tình nguyện viên", "Volunteers"),
    ("Di tích được tu bổ", "Sites restored"),
];

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

// ---------------------------------------------------------------------------
// Small helpers

const VI: usize = 0;
const EN: usize = 1;

fn pick<'a>(pair: (&'a str, &'a str), lang: usize) -> &'a str {
    if lang == VI { pair.0 } else { pair.1 }
}

/// Thousands separators: `1.250` in Vietnamese, `1,250` in English.
fn number(n: usize, lang: usize) -> String {
    let digits = n.to_string();
    let sep = if lang == VI { '.' } else { ',' };
    let mut out = String::with_capacity(digits.len() + 4);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// Capitalises the first letter (for placeholders at a sentence start).
fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Vietnamese letters without their marks, for ASCII slugs.
fn fold(c: char) -> char {
    const GROUPS: &[(&str, char)] = &[
        ("àáảãạăằắẳẵặâầấẩẫậ", 'a'),
        ("èéẻẽẹêềếểễệ", 'e'),
        ("ìíỉĩị", 'i'),
        ("òóỏõọôồốổỗộơờớởỡợ", 'o'),
        ("ùúủũụưừứửữự", 'u'),
        ("ỳýỷỹỵ", 'y'),
        ("đ", 'd'),
    ];
    for (set, base) in GROUPS {
        if set.contains(c) {
            return *base;
        }
    }
    c
}

/// An ASCII slug of at most `words` words of `text`, plus `-suffix`.
fn slugify(text: &str, words: usize, suffix: usize) -> String {
    let mut out = String::new();
    let mut count = 0;
    let mut pending_dash = false;
    for c in text.chars().flat_map(char::to_lowercase).map(fold) {
        if c.is_ascii_alphanumeric() {
            if pending_dash && !out.is_empty() {
                count += 1;
                if count >= words {
                    break;
                }
                out.push('-');
            }
            pending_dash = false;
            out.push(c);
        } else {
            pending_dash = true;
        }
    }
    let _ = write!(out, "-{suffix}");
    out
}

/// The calendar date `days` after 1970-01-01, with duet's own conversion.
fn civil(days: i64) -> (i64, u32, u32) {
    let date = duet::i18n::Date::from_days(days);
    let first = date.first_day();
    (
        i64::from(first.year),
        u32::from(first.month.unwrap_or(1)),
        u32::from(first.day.unwrap_or(1)),
    )
}

fn write(path: &Path, text: &str) -> io::Result<()> {
    fs::write(path, text)
}

// ---------------------------------------------------------------------------
// One article pair

/// Everything that is the same in both languages of one article.
struct Article {
    index: usize,
    date: (i64, u32, u32),
    partners: Vec<usize>,
    topics: Vec<usize>,
    countries: Vec<usize>,
    action: usize,
    numbers: Vec<usize>,
    blocks: Vec<Block>,
}

enum Block {
    Heading(usize),
    Paragraph(Vec<usize>),
    List(Vec<usize>),
    Table(Vec<(usize, usize)>),
    Links,
    /// The summary, as the opening of the first paragraph.
    Intro,
}

impl Article {
    fn new(index: usize, rng: &mut Rng) -> Article {
        // 2012-01-01 .. 2025-12-31
        let start = 15_340;
        let date = civil(start + rng.below(5_113) as i64);
        let k = if rng.below(4) == 0 { 3 } else { 2 };
        let partners = rng.distinct(PARTNERS.len(), k);
        let k = rng.range(1, 3);
        let topics = rng.distinct(TOPICS.len(), k);
        let k = rng.range(1, 2);
        let countries = rng.distinct(COUNTRIES.len(), k);
        let action = rng.below(ACTIONS.len());
        let numbers = (0..8).map(|_| rng.range(20, 4_800)).collect();

        let mut blocks = Vec::new();
        let para = |rng: &mut Rng, lo, hi| {
            let k = rng.range(lo, hi);
            Block::Paragraph(rng.distinct(SENTENCES.len(), k))
        };
        blocks.push(Block::Intro);
        blocks.push(para(rng, 2, 3));
        let sections = rng.range(3, 5);
        let headings = rng.distinct(HEADINGS.len(), sections);
        let list_at = rng.below(sections);
        let table_at = rng.below(sections);
        let links_at = rng.below(sections);
        for (s, &h) in headings.iter().enumerate() {
            blocks.push(Block::Heading(h));
            let paragraphs = if sections == 3 {
                rng.range(3, 4)
            } else {
                rng.range(2, 3)
            };
            for p in 0..paragraphs {
                blocks.push(para(rng, 3, 5));
                if p == 0 && s == list_at {
                    let k = rng.range(3, 5);
                    blocks.push(Block::List(rng.distinct(LIST_ITEMS.len(), k)));
                }
            }
            if s == table_at {
                let rows = rng.distinct(TABLE_ROWS.len(), 3);
                blocks.push(Block::Table(
                    rows.into_iter().map(|r| (r, rng.range(12, 9_500))).collect(),
                ));
            }
            if s == links_at {
                blocks.push(Block::Links);
            }
        }
        Article {
            index,
            date,
            partners,
            topics,
            countries,
            action,
            numbers,
            blocks,
        }
    }

    fn year(&self) -> i64 {
        self.date.0
    }

    fn date_iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.date.0, self.date.1, self.date.2)
    }

    fn partner(&self, k: usize) -> &'static Partner {
        &PARTNERS[self.partners[k]]
    }

    fn title(&self, lang: usize) -> String {
        let (a, b) = (pick(self.partner(0).short, lang), pick(self.partner(1).short, lang));
        let topic = pick(TOPICS[self.topics[0]].2, lang);
        let act = ACTIONS[self.action];
        if lang == VI {
            format!("{} và {} {} {}", capitalise(a), b, act.0, topic)
        } else {
            format!("{} and {} {} {}", capitalise(a), b, act.1, topic)
        }
    }

    fn summary(&self, lang: usize) -> String {
        let (a, b) = (pick(self.partner(0).short, lang), pick(self.partner(1).short, lang));
        let topic = pick(TOPICS[self.topics[0]].2, lang);
        let country = pick(COUNTRIES[self.countries[0]].1, lang);
        let (y, m, d) = self.date;
        let act = ACTIONS[self.action];
        if lang == VI {
            format!(
                "Ngày {d}/{m}/{y}, {a} và {b} {} {topic} tại {country}, mở ra giai đoạn hợp tác mới giữa hai bên.",
                act.0
            )
        } else {
            format!(
                "On {d} {} {y}, {a} and {b} {} {topic} in {country}, opening a new phase of their cooperation.",
                MONTHS_EN[m as usize - 1],
                act.2
            )
        }
    }

    fn slug(&self, lang: usize) -> String {
        slugify(&self.title(lang), 12, self.index)
    }

    /// Fills in a sentence's placeholders. `k` varies the numbers.
    fn sentence(&self, out: &mut String, template: &str, lang: usize, k: usize) {
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let key = &rest[open + 1..open + 2];
            let at_start = out.is_empty() || out.ends_with("\n") || out.ends_with(". ");
            let value: String = match key {
                "A" => pick(self.partner(0).short, lang).into(),
                "B" => pick(self.partner(1).short, lang).into(),
                "T" => pick(TOPICS[self.topics[k % self.topics.len()]].2, lang).into(),
                "C" => pick(COUNTRIES[self.countries[k % self.countries.len()]].1, lang).into(),
                "Y" => self.year().to_string(),
                _ => number(self.numbers[k % self.numbers.len()], lang),
            };
            if at_start {
                out.push_str(&capitalise(&value));
            } else {
                out.push_str(&value);
            }
            rest = &rest[open + 3..];
        }
        out.push_str(rest);
    }

    fn body(&self, lang: usize) -> String {
        let mut out = String::with_capacity(if lang == VI { 7_000 } else { 5_000 });
        let mut k = 0;
        for block in &self.blocks {
            match block {
                Block::Heading(h) => {
                    out.push_str("## ");
                    out.push_str(pick(HEADINGS[*h], lang));
                    out.push_str("\n\n");
                }
                Block::Intro => {
                    out.push_str(&self.summary(lang));
                    out.push(' ');
                }
                Block::Paragraph(sentences) => {
                    for (j, &s) in sentences.iter().enumerate() {
                        if j > 0 {
                            out.push(' ');
                        }
                        k += 1;
                        self.sentence(&mut out, pick(SENTENCES[s], lang), lang, k);
                    }
                    out.push_str("\n\n");
                }
                Block::List(items) => {
                    out.push_str(if lang == VI {
                        "Các hoạt động chính của chương trình gồm:\n\n"
                    } else {
                        "The programme's main activities include:\n\n"
                    });
                    for (j, &item) in items.iter().enumerate() {
                        out.push_str("- ");
                        out.push_str(pick(LIST_ITEMS[item], lang));
                        out.push_str(if j + 1 == items.len() { ".\n" } else { ";\n" });
                    }
                    out.push('\n');
                }
                Block::Table(rows) => {
                    let y = self.year();
                    if lang == VI {
                        out.push_str("Bảng dưới đây tóm tắt một số kết quả chính:\n\n| Hạng mục | Năm | Kết quả |\n|---|---:|---:|\n");
                    } else {
                        out.push_str("The table below summarises some key results:\n\n| Item | Year | Result |\n|---|---:|---:|\n");
                    }
                    for (j, &(row, value)) in rows.iter().enumerate() {
                        let _ = writeln!(
                            out,
                            "| {} | {} | {} |",
                            pick(TABLE_ROWS[row], lang),
                            y - 2 + j as i64,
                            number(value, lang)
                        );
                    }
                    out.push('\n');
                }
                Block::Links => {
                    let p = self.partner(0);
                    let y = self.year();
                    let i = self.index;
                    if lang == VI {
                        let _ = write!(
                            out,
                            "Thông tin chi tiết được đăng tải trên [trang thông tin của {}]({}) và trong **[báo cáo tổng kết năm {y}](https://bench.example.org/reports/{y}/{i}.pdf)**.\n\n",
                            p.short.0, p.website
                        );
                    } else {
                        let _ = write!(
                            out,
                            "Details are published on [the website of {}]({}) and in the **[{y} annual report](https://bench.example.org/reports/{y}/{i}.pdf)**.\n\n",
                            p.short.1, p.website
                        );
                    }
                }
            }
        }
        out.truncate(out.trim_end().len());
        out.push('\n');
        out
    }

    /// The alt text of the article's photo in `lang`.
    fn photo_alt(&self, lang: usize) -> String {
        let (a, b) = (pick(self.partner(0).short, lang), pick(self.partner(1).short, lang));
        if lang == VI {
            format!("Đại diện {a} và {b} tại buổi lễ")
        } else {
            format!("Representatives of {a} and {b} at the ceremony")
        }
    }

    /// The content file in `lang`: its front matter, then `body`, with the
    /// photo `photo` (if any) shown after the opening paragraph.
    fn file_text(&self, lang: usize, hugo: bool, body: &str, photo: Option<&str>) -> String {
        let mut text = self.front_matter(lang, hugo, photo);
        match photo {
            Some(photo) => {
                let at = body.find("\n\n").map_or(body.len(), |at| at + 2);
                text.push_str(&body[..at]);
                let _ = write!(text, "![{}]({photo})\n\n", self.photo_alt(lang));
                text.push_str(&body[at..]);
            }
            None => text.push_str(body),
        }
        text
    }

    fn list(ids: impl Iterator<Item = &'static str>) -> String {
        let v: Vec<&str> = ids.collect();
        format!("[{}]", v.join(", "))
    }

    /// Front matter of the file in `lang`; `hugo` repeats shared fields in
    /// the translation and writes the year taxonomy. `photo` names the
    /// article's photo, if it has one.
    fn front_matter(&self, lang: usize, hugo: bool, photo: Option<&str>) -> String {
        let mut fm = String::with_capacity(512);
        fm.push_str("---\n");
        let _ = writeln!(fm, "title: \"{}\"", self.title(lang));
        if lang == VI || hugo {
            let _ = writeln!(fm, "date: {}", self.date_iso());
        }
        let _ = writeln!(fm, "summary: \"{}\"", self.summary(lang));
        let _ = writeln!(fm, "slug: {}", self.slug(lang));
        if lang == VI || hugo {
            let _ = writeln!(
                fm,
                "partners: {}",
                Self::list(self.partners.iter().map(|&i| PARTNERS[i].id))
            );
            let _ = writeln!(fm, "topics: {}", Self::list(self.topics.iter().map(|&i| TOPICS[i].0)));
            let _ = writeln!(
                fm,
                "countries: {}",
                Self::list(self.countries.iter().map(|&i| COUNTRIES[i].0))
            );
        }
        if hugo {
            let _ = writeln!(fm, "years: [\"{}\"]", self.year());
        }
        if let Some(photo) = photo {
            if lang == VI && !hugo {
                let _ = writeln!(fm, "image: {photo}");
            }
            let _ = writeln!(fm, "image_alt: \"{}\"", self.photo_alt(lang));
        }
        fm.push_str("---\n\n");
        fm
    }
}

// ---------------------------------------------------------------------------
// Site-wide files

const SITE_TITLE: (&str, &str) = ("Cổng thông tin Đối tác", "Partnership Portal");
const TAGLINE: (&str, &str) = (
    "Tin tức về các quan hệ đối tác văn hóa, giáo dục và môi trường, bằng tiếng Việt và tiếng Anh.",
    "News of cultural, educational and environmental partnerships, in Vietnamese and English.",
);
const FOOTER: (&str, &str) = (
    "Cổng thông tin song ngữ về các thỏa thuận, chương trình và đối thoại giữa UNESCO, doanh nghiệp và các tổ chức đối tác.",
    "A bilingual portal of the agreements, programmes and dialogues between UNESCO, companies and partner organisations.",
);
const HOME_BODY: (&str, &str) = (
    "Chào mừng bạn đến với Cổng thông tin Đối tác. Tại đây, bạn có thể đọc bằng tiếng Việt hoặc tiếng Anh những tin tức về các thỏa thuận, chương trình và cuộc đối thoại giữa UNESCO, các hội UNESCO, doanh nghiệp và cơ quan nhà nước. Mỗi đối tác có một trang hồ sơ riêng, tập hợp các bài viết liên quan.\n",
    "Welcome to the Partnership Portal. Here you can read, in Vietnamese or English, news of the agreements, programmes and dialogues between UNESCO, UNESCO associations, companies and government bodies. Each partner has its own profile page gathering the related articles.\n",
);

fn partner_body(p: &Partner, pi: usize, lang: usize) -> String {
    // Two short paragraphs and a list, from the same pools, fixed per partner.
    let mut rng = Rng(0xC0FFEE ^ pi as u64);
    let fake = Article {
        index: pi,
        date: (2020, 1, 1),
        partners: vec![pi, (pi + 1) % PARTNERS.len()],
        topics: vec![pi % TOPICS.len()],
        countries: vec![pi % COUNTRIES.len()],
        action: 0,
        numbers: vec![120 + pi * 37, 2_400, 85],
        blocks: Vec::new(),
    };
    let mut out = String::new();
    out.push_str(pick(p.summary, lang));
    out.push_str("\n\n");
    for _ in 0..2 {
        for (j, s) in rng.distinct(SENTENCES.len(), 3).into_iter().enumerate() {
            if j > 0 {
                out.push(' ');
            }
            fake.sentence(&mut out, pick(SENTENCES[s], lang), lang, j);
        }
        out.push_str("\n\n");
    }
    for item in rng.distinct(LIST_ITEMS.len(), 3) {
        let _ = writeln!(out, "- {}", pick(LIST_ITEMS[item], lang));
    }
    out
}

fn ftl(lang: usize) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "site-title = {}", pick(SITE_TITLE, lang));
    let _ = writeln!(s, "site-tagline = {}", pick(TAGLINE, lang));
    let _ = writeln!(s, "footer-about = {}", pick(FOOTER, lang));
    for (id, label, _) in TOPICS {
        let _ = writeln!(s, "topic-{id} = {}", pick(*label, lang));
    }
    for (id, name) in COUNTRIES {
        let _ = writeln!(
            s,
            "country-{id} = {}",
            capitalise(pick(*name, lang).trim_start_matches("the "))
        );
    }
    s
}

const SITE_YAML: &str = "base_url: https://bench.example.org
default_language: vi
languages:
  - code: vi
    name: Tiếng Việt
  - code: en
    name: English
paginate: 10
cards: { enabled: false }
";

const HUGO_TOML: &str = r#"# Hugo twin of the duet benchmark site (written by examples/corpus.rs).
baseURL = "https://bench.example.org/"
defaultContentLanguage = "vi"
defaultContentLanguageInSubdir = true
enableRobotsTXT = true
# Hugo < 0.128; newer versions read [pagination] below.
paginate = 10

[pagination]
  pagerSize = 10

[taxonomies]
  topic = "topics"
  country = "countries"
  year = "years"
  partner = "partners"

# duet writes a search index per language: LANG/search-index.json.
[outputFormats.SearchIndex]
  mediaType = "application/json"
  baseName = "search-index"
  isPlainText = true
  notAlternative = true

# One feed per language (duet writes one Atom feed per language).
[outputs]
  home = ["HTML", "RSS", "SearchIndex"]
  section = ["HTML"]
  taxonomy = ["HTML"]
  term = ["HTML"]
  page = ["HTML"]

[services.rss]
  limit = 50

# Photos (`--photos`): the quality and filter duet uses.
[imaging]
  quality = 80
  resampleFilter = "Lanczos"

[languages.vi]
  languageName = "Tiếng Việt"
  title = "Cổng thông tin Đối tác"
  weight = 1
[languages.en]
  languageName = "English"
  title = "Partnership Portal"
  weight = 2
"#;

/// Hugo templates: (path under layouts/, text).
const HUGO_LAYOUTS: &[(&str, &str)] = &[
    (
        "_default/baseof.html",
        r##"<!DOCTYPE html>
<html lang="{{ .Language.Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ block "title" . }}{{ .Title }}{{ end }} · {{ site.Title }}{{ end }}</title>
<meta name="description" content="{{ with .Params.summary }}{{ . }}{{ else }}{{ site.Title }}{{ end }}">
<link rel="canonical" href="{{ .Permalink }}">
{{ if .IsTranslated }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">
{{ range .Translations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">
{{ end }}{{ end }}{{ with site.Home.OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" href="{{ .Permalink }}" title="{{ site.Title }}">
{{ end }}<meta property="og:site_name" content="{{ site.Title }}">
<meta property="og:title" content="{{ .Title }}">
<meta property="og:url" content="{{ .Permalink }}">
{{ block "head" . }}<meta property="og:type" content="website">
{{ end }}<link rel="icon" href="{{ "assets/favicon.svg" | absURL }}" type="image/svg+xml">
<link rel="stylesheet" href="{{ "assets/site.css" | absURL }}">
</head>
<body>
<a class="skip-link" href="#main">{{ i18n "skip-to-content" }}</a>
<header class="site-header">
  <div class="wrap header-row">
    <a class="brand" href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
    <nav class="site-nav" aria-label="{{ i18n "nav-label" }}">
      <ul>
        <li><a href="{{ site.Home.RelPermalink }}">{{ i18n "nav-home" }}</a></li>
        <li><a href="{{ relLangURL "articles/" }}">{{ i18n "nav-articles" }}</a></li>
        <li><a href="{{ relLangURL "partners/" }}">{{ i18n "nav-partners" }}</a></li>
      </ul>
    </nav>
    {{ partial "switcher.html" . }}
  </div>
</header>
<main id="main" class="wrap" tabindex="-1">
{{ block "main" . }}{{ end }}
</main>
<footer class="site-footer">
  <div class="wrap">
    <p>{{ i18n "footer-about" }}</p>
    <nav aria-label="{{ i18n "browse-label" }}">
      <ul class="inline-list">
        <li><a href="{{ relLangURL "topics/" }}">{{ i18n "taxonomy-topics" }}</a></li>
        <li><a href="{{ relLangURL "countries/" }}">{{ i18n "taxonomy-countries" }}</a></li>
        <li><a href="{{ relLangURL "years/" }}">{{ i18n "taxonomy-years" }}</a></li>
        {{ with site.Home.OutputFormats.Get "rss" }}<li><a href="{{ .RelPermalink }}">{{ i18n "feed-label" }}</a></li>{{ end }}
      </ul>
    </nav>
  </div>
</footer>
</body>
</html>
"##,
    ),
    (
        "partials/switcher.html",
        r##"<nav class="switcher" aria-label="{{ i18n "switcher-label" }}">
  <ul>
  {{ $page := . }}{{ range site.Languages }}{{ $lang := .Lang }}
    {{ if eq $lang $page.Language.Lang }}<li><span class="current" lang="{{ $lang }}" aria-current="true">{{ .LanguageName }}</span></li>
    {{ else }}{{ $t := where $page.Translations "Lang" $lang }}{{ with index $t 0 }}<li><a href="{{ .RelPermalink }}" lang="{{ $lang }}" hreflang="{{ $lang }}" rel="alternate">{{ .Language.LanguageName }}</a></li>
    {{ else }}<li><a class="untranslated" href="{{ printf "/%s/" $lang }}" lang="{{ $lang }}">{{ .LanguageName }}</a></li>
    {{ end }}{{ end }}
  {{ end }}
  </ul>
</nav>
"##,
    ),
    (
        "partials/card.html",
        r##"<article class="card">
  <h3 class="card-title"><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3>
  <p class="meta"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date | time.Format ":date_long" }}</time></p>
  {{ with .Params.summary }}<p>{{ . }}</p>{{ end }}
</article>
"##,
    ),
    (
        "partials/pager.html",
        r##"{{ $pag := .Paginator }}{{ if gt $pag.TotalPages 1 }}
<nav class="pager" aria-label="{{ i18n "pager-label" }}">
  {{ if $pag.HasPrev }}<a href="{{ $pag.Prev.URL }}" rel="prev">{{ i18n "pager-prev" }}</a>{{ end }}
  <span>{{ i18n "pager-position" (dict "current" $pag.PageNumber "total" $pag.TotalPages) }}</span>
  {{ if $pag.HasNext }}<a href="{{ $pag.Next.URL }}" rel="next">{{ i18n "pager-next" }}</a>{{ end }}
</nav>
{{ end }}"##,
    ),
    (
        "index.html",
        r##"{{ define "main" }}
<section class="hero">
  <h1>{{ .Title }}</h1>
  {{ with .Params.summary }}<p class="lede">{{ . }}</p>{{ end }}
  <div class="prose">{{ .Content }}</div>
</section>
<section aria-labelledby="latest">
  <h2 id="latest">{{ i18n "latest-articles" }}</h2>
  {{ $articles := where site.RegularPages "Section" "articles" }}
  {{ range first 10 $articles }}{{ partial "card.html" . }}{{ end }}
  <p><a class="more" href="{{ relLangURL "articles/" }}">{{ i18n "all-articles" (len $articles) }}</a></p>
</section>
<section aria-labelledby="partners-heading">
  <h2 id="partners-heading">{{ i18n "nav-partners" }}</h2>
  <ul class="partner-list">
  {{ with site.GetPage "/partners" }}{{ range .Pages.ByTitle }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}{{ end }}
  </ul>
</section>
{{ end }}
"##,
    ),
    (
        "_default/list.html",
        r##"{{ define "head" }}{{ $pag := .Paginator }}{{ if $pag.HasPrev }}<link rel="prev" href="{{ $pag.Prev.URL }}">
{{ end }}{{ if $pag.HasNext }}<link rel="next" href="{{ $pag.Next.URL }}">
{{ end }}{{ end }}
{{ define "main" }}
<h1>{{ i18n "articles-title" }}</h1>
<p class="muted">{{ i18n "articles-count" (len .Pages) }}</p>
{{ range .Paginator.Pages }}{{ partial "card.html" . }}{{ end }}
{{ partial "pager.html" . }}
{{ end }}
"##,
    ),
    (
        "_default/single.html",
        r##"{{ define "head" }}<meta property="og:type" content="article">
<meta property="article:published_time" content="{{ .Date.Format "2006-01-02" }}">
{{ end }}
{{ define "main" }}
<article class="article">
  <header>
    <h1>{{ .Title }}</h1>
    <p class="meta">{{ i18n "published-on" }} <time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date | time.Format ":date_long" }}</time></p>
    {{ with .Params.summary }}<p class="lede">{{ . }}</p>{{ end }}
  </header>
  {{ with .Resources.GetMatch "photo.jpg" }}{{ $img := . }}{{ $w := slice }}{{ $j := slice }}{{ $src := "" }}{{ range slice 480 960 1600 }}{{ $webp := $img.Resize (printf "%dx webp q80" .) }}{{ $jpg := $img.Resize (printf "%dx jpg q80" .) }}{{ $w = $w | append (printf "%s %dw" $webp.RelPermalink .) }}{{ $j = $j | append (printf "%s %dw" $jpg.RelPermalink .) }}{{ $src = $jpg.RelPermalink }}{{ end }}<picture><source type="image/webp" srcset="{{ delimit $w ", " }}"><img src="{{ $src }}" srcset="{{ delimit $j ", " }}" alt="{{ $.Params.image_alt }}"></picture>{{ end }}
  <div class="prose">{{ .Content }}</div>
  <footer class="article-footer">
    {{ with .GetTerms "partners" }}<p><strong>{{ i18n "partners-heading" }}:</strong>
      {{ range $i, $p := . }}{{ if $i }}, {{ end }}<a href="{{ $p.RelPermalink }}">{{ $p.Title }}</a>{{ end }}</p>{{ end }}
    {{ with .GetTerms "topics" }}<p><strong>{{ i18n "taxonomy-topics" }}:</strong>
      {{ range $i, $t := . }}{{ if $i }}, {{ end }}<a href="{{ $t.RelPermalink }}">{{ i18n (printf "topic-%s" $t.Data.Term) }}</a>{{ end }}</p>{{ end }}
    {{ with .GetTerms "countries" }}<p><strong>{{ i18n "taxonomy-countries" }}:</strong>
      {{ range $i, $t := . }}{{ if $i }}, {{ end }}<a href="{{ $t.RelPermalink }}">{{ i18n (printf "country-%s" $t.Data.Term) }}</a>{{ end }}</p>{{ end }}
    {{ with .GetTerms "years" }}<p><strong>{{ i18n "taxonomy-years" }}:</strong>
      {{ range $i, $t := . }}{{ if $i }}, {{ end }}<a href="{{ $t.RelPermalink }}">{{ $t.Data.Term }}</a>{{ end }}</p>{{ end }}
  </footer>
</article>
{{ end }}
"##,
    ),
    (
        "_default/taxonomy.html",
        r##"{{ define "main" }}
{{ $plural := .Data.Plural }}
<h1>{{ i18n (printf "taxonomy-%s" $plural) }}</h1>
<ul class="term-list">
{{ range .Data.Terms.Alphabetical }}  <li><a href="{{ .Page.RelPermalink }}">{{ if eq $plural "years" }}{{ .Name }}{{ else }}{{ i18n (printf "%s-%s" (singularize $plural) .Name) }}{{ end }}</a> <span class="muted">({{ i18n "articles-count" .Count }})</span></li>
{{ end }}</ul>
{{ end }}
"##,
    ),
    (
        "_default/term.html",
        r##"{{ define "title" }}{{ if eq .Data.Plural "years" }}{{ .Data.Term }}{{ else }}{{ i18n (printf "%s-%s" .Data.Singular .Data.Term) }}{{ end }}{{ end }}
{{ define "head" }}{{ $pag := .Paginator }}{{ if $pag.HasPrev }}<link rel="prev" href="{{ $pag.Prev.URL }}">
{{ end }}{{ if $pag.HasNext }}<link rel="next" href="{{ $pag.Next.URL }}">
{{ end }}{{ end }}
{{ define "main" }}
<h1>{{ if eq .Data.Plural "years" }}{{ .Data.Term }}{{ else }}{{ i18n (printf "%s-%s" .Data.Singular .Data.Term) }}{{ end }}</h1>
<p class="muted">{{ i18n "articles-count" (len .Pages) }}</p>
{{ range .Paginator.Pages }}{{ partial "card.html" . }}{{ end }}
{{ partial "pager.html" . }}
{{ end }}
"##,
    ),
    // Partners are the terms of the `partners` taxonomy; the profile is the
    // term page's own content, followed by its articles, 10 a page (as duet).
    (
        "partners/term.html",
        r##"{{ define "head" }}<meta property="og:type" content="profile">
{{ $pag := .Paginator }}{{ if $pag.HasPrev }}<link rel="prev" href="{{ $pag.Prev.URL }}">
{{ end }}{{ if $pag.HasNext }}<link rel="next" href="{{ $pag.Next.URL }}">
{{ end }}{{ end }}
{{ define "main" }}
{{ if eq .Paginator.PageNumber 1 }}<article class="partner">
  <h1>{{ .Title }}</h1>
  {{ with .Params.summary }}<p class="lede">{{ . }}</p>{{ end }}
  {{ with .Params.website }}<p><a href="{{ . }}" rel="nofollow">{{ i18n "partner-website" }}</a></p>{{ end }}
  <div class="prose">{{ .Content }}</div>
</article>
{{ else }}<h1>{{ .Title }}</h1>
{{ end }}<section aria-labelledby="partner-articles">
  <h2 id="partner-articles">{{ i18n "partner-articles" (len .Pages) }}</h2>
  {{ range .Paginator.Pages }}{{ partial "card.html" . }}{{ end }}
  {{ partial "pager.html" . }}
</section>
{{ end }}
"##,
    ),
    (
        "partners/taxonomy.html",
        r##"{{ define "main" }}
<h1>{{ i18n "partners-title" }}</h1>
<ul class="partner-list">
{{ range .Pages.ByTitle }}  <li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Params.summary }} <span class="muted">{{ . }}</span>{{ end }}</li>
{{ end }}</ul>
{{ end }}
"##,
    ),
    (
        "404.html",
        r##"{{ define "main" }}
<h1>{{ i18n "not-found-title" }}</h1>
<p>{{ i18n "not-found-text" }}</p>
<p><a href="{{ site.Home.RelPermalink }}">{{ i18n "nav-home" }}</a></p>
{{ end }}
"##,
    ),
    // The same documents and fields as duet's search index: articles and
    // partner profiles, with at most 2000 characters of body text. Written
    // one document at a time (appending to a slice is quadratic), and with
    // `replace` rather than `replaceRE` (a regexp over every body costs Hugo
    // ~30% more time at N = 10000).
    (
        "index.searchindex.json",
        r##"{{- $pages := where site.RegularPages "Section" "articles" -}}
{{- with site.GetPage "/partners" }}{{ $pages = $pages | append .Pages }}{{ end -}}
{"v":1,"docs":[
{{- range $i, $page := $pages -}}
  {{- if $i }},{{ end -}}
  {{- $p := slice -}}{{- range .GetTerms "partners" }}{{ $p = $p | append .Title }}{{ end -}}
  {{- $k := slice -}}{{- range .GetTerms "topics" }}{{ $k = $k | append (i18n (printf "topic-%s" .Data.Term)) }}{{ end -}}
  {{- $doc := dict "u" .RelPermalink "t" .Title "s" (.Params.summary | default "") "x" (truncate 2000 "" (replace .Plain "\n" " ")) -}}
  {{- if eq .Kind "page" }}{{ $doc = merge $doc (dict "d" (.Date.Format "2006-01-02") "dd" (.Date | time.Format ":date_long")) }}{{ end -}}
  {{- if $p }}{{ $doc = merge $doc (dict "p" $p) }}{{ end -}}
  {{- if $k }}{{ $doc = merge $doc (dict "k" $k) }}{{ end -}}
  {{- $doc | jsonify | safeJS -}}
{{- end -}}
]}
"##,
    ),
    (
        "_default/rss.xml",
        r##"{{- printf "<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"yes\"?>" | safeHTML }}
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>{{ site.Title }}</title>
    <link>{{ .Permalink }}</link>
    <language>{{ site.Language.Lang }}</language>
    <atom:link href="{{ with .OutputFormats.Get "RSS" }}{{ .Permalink }}{{ end }}" rel="self" type="application/rss+xml" />
    {{ range first 50 (where site.RegularPages "Section" "articles") }}
    <item>
      <title>{{ .Title }}</title>
      <link>{{ .Permalink }}</link>
      <pubDate>{{ .Date.Format "Mon, 02 Jan 2006 15:04:05 -0700" | safeHTML }}</pubDate>
      <guid>{{ .Permalink }}</guid>
      <description>{{ .Content | html }}</description>
    </item>
    {{ end }}
  </channel>
</rss>
"##,
    ),
];

/// UI strings for Hugo, beyond the site strings and term labels of the .ftl files.
const HUGO_UI: &[(&str, &str, &str)] = &[
    ("skip-to-content", "Chuyển đến nội dung chính", "Skip to main content"),
    ("nav-label", "Điều hướng chính", "Main navigation"),
    ("nav-home", "Trang chủ", "Home"),
    ("nav-articles", "Tin tức", "News"),
    ("nav-partners", "Đối tác", "Partners"),
    ("switcher-label", "Chọn ngôn ngữ", "Choose a language"),
    ("latest-articles", "Tin mới nhất", "Latest news"),
    ("published-on", "Đăng ngày", "Published"),
    ("partners-heading", "Đối tác", "Partners"),
    ("partner-website", "Trang web chính thức", "Official website"),
    ("pager-label", "Phân trang", "Pagination"),
    ("pager-prev", "← Trang trước", "← Previous page"),
    ("pager-next", "Trang sau →", "Next page →"),
    (
        "pager-position",
        "Trang {{ .current }} / {{ .total }}",
        "Page {{ .current }} of {{ .total }}",
    ),
    ("articles-title", "Tin tức", "News"),
    ("partners-title", "Các đối tác", "Our partners"),
    ("taxonomy-topics", "Chủ đề", "Topics"),
    ("taxonomy-countries", "Quốc gia", "Countries"),
    ("taxonomy-years", "Năm", "Years"),
    ("taxonomy-partners", "Đối tác", "Partners"),
    ("browse-label", "Duyệt tin", "Browse the news"),
    ("feed-label", "Nguồn cấp RSS", "RSS feed"),
    ("not-found-title", "Không tìm thấy trang", "Page not found"),
    (
        "not-found-text",
        "Trang bạn tìm không tồn tại hoặc đã được chuyển đi.",
        "The page you are looking for does not exist or has moved.",
    ),
];

/// Pluralised UI strings for Hugo: key, (vi other), (en one, en other).
const HUGO_PLURALS: &[(&str, &str, &str, &str)] = &[
    (
        "articles-count",
        "{{ .Count }} bài viết",
        "One article",
        "{{ .Count }} articles",
    ),
    (
        "all-articles",
        "Xem tất cả {{ .Count }} bài viết",
        "See the one article",
        "See all {{ .Count }} articles",
    ),
    (
        "partner-articles",
        "{{ .Count }} bài viết liên quan",
        "One related article",
        "{{ .Count }} related articles",
    ),
];

fn hugo_i18n(lang: usize) -> String {
    let q = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
    let mut s = String::new();
    let _ = writeln!(s, "site-title: {}", q(pick(SITE_TITLE, lang)));
    let _ = writeln!(s, "site-tagline: {}", q(pick(TAGLINE, lang)));
    let _ = writeln!(s, "footer-about: {}", q(pick(FOOTER, lang)));
    for (id, label, _) in TOPICS {
        let _ = writeln!(s, "topic-{id}: {}", q(pick(*label, lang)));
    }
    for (id, name) in COUNTRIES {
        let _ = writeln!(
            s,
            "country-{id}: {}",
            q(&capitalise(pick(*name, lang).trim_start_matches("the ")))
        );
    }
    for (key, vi, en) in HUGO_UI {
        let _ = writeln!(s, "{key}: {}", q(pick((vi, en), lang)));
    }
    for (key, vi, en_one, en_other) in HUGO_PLURALS {
        let _ = writeln!(s, "{key}:");
        if lang == VI {
            let _ = writeln!(s, "  other: {}", q(vi));
        } else {
            let _ = writeln!(s, "  one: {}", q(en_one));
            let _ = writeln!(s, "  other: {}", q(en_other));
        }
    }
    s
}

const CSS: &str = "body{font-family:system-ui,sans-serif;line-height:1.6;margin:0;color:#1a1a1a}\n.wrap{max-width:48rem;margin:0 auto;padding:0 1rem}\n.site-header,.site-footer{background:#f4f1ea;padding:.5rem 0}\n.card{border-bottom:1px solid #ddd;padding:.5rem 0}\n.muted,.meta{color:#666}\ntable{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25rem .5rem}\n";
const FAVICON: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 16 16\"><rect width=\"16\" height=\"16\" rx=\"3\" fill=\"#2b6cb0\"/></svg>\n";

// ---------------------------------------------------------------------------

const MARKER: &str = ".corpus";

/// Makes `dir` a fresh, empty folder; replaces it only if this tool wrote it.
fn fresh(dir: &Path) -> Result<(), String> {
    if dir.exists() {
        let empty = fs::read_dir(dir)
            .map_err(|e| format!("{}: {e}", dir.display()))?
            .next()
            .is_none();
        if !empty {
            if !dir.join(MARKER).exists() {
                return Err(format!(
                    "{} exists and was not written by this generator; remove it or pick another OUTDIR",
                    dir.display()
                ));
            }
            fs::remove_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
    }
    fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    fs::write(dir.join(MARKER), "written by duet's examples/corpus.rs\n").map_err(|e| e.to_string())
}

struct Args {
    n: usize,
    out: PathBuf,
    seed: u64,
    photos: bool,
}

fn parse_args() -> Result<Args, String> {
    let usage = "usage: corpus N OUTDIR [--seed S] [--photos]";
    let mut positional = Vec::new();
    let mut seed = 1u64;
    let mut photos = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--seed" {
            let v = args.next().ok_or(usage)?;
            seed = v.parse().map_err(|_| format!("--seed: not a number: {v}"))?;
        } else if let Some(v) = a.strip_prefix("--seed=") {
            seed = v.parse().map_err(|_| format!("--seed: not a number: {v}"))?;
        } else if a == "--photos" {
            photos = true;
        } else if a == "-h" || a == "--help" {
            return Err(usage.into());
        } else {
            positional.push(a);
        }
    }
    if positional.len() != 2 {
        return Err(usage.into());
    }
    let n = positional[0]
        .parse()
        .map_err(|_| format!("N: not a number: {}\n{usage}", positional[0]))?;
    Ok(Args {
        n,
        out: PathBuf::from(&positional[1]),
        seed,
        photos,
    })
}

fn run(args: &Args) -> Result<(), String> {
    let started = Instant::now();
    let duet = args.out.join("duet");
    let hugo = args.out.join("hugo");
    fresh(&duet)?;
    fresh(&hugo)?;
    let io = |e: io::Error| e.to_string();
    let langs = [("vi", VI), ("en", EN)];

    // duet: configuration, locales, home, partners.
    write(&duet.join("site.yaml"), SITE_YAML).map_err(io)?;
    for (code, lang) in langs {
        let dir = duet.join("locales").join(code);
        fs::create_dir_all(&dir).map_err(io)?;
        write(&dir.join("site.ftl"), &ftl(lang)).map_err(io)?;
    }
    // Hugo: configuration, i18n, layouts, static files.
    write(&hugo.join("hugo.toml"), HUGO_TOML).map_err(io)?;
    fs::create_dir_all(hugo.join("i18n")).map_err(io)?;
    for (code, lang) in langs {
        write(&hugo.join("i18n").join(format!("{code}.yaml")), &hugo_i18n(lang)).map_err(io)?;
    }
    for (path, text) in HUGO_LAYOUTS {
        let p = hugo.join("layouts").join(path);
        fs::create_dir_all(p.parent().unwrap()).map_err(io)?;
        write(&p, text).map_err(io)?;
    }
    fs::create_dir_all(hugo.join("static/assets")).map_err(io)?;
    write(&hugo.join("static/assets/site.css"), CSS).map_err(io)?;
    write(&hugo.join("static/assets/favicon.svg"), FAVICON).map_err(io)?;

    for root in [&duet, &hugo] {
        fs::create_dir_all(root.join("content/articles")).map_err(io)?;
        fs::create_dir_all(root.join("content/partners")).map_err(io)?;
        for (code, lang) in langs {
            let text = format!(
                "---\ntitle: \"{}\"\nsummary: \"{}\"\n---\n\n{}",
                pick(SITE_TITLE, lang),
                pick(TAGLINE, lang),
                pick(HOME_BODY, lang)
            );
            write(&root.join(format!("content/_index.{code}.md")), &text).map_err(io)?;
        }
    }
    for (pi, p) in PARTNERS.iter().enumerate() {
        fs::create_dir_all(hugo.join("content/partners").join(p.id)).map_err(io)?;
        for (code, lang) in langs {
            let mut text = format!(
                "---\ntitle: \"{}\"\nsummary: \"{}\"\n",
                pick(p.title, lang),
                pick(p.summary, lang)
            );
            // `website` is not a shared field in duet: each language writes it.
            let _ = writeln!(text, "website: {}", p.website);
            text.push_str("---\n\n");
            text.push_str(&partner_body(p, pi, lang));
            write(&duet.join(format!("content/partners/{}.{code}.md", p.id)), &text).map_err(io)?;
            write(&hugo.join(format!("content/partners/{}/_index.{code}.md", p.id)), &text).map_err(io)?;
        }
    }

    // Articles.
    let mut rng = Rng(args.seed);
    let mut words = [0usize; 2];
    let mut bytes = 0usize;
    let duet_articles = duet.join("content/articles");
    let hugo_articles = hugo.join("content/articles");
    for i in 1..=args.n {
        let article = Article::new(i, &mut rng);
        let name = article.slug(EN);
        // Hugo keeps a page's resources in a bundle: a folder of its own.
        let (photo, hugo_photo, hugo_dir) = if args.photos {
            let jpeg = photo(i);
            let own = format!("{name}.jpg");
            fs::write(duet_articles.join(&own), &jpeg).map_err(io)?;
            let bundle = hugo_articles.join(&name);
            fs::create_dir_all(&bundle).map_err(io)?;
            fs::write(bundle.join("photo.jpg"), &jpeg).map_err(io)?;
            (Some(own), Some("photo.jpg"), bundle)
        } else {
            (None, None, hugo_articles.clone())
        };
        for (code, lang) in langs {
            let body = article.body(lang);
            words[lang] += body.split_whitespace().count();
            let file = format!("{name}.{code}.md");
            let text = article.file_text(lang, false, &body, photo.as_deref());
            bytes += text.len();
            write(&duet_articles.join(&file), &text).map_err(io)?;
            let hugo_file = if args.photos { format!("index.{code}.md") } else { file };
            let text = article.file_text(lang, true, &body, hugo_photo);
            write(&hugo_dir.join(hugo_file), &text).map_err(io)?;
        }
    }
    let n = args.n.max(1);
    eprintln!(
        "corpus: {} article pairs (seed {}) in {} and {}: ~{} words per vi body, ~{} per en body, {:.1} MiB of duet articles, {:.2} s",
        args.n,
        args.seed,
        duet.display(),
        hugo.display(),
        words[VI] / n,
        words[EN] / n,
        bytes as f64 / (1024.0 * 1024.0),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

// ---------------------------------------------------------------------------
// Photos (`--photos`)

/// A 3000 × 2000 photo-like JPEG (gradients and noise, so it compresses as
/// photos do) with an EXIF segment: orientation 1 and GPS coordinates.
fn photo(i: usize) -> Vec<u8> {
    let mut state = 0x9e37_79b9_7f4a_7c15u64 ^ (i as u64).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    let img = RgbImage::from_fn(3000, 2000, |x, y| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let noise = (state & 0x1f) as u32;
        image::Rgb([
            ((x / 12 + i as u32 * 7) % 200 + noise) as u8,
            ((y / 8) % 220 + noise / 2) as u8,
            (((x + y) / 20) % 180 + noise) as u8,
        ])
    });
    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(&mut jpeg, 88)
        .encode(&img, 3000, 2000, ExtendedColorType::Rgb8)
        .expect("encoding to memory cannot fail");
    let tiff = exif();
    let mut out = jpeg[..2].to_vec();
    out.extend([0xff, 0xe1]);
    out.extend(((2 + 6 + tiff.len()) as u16).to_be_bytes());
    out.extend(b"Exif\0\0");
    out.extend(tiff);
    out.extend(&jpeg[2..]);
    out
}

/// TIFF-structured EXIF: orientation 1 and a GPS IFD with a latitude.
fn exif() -> Vec<u8> {
    let mut t: Vec<u8> = b"II*\0".to_vec();
    t.extend(8u32.to_le_bytes());
    let entry = |t: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: u32| {
        t.extend(tag.to_le_bytes());
        t.extend(kind.to_le_bytes());
        t.extend(count.to_le_bytes());
        t.extend(value.to_le_bytes());
    };
    t.extend(2u16.to_le_bytes());
    entry(&mut t, 0x0112, 3, 1, 1);
    entry(&mut t, 0x8825, 4, 1, 38);
    t.extend(0u32.to_le_bytes());
    t.extend(2u16.to_le_bytes());
    entry(&mut t, 0x0001, 2, 2, u32::from_le_bytes(*b"N\0\0\0"));
    entry(&mut t, 0x0002, 5, 3, 68);
    t.extend(0u32.to_le_bytes());
    for (n, d) in [(21u32, 1u32), (1, 1), (2850, 100)] {
        t.extend(n.to_le_bytes());
        t.extend(d.to_le_bytes());
    }
    t
}

fn main() -> ExitCode {
    match parse_args().and_then(|a| run(&a)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("corpus: {e}");
            ExitCode::from(2)
        }
    }
}
