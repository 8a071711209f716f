// Choosing one image in a file input (the avatar, the seller logo, a product thumbnail): the file is
// checked, previewed through an object URL, and can be dropped again.
import { t } from '../i18n.js';
import { toast } from '../ui.js';

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif'];

/** Returns an error message for a file that is not an accepted image, else null. */
export function validateImageFile(file, { maxBytes = MAX_IMAGE_BYTES } = {}) {
  if (!file) return null;
  if (file.type && !IMAGE_TYPES.includes(file.type)) return t('common.file_not_image');
  if (file.size > maxBytes) return t('common.file_too_large', { mb: Math.round(maxBytes / 1024 / 1024) });
  return null;
}

/**
 * One image chosen in `input`: `file` and `url` (an object URL for a preview) are the choice, null
 * when there is none. A file that is not an accepted image is refused with a toast. `render` is
 * called after every change; `clearButton` (optional) drops the choice, as `clear()` does.
 * `destroy()` detaches the input (before it is replaced) and frees the preview.
 */
export function imageChoice(input, { clearButton = null, render = () => {} } = {}) {
  function revoke() {
    if (choice.url) URL.revokeObjectURL(choice.url);
    choice.url = null;
  }
  const choice = {
    file: null,
    url: null,
    clear() {
      revoke();
      choice.file = null;
      input.value = '';
      render();
    },
    destroy() {
      input.removeEventListener('change', onChange);
      clearButton?.removeEventListener('click', choice.clear);
      revoke();
    },
  };
  function onChange() {
    const file = input.files && input.files[0];
    const problem = file && validateImageFile(file);
    if (problem) toast.error(problem);
    if (!file || problem) {
      choice.clear();
      return;
    }
    revoke();
    choice.file = file;
    choice.url = URL.createObjectURL(file);
    render();
  }
  input.addEventListener('change', onChange);
  clearButton?.addEventListener('click', choice.clear);
  return choice;
}
