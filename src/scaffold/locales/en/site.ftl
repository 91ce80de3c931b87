# The site's own strings in English.
site-title = Partnership portal
site-tagline = News of our partnerships.
footer-about = A bilingual portal of our partnerships.
topic-partnership = Partnership
country-vn = Viet Nam
