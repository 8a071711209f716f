// A chat room (채팅방, chat-room.html?id=N): the room's history (GET /chat/rooms/{id}/messages,
// older pages when scrolled to the top), who is connected, enter/leave notices, read marks, and
// the message box with its 1,000-character counter. Realtime traffic goes over the WebSocket
// /ws/chat/{id} with a single-use ticket (POST /chat/rooms/{id}/tickets, with the password once
// for a room that has one); a lost connection is retried with growing pauses, shown above the
// log. Every text from people is set with textContent.
import { h, qs, replaceChildren } from '../../dom.js';
import { t, errorMessage, langEvents } from '../../i18n.js';
import { api, getUser } from '../../api.js';
import { mountLayout } from '../../layout.js';
import { icon } from '../../icons.js';
import { alertBox, clearFieldErrors, confirmDialog, emptyState, formatDate, showError, toast, uid, withBusy } from '../../ui.js';
import { showApiFieldErrors } from '../../form-errors.js';
import { loginUrlHere } from '../../navigation.js';
import { MAX_MESSAGE_CHARS, applyPresence, backoffDelay, canSend, charCount, mergeMessages, moveMark, readCount, socketUrl } from '../../logic/chat.js';
import '../../i18n/chat.js';

const HISTORY_PAGE = 50;

const els = {
  name: qs('#room-name'),
  lock: qs('#room-lock'),
  description: qs('#room-description'),
  conn: qs('#conn-state'),
  del: qs('#room-delete'),
  loading: qs('#room-loading'),
  gate: qs('#room-gate'),
  body: qs('#room-body'),
  log: qs('#chat-log'),
  historyState: qs('#chat-history-state'),
  messages: qs('#chat-messages'),
  form: qs('#chat-form'),
  text: qs('#chat-text'),
  counter: qs('#chat-counter'),
  send: qs('#chat-send'),
  presenceTitle: qs('#presence-title'),
  presence: qs('#presence-list'),
};

const state = {
  id: null,
  room: null,
  me: null,
  messages: [],
  notices: [],
  marks: new Map(),
  users: [],
  nextBefore: null,
  historyDone: false,
  loadingOlder: false,
  socket: null,
  conn: 'connecting',
  attempt: 0,
  retryAt: 0,
  retryTimer: null,
  countdown: null,
  leaving: false,
  sentRead: 0,
  clientSeq: 0,
};

/* ----------------------------------------------------------------- view */

function renderConn() {
  const { conn } = state;
  els.conn.className = `conn-state is-${conn}`;
  if (conn === 'waiting') {
    const seconds = Math.max(1, Math.ceil((state.retryAt - Date.now()) / 1000));
    replaceChildren(els.conn,
      h('span', { class: 'conn-state__dot', 'aria-hidden': 'true' }),
      h('span', null, t('chat.state_waiting', { seconds })),
      h('button', { type: 'button', class: 'btn btn-link btn-sm', onClick: () => reconnectNow() }, t('chat.reconnect_now')));
  } else {
    const key = conn === 'connected' ? 'chat.state_connected' : conn === 'offline' ? 'chat.state_offline' : 'chat.state_connecting';
    replaceChildren(els.conn, h('span', { class: 'conn-state__dot', 'aria-hidden': 'true' }), h('span', null, t(key)));
  }
  updateSendButton();
}

function renderHead() {
  const { room } = state;
  els.name.textContent = room.name;
  els.description.textContent = room.description || '';
  els.lock.hidden = !room.has_password;
  replaceChildren(els.lock, room.has_password ? icon('lock', { size: 18, label: t('chat.locked') }) : null);
  els.del.hidden = !(state.me && room.creator.id === state.me.id);
  document.title = t('page.suffix', { title: room.name });
}

