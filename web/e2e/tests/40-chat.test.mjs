// Chat in the browser: two people in two browser contexts meet in one room, each sees the other
// arrive (presence and an enter notice), their messages (markup stays text), read marks, the
// length counter, and the other leaving; a password room refuses a wrong password and lets the
// right one in.
import { test } from '../lib/harness.mjs';
import { uniq } from '../lib/api.mjs';
import { apiFor, loginContext } from '../lib/flows.mjs';
import { expectText, expectTrue, expectVisible, assert } from '../lib/expect.mjs';

test('two people chat in a room, see each other come and go, and a password room refuses a wrong password', async (t) => {
  const api = apiFor(t.base);
  const u = uniq();
  const alice = { email: `chat-a-${u}@example.com`, nickname: `초코A${u}` };
  const bob = { email: `chat-b-${u}@example.com`, nickname: `초코B${u}` };
  for (const person of [alice, bob]) {
    const login = await api.createVerifiedUser(person);
    person.token = login.access_token;
    person.id = login.user.id;
  }
  const open = await api.post('/chat/rooms', { name: `E2E${u}`.slice(0, 10), description: '초콜릿 수다방' }, { token: alice.token });
  const locked = await api.post('/chat/rooms', { name: `Pw${u}`.slice(0, 10), password: 'ganache' }, { token: alice.token });
  // The wrong password below is typed on purpose.
  t.allowNetworkError(403, new RegExp(`^/api/v1/chat/rooms/${locked.id}/tickets$`), 'a wrong room password');

  const ctxA = await t.newContext({ width: 375, height: 812, mobile: true });
  await loginContext(ctxA, t.base, alice.email);
  const pageA = await ctxA.newPage();
  const ctxB = await t.newContext({ width: 1280, height: 800 });
  await loginContext(ctxB, t.base, bob.email);
  const pageB = await ctxB.newPage();

  await t.step('the room list shows both rooms, the lock on the password room, and finds one by name', async () => {
    await pageA.goto('/chat.html');
    const openCard = pageA.locator(`.room-card[data-room-id="${open.id}"]`);
    const lockedCard = pageA.locator(`.room-card[data-room-id="${locked.id}"]`);
    await expectText(openCard, open.name);
    await expectText(openCard, '0명 접속 중');
    await expectVisible(lockedCard.locator('.room-card__lock'));
    assert(await openCard.locator('.room-card__lock').count() === 0, 'no lock on the open room');
    await pageA.locator('#room-q').fill(open.name.toLowerCase());
    await pageA.locator('#room-search button[type="submit"]').click();
    await expectText(pageA.locator('#room-total'), '채팅방 1개');
    await t.screenshot(pageA, 'flow-chat-rooms-375');
  });

  await t.step('both enter the room; each sees the other in the presence list, and A sees B arrive', async () => {
    await pageA.locator(`.room-card[data-room-id="${open.id}"] a`).click();
    await expectText(pageA.locator('#conn-state'), '연결됨');
    await expectText(pageA.locator('#presence-list'), alice.nickname);
    await pageB.goto(`/chat-room.html?id=${open.id}`);
    await expectText(pageB.locator('#conn-state'), '연결됨');
    await expectText(pageB.locator('#presence-list'), alice.nickname);
    await expectText(pageB.locator('#presence-list'), bob.nickname);
    await expectText(pageA.locator('#presence-list'), bob.nickname);
    await expectText(pageA.locator('#chat-messages .chat-notice'), `${bob.nickname} 님이 들어왔어요.`);
  });

  await t.step('messages go both ways, markup stays text, and read marks come back', async () => {
    const markup = '<b>안녕</b> Bob!';
    await pageA.locator('#chat-text').fill(markup);
    await pageA.locator('#chat-send').click();
    const onB = pageB.locator('#chat-messages .chat-msg').filter({ hasText: 'Bob!' });
    await expectText(onB.locator('.chat-msg__text'), markup);
    assert(await onB.locator('b').count() === 0, 'the markup was not turned into an element');
    await expectText(onB.locator('.chat-msg__author'), alice.nickname);
    await pageB.locator('#chat-text').fill('반가워요, 앨리스');
    await pageB.locator('#chat-text').press('Enter');
    await expectText(pageA.locator('#chat-messages .chat-msg').last(), '반가워요, 앨리스');
    // B read A's message (B's log is at the bottom and visible): A's copy says so.
    await expectText(pageA.locator('#chat-messages .chat-msg.is-mine .chat-msg__reads'), '1명 읽음');
    const history = await api.get(`/chat/rooms/${open.id}/messages`, { token: bob.token });
    assert(history.items.length === 2, `stored: ${JSON.stringify(history.items)}`);
    await t.screenshot(pageA, 'flow-chat-room-375');
    await t.screenshot(pageB, 'flow-chat-room-1280');
  });

  await t.step('the counter counts to 1,000 characters and stops the send button past it', async () => {
    await pageA.locator('#chat-text').fill('가'.repeat(1001));
    await expectText(pageA.locator('#chat-counter'), '1,001 / 1,000');
    await expectTrue(async () => pageA.locator('#chat-send').isDisabled(), 'send is disabled');
    await pageA.locator('#chat-text').fill('');
  });

  await t.step('B leaves; A sees it', async () => {
    await pageB.goto('/chat.html');
    await expectText(pageA.locator('#chat-messages .chat-notice').last(), `${bob.nickname} 님이 나갔어요.`);
    await expectTrue(async () => !(await pageA.locator('#presence-list').innerText()).includes(bob.nickname), 'B is gone from the list');
  });

  await t.step('a password room refuses a wrong password and lets the right one in', async () => {
    await pageB.goto(`/chat-room.html?id=${locked.id}`);
    const form = pageB.locator('#room-password-form');
    await expectVisible(form);
    await form.locator('input[name="password"]').fill('praline');
    await form.locator('button[type="submit"]').click();
    await expectText(form.locator('.field-error'), '비밀번호가 올바르지 않아요');
    await t.screenshot(pageB, 'flow-chat-password-1280');
    await form.locator('input[name="password"]').fill('ganache');
    await form.locator('button[type="submit"]').click();
    await expectText(pageB.locator('#conn-state'), '연결됨');
    await expectText(pageB.locator('#presence-list'), bob.nickname);
  });
});
