//! Where creators are paid, checked the way Vietnamese banks and wallets check it: a bank's NAPAS
//! short code and a 6 to 19 digit account number, or a MoMo or ZaloPay wallet's Vietnamese mobile
//! number (stored as +84…); the holder's name as banks print it, upper case without diacritics.
//! Pure functions: what `withdrawals` stores is what these return.

use entity::enums::PayoutMethodKind;

use crate::{
    error::{AppError, AppResult},
    i18n::{Msg, msg},
    text,
};

/// Longest holder name accepted, as typed.
pub const MAX_ACCOUNT_NAME: usize = 100;
/// Longest account number accepted, as typed (separators included).
const MAX_ACCOUNT_INPUT: usize = 40;

/// Banks of the NAPAS network, by the short code Vietnamese banking apps show (VietQR's), with
/// the other codes people type for them.
pub const BANKS: &[(&str, &str, &[&str])] = &[
    ("VCB", "Vietcombank", &["VIETCOMBANK"]),
    ("BIDV", "BIDV", &[]),
    ("CTG", "VietinBank", &["ICB", "VIETINBANK"]),
    ("VBA", "Agribank", &["AGRIBANK", "AGR"]),
    ("TCB", "Techcombank", &["TECHCOMBANK"]),
    ("MB", "MB Bank", &["MBB", "MBBANK"]),
    ("ACB", "ACB", &[]),
    ("VPB", "VPBank", &["VPBANK"]),
    ("TPB", "TPBank", &["TPBANK"]),
    ("STB", "Sacombank", &["SACOMBANK"]),
    ("HDB", "HDBank", &["HDBANK"]),
    ("VIB", "VIB", &[]),
    ("SHB", "SHB", &[]),
    ("EIB", "Eximbank", &["EXIMBANK"]),
    ("MSB", "MSB", &[]),
    ("OCB", "OCB", &[]),
    ("SEAB", "SeABank", &["SSB", "SEABANK"]),
    ("LPB", "LPBank", &["LPBANK", "LIENVIETPOSTBANK"]),
    ("NAB", "Nam A Bank", &["NAMABANK"]),
    ("BAB", "Bac A Bank", &["BACABANK"]),
    ("ABB", "ABBANK", &["ABBANK"]),
    ("VAB", "VietABank", &["VIETABANK"]),
    ("PGB", "PGBank", &["PGBANK"]),
    ("KLB", "KienlongBank", &["KIENLONGBANK"]),
    ("NCB", "NCB", &[]),
    ("BVB", "BVBank", &["VCCB", "BVBANK"]),
    ("PVCB", "PVcomBank", &["PVCOMBANK"]),
    ("OCEANBANK", "OceanBank", &[]),
    ("SGB", "Saigonbank", &["SGICB", "SAIGONBANK"]),
    ("BAOVIETBANK", "BaoViet Bank", &[]),
    ("VIETBANK", "Vietbank", &["VBB"]),
    ("SCB", "SCB", &[]),
    ("GPB", "GPBank", &["GPBANK"]),
    ("CAKE", "CAKE by VPBank", &[]),
    ("TIMO", "Timo", &[]),
    ("UOB", "UOB Vietnam", &[]),
    ("HSBC", "HSBC Vietnam", &[]),
    ("SCVN", "Standard Chartered Vietnam", &[]),
    ("SHBVN", "Shinhan Bank Vietnam", &["SHINHAN"]),
    ("WOORI", "Woori Bank Vietnam", &["WVN"]),
    ("CIMB", "CIMB Vietnam", &[]),
    ("PBVN", "Public Bank Vietnam", &[]),
    ("HLBVN", "Hong Leong Bank Vietnam", &[]),
    ("IVB", "Indovina Bank", &[]),
    ("VRB", "Vietnam-Russia Bank", &[]),
    ("COOPBANK", "Co-opBank", &[]),
];

/// A payout method as the creator typed it.
#[derive(Debug, Clone)]
pub struct MethodIn {
    pub kind: PayoutMethodKind,
    pub bank_code: Option<String>,
    pub account_number: String,
    pub account_name: String,
}

/// A payout method as it is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Method {
    pub kind: PayoutMethodKind,
    pub bank_code: Option<String>,
    pub account_number: String,
    pub account_name: String,
}

/// Checks and normalises `m`; errors name fields under `input`.
pub fn check(m: &MethodIn) -> AppResult<Method> {
    let account_name = account_name("input.accountName", &m.account_name)?;
    let (bank_code, account_number) = match m.kind {
        PayoutMethodKind::BankTransfer => {
            let code = m.bank_code.as_deref().unwrap_or("");
            if code.trim().is_empty() {
                return Err(AppError::bad_input(
                    "input.bankCode",
                    msg!("bank-code-required"),
                ));
            }
            (
                Some(bank_code("input.bankCode", code)?),
                bank_account("input.accountNumber", &m.account_number)?,
            )
        }
        PayoutMethodKind::Momo | PayoutMethodKind::Zalopay => {
            if m.bank_code.as_deref().is_some_and(|c| !c.trim().is_empty()) {
                return Err(AppError::bad_input(
                    "input.bankCode",
                    msg!("bank-code-only-for-transfer"),
                ));
            }
            (None, mobile("input.accountNumber", &m.account_number)?)
        }
    };
    Ok(Method {
        kind: m.kind,
        bank_code,
        account_number,
        account_name,
    })
}

/// The canonical short code of a NAPAS bank, from its code or another name people type for it.
pub fn bank_code(field: &str, raw: &str) -> AppResult<String> {
    let typed = raw.trim().to_ascii_uppercase();
    BANKS
        .iter()
        .find(|(code, _, aliases)| *code == typed || aliases.contains(&typed.as_str()))
        .map(|(code, ..)| (*code).to_owned())
        .ok_or_else(|| AppError::bad_input(field, msg!("bank-unknown")))
}

