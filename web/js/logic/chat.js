// Chat logic without the DOM: the socket address, reconnect backoff, the message list (merged by
// id, oldest first), read counts and the message length rule. Unit-tested in tooling/unit.

/** Longest message, in characters (as the server counts them: Unicode code points). */
export const MAX_MESSAGE_CHARS = 1000;

/** Characters in `text` as the server counts them. */
export function charCount(text) {
  return Array.from(String(text ?? '')).length;
}

/** Whether `text` may be sent: 1–1,000 characters, not only spaces. */
export function canSend(text) {
  const n = charCount(text);
  return n > 0 && n <= MAX_MESSAGE_CHARS && String(text).trim().length > 0;
}

/** The WebSocket address of a room on this site (`ws:` or `wss:` like the page). */
export function socketUrl(loc, roomId, ticket) {
  const scheme = loc.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${loc.host}/ws/chat/${encodeURIComponent(roomId)}?ticket=${encodeURIComponent(ticket)}`;
}

/**
 * Milliseconds to wait before reconnect attempt `attempt` (0-based): 1 s, 2 s, 4 s … up to 30 s,
 * with up to 20 % taken off at random so many clients do not come back at once.
 */
export function backoffDelay(attempt, random = Math.random) {
  const base = Math.min(30_000, 1000 * 2 ** Math.max(0, Math.min(attempt, 10)));
  return Math.round(base * (1 - 0.2 * random()));
}

/**
 * Merges messages into a list sorted by id (oldest first), without duplicates; a newer copy of a
 * message replaces the older one. Returns a new array.
 */
export function mergeMessages(list, incoming) {
  const byId = new Map(list.map((m) => [m.id, m]));
  for (const m of incoming) if (m && Number.isInteger(m.id)) byId.set(m.id, m);
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

/** How many users other than the author have read up to `message` (read marks: user → id). */
export function readCount(message, marks) {
  let n = 0;
  for (const [userId, upTo] of marks) if (userId !== message.user.id && upTo >= message.id) n += 1;
  return n;
}

/** Moves a user's read mark forward only; returns true when it moved. */
export function moveMark(marks, userId, messageId) {
  const current = marks.get(userId) ?? 0;
  if (messageId <= current) return false;
  marks.set(userId, messageId);
  return true;
}

/** The presence list after a frame: participants replace it, enter adds, leave removes. */
export function applyPresence(users, frame) {
  if (frame.type === 'participants') return [...frame.users];
  if (frame.type === 'enter') return users.some((u) => u.id === frame.user.id) ? users : [...users, frame.user];
  if (frame.type === 'leave') return users.filter((u) => u.id !== frame.user.id);
  return users;
}
