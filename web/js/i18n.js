// Korean (default) and English labels, in one dictionary.
// t('key', {vars}) fills {placeholders}; the result is plain text for textContent, never markup.

import { errorTexts } from './i18n/errors.js';

const STORAGE_KEY = 'praline.lang';
export const LANGS = ['ko', 'en'];

const ko = {
  'brand.name': 'Praline',
  'brand.local': '프랄린',
  'brand.tagline': '쇼콜라티에의 초콜릿 마켓',

  'common.won': '{n}원',
  'common.points': '{n}P',
  'common.loading': '불러오는 중…',
  'common.retry': '다시 시도',
  'common.cancel': '취소',
  'common.confirm': '확인',
  'common.ok': '확인',
  'common.close': '닫기',
  'common.save': '저장',
  'common.delete': '삭제',
  'common.edit': '수정',
  'common.submit': '제출',
  'common.search': '검색',
  'common.prev': '이전',
  'common.next': '다음',
  'common.page': '{n}페이지',
  'common.current_page': '{n}페이지, 현재 페이지',
  'common.pagination': '페이지 이동',
  'common.sold_out': '품절',
  'common.no_image': '이미지 없음',
  'common.rating': '5점 만점에 {rating}점',
  'common.no_rating': '아직 평점이 없어요',
  'common.review_count': '리뷰 {n}',
  'common.required': '필수',
  'common.optional': '선택',
  'common.skip_to_content': '본문 바로가기',
  'common.confirm_title': '확인해 주세요',
  'common.notifications': '알림',
  'common.image_preview': '이미지 미리보기',
  'common.file_too_large': '{mb}MB 이하의 이미지만 올릴 수 있어요.',
  'common.file_not_image': '이미지 파일만 올릴 수 있어요.',

  'page.home': 'Praline 프랄린 — 마음을 전하는 가장 달콤한 방법',
  'page.not_found': '페이지를 찾을 수 없어요 · Praline 프랄린',
  'page.suffix': '{title} · Praline 프랄린',

  'nav.search_label': '상품 검색',
  'nav.search_placeholder': '어떤 초콜릿을 찾으세요?',
  'nav.main': '주요 메뉴',
  'nav.categories': '카테고리',
  'nav.all_products': '전체 상품',
  'nav.popular': '인기 상품',
  'nav.new': '신상품',
  'nav.best_rated': '평점 높은 상품',
  'nav.login': '로그인',
  'nav.signup': '회원가입',
  'nav.account': '마이페이지',
  'nav.points': '내 포인트',
  'nav.chat': '채팅',
  'nav.logout': '로그아웃',
  'nav.seller': '판매자센터',
  'nav.admin': '관리자',
  'nav.language': '언어 선택',
  'nav.menu': '메뉴 열기',
  'nav.menu_close': '메뉴 닫기',
  'nav.user_menu': '내 계정',
  'nav.greeting': '{nickname}님',

  'session.signed_in': '{nickname}님으로 로그인되어 있어요',
  'session.signed_out': '로그인하지 않았어요',
  'session.checking': '로그인 상태 확인 중',
  'session.expired': '로그인 시간이 만료되었어요. 다시 로그인해 주세요.',
  'session.logged_out': '로그아웃했어요.',
  'session.logged_out_elsewhere': '다른 창에서 로그아웃되었어요.',

  'role.buyer': '구매회원',
  'role.seller': '판매자',
  'role.admin': '관리자',

  'footer.about': '전국의 쇼콜라티에와 초콜릿을 사랑하는 사람들을 잇는 초콜릿 전문 오픈마켓이에요.',
  'footer.shortcuts': '바로가기',
  'footer.home': '홈',
  'footer.login': '로그인',
  'footer.signup': '회원가입',
  'footer.account': '마이페이지',
  'footer.points': '내 포인트',
  'footer.membership': '멤버십',
  'footer.activity': '내 활동',
  'footer.attendance': '출석 체크',
  'footer.notices': '공지사항',
  'footer.quiz': '초콜릿 성향 테스트',
  'footer.customer_center': '고객센터',
  'footer.cs_phone': '1588-0000 (데모)',
  'footer.cs_hours': '평일 10:00 – 17:00 · 점심 12:30 – 13:30 · 주말/공휴일 휴무',
  'footer.company_info': '사업자 정보',
  'footer.company': '상호: 프랄린(Praline) · 대표: 홍길동 (데모)',
  'footer.business_number': '사업자등록번호: 000-00-00000 · 통신판매업신고: 제0000-서울-0000호',
  'footer.address': '주소: 서울특별시 (데모 주소)',
  'footer.broker_notice': '프랄린은 통신판매중개자로서 거래 당사자가 아니며, 입점 판매자가 등록한 상품 정보와 거래에 대한 책임은 각 판매자에게 있습니다.',
  'footer.copyright': '© {year} Praline. All rights reserved.',

  'home.hero.eyebrow': '쇼콜라티에 초콜릿 마켓',
  'home.hero.title': '마음을 전하는 가장 달콤한 방법',
  'home.hero.subtitle': '전국의 쇼콜라티에가 정성껏 만든 초콜릿과 베이킹 재료를 한곳에서 만나보세요.',
  'home.hero.cta_popular': '인기 상품 보기',
  'home.hero.cta_new': '신상품 구경하기',
  'home.perk.makers.title': '엄선한 쇼콜라티에',
  'home.perk.makers.text': '심사를 거친 판매자만 입점해요',
  'home.perk.fresh.title': '신선하게, 안전하게',
  'home.perk.fresh.text': '온도에 민감한 초콜릿도 꼼꼼하게 포장해요',
  'home.perk.points.title': '가입하면 29,900P',
  'home.perk.points.text': '이메일 인증만 하면 바로 적립돼요',

  'catalog.title': '전체 상품',
  'catalog.category_title': '{name}',
  'catalog.search_title': '‘{q}’ 검색 결과',
  'catalog.total': '총 {n}개',
  'catalog.categories': '카테고리',
  'catalog.all': '전체',
  'catalog.sort': '정렬',
  'catalog.price': '가격',
  'catalog.min_price': '최소 가격',
  'catalog.max_price': '최대 가격',
  'catalog.apply': '적용',
  'catalog.reset': '필터 초기화',
  'catalog.clear_search': '검색어 지우기',
  'catalog.price_range_invalid': '최소 가격이 최대 가격보다 클 수 없어요.',
  'catalog.empty_title': '상품을 준비하고 있어요',
  'catalog.empty_message': '곧 달콤한 초콜릿으로 가득 채워질 예정이에요. 조금만 기다려 주세요!',
  'catalog.no_results_title': '조건에 맞는 상품이 없어요',
  'catalog.no_results_message': '다른 검색어나 카테고리, 가격대로 찾아보세요.',
  'catalog.page_out_of_range': '이 페이지에는 상품이 없어요.',
  'catalog.first_page': '첫 페이지로',
  'catalog.error_title': '상품을 불러오지 못했어요',
  'catalog.wish_count': '찜 {n}',
  'catalog.seller_by': '{name}',

  'sort.recent': '최신순',
  'sort.popular': '인기순',
  'sort.rating': '평점순',
  'sort.sales': '판매순',
  'sort.price_asc': '낮은 가격순',
  'sort.price_desc': '높은 가격순',

  'notfound.code': '404',
  'notfound.title': '페이지를 찾을 수 없어요',
  'notfound.message': '주소가 잘못 입력되었거나, 페이지가 이동 또는 삭제되었을 수 있어요.',
  'notfound.path': '요청한 주소: {path}',
  'notfound.search_hint': '찾으시는 상품이 있다면 검색해 보세요.',
  'notfound.home': '홈으로 가기',
  'notfound.popular': '인기 상품 보기',

  'provider.kakao': '카카오',
  'provider.naver': '네이버',
  'provider.google': '구글',
};

