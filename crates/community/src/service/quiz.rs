//! The chocolate "CBTI" quiz: 12 two-option questions, 3 on each of 4 axes; the result type is
//! the majority answer of each axis (four letters, 16 types), and each type recommends up to
//! three on-sale products chosen by configuration (`[community.quiz.<TYPE>]`).

use std::time::Duration;

use praline_accounts::service::seller as accounts_seller;
use praline_catalog::model::{ProductRow, ProductState, Sort};
use praline_catalog::service::listing::{self, CountCache, Filter, Listed};
use praline_kernel::db::Conn;
use praline_kernel::page::PageRequest;

use super::QuizPicks;
use crate::error::CommunityError;

/// How many products a result recommends at most.
pub const MAX_PICKS: usize = 3;
/// Questions in the quiz.
pub const QUESTIONS: usize = 12;

/// The quiz's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Ko,
    En,
}

impl Lang {
    /// `ko` (also when omitted) or `en`.
    pub fn parse(raw: Option<&str>) -> Result<Lang, CommunityError> {
        match raw {
            None | Some("ko") => Ok(Lang::Ko),
            Some("en") => Ok(Lang::En),
            Some(_) => Err(CommunityError::invalid("lang", "lang is ko or en.")),
        }
    }

    fn pick(self, ko: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Ko => ko,
            Lang::En => en,
        }
    }
}

/// One axis: its name, and the letter of answer a and of answer b.
struct Axis {
    name: &'static str,
    letters: [char; 2],
    /// What each letter says about you: (ko, en).
    traits: [(&'static str, &'static str); 2],
}

const AXES: [Axis; 4] = [
    Axis {
        name: "taste",
        letters: ['B', 'S'],
        traits: [
            ("카카오 본연의 쌉싸름함을 즐기고,", "You enjoy cocoa's true bitterness,"),
            ("부드럽고 달콤한 맛에 마음이 풀리고,", "Sweet, mellow flavours put you at ease,"),
        ],
    },
    Axis {
        name: "texture",
        letters: ['C', 'M'],
        traits: [
            ("씹는 재미가 있는 바삭한 식감을 좋아하며,", "you love a crunchy bite,"),
            ("입안에서 사르르 녹는 식감을 좋아하며,", "you love chocolate that melts on the tongue,"),
        ],
    },
    Axis {
        name: "style",
        letters: ['T', 'N'],
        traits: [
            ("검증된 클래식을 믿고,", "you trust the proven classics,"),
            ("새로운 조합에 늘 설레고,", "new pairings always excite you,"),
        ],
    },
    Axis {
        name: "moment",
        letters: ['A', 'G'],
        traits: [
            (
                "나만의 시간에 초콜릿을 음미하는 타입이에요.",
                "and you savour chocolate in your own quiet moments.",
            ),
            ("초콜릿을 나누며 기쁨을 두 배로 만드는 타입이에요.", "and you double the joy by sharing it."),
        ],
    },
];

/// One question: its axis (index into the axes), the text and the two options, in KO and EN.
struct Question {
    axis: usize,
    text: (&'static str, &'static str),
    a: (&'static str, &'static str),
    b: (&'static str, &'static str),
}

const QUIZ: [Question; QUESTIONS] = [
    Question {
        axis: 0,
        text: ("카페에서 고르는 음료는?", "At a café, you order…"),
        a: ("진한 아메리카노", "A strong americano"),
        b: ("달콤한 카페라테", "A sweet caffè latte"),
    },
    Question {
        axis: 1,
        text: (
            "초콜릿 바를 한 입 베어 물 때 듣고 싶은 소리는?",
            "The best sound when you bite a chocolate bar?",
        ),
        a: ("똑! 하고 부러지는 소리", "A clean snap"),
        b: ("소리 없이 사르르", "None: it just melts"),
    },
    Question {
        axis: 2,
        text: ("새로 나온 맛이 보이면?", "You spot a brand-new flavour…"),
        a: ("늘 먹던 맛이 최고", "My usual is the best"),
        b: ("일단 먹어 본다", "I try it right away"),
    },
    Question {
        axis: 3,
        text: ("초콜릿이 가장 당기는 순간은?", "When do you crave chocolate most?"),
        a: ("혼자 쉬는 시간", "My quiet time alone"),
        b: ("친구들과 수다 떨 때", "Chatting with friends"),
    },
    Question {
        axis: 0,
        text: (
            "포장지의 카카오 함량, 어떤 숫자가 반가워요?",
            "Which cocoa percentage on a wrapper makes you happy?",
        ),
        a: ("70% 이상", "70 % or more"),
        b: ("40% 안팎", "Around 40 %"),
    },
    Question {
        axis: 1,
        text: ("초콜릿에 무언가를 넣는다면?", "In your chocolate you would add…"),
        a: ("통 아몬드와 쿠키 조각", "Whole almonds and cookie bits"),
        b: ("부드러운 가나슈 필링", "A soft ganache filling"),
    },
    Question {
        axis: 2,
        text: ("초콜릿과 함께라면 이 재료도 좋아요", "With chocolate, you would welcome…"),
        a: ("헤이즐넛, 바닐라", "Hazelnut, vanilla"),
        b: ("고추, 바다 소금, 말차", "Chilli, sea salt, matcha"),
    },
    Question {
        axis: 3,
        text: ("초콜릿을 산다면?", "When you buy chocolate…"),
        a: ("나를 위한 딱 한 개", "Just one, for myself"),
        b: ("나눠 줄 만큼 넉넉히", "Plenty to share"),
    },
    Question {
        axis: 0,
        text: ("디저트를 먹고 난 뒤 남았으면 하는 맛은?", "After dessert, the taste you want to linger is…"),
        a: ("쌉싸름한 여운", "A bittersweet finish"),
        b: ("입안 가득한 달콤함", "Sweetness all over"),
    },
    Question {
        axis: 1,
        text: ("더 끌리는 디저트는?", "Which dessert tempts you more?"),
        a: ("바삭한 초코 크런치", "A crisp chocolate crunch"),
        b: ("촉촉한 초코 퐁당", "A molten chocolate fondant"),
    },
    Question {
        axis: 2,
        text: ("초콜릿 상자를 열면 무엇부터?", "From a box of chocolates, you pick first…"),
        a: ("익숙한 모양의 클래식", "The familiar classic"),
        b: ("처음 보는 모양", "The one you have never seen"),
    },
    Question {
        axis: 3,
        text: ("밸런타인데이의 초콜릿은?", "On Valentine's Day, chocolate is…"),
        a: ("나에게 주는 선물", "A present to myself"),
        b: ("마음을 전하는 선물", "A way to tell someone you care"),
    },
];

