//! What community writes to people, as small template types with a pure `render`.

use praline_kernel::messaging::Email;

/// An administrator answered a 1:1 support ticket (the first answer only).
#[derive(Debug)]
pub struct SupportAnswerMail<'a> {
    pub to: &'a str,
    pub nickname: &'a str,
    pub title: &'a str,
    pub answer: &'a str,
}

impl SupportAnswerMail<'_> {
    /// The e-mail in Korean first, then English (plain text: the user's words stay text).
    pub fn render(&self) -> Email {
        let (nickname, title, answer) = (self.nickname, self.title, self.answer);
        let text = format!(
            "{nickname}님, 안녕하세요.\n\n\
             문의하신 \"{title}\"에 답변이 등록되었어요.\n\n\
             {answer}\n\n\
             마이페이지 > 1:1 문의에서도 확인할 수 있어요.\n\n\
             Your support request \"{title}\" has been answered (see above); you can also read it under My page > Support.\n"
        );
        Email {
            to: self.to.to_string(),
            subject: "[Praline] 1:1 문의에 답변이 등록되었습니다 / Your support request was answered".into(),
            text,
            html: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_answer_mail_quotes_the_title_and_the_answer() {
        let mail = SupportAnswerMail {
            to: "a@example.com",
            nickname: "초코",
            title: "배송",
            answer: "내일 도착해요",
        }
        .render();
        assert_eq!(mail.to, "a@example.com");
        assert!(mail.text.contains("배송") && mail.text.contains("내일 도착해요"), "{}", mail.text);
        assert!(mail.html.is_none());
    }
}
