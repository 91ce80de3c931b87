# Strings of the reference portal itself, Vietnamese.
site-title = Cổng thông tin Đối tác
site-tagline = Tin tức về các quan hệ đối tác văn hóa, giáo dục và môi trường, bằng tiếng Việt và tiếng Anh.
footer-about = Cổng thông tin song ngữ về các thỏa thuận, chương trình và đối thoại giữa UNESCO, doanh nghiệp và các tổ chức đối tác.
topic-heritage = Di sản
topic-education = Giáo dục
topic-environment = Môi trường
topic-culture = Văn hóa
topic-sustainable-development = Phát triển bền vững
topic-policy-dialogue = Đối thoại chính sách
topic-climate = Khí hậu
country-vn = Việt Nam
country-jp = Nhật Bản
country-kr = Hàn Quốc
country-cn = Trung Quốc
country-fr = Pháp
