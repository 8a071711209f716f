// Opening the card payment window for a payment the server just made (a top-up, or an order
// paid by card), and verifying what comes back. With `checkout.provider` `simulator` the window
// is the development simulator's page; with `portone` it is PortOne's browser SDK, loaded only
// now (the server's CSP allows its origin only when PortOne is configured).
import { api } from './api.js';
import { fromWindow } from './logic/payment-return.js';

const PORTONE_SDK = 'https://cdn.iamport.kr/v1/iamport.js';
let sdk = null;

function loadPortOne() {
  if (globalThis.IMP) return Promise.resolve(globalThis.IMP);
  if (!sdk) {
    sdk = new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = PORTONE_SDK;
      script.async = true;
      script.onload = () => (globalThis.IMP ? resolve(globalThis.IMP) : reject(new Error('PortOne SDK missing')));
      script.onerror = () => {
        sdk = null;
        reject(new Error('PortOne SDK could not be loaded'));
      };
      document.head.append(script);
    });
  }
  return sdk;
}

/**
 * Opens the window for `payment` (with its `checkout`). The simulator and PortOne's mobile flow
 * come back to `returnPath` with the return parameters; on desktop PortOne's callback resolves
 * with the same shape instead. Resolves `null` when the page is navigating away.
 */
export async function openPaymentWindow(payment, returnPath) {
  const { checkout } = payment;
  if (checkout.provider === 'simulator') {
    location.assign(`${checkout.simulator_url}?return_url=${encodeURIComponent(returnPath)}`);
    return null;
  }
  const IMP = await loadPortOne();
  IMP.init(checkout.imp_code);
  return new Promise((resolve) => {
    IMP.request_pay({ ...checkout.request, m_redirect_url: `${location.origin}${returnPath}` }, (rsp) => resolve(fromWindow(rsp)));
  });
}

/** Asks the server to verify a returned payment; the paid payment, or the API error thrown. */
export function verifyPayment(ret) {
  return api('POST', '/payments/portone/complete', { body: { imp_uid: ret.impUid, merchant_uid: ret.merchantUid } });
}