function renderPresence() {
  els.presenceTitle.textContent = t('chat.presence', { n: state.users.length });
  replaceChildren(els.presence, state.users.map((u) => h('li', { class: 'chat-presence__user', dataset: { userId: u.id } },
    h('span', { class: 'chat-presence__dot', 'aria-hidden': 'true' }),
    h('span', { class: 'chat-presence__name' }, u.nickname),
    state.me && u.id === state.me.id && h('span', { class: 'chat-presence__you' }, ` (${t('chat.you')})`))));
}

function messageItem(m) {
  const mine = state.me && m.user.id === state.me.id;
  const reads = mine ? readCount(m, state.marks) : 0;
  return h('li', { class: ['chat-msg', mine && 'is-mine'], dataset: { messageId: m.id } },
    h('div', { class: 'chat-msg__meta' },
      h('span', { class: 'chat-msg__author' }, m.user.nickname),
      h('time', { class: 'chat-msg__time', datetime: m.created_at }, formatDate(m.created_at, { time: true }))),
    h('p', { class: 'chat-msg__text' }, m.text),
    reads > 0 && h('span', { class: 'chat-msg__reads' }, t('chat.read_by', { n: reads })));
}

function noticeItem(n) {
  return h('li', { class: 'chat-notice', role: 'status' }, n.text);
}

function renderMessages() {
  const nearBottom = els.log.scrollHeight - els.log.scrollTop - els.log.clientHeight < 80;
  const items = [];
  const noticesAfter = (id) => state.notices.filter((n) => n.afterId === id).map(noticeItem);
  items.push(...noticesAfter(0));
  for (const m of state.messages) {
    items.push(messageItem(m));
    items.push(...noticesAfter(m.id));
  }
  if (!state.messages.length && !state.notices.length) items.push(h('li', { class: 'chat-notice' }, t('chat.no_messages')));
  replaceChildren(els.messages, items);
  els.historyState.textContent = state.loadingOlder ? t('chat.older') : state.historyDone ? t('chat.history_start') : '';
  if (nearBottom) els.log.scrollTop = els.log.scrollHeight;
  markRead();
}

function updateCounter() {
  const n = charCount(els.text.value);
  els.counter.textContent = t('chat.counter', { n: n.toLocaleString('en-US') });
  els.counter.classList.toggle('is-over', n > MAX_MESSAGE_CHARS);
  updateSendButton();
}

function updateSendButton() {
  els.send.disabled = !(canSend(els.text.value) && state.conn === 'connected');
}

function lastMessageId() {
  return state.messages.length ? state.messages[state.messages.length - 1].id : 0;
}

function addNotice(key, user) {
  state.notices.push({ afterId: lastMessageId(), text: t(key, { nickname: user.nickname }) });
  if (state.notices.length > 100) state.notices.shift();
}

/* ------------------------------------------------------------ history */

async function loadLatest() {
  const page = await api('GET', `/chat/rooms/${state.id}/messages`, { query: { limit: HISTORY_PAGE } });
  state.messages = mergeMessages(state.messages, page.items);
  if (state.nextBefore === null && !state.historyDone) {
    state.nextBefore = page.next_before;
    state.historyDone = page.next_before === null;
  }
  for (const r of page.reads) moveMark(state.marks, r.user_id, r.message_id);
}

async function loadOlder() {
  if (state.loadingOlder || state.historyDone || state.nextBefore === null) return;
  state.loadingOlder = true;
  els.historyState.textContent = t('chat.older');
  const before = els.log.scrollHeight - els.log.scrollTop;
  try {
    const page = await api('GET', `/chat/rooms/${state.id}/messages`, { query: { limit: HISTORY_PAGE, before: state.nextBefore } });
    state.messages = mergeMessages(state.messages, page.items);
    state.nextBefore = page.next_before;
    state.historyDone = page.next_before === null;
  } catch (err) {
    showError(err);
  } finally {
    state.loadingOlder = false;
  }
  renderMessages();
  els.log.scrollTop = els.log.scrollHeight - before;
}

/* ------------------------------------------------------------- socket */