/// A bank account number: 6 to 19 digits; spaces, dots and dashes between them are dropped.
pub fn bank_account(field: &str, raw: &str) -> AppResult<String> {
    let digits = digits_only(field, raw, msg!("account-number-digits"))?;
    if !(6..=19).contains(&digits.len()) {
        return Err(AppError::bad_input(field, msg!("account-number-length")));
    }
    Ok(digits)
}

/// A Vietnamese mobile number, as +84 and 9 digits: "0901 234 567", "84901234567" and
/// "+84 90 123 4567" are all +84901234567. Mobile numbers start 3, 5, 7, 8 or 9 after the 0.
pub fn mobile(field: &str, raw: &str) -> AppResult<String> {
    let trimmed = raw.trim();
    let plus = trimmed.starts_with('+');
    let digits = digits_only(field, trimmed.trim_start_matches('+'), msg!("phone-digits"))?;
    let national = match () {
        _ if digits.starts_with("84") && digits.len() == 11 => &digits[2..],
        _ if !plus && digits.starts_with('0') && digits.len() == 10 => &digits[1..],
        _ => "",
    };
    if national.len() != 9 || !matches!(national.as_bytes()[0], b'3' | b'5' | b'7' | b'8' | b'9') {
        return Err(AppError::bad_input(field, msg!("mobile-invalid")));
    }
    Ok(format!("+84{national}"))
}

fn digits_only(field: &str, raw: &str, message: Msg) -> AppResult<String> {
    if raw.chars().count() > MAX_ACCOUNT_INPUT {
        return Err(AppError::bad_input(field, msg!("too-long-plain")));
    }
    let kept: String = raw
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-'))
        .collect();
    if kept.is_empty() || !kept.bytes().all(|b| b.is_ascii_digit()) {
        return Err(AppError::bad_input(field, message));
    }
    Ok(kept)
}

/// The holder's name the way Vietnamese banks print it: upper case, without diacritics, single
/// spaces ("Nguyễn Thị Lan" → "NGUYEN THI LAN"). Letters and spaces only.
pub fn account_name(field: &str, raw: &str) -> AppResult<String> {
    let typed = text::required(field, raw, MAX_ACCOUNT_NAME)?;
    let plain = deunicode::deunicode(&typed).to_ascii_uppercase();
    let name = plain.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_uppercase() || b == b' ') {
        return Err(AppError::bad_input(field, msg!("holder-name-letters")));
    }
    // Transliterated, a name can grow (北京 is "BEI JING"); the stored one is bounded too.
    if name.len() > MAX_ACCOUNT_NAME {
        return Err(AppError::bad_input(
            field,
            msg!("holder-name-too-long", max = MAX_ACCOUNT_NAME),
        ));
    }
    Ok(name)
}

/// An account number as its owner sees it: the last 4 characters, after "••••".
pub fn mask(account_number: &str) -> String {
    let tail: String = account_number
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    format!("••••{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_printed_as_banks_print_them() {
        assert_eq!(
            account_name("n", "  Nguyễn   Thị Lan ").unwrap(),
            "NGUYEN THI LAN"
        );
        assert_eq!(account_name("n", "Đặng Văn Đức").unwrap(), "DANG VAN DUC");
        assert_eq!(account_name("n", "trần ngọc ánh").unwrap(), "TRAN NGOC ANH");
        assert!(account_name("n", "Lan 123").is_err());
        assert!(account_name("n", "   ").is_err());
        assert!(account_name("n", "Lan <script>").is_err());
        // 60 characters that each print as a syllable: too long once transliterated.
        assert!(account_name("n", &"北".repeat(60)).is_err());
        assert_eq!(account_name("n", "北京").unwrap(), "BEI JING");
    }

    #[test]
    fn mobiles_are_vietnamese_and_stored_as_plus_84() {
        for typed in [
            "0901234567",
            "0901 234 567",
            "84901234567",
            "+84 90 123 4567",
            "090-123-4567",
        ] {
            assert_eq!(mobile("p", typed).unwrap(), "+84901234567", "{typed}");
        }
        assert_eq!(mobile("p", "0387654321").unwrap(), "+84387654321");
        for bad in [
            "090123456",     // too short
            "09012345678",   // too long
            "0201234567",    // a landline prefix
            "+65 9123 4567", // Singapore
            "+0901234567",
            "09O1234567", // a letter O
            "",
        ] {
            assert!(mobile("p", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn bank_accounts_and_codes() {
        assert_eq!(
            bank_account("a", "0071 0012 3456 7").unwrap(),
            "0071001234567"
        );
        assert!(bank_account("a", "12345").is_err());
        assert!(bank_account("a", "12345678901234567890").is_err());
        assert!(bank_account("a", "12345A789").is_err());
        assert_eq!(bank_code("b", "vcb").unwrap(), "VCB");
        assert_eq!(bank_code("b", "ICB").unwrap(), "CTG");
        assert_eq!(bank_code("b", " mbbank ").unwrap(), "MB");
        assert!(bank_code("b", "XYZ").is_err());
        assert!(BANKS.len() >= 20);
        let mut codes: Vec<&str> = BANKS
            .iter()
            .flat_map(|(c, _, a)| std::iter::once(*c).chain(a.iter().copied()))
            .collect();
        codes.sort_unstable();
        let n = codes.len();
        codes.dedup();
        assert_eq!(codes.len(), n, "a code names two banks");
    }

    #[test]
    fn masks_keep_the_last_four() {
        assert_eq!(mask("0071001236789"), "••••6789");
        assert_eq!(mask("+84901234567"), "••••4567");
    }
}
