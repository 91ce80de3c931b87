# UI strings of the portal theme, English.
skip-to-content = Skip to main content
nav-label = Main navigation
nav-home = Home
nav-articles = News
nav-partners = Partners
switcher-label = Choose a language
switcher-untranslated = not translated yet, go to home page
latest-articles = Latest news
all-articles = { $count ->
    [one] See the one article
   *[other] See all { $count } articles
}
articles-count = { $count ->
    [one] One article
   *[other] { $count } articles
}
no-articles = No articles yet.
published-on = Published
# Beside the date of a story at least two years old, as newsrooms mark their archive.
article-age = { $years ->
    [one] This article is more than a year old
   *[other] This article is more than { $years } years old
}
partners-heading = Partners
source-label = Source
partner-website = Official website
partner-articles = { $count ->
    [one] One related article
   *[other] { $count } related articles
}
pager-label = Pagination
pager-prev = ← Previous page
pager-next = Next page →
pager-position = Page { $current } of { $total }
articles-title = News
partners-title = Our partners
root-enter = Enter the English site
footer-generator = Built with duet.
date-long = { $day } { $monthName } { $year }
date-month = { $monthName } { $year }
date-year = { $year }
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December
taxonomy-topics = Topics
taxonomy-countries = Countries
taxonomy-years = Years
browse-label = Browse the news
feed-label = Atom feed
not-found-title = Page not found
not-found-text = The page you are looking for does not exist or has moved.
not-found-home = Go to the English home page
switcher-stand-in = not translated yet
fallback-notice = This page has not been translated into English yet. The original, in { $language }, is shown below.
redirect-notice = This page has not been translated into English yet; taking you to the { $language } version.
search-title = Search
search-placeholder = Search…
search-button = Search
search-no-results = No results for “{ $q }”.
search-count = Results for “{ $q }”: { $n }.
search-noscript = Search needs JavaScript. You can still browse the news by topic, country or year at the foot of every page.
search-label = Search articles, partners and pages
search-more = More results
search-also = Results in { $language }: { $n }
search-kind-article = Article
search-kind-partner = Partner
search-kind-page = Page
search-filters = Filter the results
search-filter-kind = Kind
search-filter-partner = Partner
search-filter-topic = Topic
search-filter-year = Year
search-filter-any = All
search-error = Search is unavailable right now.
related-heading = Related articles
article-pager-label = Older and newer articles
menu-label = Menu
breadcrumbs-label = Breadcrumb
featured-label = Featured
all-partners = See all partners
about-portal = About this portal
byline = By { $author }
updated-on = Updated
article-previous = Older article
article-next = Newer article
footer-email = Email
footer-website = Website
footer-legal = Legal information
footer-copyright = © { $year } { $name }
