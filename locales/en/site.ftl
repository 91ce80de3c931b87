# Strings of the reference portal itself, English.
site-title = Partnership Portal
site-tagline = News of cultural, educational and environmental partnerships, in Vietnamese and English.
footer-about = A bilingual portal of the agreements, programmes and dialogues between UNESCO, companies and partner organisations.
topic-heritage = Heritage
topic-education = Education
topic-environment = Environment
topic-culture = Culture
topic-sustainable-development = Sustainable development
topic-policy-dialogue = Policy dialogue
topic-climate = Climate
country-vn = Viet Nam
country-jp = Japan
country-kr = Republic of Korea
country-cn = China
country-fr = France
