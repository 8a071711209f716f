// What came back from the payment window: PortOne's m_redirect_url parameters (and the
// simulator's, which copies them), or the browser SDK's callback object, read into one shape.
// The outcome here is only a hint for the message; the server's verification decides.

const ID = /^[A-Za-z0-9_-]{1,100}$/;

/**
 * `{merchantUid, impUid, success, errorMsg}` from a query string, or null when the page was not
 * opened by a payment window. Ids that are not PortOne's shape are dropped.
 */
export function paymentReturn(search) {
  const params = new URLSearchParams(search || '');
  const merchantUid = params.get('merchant_uid');
  if (!merchantUid || !ID.test(merchantUid) || merchantUid.length > 40) return null;
  return fromWindow({
    merchant_uid: merchantUid,
    imp_uid: params.get('imp_uid'),
    success: params.get('imp_success') ?? params.get('success'),
    error_msg: params.get('error_msg'),
  });
}

/** The same shape from `IMP.request_pay`'s callback argument. */
export function fromWindow(rsp) {
  const impUid = typeof rsp.imp_uid === 'string' && ID.test(rsp.imp_uid) ? rsp.imp_uid : null;
  const success = rsp.success === true || rsp.success === 'true';
  const errorMsg = typeof rsp.error_msg === 'string' ? rsp.error_msg.slice(0, 200) : '';
  return { merchantUid: rsp.merchant_uid, impUid, success, errorMsg };
}

/**
 * What to do with a return: `verify` (there is a PortOne payment to check, whatever the window
 * said), or `closed` (the window was closed before any payment was made).
 */
export function nextStep(ret) {
  return ret.impUid ? 'verify' : 'closed';
}
