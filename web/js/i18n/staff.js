// Labels shared by the staff pages (the seller's questions, the operators' support inbox): the
// answer box. Registered on import.
import { extendMessages } from '../i18n.js';

extendMessages({
  ko: {
    'staff.count': '{n} / {max}자',
    'staff.answer_required': '답변을 입력해 주세요.',
    'staff.too_long': '{max}자 이내로 입력해 주세요.',
    'staff.cancel': '취소',
    'staff.edit': '답변 수정',
  },
  en: {
    'staff.count': '{n} / {max} characters',
    'staff.answer_required': 'Enter an answer.',
    'staff.too_long': 'At most {max} characters.',
    'staff.cancel': 'Cancel',
    'staff.edit': 'Edit answer',
  },
});
