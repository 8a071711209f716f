// My page, #profile: nickname and one-line introduction, and the profile picture.
import { qs } from '../../dom.js';
import { t } from '../../i18n.js';
import { api } from '../../api.js';
import { toast, showError, withBusy, clearFieldErrors, showFieldErrors } from '../../ui.js';
import { showApiFieldErrors } from '../../form-errors.js';
import { nicknameProblem } from '../../logic/validate.js';
import { imageChoice } from '../../widgets/image-choice.js';
import { initial } from './summary.js';

const MAX_INTRODUCTION = 50;

/** The profile section `el`; `shared` holds the signed-in user (`me`) and `applyUser()`. */
export function profileSection(el, shared) {
  const profileForm = qs('#profile-form', el);
  const introCount = qs('#profile-introduction-count', el);
  const avatarForm = qs('#avatar-form', el);
  const avatarImg = qs('#avatar-preview', el);
  const avatarInitial = qs('#avatar-initial', el);
  const avatarSubmit = qs('#avatar-submit', el);
  const avatarCancel = qs('#avatar-cancel', el);

  function renderIntroCount() {
    introCount.textContent = t('profile.count', { n: [...profileForm.introduction.value].length, max: MAX_INTRODUCTION });
  }
  profileForm.introduction.addEventListener('input', renderIntroCount);

  function renderAvatar() {
    const src = avatarChoice.url || shared.me.avatar_url;
    avatarImg.hidden = !src;
    avatarInitial.hidden = Boolean(src);
    if (src) avatarImg.src = src;
    else avatarImg.removeAttribute('src');
    avatarInitial.textContent = initial(shared.me.nickname);
    avatarSubmit.disabled = !avatarChoice.file;
    avatarCancel.hidden = !avatarChoice.file;
  }
  const avatarChoice = imageChoice(qs('#avatar-input', el), { clearButton: avatarCancel, render: renderAvatar });

  function fillProfile() {
    profileForm.nickname.value = shared.me.nickname || '';
    profileForm.introduction.value = shared.me.introduction || '';
    renderIntroCount();
    renderAvatar();
  }

  profileForm.addEventListener('submit', (e) => {
    e.preventDefault();
    clearFieldErrors(profileForm);
    const nickname = profileForm.nickname.value.trim();
    const introduction = profileForm.introduction.value.trim();
    const fields = {};
    const nick = nicknameProblem(nickname);
    if (nick) fields.nickname = nick;
    if ([...introduction].length > MAX_INTRODUCTION) fields.introduction = t('v.max_chars', { n: MAX_INTRODUCTION });
    if (Object.keys(fields).length) return showFieldErrors(profileForm, fields);
    const body = {};
    if (nickname !== shared.me.nickname) body.nickname = nickname;
    if (introduction !== (shared.me.introduction || '')) body.introduction = introduction;
    if (!Object.keys(body).length) {
      toast.info(t('account.nothing_changed'));
      return undefined;
    }
    return withBusy(qs('#profile-submit', el), async () => {
      try {
        const data = await api('PATCH', '/me', { body });
        shared.applyUser(data.user);
        fillProfile();
        toast.success(t('profile.saved'));
      } catch (err) {
        if (!showApiFieldErrors(profileForm, err)) showError(err);
      }
    });
  });

  avatarForm.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!avatarChoice.file) return;
    withBusy(avatarSubmit, async () => {
      try {
        const data = await api('PUT', '/me/avatar', { form: { image: avatarChoice.file } });
        avatarChoice.clear();
        shared.applyUser(data.user);
        renderAvatar();
        toast.success(t('profile.avatar_saved'));
      } catch (err) {
        showError(err);
      }
    });
  });

  // A language switch relabels the counter but keeps what is being typed.
  return { render: fillProfile, relabel: renderIntroCount };
}
