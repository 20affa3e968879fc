// The WeChat official account (公众号) channel: see route.ts.
export { registerWechat, WECHAT_BODY_LIMIT_BYTES, WECHAT_PATH } from './route.js';
