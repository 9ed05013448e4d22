//! How one record becomes keychain items: as few as the platform allows.
//!
//! Each vault record (one sign-in session with all its tokens and keys) is one keychain
//! item, because macOS asks once per item and fewer items mean fewer prompts. Windows
//! Credential Manager refuses a secret above 2,560 bytes, and an `aws login` session
//! (refresh token, id token, DPoP key, credentials) can exceed that, so where a store has
//! a limit the record is cut into pieces: the head item keeps the record's name and says
//! how many pieces there are; the others are named `NAME#2`, `NAME#3`, ….

use zeroize::Zeroizing;

const HEADER_PREFIX: &[u8] = b"awning-vault/1 pieces=";
/// More pieces than any record needs (a record is a few kilobytes; Windows cuts at 2.5).
const MAX_PIECES: usize = 64;
/// Room for the header of any plausible piece count, so every piece fits the limit.
const HEADER_ROOM: usize = HEADER_PREFIX.len() + 6;

/// The keychain item name of piece `index` (0-based) of `item`.
pub(crate) fn piece_name(item: &str, index: usize) -> String {
    match index {
        0 => item.to_owned(),
        _ => format!("{item}#{}", index + 1),
    }
}

/// Cuts `value` into pieces of at most `limit` bytes each (headers included), the head
/// piece first. Without a limit there is exactly one piece.
pub(crate) fn split(value: &[u8], limit: Option<usize>) -> Vec<Zeroizing<Vec<u8>>> {
    let size = limit.map_or(value.len().max(1), |limit| {
        assert!(
            limit > HEADER_ROOM,
            "a keychain item limit below the header size"
        );
        limit - HEADER_ROOM
    });
    let chunks: Vec<&[u8]> = if value.is_empty() {
        vec![value]
    } else {
        value.chunks(size).collect()
    };
    let count = chunks.len();
    chunks
        .into_iter()
        .enumerate()
        .map(|(index, chunk)| {
            let mut piece = Zeroizing::new(Vec::with_capacity(chunk.len() + HEADER_ROOM));
            if index == 0 {
                piece.extend_from_slice(HEADER_PREFIX);
                piece.extend_from_slice(format!("{count}\n").as_bytes());
            }
            piece.extend_from_slice(chunk);
            piece
        })
        .collect()
}

/// Reads the head piece: how many pieces the record has, and the head's share of it.
pub(crate) fn read_head(head: &[u8]) -> Result<(usize, &[u8]), &'static str> {
    let rest = head
        .strip_prefix(HEADER_PREFIX)
        .ok_or("it has no Awning header")?;
    let end = rest
        .iter()
        .position(|byte| *byte == b'\n')
        .ok_or("its header is cut short")?;
    let count = std::str::from_utf8(&rest[..end])
        .ok()
        .and_then(|digits| digits.parse::<usize>().ok())
        .filter(|count| (1..=MAX_PIECES).contains(count))
        .ok_or("its piece count is not a number")?;
    Ok((count, &rest[end + 1..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn join(pieces: &[Zeroizing<Vec<u8>>]) -> Vec<u8> {
        let (count, head) = read_head(&pieces[0]).unwrap();
        assert_eq!(count, pieces.len());
        let mut value = head.to_vec();
        for piece in &pieces[1..] {
            value.extend_from_slice(piece);
        }
        value
    }

    #[test]
    fn without_a_limit_a_record_is_one_item() {
        let value = vec![b'x'; 10_000];
        let pieces = split(&value, None);
        assert_eq!(pieces.len(), 1);
        assert_eq!(join(&pieces), value);
    }

    #[test]
    fn with_a_limit_every_piece_fits_and_the_record_comes_back_whole() {
        let value: Vec<u8> = (0..6_000).map(|index| (index % 251) as u8).collect();
        let pieces = split(&value, Some(2_560));
        assert_eq!(pieces.len(), 3);
        assert!(pieces.iter().all(|piece| piece.len() <= 2_560));
        assert_eq!(join(&pieces), value);
    }

    #[test]
    fn an_empty_record_is_one_head_item() {
        let pieces = split(b"", Some(100));
        assert_eq!(pieces.len(), 1);
        assert_eq!(join(&pieces), b"");
    }

    #[test]
    fn pieces_after_the_head_are_numbered_from_two() {
        assert_eq!(piece_name("login:arn", 0), "login:arn");
        assert_eq!(piece_name("login:arn", 1), "login:arn#2");
    }

    #[test]
    fn a_foreign_or_damaged_head_is_refused() {
        assert!(read_head(b"{\"accessToken\":1}").is_err());
        assert!(read_head(b"awning-vault/1 pieces=").is_err());
        assert!(read_head(b"awning-vault/1 pieces=zero\n").is_err());
        assert!(read_head(b"awning-vault/1 pieces=0\n").is_err());
    }

    #[test]
    fn a_head_claiming_more_pieces_than_any_record_has_is_corrupt() {
        assert!(read_head(b"awning-vault/1 pieces=64\n{").is_ok());
        for head in [
            &b"awning-vault/1 pieces=65\n{"[..],
            b"awning-vault/1 pieces=18446744073709551616\n{",
            b"awning-vault/1 pieces=0\n{",
        ] {
            assert!(
                read_head(head).is_err(),
                "{}",
                String::from_utf8_lossy(head)
            );
        }
    }
}