const en = {
  'brand.name': 'Praline',
  'brand.local': '프랄린',
  'brand.tagline': 'The chocolatiers’ marketplace',

  'common.won': '₩{n}',
  'common.points': '{n} P',
  'common.loading': 'Loading…',
  'common.retry': 'Try again',
  'common.cancel': 'Cancel',
  'common.confirm': 'Confirm',
  'common.ok': 'OK',
  'common.close': 'Close',
  'common.save': 'Save',
  'common.delete': 'Delete',
  'common.edit': 'Edit',
  'common.submit': 'Submit',
  'common.search': 'Search',
  'common.prev': 'Previous',
  'common.next': 'Next',
  'common.page': 'Page {n}',
  'common.current_page': 'Page {n}, current page',
  'common.pagination': 'Pagination',
  'common.sold_out': 'Sold out',
  'common.no_image': 'No image',
  'common.rating': 'Rated {rating} out of 5',
  'common.no_rating': 'No ratings yet',
  'common.review_count': '{n} reviews',
  'common.required': 'Required',
  'common.optional': 'Optional',
  'common.skip_to_content': 'Skip to content',
  'common.confirm_title': 'Please confirm',
  'common.notifications': 'Notifications',
  'common.image_preview': 'Image preview',
  'common.file_too_large': 'Images must be {mb} MB or smaller.',
  'common.file_not_image': 'Only image files can be uploaded.',

  'page.home': 'Praline — The sweetest way to share your heart',
  'page.not_found': 'Page not found · Praline',
  'page.suffix': '{title} · Praline',

  'nav.search_label': 'Search products',
  'nav.search_placeholder': 'What chocolate are you looking for?',
  'nav.main': 'Main menu',
  'nav.categories': 'Categories',
  'nav.all_products': 'All products',
  'nav.popular': 'Popular',
  'nav.new': 'New arrivals',
  'nav.best_rated': 'Top rated',
  'nav.login': 'Log in',
  'nav.signup': 'Sign up',
  'nav.account': 'My page',
  'nav.points': 'My points',
  'nav.chat': 'Chat',
  'nav.logout': 'Log out',
  'nav.seller': 'Seller center',
  'nav.admin': 'Admin',
  'nav.language': 'Language',
  'nav.menu': 'Open menu',
  'nav.menu_close': 'Close menu',
  'nav.user_menu': 'My account',
  'nav.greeting': '{nickname}',

  'session.signed_in': 'Signed in as {nickname}',
  'session.signed_out': 'Not signed in',
  'session.checking': 'Checking sign-in status',
  'session.expired': 'Your session has expired. Please log in again.',
  'session.logged_out': 'You have been logged out.',
  'session.logged_out_elsewhere': 'You were logged out in another window.',

  'role.buyer': 'Buyer',
  'role.seller': 'Seller',
  'role.admin': 'Admin',

  'footer.about': 'A chocolate marketplace connecting chocolatiers across Korea with people who love chocolate.',
  'footer.shortcuts': 'Shortcuts',
  'footer.home': 'Home',
  'footer.login': 'Log in',
  'footer.signup': 'Sign up',
  'footer.account': 'My page',
  'footer.points': 'My points',
  'footer.membership': 'Membership',
  'footer.activity': 'My activity',
  'footer.attendance': 'Attendance',
  'footer.notices': 'Notices',
  'footer.quiz': 'Chocolate quiz',
  'footer.customer_center': 'Customer center',
  'footer.cs_phone': '1588-0000 (demo)',
  'footer.cs_hours': 'Weekdays 10:00 – 17:00 · Lunch 12:30 – 13:30 · Closed weekends/holidays',
  'footer.company_info': 'Company',
  'footer.company': 'Praline (프랄린) · CEO: Gildong Hong (demo)',
  'footer.business_number': 'Business reg. no. 000-00-00000 · Mail-order reg. no. 0000-Seoul-0000',
  'footer.address': 'Address: Seoul, Korea (demo address)',
  'footer.broker_notice': 'Praline is a marketplace intermediary and not a party to the transactions; each seller is responsible for its product information and sales.',
  'footer.copyright': '© {year} Praline. All rights reserved.',

  'home.hero.eyebrow': 'Chocolatier marketplace',
  'home.hero.title': 'The sweetest way to share your heart',
  'home.hero.subtitle': 'Chocolates and baking treats handmade by chocolatiers across Korea, all in one place.',
  'home.hero.cta_popular': 'See popular picks',
  'home.hero.cta_new': 'Browse new arrivals',
  'home.perk.makers.title': 'Curated chocolatiers',
  'home.perk.makers.text': 'Only reviewed sellers can open a shop',
  'home.perk.fresh.title': 'Fresh and safe',
  'home.perk.fresh.text': 'Carefully packed, even for heat-sensitive chocolate',
  'home.perk.points.title': '29,900 P when you join',
  'home.perk.points.text': 'Credited as soon as you verify your e-mail',

  'catalog.title': 'All products',
  'catalog.category_title': '{name}',
  'catalog.search_title': 'Results for “{q}”',
  'catalog.total': '{n} items',
  'catalog.categories': 'Categories',
  'catalog.all': 'All',
  'catalog.sort': 'Sort',
  'catalog.price': 'Price',
  'catalog.min_price': 'Min price',
  'catalog.max_price': 'Max price',
  'catalog.apply': 'Apply',
  'catalog.reset': 'Reset filters',
  'catalog.clear_search': 'Clear search',
  'catalog.price_range_invalid': 'The minimum price cannot be above the maximum price.',
  'catalog.empty_title': 'Our shelves are being stocked',
  'catalog.empty_message': 'Sweet things are on their way. Please check back soon!',
  'catalog.no_results_title': 'No products match',
  'catalog.no_results_message': 'Try another search term, category or price range.',
  'catalog.page_out_of_range': 'There are no products on this page.',
  'catalog.first_page': 'Go to the first page',
  'catalog.error_title': 'We couldn’t load the products',
  'catalog.wish_count': '{n} wishes',
  'catalog.seller_by': '{name}',

  'sort.recent': 'Newest',
  'sort.popular': 'Most popular',
  'sort.rating': 'Top rated',
  'sort.sales': 'Best selling',
  'sort.price_asc': 'Price: low to high',
  'sort.price_desc': 'Price: high to low',

  'notfound.code': '404',
  'notfound.title': 'Page not found',
  'notfound.message': 'The address may be mistyped, or the page may have moved or been removed.',
  'notfound.path': 'Requested address: {path}',
  'notfound.search_hint': 'Looking for a product? Try searching for it.',
  'notfound.home': 'Go to the home page',
  'notfound.popular': 'See popular products',

  'provider.kakao': 'Kakao',
  'provider.naver': 'Naver',
  'provider.google': 'Google',
};