function send(frame) {
  if (state.socket && state.socket.readyState === WebSocket.OPEN) {
    state.socket.send(JSON.stringify(frame));
    return true;
  }
  return false;
}

function markRead() {
  const newest = lastMessageId();
  if (!newest || newest <= state.sentRead || document.visibilityState !== 'visible') return;
  const atBottom = els.log.scrollHeight - els.log.scrollTop - els.log.clientHeight < 80;
  if (!atBottom) return;
  if (send({ type: 'read', message_id: newest })) state.sentRead = newest;
}

function onFrame(frame) {
  switch (frame.type) {
    case 'participants':
      state.users = applyPresence(state.users, frame);
      renderPresence();
      break;
    case 'enter':
    case 'leave':
      if (frame.type === 'enter' && state.users.some((u) => u.id === frame.user.id)) break;
      state.users = applyPresence(state.users, frame);
      addNotice(frame.type === 'enter' ? 'chat.enter_notice' : 'chat.leave_notice', frame.user);
      renderPresence();
      renderMessages();
      break;
    case 'message':
      state.messages = mergeMessages(state.messages, [frame]);
      renderMessages();
      break;
    case 'read':
      if (moveMark(state.marks, frame.user_id, frame.message_id)) renderMessages();
      break;
    case 'error':
      toast.error(errorMessage(frame.code, { retryAfter: frame.retry_after, fallback: frame.message }));
      break;
    default:
      break;
  }
}

async function ticket(password) {
  const body = password ? { password } : undefined;
  const issued = await api('POST', `/chat/rooms/${state.id}/tickets`, { body });
  return issued.ticket;
}

function setConn(conn) {
  state.conn = conn;
  renderConn();
}

function connect(ticketValue) {
  setConn('connecting');
  const socket = new WebSocket(socketUrl(location, state.id, ticketValue));
  state.socket = socket;
  socket.addEventListener('open', () => {
    state.attempt = 0;
    setConn('connected');
    markRead();
  });
  socket.addEventListener('message', (e) => {
    let frame;
    try {
      frame = JSON.parse(e.data);
    } catch {
      return;
    }
    onFrame(frame);
  });
  socket.addEventListener('close', () => {
    if (state.socket !== socket) return;
    state.socket = null;
    if (state.leaving) return;
    scheduleReconnect();
  });
}

function scheduleReconnect() {
  clearTimeout(state.retryTimer);
  clearInterval(state.countdown);
  const delay = backoffDelay(state.attempt);
  state.attempt += 1;
  state.retryAt = Date.now() + delay;
  setConn('waiting');
  state.countdown = setInterval(renderConn, 1000);
  state.retryTimer = setTimeout(reconnectNow, delay);
}

async function reconnectNow() {
  clearTimeout(state.retryTimer);
  clearInterval(state.countdown);
  if (state.leaving || state.socket) return;
  setConn('connecting');
  try {
    const fresh = await ticket();
    // What was said while we were away: the newest page again, merged by id.
    await loadLatest();
    renderMessages();
    connect(fresh);
  } catch (err) {
    if (err.status === 404) {
      showGone();
      return;
    }
    if (err.status === 401 || err.status === 403) {
      setConn('offline');
      showError(err);
      return;
    }
    scheduleReconnect();
  }
}

/* ------------------------------------------------------------- gates */

function showGone() {
  state.leaving = true;
  els.loading.hidden = true;
  els.body.hidden = true;
  els.gate.hidden = false;
  replaceChildren(els.gate, emptyState({
    icon: 'chat', title: t('chat.not_found'), action: { label: t('chat.back'), href: '/chat.html' },
  }));
  replaceChildren(els.conn);
}

