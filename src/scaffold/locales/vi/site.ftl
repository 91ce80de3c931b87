# The site's own strings in Vietnamese. The theme's strings can be overridden here too.
site-title = Cổng thông tin đối tác
site-tagline = Tin tức về các quan hệ đối tác của chúng tôi.
footer-about = Cổng thông tin song ngữ về các quan hệ đối tác.
topic-partnership = Hợp tác
    .slug = hop-tac
country-vn = Việt Nam
    .slug = viet-nam
