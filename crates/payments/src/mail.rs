//! What payments writes to people, as small template types with a pure `render`. Payments
//! knows only user ids: the caller (the gateway's renewal job) finds the address.

use chrono::{DateTime, Utc};
use praline_kernel::calendar::BusinessCalendar;
use praline_kernel::messaging::Email;

use crate::service::membership::PRICE;

/// A membership ended because the renewal fee could not be paid.
#[derive(Debug)]
pub struct MembershipEndedMail<'a> {
    pub to: &'a str,
    pub nickname: &'a str,
    pub period_end: DateTime<Utc>,
    pub balance: i64,
    /// For the end date as the member reads it.
    pub calendar: BusinessCalendar,
}

impl MembershipEndedMail<'_> {
    /// The e-mail in Korean first, then English.
    pub fn render(&self) -> Email {
        let date = self.calendar.date_of(self.period_end).format("%Y-%m-%d");
        let (nickname, balance) = (self.nickname, self.balance);
        let text = format!(
            "{nickname}님, 안녕하세요.\n\n\
             포인트가 부족해 멤버십을 갱신하지 못했어요. 멤버십은 {date}에 종료되었습니다.\n\
             갱신에는 {PRICE} 포인트가 필요하며 현재 잔액은 {balance} 포인트입니다.\n\
             포인트를 충전한 뒤 언제든 다시 가입할 수 있어요.\n\n\
             Your membership could not be renewed for want of points and ended on {date}.\n\
             Renewal needs {PRICE} points; your balance is {balance}. You can subscribe again at any time.\n"
        );
        Email {
            to: self.to.to_string(),
            subject: "[Praline] 멤버십이 종료되었습니다 / Your membership has ended".into(),
            text,
            html: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ended_mail_names_the_business_date_price_and_balance() {
        let period_end = DateTime::parse_from_rfc3339("2026-12-31T15:30:00Z").unwrap().with_timezone(&Utc);
        let mail = MembershipEndedMail {
            to: "a@example.com",
            nickname: "초코",
            period_end,
            balance: 1200,
            calendar: BusinessCalendar::default(),
        }
        .render();
        assert_eq!(mail.to, "a@example.com");
        assert!(mail.text.contains("2027-01-01"), "{}", mail.text);
        assert!(mail.text.contains("9900") && mail.text.contains("1200"));
    }
}