const DICTS = { ko, en };

// The error texts live apart (js/i18n/errors.js, checked against the server's codes by a test);
// here they become the 'error.<code>' keys that t() and errorMessage() look up.
for (const lang of LANGS) {
  for (const [code, text] of Object.entries(errorTexts[lang])) DICTS[lang][`error.${code}`] = text;
}

/**
 * Adds a page area's labels to the dictionary. Each area keeps its strings in its own module
 * under js/i18n/ (for example js/i18n/account.js) and calls this once on import.
 */
export function extendMessages(messages) {
  for (const lang of LANGS) Object.assign(DICTS[lang], messages[lang] || {});
}

/** Fires 'change' (detail: { lang }) after setLang(). */
export const langEvents = new EventTarget();

function readStoredLang() {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return LANGS.includes(v) ? v : null;
  } catch {
    return null;
  }
}

let current = readStoredLang() || 'ko';
if (typeof document !== 'undefined') document.documentElement.lang = current;

/** The current language: 'ko' (default) or 'en'. */
export function getLang() {
  return current;
}

/** Switches language, remembers it, re-translates data-i18n elements and fires langEvents 'change'. */
export function setLang(lang) {
  if (!LANGS.includes(lang) || lang === current) return;
  current = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    /* private mode: keep it for this page only */
  }
  document.documentElement.lang = lang;
  applyI18n(document);
  langEvents.dispatchEvent(new CustomEvent('change', { detail: { lang } }));
}

