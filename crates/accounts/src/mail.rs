//! What accounts writes to people: e-mail and SMS texts as small template types, built from
//! service results and kept out of the handlers. Each `render` is pure, so its text is tested
//! (and snapshotted) without sending anything.

use praline_kernel::messaging::{Email, Sms};

use crate::service::auth::{CODE_LIFETIME_MINUTES, CodePurpose, IssuedCode};

/// A code to deliver: an e-mail for the e-mail purposes, a text message for the phone.
#[derive(Debug)]
pub enum CodeMessage {
    Email(Email),
    Sms(Sms),
}

/// The message carrying a freshly issued code.
#[derive(Debug)]
pub struct CodeMail<'a> {
    pub code: &'a IssuedCode,
}

impl CodeMail<'_> {
    /// The e-mail (or SMS for a phone code) in Korean first, then English.
    pub fn render(&self) -> CodeMessage {
        let code = self.code;
        let (subject, intro) = match code.purpose {
            CodePurpose::Phone => {
                let text = format!(
                    "[Praline] 인증번호 [{}] 를 입력해 주세요. ({CODE_LIFETIME_MINUTES}분 이내)",
                    code.code
                );
                return CodeMessage::Sms(Sms { to: code.to.clone(), text });
            }
            CodePurpose::Verify => (
                "[Praline] 이메일 인증 코드 / Verification code",
                "가입을 완료하려면 아래 코드를 입력하세요.",
            ),
            CodePurpose::Reset => (
                "[Praline] 비밀번호 재설정 코드 / Password reset code",
                "비밀번호를 재설정하려면 아래 코드를 입력하세요.",
            ),
            CodePurpose::ChangeEmail => (
                "[Praline] 이메일 변경 코드 / E-mail change code",
                "새 이메일을 확인하려면 아래 코드를 입력하세요.",
            ),
        };
        let text = format!(
            "{}님, 안녕하세요.\n\n{intro}\n\n    {}\n\n코드는 {CODE_LIFETIME_MINUTES}분 동안 유효합니다. / The code is valid for {CODE_LIFETIME_MINUTES} minutes.\n",
            code.nickname, code.code,
        );
        CodeMessage::Email(Email { to: code.to.clone(), subject: subject.into(), text, html: None })
    }
}

/// The operator's decision on a seller application, told to the applicant.
#[derive(Debug)]
pub struct SellerDecisionMail<'a> {
    pub to: &'a str,
    pub company: &'a str,
    /// `None` for an approval, the reason for a rejection.
    pub rejection: Option<&'a str>,
}

impl SellerDecisionMail<'_> {
    /// The e-mail in Korean first, then English.
    pub fn render(&self) -> Email {
        let company = self.company;
        let (subject, text) = match self.rejection {
            None => (
                "[Praline] 판매자 신청이 승인되었습니다 / Seller application approved",
                format!(
                    "{company} 판매자 신청이 승인되었습니다. 이제 상품을 등록할 수 있습니다.\nYour seller application was approved."
                ),
            ),
            Some(reason) => (
                "[Praline] 판매자 신청 결과 안내 / Seller application result",
                format!("{company} 판매자 신청이 반려되었습니다.\n사유 / Reason: {reason}\n"),
            ),
        };
        Email { to: self.to.to_string(), subject: subject.into(), text, html: None }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issued(purpose: CodePurpose) -> IssuedCode {
        IssuedCode {
            to: "a@example.com".into(), purpose, code: "ABCDE12345".into(), nickname: "초코".into()
        }
    }

    #[test]
    fn a_signup_code_mail_greets_by_nickname_and_names_the_lifetime() {
        let CodeMessage::Email(mail) = (CodeMail { code: &issued(CodePurpose::Verify) }).render() else {
            panic!("a verification code goes by e-mail")
        };
        assert!(mail.subject.contains("Verification code"));
        assert!(mail.text.starts_with("초코님, 안녕하세요."));
        assert!(mail.text.contains("\n    ABCDE12345\n"));
        assert!(mail.text.contains(&format!("{CODE_LIFETIME_MINUTES} minutes")));
    }

    #[test]
    fn a_phone_code_goes_by_text_message() {
        let CodeMessage::Sms(sms) = (CodeMail { code: &issued(CodePurpose::Phone) }).render() else {
            panic!("a phone code goes by SMS")
        };
        assert!(sms.text.contains("[ABCDE12345]"));
    }

    #[test]
    fn a_rejection_mail_carries_the_reason() {
        let mail =
            SellerDecisionMail {
                to: "s@example.com", company: "카카오팩토리", rejection: Some("서류 미비")
            }
            .render();
        assert!(mail.text.contains("사유 / Reason: 서류 미비"));
        let approval =
            SellerDecisionMail { to: "s@example.com", company: "카카오팩토리", rejection: None }.render();
        assert!(approval.subject.contains("approved"));
    }
}