/// The 16 types' names: (type, ko, en).
const TITLES: [(&str, &str, &str); 16] = [
    ("BCTA", "클래식 다크 바 마니아", "Classic Dark Bar Devotee"),
    ("BCTG", "다크 아몬드 나눔러", "Dark Almond Sharer"),
    ("BCNA", "카카오닙스 모험가", "Cacao-Nib Adventurer"),
    ("BCNG", "스파이시 크런치 파티메이커", "Spicy Crunch Party-Maker"),
    ("BMTA", "조용한 트러플 감식가", "Quiet Truffle Connoisseur"),
    ("BMTG", "정통 가나슈 선물가", "Classic Ganache Gifter"),
    ("BMNA", "솔티드 다크 가나슈 탐험가", "Salted Dark Ganache Explorer"),
    ("BMNG", "말차 트러플 큐레이터", "Matcha Truffle Curator"),
    ("SCTA", "밀크 크런치 힐러", "Milk Crunch Comforter"),
    ("SCTG", "추억의 초코과자 나눔왕", "Nostalgic Choco-Snack Sharer"),
    ("SCNA", "팝핑 캔디 초코 실험가", "Popping-Candy Choco Tinkerer"),
    ("SCNG", "토핑 가득 초코바크 메이커", "Loaded Choco-Bark Maker"),
    ("SMTA", "포근한 밀크 초콜릿 러버", "Cosy Milk Chocolate Lover"),
    ("SMTG", "달콤한 봉봉 선물 요정", "Sweet Bonbon Gift Fairy"),
    ("SMNA", "카라멜 시솔트 몽상가", "Caramel Sea-Salt Dreamer"),
    ("SMNG", "디저트 카페 트렌드세터", "Dessert-Café Trendsetter"),
];

/// One question as the API shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuizQuestion {
    pub id: i64,
    pub axis: &'static str,
    pub text: &'static str,
    pub a: &'static str,
    pub b: &'static str,
}

/// The 12 questions in `lang`, in order.
pub fn questions(lang: Lang) -> Vec<QuizQuestion> {
    QUIZ.iter()
        .zip(1..)
        .map(|(q, id)| QuizQuestion {
            id,
            axis: AXES[q.axis].name,
            text: lang.pick(q.text.0, q.text.1),
            a: lang.pick(q.a.0, q.a.1),
            b: lang.pick(q.b.0, q.b.1),
        })
        .collect()
}

/// A result type: one letter per axis, e.g. `BCTA`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResultType {
    /// Per axis: false for its first letter (answer a), true for its second (answer b).
    second: [bool; 4],
}

impl ResultType {
    /// Reads a type name like `SMNG`.
    pub fn parse(raw: &str) -> Option<ResultType> {
        let letters: Vec<char> = raw.chars().collect();
        if letters.len() != 4 {
            return None;
        }
        let mut second = [false; 4];
        for (i, axis) in AXES.iter().enumerate() {
            second[i] = axis.letters.iter().position(|l| *l == letters[i])? == 1;
        }
        Some(ResultType { second })
    }

