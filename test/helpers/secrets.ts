/**
 * Format-valid fake credentials, assembled at run time from a seeded generator so that the
 * repository itself holds no scannable secret.
 */
export const ALPHA = {
  upper: "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
  b32: "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567",
  b62: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
  b64: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
  url: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
  hex: "0123456789abcdef",
  digits: "0123456789",
  lower: "abcdefghijklmnopqrstuvwxyz",
} as const;

export function fakes(seed = 42) {
  let s = seed >>> 0;
  const rand = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  const str = (n: number, alpha: string) => Array.from({ length: n }, () => alpha[Math.floor(rand() * alpha.length)]).join("");
  const pemBody = (prefix: string, chars: number) => (prefix + str(chars, ALPHA.b64)).slice(0, chars).match(/.{1,64}/g)!.join("\n");
  const pem = (label: string, prefix: string, chars: number, headers = "") =>
    `-----BEGIN ${label}-----\n${headers}${pemBody(prefix, chars)}\n-----END ${label}-----`;
  return { str, pem, pemBody };
}
