import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_MESSAGE_CHARS, charCount, canSend, socketUrl, backoffDelay, mergeMessages, readCount, moveMark, applyPresence } from '../../js/logic/chat.js';

test('length is counted in characters, like the server', () => {
  assert.equal(charCount('안녕'), 2);
  assert.equal(charCount('🍫'), 1);
  assert.ok(canSend('가'.repeat(MAX_MESSAGE_CHARS)));
  assert.ok(!canSend('가'.repeat(MAX_MESSAGE_CHARS + 1)));
  assert.ok(!canSend('   '));
  assert.ok(!canSend(''));
});

test('the socket address follows the page scheme and escapes its parts', () => {
  assert.equal(socketUrl({ protocol: 'https:', host: 'shop.example' }, 7, 'a+b'), 'wss://shop.example/ws/chat/7?ticket=a%2Bb');
  assert.equal(socketUrl({ protocol: 'http:', host: '127.0.0.1:8080' }, 1, 't'), 'ws://127.0.0.1:8080/ws/chat/1?ticket=t');
});

test('reconnects back off up to 30 seconds with jitter', () => {
  assert.equal(backoffDelay(0, () => 0), 1000);
  assert.equal(backoffDelay(3, () => 0), 8000);
  assert.equal(backoffDelay(50, () => 0), 30_000);
  assert.equal(backoffDelay(2, () => 1), 3200);
});

test('messages merge by id, oldest first, without duplicates', () => {
  const m = (id, text = String(id)) => ({ id, text, user: { id: 1 } });
  const merged = mergeMessages([m(3), m(1)], [m(2), m(3, 'again'), null]);
  assert.deepEqual(merged.map((x) => x.id), [1, 2, 3]);
  assert.equal(merged[2].text, 'again');
});

test('read marks move forward only and count readers other than the author', () => {
  const marks = new Map();
  assert.ok(moveMark(marks, 2, 10));
  assert.ok(!moveMark(marks, 2, 5));
  moveMark(marks, 1, 10);
  moveMark(marks, 3, 9);
  assert.equal(readCount({ id: 10, user: { id: 1 } }, marks), 1);
  assert.equal(readCount({ id: 9, user: { id: 1 } }, marks), 2);
});

test('presence follows participants, enter and leave frames', () => {
  const a = { id: 1 };
  const b = { id: 2 };
  let users = applyPresence([], { type: 'participants', users: [a] });
  users = applyPresence(users, { type: 'enter', user: b });
  users = applyPresence(users, { type: 'enter', user: b });
  assert.deepEqual(users.map((u) => u.id), [1, 2]);
  users = applyPresence(users, { type: 'leave', user: a });
  assert.deepEqual(users.map((u) => u.id), [2]);
});