    /// The majority answer of each axis; `answers` are 12 × `a`/`b` in question order.
    pub fn of_answers(answers: &[String]) -> Result<ResultType, CommunityError> {
        if answers.len() != QUESTIONS {
            return Err(CommunityError::invalid("answers", format!("Answer all {QUESTIONS} questions.")));
        }
        let mut b_votes = [0_usize; 4];
        for (question, answer) in QUIZ.iter().zip(answers) {
            match answer.as_str() {
                "a" => {}
                "b" => b_votes[question.axis] += 1,
                _ => return Err(CommunityError::invalid("answers", "Each answer is \"a\" or \"b\".")),
            }
        }
        let asked = QUESTIONS / AXES.len();
        Ok(ResultType { second: b_votes.map(|votes| votes * 2 > asked) })
    }

    /// The four letters.
    pub fn name(&self) -> String {
        AXES.iter().zip(self.second).map(|(axis, second)| axis.letters[usize::from(second)]).collect()
    }

    /// The type's name in `lang`.
    pub fn title(&self, lang: Lang) -> &'static str {
        let name = self.name();
        TITLES.iter().find(|(t, _, _)| *t == name).map_or("", |(_, ko, en)| lang.pick(ko, en))
    }

    /// What the type says about you, in `lang`.
    pub fn description(&self, lang: Lang) -> String {
        let parts: Vec<&str> = AXES
            .iter()
            .zip(self.second)
            .map(|(axis, second)| {
                let (ko, en) = axis.traits[usize::from(second)];
                lang.pick(ko, en)
            })
            .collect();
        parts.join(" ")
    }
}

/// Up to three on-sale products of visible sellers for a type's picks: the configured products
/// in their order, then the most wished ones of the configured categories. Nothing configured,
/// or nothing of it on sale, is an empty list.
pub fn recommend(conn: &mut Conn, picks: Option<&QuizPicks>) -> Result<Vec<Listed>, CommunityError> {
    let Some(picks) = picks else { return Ok(Vec::new()) };
    let hidden = accounts_seller::hidden_sellers(conn)?;
    let on_sale = |p: &ProductRow| p.state() == ProductState::OnSale && !hidden.contains(&p.seller_id);
    let mut chosen: Vec<ProductRow> = Vec::new();
    if !picks.products.is_empty() {
        let rows = ProductRow::many(conn, &picks.products)?;
        for id in &picks.products {
            if chosen.len() == MAX_PICKS {
                break;
            }
            if let Some(row) = rows.iter().find(|r| r.id == *id && on_sale(r))
                && !chosen.iter().any(|c| c.id == row.id)
            {
                chosen.push(row.clone());
            }
        }
    }
    let cache = CountCache::new(Duration::ZERO);
    for category in &picks.categories {
        if chosen.len() >= MAX_PICKS {
            break;
        }
        let filter = Filter { category: Some(*category), ..Filter::default() };
        let page = listing::public(conn, &cache, &filter, Sort::Popular, PageRequest::new(1, 20))?;
        for listed in page.items {
            if chosen.len() < MAX_PICKS
                && on_sale(&listed.product)
                && !chosen.iter().any(|c| c.id == listed.product.id)
            {
                chosen.push(listed.product);
            }
        }
    }
    Ok(listing::with_sellers(conn, chosen)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(text: &str) -> Vec<String> {
        text.chars().map(|c| c.to_string()).collect()
    }

    #[test]
    fn the_type_is_the_majority_of_each_axis() {
        // Questions go taste, texture, style, moment, three times over.
        assert_eq!(ResultType::of_answers(&answers("aaaaaaaaaaaa")).unwrap().name(), "BCTA");
        assert_eq!(ResultType::of_answers(&answers("bbbbbbbbbbbb")).unwrap().name(), "SMNG");
        // Taste: a, b, b → S; texture: b, a, a → C; style: a, b, b → N; moment: b, b, a → G.
        assert_eq!(ResultType::of_answers(&answers("ababbabbbaba")).unwrap().name(), "SCNG");
    }

    #[test]
    fn every_type_has_a_name_in_both_languages_and_parses_back() {
        let mut names = std::collections::BTreeSet::new();
        for bits in 0..16_u8 {
            let t = ResultType { second: [bits & 8 != 0, bits & 4 != 0, bits & 2 != 0, bits & 1 != 0] };
            assert!(!t.title(Lang::Ko).is_empty() && !t.title(Lang::En).is_empty(), "{}", t.name());
            assert_eq!(ResultType::parse(&t.name()), Some(t));
            names.insert(t.name());
        }
        assert_eq!(names.len(), 16);
    }

    #[test]
    fn there_are_three_questions_per_axis_and_bad_answers_are_refused() {
        for axis in 0..4 {
            assert_eq!(QUIZ.iter().filter(|q| q.axis == axis).count(), 3);
        }
        assert!(ResultType::of_answers(&answers("aaaaaaaaaaa")).is_err());
        assert!(ResultType::of_answers(&answers("aaaaaaaaaaac")).is_err());
        assert!(Lang::parse(Some("fr")).is_err());
    }
}