function passwordGate() {
  return new Promise((resolve) => {
    const id = uid('room-password');
    const input = h('input', { class: 'input', id, name: 'password', type: 'password', maxlength: 64, required: true, autocomplete: 'current-password' });
    const button = h('button', { type: 'submit', class: 'btn btn-primary' }, t('chat.password_submit'));
    const form = h('form', { class: 'form chat-gate card', id: 'room-password-form', novalidate: true },
      h('div', { class: 'card-body stack' },
        h('h2', { class: 'card-title' }, icon('lock', { size: 18 }), ` ${t('chat.password_title')}`),
        h('p', { class: 'text-muted' }, t('chat.password_message')),
        h('div', { class: 'field' }, h('label', { class: 'field-label', for: id }, t('chat.room_password')), input),
        h('div', { class: 'form-actions' }, button)));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      clearFieldErrors(form);
      withBusy(button, async () => {
        try {
          const issued = await ticket(input.value);
          resolve(issued);
        } catch (err) {
          if (err.code === 'wrong_password' || err.code === 'rate_limited') {
            showApiFieldErrors(form, err, { wrong_password: 'password', rate_limited: 'password' });
            input.focus();
            return;
          }
          showError(err);
        }
      });
    });
    els.loading.hidden = true;
    els.gate.hidden = false;
    replaceChildren(els.gate, form);
    input.focus();
  });
}

/* -------------------------------------------------------------- start */

function bindComposer() {
  els.text.addEventListener('input', updateCounter);
  els.text.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      els.form.requestSubmit();
    }
  });
  els.form.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = els.text.value;
    if (!canSend(text)) return;
    state.clientSeq += 1;
    if (send({ type: 'message', text, client_id: `c${state.clientSeq}` })) {
      els.text.value = '';
      updateCounter();
      els.log.scrollTop = els.log.scrollHeight;
    }
  });
  els.log.addEventListener('scroll', () => {
    if (els.log.scrollTop < 40) loadOlder();
    markRead();
  });
  document.addEventListener('visibilitychange', markRead);
  els.del.addEventListener('click', async () => {
    const ok = await confirmDialog(t('chat.delete_confirm', { name: state.room.name }), { danger: true, confirmLabel: t('chat.delete') });
    if (!ok) return;
    await withBusy(els.del, async () => {
      try {
        await api('DELETE', `/chat/rooms/${state.id}`);
        state.leaving = true;
        state.socket?.close();
        toast.success(t('chat.deleted'));
        location.href = '/chat.html';
      } catch (err) {
        showError(err);
      }
    });
  });
  window.addEventListener('pagehide', () => {
    state.leaving = true;
    state.socket?.close();
  });
}

async function start() {
  const user = await mountLayout({ active: 'chat' });
  if (!user) {
    location.replace(loginUrlHere());
    return;
  }
  state.me = getUser() || user;
  const id = Number.parseInt(new URLSearchParams(location.search).get('id') || '', 10);
  if (!Number.isInteger(id) || id < 1) {
    showGone();
    return;
  }
  state.id = id;
  try {
    state.room = await api('GET', `/chat/rooms/${id}`);
  } catch (err) {
    if (err.status === 404) showGone();
    else {
      els.loading.hidden = true;
      els.gate.hidden = false;
      replaceChildren(els.gate, alertBox(err.message, { type: 'error' }));
    }
    return;
  }
  renderHead();
  let first;
  try {
    first = await ticket();
  } catch (err) {
    if (err.code !== 'wrong_password') {
      if (err.status === 404) showGone();
      else showError(err);
      return;
    }
    first = await passwordGate();
  }
  els.gate.hidden = true;
  try {
    await loadLatest();
  } catch (err) {
    showError(err);
  }
  els.loading.hidden = true;
  els.body.hidden = false;
  bindComposer();
  updateCounter();
  renderPresence();
  renderMessages();
  els.log.scrollTop = els.log.scrollHeight;
  connect(first);
}

start();

langEvents.addEventListener('change', () => {
  if (!state.room) return;
  renderHead();
  if (state.socket || state.conn !== 'connecting') renderConn();
  renderPresence();
  renderMessages();
  updateCounter();
});
