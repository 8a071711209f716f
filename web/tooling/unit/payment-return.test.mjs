import { test } from 'node:test';
import assert from 'node:assert/strict';
import { paymentReturn, fromWindow, nextStep } from '../../js/logic/payment-return.js';

test('an approved return carries both ids and is verified', () => {
  const ret = paymentReturn('?merchant_uid=top_20261129_abc&imp_uid=imps_1x&imp_success=true');
  assert.deepEqual(ret, { merchantUid: 'top_20261129_abc', impUid: 'imps_1x', success: true, errorMsg: '' });
  assert.equal(nextStep(ret), 'verify');
});

test('a declined return is still verified, so the server says why', () => {
  const ret = paymentReturn('?merchant_uid=top_1&imp_uid=imps_2&imp_success=false&error_msg=%EC%B9%B4%EB%93%9C');
  assert.equal(ret.success, false);
  assert.equal(ret.errorMsg, '카드');
  assert.equal(nextStep(ret), 'verify');
});

test('a closed window has no imp_uid', () => {
  const ret = paymentReturn('?merchant_uid=top_1&imp_success=false&error_msg=closed');
  assert.equal(ret.impUid, null);
  assert.equal(nextStep(ret), 'closed');
});

test('a page not opened by a payment window, or with malformed ids, is no return', () => {
  assert.equal(paymentReturn(''), null);
  assert.equal(paymentReturn('?tab=x'), null);
  assert.equal(paymentReturn('?merchant_uid=%3Cscript%3E'), null);
  assert.equal(paymentReturn(`?merchant_uid=${'a'.repeat(41)}`), null);
  assert.equal(paymentReturn('?merchant_uid=top_1&imp_uid=..%2F..').impUid, null);
});

test('the SDK callback reads the same way', () => {
  const ret = fromWindow({ success: true, imp_uid: 'imp_123', merchant_uid: 'ord_1', error_msg: undefined });
  assert.deepEqual(ret, { merchantUid: 'ord_1', impUid: 'imp_123', success: true, errorMsg: '' });
});