/** True if the key has a translation. */
export function hasKey(key) {
  return key in DICTS[current] || key in ko;
}

/** Translates `key`, replacing {name} with vars.name. Falls back to Korean, then to the key. */
export function t(key, vars) {
  let s = DICTS[current][key] ?? ko[key] ?? key;
  if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (vars[k] === undefined || vars[k] === null ? m : String(vars[k])));
  return s;
}

/**
 * Fills elements under `root` from the dictionary (as text only):
 *   data-i18n="key" → textContent, data-i18n-placeholder → placeholder,
 *   data-i18n-title → title, data-i18n-aria-label → aria-label, data-i18n-alt → alt.
 */
export function applyI18n(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) el.setAttribute('placeholder', t(el.dataset.i18nPlaceholder));
  for (const el of root.querySelectorAll('[data-i18n-title]')) el.setAttribute('title', t(el.dataset.i18nTitle));
  for (const el of root.querySelectorAll('[data-i18n-aria-label]')) el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel));
  for (const el of root.querySelectorAll('[data-i18n-alt]')) el.setAttribute('alt', t(el.dataset.i18nAlt));
  const titleEl = document.querySelector('title[data-i18n-doc]');
  if (titleEl) document.title = t(titleEl.dataset.i18nDoc);
}

/** Locale tag for Intl formatting. */
export function locale() {
  return current === 'ko' ? 'ko-KR' : 'en-US';
}

/**
 * Human message for an API error code.
 * opts: { retryAfter (seconds), provider, fallback (server message) }.
 */
export function errorMessage(code, opts = {}) {
  if (code === 'account_locked') {
    if (opts.retryAfter > 0) return t('error.account_locked', { minutes: Math.max(1, Math.ceil(opts.retryAfter / 60)) });
    return t('error.account_locked_generic');
  }
  if (code === 'rate_limited' && opts.retryAfter > 0) return t('error.rate_limited_seconds', { seconds: Math.ceil(opts.retryAfter) });
  if (code === 'social_account') {
    const p = opts.provider ? String(opts.provider).toLowerCase() : '';
    if (!p) return t('error.social_account_generic');
    const name = hasKey(`provider.${p}`) ? t(`provider.${p}`) : String(opts.provider);
    return t('error.social_account', { provider: name });
  }
  const key = `error.${code}`;
  if (code && hasKey(key)) return t(key);
  if (opts.fallback) return String(opts.fallback);
  return t('error.unknown');
}
