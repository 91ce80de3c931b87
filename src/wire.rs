//! The byte form of the build's caches (parsed pages, search chunks):
//! little-endian integers and length-prefixed text, written after one
//! another and read back in the same order. Reading never panics: input
//! that is cut short or not text reads as `None`.

/// Appends values to a record.
#[derive(Debug, Default)]
pub struct Writer(pub Vec<u8>);

/// Marks a missing text where its length would be.
const NONE: u32 = u32::MAX;

impl Writer {
    /// A four-byte integer.
    pub fn u32(&mut self, n: u32) {
        self.0.extend_from_slice(&n.to_le_bytes());
    }

    /// An eight-byte integer.
    pub fn u64(&mut self, n: u64) {
        self.0.extend_from_slice(&n.to_le_bytes());
    }

    /// A length that fits four bytes: what a cache holds is far smaller.
    pub fn len(&mut self, n: usize) {
        self.u32(u32::try_from(n).expect("a cached value is under 4 GiB"));
    }

    /// A text.
    pub fn str(&mut self, text: &str) {
        self.len(text.len());
        self.0.extend_from_slice(text.as_bytes());
    }

    /// A text or none.
    pub fn opt_str(&mut self, text: Option<&str>) {
        match text {
            Some(text) => self.str(text),
            None => self.u32(NONE),
        }
    }

    /// A list of texts or none.
    pub fn opt_strs(&mut self, texts: Option<&[String]>) {
        match texts {
            Some(texts) => {
                self.len(texts.len());
                for text in texts {
                    self.str(text);
                }
            }
            None => self.u32(NONE),
        }
    }

    /// Raw bytes, with their length.
    pub fn bytes(&mut self, bytes: &[u8]) {
        self.len(bytes.len());
        self.0.extend_from_slice(bytes);
    }
}

/// Takes values from the start of a record.
#[derive(Debug)]
pub struct Reader<'a>(pub &'a [u8]);

impl<'a> Reader<'a> {
    /// The next `n` bytes.
    pub fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (taken, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        Some(taken)
    }

    /// A four-byte integer.
    pub fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    /// An eight-byte integer.
    pub fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    /// A count of items that each take at least `least` bytes, refused if
    /// the rest of the record cannot hold them (before room is made).
    pub fn count(&mut self, least: usize) -> Option<usize> {
        let n = self.u32()? as usize;
        (n.saturating_mul(least.max(1)) <= self.0.len()).then_some(n)
    }

    /// A text.
    pub fn str(&mut self) -> Option<&'a str> {
        let n = self.u32()? as usize;
        std::str::from_utf8(self.take(n)?).ok()
    }

    /// A text or none (`Some(None)`).
    pub fn opt_str(&mut self) -> Option<Option<&'a str>> {
        match self.u32()? {
            NONE => Some(None),
            n => Some(Some(std::str::from_utf8(self.take(n as usize)?).ok()?)),
        }
    }

    /// A text or none, owned.
    pub fn opt_string(&mut self) -> Option<Option<String>> {
        Some(self.opt_str()?.map(String::from))
    }

    /// A list of texts or none.
    pub fn opt_strs(&mut self) -> Option<Option<Vec<String>>> {
        match self.u32()? {
            NONE => Some(None),
            n if n as usize * 4 <= self.0.len() => {
                let texts = (0..n).map(|_| self.str().map(String::from)).collect::<Option<_>>()?;
                Some(Some(texts))
            }
            _ => None,
        }
    }

    /// Raw bytes, with their length.
    pub fn bytes(&mut self) -> Option<&'a [u8]> {
        let n = self.u32()? as usize;
        self.take(n)
    }

    /// Whether the whole record was read.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_back_as_written_and_cut_records_read_as_none() {
        let mut w = Writer::default();
        w.u32(7);
        w.u64(u64::MAX - 1);
        w.str("Hợp tác");
        w.opt_str(None);
        w.opt_str(Some(""));
        w.opt_strs(Some(&["a".to_string(), "đ".to_string()]));
        w.opt_strs(None);
        w.bytes(&[1, 2, 3]);
        let mut r = Reader(&w.0);
        assert_eq!(r.u32(), Some(7));
        assert_eq!(r.u64(), Some(u64::MAX - 1));
        assert_eq!(r.str(), Some("Hợp tác"));
        assert_eq!(r.opt_str(), Some(None));
        assert_eq!(r.opt_str(), Some(Some("")));
        assert_eq!(r.opt_strs(), Some(Some(vec!["a".to_string(), "đ".to_string()])));
        assert_eq!(r.opt_strs(), Some(None));
        assert_eq!(r.bytes(), Some(&[1u8, 2, 3][..]));
        assert!(r.is_empty());
        for cut in 0..w.0.len() {
            let mut r = Reader(&w.0[..cut]);
            let whole = (|| {
                r.u32()?;
                r.u64()?;
                r.str()?;
                r.opt_str()?;
                r.opt_str()?;
                r.opt_strs()?;
                r.opt_strs()?;
                r.bytes()
            })();
            assert_eq!(whole, None, "cut at {cut}");
        }
        // Text that is not UTF-8, and a count larger than the record.
        assert_eq!(Reader(&[1, 0, 0, 0, 0xff]).str(), None);
        assert_eq!(Reader(&[9, 0, 0, 0, 1, 2]).count(1), None);
    }
}
