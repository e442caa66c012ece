/**
 * A second, held-out corpus for the secrets scanner (issue 4's bar), written without reading the
 * scanner's rules, placeholders or its own corpus: the formats follow what the providers issue
 * (their docs and published token-format notes), the contexts follow how secrets show up in real
 * repositories. `writeIndependentCorpus(dir, { seed })` writes a few hundred files and returns the
 * ground truth: one { file, line, kind, variant } per planted secret (the line that holds it, or
 * the BEGIN line of a key block) and the number of decoy lines (with `decoyAt` for grouping).
 *
 * Deterministic for a seed (files, lines, kinds and token values), except the key material of RSA
 * keys, the encrypted keys' salts, ssh-keygen's passphrase-protected keys and openssl's X.509
 * certificates (none can be seeded): their line counts can differ by one between runs, and every
 * ground-truth line is computed from the text actually written. Ed25519, EC P-256 and PGP keys
 * are derived from the seed. Optional tools: ssh-keygen (else no encrypted OpenSSH key is made)
 * and openssl (else no certificate decoys).
 *
 * Choices where the brief left room: a low-entropy password (`password = "password123"`,
 * `postgres:postgres@localhost`) is a decoy, not a leak; Stripe test keys (sk_test_) and
 * publishable keys (pk_live_) are decoys (the issue asks for live secret keys; publishable keys
 * are public by design); Sentry DSNs (a public key in the user part of a URL) are decoys; the
 * jwt.io documented example token is a decoy like AWS's EXAMPLE keys.
 */
import { createECDH, createHmac, createPrivateKey, generateKeyPairSync } from "node:crypto";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

// ---------------------------------------------------------------- seeded randomness

/** sfc32 seeded through splitmix32: small, fast, good enough for test data. */
function makeRng(seed) {
  let s = seed >>> 0;
  const split = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split(), b = split(), c = split(), d = split();
  const next = () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
  const r = {
    float: next,
    int: (n) => Math.floor(next() * n),
    range: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (arr) => arr[Math.floor(next() * arr.length)],
    chance: (p) => next() < p,
    chars: (alphabet, n) => {
      let out = "";
      for (let i = 0; i < n; i++) out += alphabet[Math.floor(next() * alphabet.length)];
      return out;
    },
    bytes: (n) => {
      const b = Buffer.alloc(n);
      for (let i = 0; i < n; i++) b[i] = Math.floor(next() * 256);
      return b;
    },
    shuffle: (arr) => {
      for (let i = arr.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [arr[i], arr[j]] = [arr[j], arr[i]];
      }
      return arr;
    },
  };
  return r;
}

const DIGITS = "0123456789";
const HEX = "0123456789abcdef";
const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const LOWER = "abcdefghijklmnopqrstuvwxyz";
const B62 = DIGITS + UPPER + LOWER; // GitHub's base62 dictionary order (digits, upper, lower)
const ALNUM = UPPER + LOWER + DIGITS;
const B64URL = ALNUM + "-_";
const B32 = UPPER + "234567";

const b64url = (buf) => buf.toString("base64url");

// ---------------------------------------------------------------- checksums

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(str) {
  let c = 0xffffffff;
  for (const byte of Buffer.from(str, "latin1")) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function base62(n, width) {
  let out = "";
  while (n > 0) {
    out = B62[n % 62] + out;
    n = Math.floor(n / 62);
  }
  return out.padStart(width, "0");
}

/** GitHub's 2021 format (also npm's): prefix, 30 base62 characters, CRC32 of those in 6 base62. */
function checksummedToken(rng, prefix) {
  const entropy = rng.chars(B62, 30);
  return prefix + entropy + base62(crc32(entropy), 6);
}

/** OpenPGP armor checksum (RFC 4880 6.1). */
function crc24(buf) {
  let crc = 0xb704ce;
  for (const b of buf) {
    crc ^= b << 16;
    for (let i = 0; i < 8; i++) {
      crc <<= 1;
      if (crc & 0x1000000) crc ^= 0x1864cfb;
    }
  }
  return crc & 0xffffff;
}

// ---------------------------------------------------------------- token formats, one per kind

/** AWS access key id: AKIA (long-term) / ASIA (STS) + 16 base32 characters. */
const awsKeyId = (rng) => rng.pick(["AKIA", "AKIA", "AKIA", "ASIA"]) + rng.chars(B32, 16);
/** AWS secret access key: 40 characters of base64. */
const awsSecret = (rng) => rng.bytes(30).toString("base64");

/** GitHub classic tokens: personal, OAuth, user-to-server, server-to-server, refresh. */
function githubClassic(rng) {
  // before April 2021: 40 hex characters, known only by the name around them
  if (rng.chance(0.12)) return { value: rng.chars(HEX, 40), variant: "legacy-40-hex", names: ["GITHUB_TOKEN", "GH_TOKEN", "github_token", "githubToken"] };
  const prefix = rng.pick(["ghp_", "ghp_", "gho_", "ghu_", "ghs_", "ghr_"]);
  return { value: checksummedToken(rng, prefix), variant: prefix };
}

/** Fine-grained PAT: github_pat_ + 22 alphanumerics + _ + 59 alphanumerics (93 characters). */
const githubPat = (rng) => `github_pat_11${rng.chars(DIGITS + UPPER, 20)}_${rng.chars(ALNUM, 59)}`;

/** GitLab: personal (glpat-), deploy (gldt-), runner auth (glrt-), pipeline trigger (glptt- + 40 hex). */
function gitlabToken(rng) {
  const v = rng.pick(["glpat", "glpat", "glpat", "glpat-routable", "gldt", "glrt", "glptt"]);
  if (v === "glpat-routable") {
    // routable PATs (GitLab 17.x, Cells handbook): base64url of random bytes and c:/o:/u: routing
    // fields, then ".01." and a base36 tail (length and CRC32); modelled, not byte-exact
    const payload = Buffer.concat([rng.bytes(16), Buffer.from(`\nc:1\no:${rng.int(99999).toString(36)}\nu:${rng.int(9999999).toString(36)}`)]);
    const tail = `${payload.length.toString(36).padStart(2, "0")}${crc32(payload.toString("latin1")).toString(36).padStart(7, "0")}`;
    return { value: `glpat-${b64url(payload)}.01.${tail}`, variant: v };
  }
  const value = v === "glptt" ? `glptt-${rng.chars(HEX, 40)}` : `${v}-${rng.chars(B64URL.replace("-", ""), 20)}`;
  return { value, variant: v };
}

/** Slack bot (xoxb), user (xoxp) and app-level (xapp) tokens. */
function slackToken(rng) {
  const v = rng.pick(["xoxb", "xoxb", "xoxp", "xapp"]);
  const num = () => rng.chars(DIGITS, rng.range(10, 13));
  if (v === "xoxb") return { value: `xoxb-${num()}-${num()}-${rng.chars(ALNUM, 24)}`, variant: v };
  if (v === "xoxp") return { value: `xoxp-${num()}-${num()}-${num()}-${rng.chars(HEX, 32)}`, variant: v };
  return { value: `xapp-1-A${rng.chars(UPPER + DIGITS, 10)}-${num()}-${rng.chars(HEX, 64)}`, variant: v };
}

/** Incoming webhook: hooks.slack.com/services/T…/B…/24 alphanumerics (and workflow triggers). */
function slackWebhook(rng) {
  const team = `T${rng.chars(UPPER + DIGITS, rng.pick([8, 10]))}`;
  if (rng.chance(0.2)) return { value: `https://hooks.slack.com/workflows/${team}/A${rng.chars(UPPER + DIGITS, 10)}/${rng.chars(DIGITS, 18)}/${rng.chars(ALNUM, 24)}`, variant: "workflow" };
  return { value: `https://hooks.slack.com/services/${team}/B${rng.chars(UPPER + DIGITS, rng.pick([8, 10]))}/${rng.chars(ALNUM, 24)}`, variant: "services" };
}

/** Stripe live secret (sk_live_) and restricted (rk_live_) keys: old 24-char and newer 99-char bodies. */
function stripeKey(rng) {
  const p = rng.pick(["sk_live_", "sk_live_", "rk_live_"]);
  const body = rng.chance(0.5) ? rng.chars(ALNUM, 24) : `51${rng.chars(ALNUM, 97)}`;
  return { value: p + body, variant: `${p}${body.length}` };
}

/** Google API key: AIza + 35 characters of [A-Za-z0-9_-] (nearly always AIzaSy…). */
const googleApiKey = (rng) => `AIzaSy${rng.chars(B64URL, 33)}`;

/** Azure storage account key: 64 random bytes in base64 (88 characters ending in ==). */
const azureStorageKey = (rng) => rng.bytes(64).toString("base64");

/** Azure connection strings: storage (AccountKey) and Service Bus / Event Hubs (SharedAccessKey). */
function azureConnectionString(rng) {
  const account = `${rng.pick(["prod", "app", "data", "logs"])}${rng.chars(LOWER + DIGITS, 8)}`;
  if (rng.chance(0.25)) {
    // a connection string carrying a SAS (sv/ss/srt/sp/se/spr/sig, the signature URL-encoded)
    const sig = encodeURIComponent(rng.bytes(32).toString("base64"));
    return {
      value: `BlobEndpoint=https://${account}.blob.core.windows.net/;SharedAccessSignature=sv=2022-11-02&ss=b&srt=sco&sp=rwdlacyx&se=2027-06-30T18:00:00Z&st=2025-01-01T00:00:00Z&spr=https&sig=${sig}`,
      variant: "sas",
    };
  }
  if (rng.chance(0.7)) {
    return {
      value: `DefaultEndpointsProtocol=https;AccountName=${account};AccountKey=${azureStorageKey(rng)};EndpointSuffix=core.windows.net`,
      variant: "storage",
    };
  }
  const kind = rng.pick(["servicebus", "servicebus", "eventhub"]);
  const tail = kind === "eventhub" ? `;EntityPath=${rng.pick(["events", "telemetry"])}` : "";
  return {
    value: `Endpoint=sb://${account}.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${rng.bytes(32).toString("base64")}${tail}`,
    variant: kind,
  };
}

/** npm granular/automation token: npm_ + 30 base62 + CRC32 (the GitHub scheme, 2021). */
const npmToken = (rng) => checksummedToken(rng, "npm_");

/** PyPI API token: pypi- + base64url of a v2 macaroon (location pypi.org, a UUID identifier, caveats, signature). */
function pypiToken(rng) {
  const field = (type, data) => Buffer.concat([Buffer.from([type, data.length]), data]);
  const uuid = uuidOf(rng);
  const caveat = rng.chance(0.5)
    ? JSON.stringify({ version: 1, permissions: "user" })
    : JSON.stringify({ version: 1, permissions: { projects: [rng.pick(["mypkg", "fastlib", "toolkit"])] } });
  const mac = Buffer.concat([
    Buffer.from([2]),
    field(1, Buffer.from("pypi.org")),
    field(2, Buffer.from(uuid)),
    Buffer.from([0]),
    field(2, Buffer.from(caveat)),
    Buffer.from([0, 0]),
    field(6, rng.bytes(32)),
  ]);
  return `pypi-${b64url(mac)}`;
}

/** Twilio: API key SID (SK + 32 hex) with its secret, or the account auth token (32 hex, known by its name). */
function twilio(rng) {
  if (rng.chance(0.5)) return { value: `SK${rng.chars(HEX, 32)}`, variant: "api-key-sid", names: ["TWILIO_API_KEY", "twilio_api_key", "twilioApiKey"] };
  return { value: rng.chars(HEX, 32), variant: "auth-token", names: ["TWILIO_AUTH_TOKEN", "twilio_auth_token", "twilioAuthToken"] };
}

/** SendGrid: SG. + 22 base64url + . + 43 base64url. */
const sendgrid = (rng) => `SG.${rng.chars(B64URL, 22)}.${rng.chars(B64URL, 43)}`;

/** Mailgun private API key: legacy key- + 32 hex, current 32 hex-8 hex-8 hex. */
function mailgun(rng) {
  if (rng.chance(0.5)) return { value: `key-${rng.chars(HEX, 32)}`, variant: "key-" };
  return { value: `${rng.chars(HEX, 32)}-${rng.chars(HEX, 8)}-${rng.chars(HEX, 8)}`, variant: "hex-8-8" };
}

/** OpenAI: legacy sk- with the T3BlbkFJ marker, project (sk-proj-) and service-account keys. */
function openai(rng) {
  const v = rng.pick(["legacy", "proj", "proj", "svcacct"]);
  if (v === "legacy") return { value: `sk-${rng.chars(ALNUM, 20)}T3BlbkFJ${rng.chars(ALNUM, 20)}`, variant: v };
  const p = v === "proj" ? "sk-proj-" : "sk-svcacct-";
  return { value: `${p}${rng.chars(B64URL, 74)}T3BlbkFJ${rng.chars(B64URL, 74)}`, variant: v };
}

/** Anthropic: sk-ant-api03- + 93 base64url characters + AA (108 in all); admin keys sk-ant-admin01-. */
function anthropic(rng) {
  const p = rng.chance(0.8) ? "sk-ant-api03-" : "sk-ant-admin01-";
  return { value: `${p}${rng.chars(B64URL, 93)}AA`, variant: p.slice(7, -1) };
}

/** A JWT as issued: HS256 or RS256 header, claims with iat/exp, a signature of the right size. */
function jwt(rng) {
  const alg = rng.pick(["HS256", "HS256", "RS256", "ES256"]);
  const header = b64url(Buffer.from(JSON.stringify({ alg, typ: "JWT" })));
  const now = 1700000000 + rng.int(50000000);
  const claims = { sub: String(rng.range(1000, 999999)), iss: rng.pick(["https://auth.example-corp.io/", "api", "https://login.acme.dev"]), iat: now, exp: now + 86400 * rng.range(1, 3650) };
  if (rng.chance(0.5)) claims.role = rng.pick(["service_role", "admin", "anon-upgraded"]);
  const payload = b64url(Buffer.from(JSON.stringify(claims)));
  const sigBytes = alg === "HS256" ? 32 : alg === "ES256" ? 64 : 256;
  return { value: `${header}.${payload}.${b64url(rng.bytes(sigBytes))}`, variant: alg };
}

/** Connection URLs with an inline password, as drivers and ORMs take them. */
function databaseUrl(rng) {
  const pw = () => rng.chars(ALNUM, rng.range(14, 24)) + (rng.chance(0.3) ? rng.pick(["%21", "%40", "-", "_", "~"]) + rng.chars(ALNUM, 4) : "");
  const user = rng.pick(["app", "admin", "svc_billing", "deploy", "api_user", "root"]);
  const host = rng.pick(["db.internal.acme.io", "10.0.3.17", "prod-db.cluster-c9xyz.eu-west-1.rds.amazonaws.com", "pg-main"]);
  const v = rng.pick(["postgres", "postgresql", "mysql", "mongodb+srv", "redis", "rediss", "amqp", "amqps", "https", "mssql", "jdbc", "ado-net", "smtp", "sqlalchemy", "mongodb-replica"]);
  switch (v) {
    case "sqlalchemy": // dialect+driver scheme
      return { value: `${rng.pick(["postgresql+psycopg2", "mysql+pymysql", "postgresql+asyncpg"])}://${user}:${pw()}@${host}/${rng.pick(["app", "analytics"])}`, variant: v };
    case "mongodb-replica": // several hosts after the credentials
      return { value: `mongodb://${user}:${pw()}@mongo-0.mongo:27017,mongo-1.mongo:27017,mongo-2.mongo:27017/app?replicaSet=rs0&authSource=admin`, variant: v };
    case "jdbc": // JDBC puts the password in the query string
      return { value: `jdbc:postgresql://${host}:5432/app?user=${user}&password=${pw()}&ssl=true`, variant: v };
    case "ado-net": // SQL Server / Azure SQL connection string as appsettings.json holds it
      return { value: `Server=tcp:acme-sql.database.windows.net,1433;Initial Catalog=app;User ID=sqladmin;Password=${pw()};Encrypt=True;TrustServerCertificate=False;`, variant: v };
    case "smtp":
      return { value: `smtp://${rng.pick(["apikey", "postmaster@mg.acme.io", "noreply"])}:${pw()}@${rng.pick(["smtp.sendgrid.net", "smtp.mailgun.org", "email-smtp.eu-west-1.amazonaws.com"])}:587`, variant: v };
    case "mongodb+srv":
      return { value: `mongodb+srv://${user}:${pw()}@cluster0.${rng.chars(LOWER + DIGITS, 5)}.mongodb.net/${rng.pick(["prod", "app"])}?retryWrites=true&w=majority`, variant: v };
    case "redis":
      return { value: `redis://:${pw()}@${rng.pick(["cache", "redis-master"])}:6379/0`, variant: "redis-no-user" };
    case "rediss":
      return { value: `rediss://default:${pw()}@${rng.pick(["cache.acme.io", "redis-15xxx.c1.us-east-1.ec2.cloud.redislabs.com"])}:6380`, variant: v };
    case "amqp":
    case "amqps":
      return { value: `${v}://${user}:${pw()}@${rng.pick(["rabbitmq", "mq.acme.io"])}:${v === "amqp" ? 5672 : 5671}/${rng.pick(["%2F", "prod"])}`, variant: v };
    case "https":
      return { value: `https://${user}:${pw()}@${rng.pick(["artifacts.acme.io/repository/pypi/simple", "nexus.corp.local/repo", "registry.acme.dev"])}`, variant: v };
    case "mssql":
      return { value: `mssql://sa:${pw()}@${host}:1433/${rng.pick(["Orders", "app"])}`, variant: v };
    default:
      return { value: `${v}://${user}:${pw()}@${host}:${v === "mysql" ? 3306 : 5432}/${rng.pick(["app", "billing", "prod"])}${rng.chance(0.3) ? "?sslmode=require" : ""}`, variant: v };
  }
}

/** Hand-made credentials behind a telling name: random passwords, hex API keys, Django/Rails keys. */
function genericSecret(rng) {
  const v = rng.pick(["password", "password", "api_key", "secret", "token", "client_secret", "django", "rails"]);
  switch (v) {
    case "password":
      return { value: rng.chars(ALNUM + "!#%^*+=?", rng.range(14, 28)), variant: v, names: ["DB_PASSWORD", "password", "adminPassword", "SMTP_PASSWORD", "db_pass", "MYSQL_ROOT_PASSWORD"] };
    case "api_key":
      return { value: rng.chars(HEX, rng.pick([32, 40])), variant: v, names: ["API_KEY", "api_key", "apiKey", "x-api-key", "DATADOG_API_KEY", "MAPBOX_KEY"] };
    case "secret":
      return { value: rng.bytes(rng.pick([24, 32])).toString("base64"), variant: v, names: ["JWT_SECRET", "secret", "SESSION_SECRET", "signing_secret", "webhookSecret"] };
    case "token":
      return { value: rng.chars(ALNUM, rng.range(32, 48)), variant: v, names: ["AUTH_TOKEN", "access_token", "accessToken", "BOT_TOKEN", "api_token"] };
    case "client_secret":
      // Azure AD secrets (34-40 chars with ~ and .) or Google OAuth client secrets (GOCSPX- + 28)
      if (rng.chance(0.4)) return { value: `GOCSPX-${rng.chars(B64URL, 28)}`, variant: "google-oauth", names: ["GOOGLE_CLIENT_SECRET", "client_secret", "clientSecret"] };
      return { value: rng.chars(B64URL + "~.", rng.range(34, 40)), variant: v, names: ["client_secret", "CLIENT_SECRET", "clientSecret", "OAUTH_CLIENT_SECRET"] };
    case "django":
      return { value: `django-insecure-${rng.chars(LOWER + DIGITS + "!@#%^&*(-_=+)", 50)}`, variant: v, names: ["SECRET_KEY"] };
    default:
      return { value: rng.chars(HEX, 128), variant: v, names: ["SECRET_KEY_BASE", "secret_key_base"] };
  }
}

function uuidOf(rng) {
  const h = rng.chars(HEX, 32).split("");
  h[12] = "4";
  h[16] = "89ab"[rng.int(4)];
  const s = h.join("");
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

// ---------------------------------------------------------------- private keys

const pemWrap = (label, der, width = 64) => {
  const b = der.toString("base64");
  const lines = [`-----BEGIN ${label}-----`];
  for (let i = 0; i < b.length; i += width) lines.push(b.slice(i, i + width));
  lines.push(`-----END ${label}-----`);
  return lines;
};

/** Ed25519 from 32 seeded bytes, through a PKCS#8 wrapper node:crypto accepts. */
function ed25519FromSeed(seed32) {
  const der = Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), seed32]);
  const key = createPrivateKey({ key: der, format: "der", type: "pkcs8" });
  const pub = Buffer.from(key.export({ format: "jwk" }).x, "base64url");
  return { key, pub, seed: seed32 };
}

/** EC P-256 from a seeded scalar (ECDH computes the public point). */
function p256FromSeed(rng) {
  const ecdh = createECDH("prime256v1");
  ecdh.setPrivateKey(rng.bytes(32));
  const pub = ecdh.getPublicKey();
  const jwk = { kty: "EC", crv: "P-256", d: b64url(ecdh.getPrivateKey()), x: b64url(pub.subarray(1, 33)), y: b64url(pub.subarray(33)) };
  return createPrivateKey({ key: jwk, format: "jwk" });
}

const sshString = (buf) => {
  const b = typeof buf === "string" ? Buffer.from(buf) : buf;
  const len = Buffer.alloc(4);
  len.writeUInt32BE(b.length);
  return Buffer.concat([len, b]);
};
const sshU32 = (n) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};

/** OpenSSH private key (PROTOCOL.key, openssh-key-v1), unencrypted Ed25519, as ssh-keygen writes it. */
function opensshEd25519(rng, comment) {
  const { pub, seed } = ed25519FromSeed(rng.bytes(32));
  const pubBlob = Buffer.concat([sshString("ssh-ed25519"), sshString(pub)]);
  const check = rng.bytes(4);
  let priv = Buffer.concat([check, check, sshString("ssh-ed25519"), sshString(pub), sshString(Buffer.concat([seed, pub])), sshString(comment)]);
  const pad = [];
  for (let i = 1; (priv.length + pad.length) % 8 !== 0; i++) pad.push(i);
  priv = Buffer.concat([priv, Buffer.from(pad)]);
  const body = Buffer.concat([Buffer.from("openssh-key-v1\0"), sshString("none"), sshString("none"), sshString(""), sshU32(1), sshString(pubBlob), sshString(priv)]);
  return { lines: pemWrap("OPENSSH PRIVATE KEY", body, 70), publicLine: `ssh-ed25519 ${pubBlob.toString("base64")} ${comment}` };
}

/** OpenSSH private key of an RSA or ECDSA P-256 key from node:crypto, same container as above. */
function opensshFromKey(rng, key, comment) {
  const jwk = key.export({ format: "jwk" });
  const mpint = (b64) => {
    const b = Buffer.from(b64, "base64url");
    return sshString(b[0] & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b);
  };
  let pubBlob;
  let privFields;
  if (jwk.kty === "RSA") {
    pubBlob = Buffer.concat([sshString("ssh-rsa"), mpint(jwk.e), mpint(jwk.n)]);
    privFields = Buffer.concat([sshString("ssh-rsa"), mpint(jwk.n), mpint(jwk.e), mpint(jwk.d), mpint(jwk.qi), mpint(jwk.p), mpint(jwk.q)]);
  } else {
    const q = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x, "base64url"), Buffer.from(jwk.y, "base64url")]);
    pubBlob = Buffer.concat([sshString("ecdsa-sha2-nistp256"), sshString("nistp256"), sshString(q)]);
    privFields = Buffer.concat([pubBlob, mpint(jwk.d)]);
  }
  const check = rng.bytes(4);
  let priv = Buffer.concat([check, check, privFields, sshString(comment)]);
  const pad = [];
  for (let i = 1; (priv.length + pad.length) % 8 !== 0; i++) pad.push(i);
  priv = Buffer.concat([priv, Buffer.from(pad)]);
  const body = Buffer.concat([Buffer.from("openssh-key-v1\0"), sshString("none"), sshString("none"), sshString(""), sshU32(1), sshString(pubBlob), sshString(priv)]);
  return pemWrap("OPENSSH PRIVATE KEY", body, 70);
}

/** A passphrase-protected OpenSSH key (bcrypt KDF, aes256-ctr) from ssh-keygen when present. */
function opensshEncrypted() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "indep-sshkey-"));
  try {
    const r = spawnSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "correct horse battery", "-C", "ci@build", "-f", path.join(dir, "k")], { encoding: "utf8" });
    if (r.status !== 0) return null;
    return readFileSync(path.join(dir, "k"), "utf8").trimEnd().split("\n");
  } catch {
    return null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * OpenPGP v4 key (EdDSA legacy, RFC 4880 / RFC 6637 draft-bis): an unprotected secret key packet
 * (tag 5) or, for the decoy, the public key packet (tag 6), then a user id, ASCII-armored.
 */
function pgpBlock(rng, uid, { publicOnly = false } = {}) {
  const seedBytes = rng.bytes(32);
  seedBytes[0] |= 0x80; // a full 256-bit MPI, no leading zeros to strip
  const { pub, seed } = ed25519FromSeed(seedBytes);
  const mpi = (buf, bits) => Buffer.concat([Buffer.from([bits >> 8, bits & 0xff]), buf]);
  const oid = Buffer.from("092b06010401da470f01", "hex"); // length-prefixed OID of Ed25519
  const created = sshU32(1600000000 + rng.int(100000000));
  const pubPart = Buffer.concat([Buffer.from([4]), created, Buffer.from([22]), oid, mpi(Buffer.concat([Buffer.from([0x40]), pub]), 263)]);
  const secret = mpi(seed, 256);
  let sum = 0;
  for (const b of secret) sum = (sum + b) & 0xffff;
  const body = publicOnly ? pubPart : Buffer.concat([pubPart, Buffer.from([0]), secret, Buffer.from([sum >> 8, sum & 0xff])]);
  const packet = (tag, data) => Buffer.concat([Buffer.from([0xc0 | tag]), Buffer.from([data.length]), data]); // all < 192 bytes
  const all = Buffer.concat([packet(publicOnly ? 6 : 5, body), packet(13, Buffer.from(uid))]);
  const label = publicOnly ? "PGP PUBLIC KEY BLOCK" : "PGP PRIVATE KEY BLOCK";
  const b = all.toString("base64");
  const lines = [`-----BEGIN ${label}-----`, ""];
  for (let i = 0; i < b.length; i += 64) lines.push(b.slice(i, i + 64));
  const crc = crc24(all);
  lines.push(`=${Buffer.from([crc >> 16, (crc >> 8) & 0xff, crc & 0xff]).toString("base64")}`, `-----END ${label}-----`);
  return lines;
}

/** An ssh-rsa public line (RFC 4253: string "ssh-rsa", mpint e, mpint n). */
function sshRsaPublicLine(comment) {
  const jwk = generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({ format: "jwk" });
  const mpint = (b64) => {
    const b = Buffer.from(b64, "base64url");
    return sshString(b[0] & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b);
  };
  return `ssh-rsa ${Buffer.concat([sshString("ssh-rsa"), mpint(jwk.e), mpint(jwk.n)]).toString("base64")} ${comment}`;
}

/** The PEM lines of one private key of the given kind. */
function privateKeyLines(rng, kind) {
  const rsa = () => generateKeyPairSync("rsa", { modulusLength: rng.pick([2048, 2048, 2048, 3072]) }).privateKey;
  switch (kind) {
    case "private-key-rsa-pkcs1":
      return rsa().export({ type: "pkcs1", format: "pem" }).trimEnd().split("\n");
    case "private-key-pkcs8-rsa":
      return rsa().export({ type: "pkcs8", format: "pem" }).trimEnd().split("\n");
    case "private-key-ec-sec1":
      return p256FromSeed(rng).export({ type: "sec1", format: "pem" }).trimEnd().split("\n");
    case "private-key-ed25519-pkcs8":
      return ed25519FromSeed(rng.bytes(32)).key.export({ type: "pkcs8", format: "pem" }).trimEnd().split("\n");
    case "private-key-encrypted": {
      // PKCS#8 EncryptedPrivateKeyInfo, the legacy OpenSSL "Proc-Type: 4,ENCRYPTED" PKCS#1 form, or OpenSSH with a passphrase
      const roll = rng.int(5);
      const ssh = roll === 4 ? opensshEncrypted() : null;
      if (ssh) return Object.assign(ssh, { variant: "openssh-bcrypt" });
      const key = roll < 2 ? rsa() : p256FromSeed(rng);
      const legacy = key.asymmetricKeyType === "rsa" && roll === 1;
      const lines = key.export({ type: legacy ? "pkcs1" : "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: "correct horse battery" }).trimEnd().split("\n");
      return Object.assign(lines, { variant: legacy ? "proc-type-rsa" : `pkcs8-${key.asymmetricKeyType}` });
    }
    case "private-key-openssh": {
      const comment = `${rng.pick(["deploy", "ci", "jenkins", "alice"])}@${rng.pick(["build-01", "laptop", "bastion"])}`;
      const type = rng.pick(["ed25519", "ed25519", "rsa", "ecdsa"]);
      if (type === "ed25519") return Object.assign(opensshEd25519(rng, comment).lines, { variant: type });
      return Object.assign(opensshFromKey(rng, type === "rsa" ? rsa() : p256FromSeed(rng), comment), { variant: type });
    }
    case "private-key-pgp":
      return pgpBlock(rng, `${rng.pick(["Release Signing", "CI Bot", "Ops"])} <${rng.pick(["release", "ci", "ops"])}@acme.io>`);
    default:
      throw new Error(kind);
  }
}

// ---------------------------------------------------------------- kinds and their names

/**
 * Decoys a reviewer could argue are leaks after all (a Stripe test key, a low-entropy password, a
 * documented example): the bench shows precision with and without them.
 */
export const ARGUABLE_DECOYS = new Set(["password-hash", "test-key", "low-entropy", "jwt-documented-example", "publishable-key", "sentry-dsn", "bad-checksum"]);

/**
 * How each provider's own docs and quick-starts pass the credential: SDK constructors, CLI flags,
 * URLs. One of these replaces the format's template a third of the time (any file type: code
 * snippets travel).
 */
const CALL_SITES = {
  "aws-secret-access-key": [(v) => `aws configure set aws_secret_access_key ${v}`, (v) => `    credentials = Credentials(access_key=ACCESS_KEY, secret_key="${v}")`],
  "github-token": [(v) => `git clone https://${v}@github.com/acme/private-infra.git`, (v) => `          token: ${v}`, (v) => `const octokit = new Octokit({ auth: "${v}" });`],
  "github-fine-grained-pat": [(v) => `g = Github(auth=Auth.Token("${v}"))`, (v) => `echo ${v} | gh auth login --with-token`],
  "gitlab-token": [(v) => `git remote set-url origin https://oauth2:${v}@gitlab.com/acme/app.git`, (v) => `curl --header "PRIVATE-TOKEN: ${v}" "https://gitlab.com/api/v4/projects"`, (v) => `gl = gitlab.Gitlab("https://gitlab.com", private_token="${v}")`],
  "slack-token": [(v) => `client = WebClient(token="${v}")`, (v) => `const app = new App({ token: '${v}', signingSecret });`],
  "slack-webhook": [(v) => `curl -X POST -H 'Content-type: application/json' --data '{"text":"deploy done"}' ${v}`, (v) => `    requests.post("${v}", json={"text": message}, timeout=5)`, (v) => `  await fetch('${v}', { method: 'POST', body: JSON.stringify({ text }) });`],
  "stripe-live-key": [(v) => `const stripe = require('stripe')('${v}');`, (v) => `stripe.api_key = "${v}"`, (v) => `\Stripe\Stripe::setApiKey('${v}');`],
  "google-api-key": [(v) => `  <script src="https://maps.googleapis.com/maps/api/js?key=${v}&libraries=places&callback=initMap" async></script>`, (v) => `  const url = \`https://www.googleapis.com/youtube/v3/search?part=snippet&q=\${q}&key=${v}\`;`],
  "azure-storage-key": [(v) => `az storage blob upload --account-name acmeprodlogs --account-key ${v} -c backups -f dump.gz`, (v) => `var credential = new StorageSharedKeyCredential("acmeprodlogs", "${v}");`],
  "npm-token": [(v) => `npm config set //registry.npmjs.org/:_authToken ${v}`, (v) => `RUN echo "//registry.npmjs.org/:_authToken=${v}" > ~/.npmrc && npm ci`],
  "pypi-token": [(v) => `twine upload -u __token__ -p ${v} dist/*`, (v) => `uv publish --token ${v}`],
  twilio: [(v) => `client = Client("AC${"0123456789abcdef".repeat(2)}", "${v}")`],
  sendgrid: [(v) => `sg = SendGridAPIClient("${v}")`, (v) => `sgMail.setApiKey('${v}');`],
  mailgun: [(v) => `    auth=("api", "${v}"),`, (v) => `curl -s --user 'api:${v}' https://api.mailgun.net/v3/mg.acme.io/messages \\`],
  openai: [(v) => `client = OpenAI(api_key="${v}")`, (v) => `openai.api_key = "${v}"`, (v) => `const openai = new OpenAI({ apiKey: '${v}' });`],
  anthropic: [(v) => `client = anthropic.Anthropic(api_key="${v}")`, (v) => `curl https://api.anthropic.com/v1/messages -H "x-api-key: ${v}" -H "anthropic-version: 2023-06-01"`],
  jwt: [(v) => `  -H "Cookie: session=${v}" \\`, (v) => `wss://realtime.acme.io/socket?token=${v}`],
  "generic-secret": [(v) => `GET https://api.example-service.com/v2/export?format=csv&access_token=${v}`],
};

/** Kinds planted beyond the issue's list (the bench shows recall with and without them). */
export const BEYOND_ISSUE_KINDS = new Set(["k8s-secret-base64"]);

/** Each kind: how many to plant, a value maker, and the names people give such a value. */
const KINDS = {
  "aws-access-key-id": { n: 10, make: (r) => ({ value: awsKeyId(r) }), names: ["AWS_ACCESS_KEY_ID", "aws_access_key_id", "accessKeyId", "aws.accessKeyId"] },
  "aws-secret-access-key": { n: 10, make: (r) => ({ value: awsSecret(r) }), names: ["AWS_SECRET_ACCESS_KEY", "aws_secret_access_key", "secretAccessKey", "aws.secretKey"] },
  "github-token": { n: 12, make: githubClassic, names: ["GITHUB_TOKEN", "GH_TOKEN", "github_token", "githubToken", "GH_PAT"], bearer: true },
  "github-fine-grained-pat": { n: 9, make: (r) => ({ value: githubPat(r) }), names: ["GITHUB_PAT", "GH_TOKEN", "token", "githubPat"], bearer: true },
  "gitlab-token": { n: 10, make: gitlabToken, names: ["GITLAB_TOKEN", "CI_JOB_TOKEN_OVERRIDE", "gitlab_token", "privateToken", "PRIVATE-TOKEN"], bearer: true },
  "slack-token": { n: 10, make: slackToken, names: ["SLACK_BOT_TOKEN", "SLACK_TOKEN", "slack_token", "slackToken", "SLACK_APP_TOKEN"], bearer: true },
  "slack-webhook": { n: 10, make: slackWebhook, names: ["SLACK_WEBHOOK_URL", "slack_webhook", "webhookUrl", "SLACK_HOOK"] },
  "stripe-live-key": { n: 10, make: stripeKey, names: ["STRIPE_SECRET_KEY", "stripe_api_key", "stripeKey", "STRIPE_KEY"], bearer: true },
  "google-api-key": { n: 10, make: (r) => ({ value: googleApiKey(r) }), names: ["GOOGLE_API_KEY", "MAPS_API_KEY", "apiKey", "google_api_key", "YOUTUBE_KEY"] },
  "azure-storage-key": { n: 9, make: (r) => ({ value: azureStorageKey(r) }), names: ["AZURE_STORAGE_KEY", "AZURE_STORAGE_ACCOUNT_KEY", "storageAccountKey", "azure_storage_access_key"] },
  "azure-connection-string": { n: 10, make: azureConnectionString, names: ["AZURE_STORAGE_CONNECTION_STRING", "ConnectionString", "connectionString", "SERVICEBUS_CONNECTION", "AzureWebJobsStorage"] },
  "npm-token": { n: 9, make: (r) => ({ value: npmToken(r) }), names: ["NPM_TOKEN", "NODE_AUTH_TOKEN", "npmToken"], bearer: true },
  "pypi-token": { n: 9, make: (r) => ({ value: pypiToken(r) }), names: ["PYPI_TOKEN", "TWINE_PASSWORD", "pypi_api_token", "UV_PUBLISH_TOKEN"] },
  twilio: { n: 10, make: twilio, names: ["TWILIO_AUTH_TOKEN"] },
  sendgrid: { n: 9, make: (r) => ({ value: sendgrid(r) }), names: ["SENDGRID_API_KEY", "sendgrid_api_key", "sendgridKey", "SMTP_PASSWORD"], bearer: true },
  mailgun: { n: 9, make: mailgun, names: ["MAILGUN_API_KEY", "mailgun_api_key", "mailgunKey", "MAILGUN_KEY"] },
  openai: { n: 10, make: openai, names: ["OPENAI_API_KEY", "openai_api_key", "openaiKey", "OPENAI_KEY"], bearer: true },
  anthropic: { n: 9, make: anthropic, names: ["ANTHROPIC_API_KEY", "anthropic_api_key", "anthropicKey", "CLAUDE_API_KEY"] },
  jwt: { n: 10, make: jwt, names: ["ACCESS_TOKEN", "SUPABASE_SERVICE_ROLE_KEY", "jwt", "authToken", "id_token"], bearer: true },
  "database-url": { n: 14, make: databaseUrl, names: ["DATABASE_URL", "database_url", "MONGO_URI", "REDIS_URL", "BROKER_URL", "dsn", "connectionUrl", "SQLALCHEMY_DATABASE_URI"] },
  "generic-secret": { n: 16, make: genericSecret, names: ["password"] },
};

const PEM_KINDS = ["private-key-rsa-pkcs1", "private-key-pkcs8-rsa", "private-key-ec-sec1", "private-key-ed25519-pkcs8", "private-key-encrypted", "private-key-openssh", "private-key-pgp"];

// ---------------------------------------------------------------- name spelling per language

const words = (name) => name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
const SCREAM = (n) => words(n).join("_").toUpperCase();
const snake = (n) => words(n).join("_");
const camel = (n) => words(n).map((w, i) => (i ? w[0].toUpperCase() + w.slice(1) : w)).join("");
const Pascal = (n) => words(n).map((w) => w[0].toUpperCase() + w.slice(1)).join("");
const dotted = (n) => words(n).join(".");
const kebab = (n) => words(n).join("-");

// ---------------------------------------------------------------- contexts: one line per (name, value)

/**
 * Per file format: templates that write one name/value pair as people write it there. `b` marks a
 * template that only makes sense for a bearer-style token (an HTTP header).
 */
const LINE_TEMPLATES = {
  env: [(n, v) => `${SCREAM(n)}=${v}`, (n, v) => `${SCREAM(n)}="${v}"`, (n, v) => `export ${SCREAM(n)}=${v}`, (n, v) => `${SCREAM(n)}='${v}'`, (n, v) => `${SCREAM(n)} = ${v}`],
  k8s: [(n, v) => `  ${snake(n)}: ${v}`, (n, v) => `  ${SCREAM(n)}: "${v}"`, (n, v) => `  ${kebab(n)}: '${v}'`],
  compose: [(n, v) => `      - ${SCREAM(n)}=${v}`, (n, v) => `      ${SCREAM(n)}: ${v}`, (n, v) => `      ${SCREAM(n)}: "${v}"`],
  gha: [(n, v) => `      ${SCREAM(n)}: ${v}`, (n, v) => `      ${SCREAM(n)}: "${v}"`, (n, v) => `          ${snake(n)}: ${v}`],
  yaml: [(n, v) => `  ${snake(n)}: "${v}"`, (n, v) => `    ${camel(n)}: ${v}`, (n, v) => `  ${snake(n)}: '${v}'`],
  json: [(n, v) => `  "${camel(n)}": "${v}",`, (n, v) => `    "${SCREAM(n)}": "${v}",`, (n, v) => `      "${snake(n)}": "${v}"`],
  py: [
    (n, v) => `${SCREAM(n)} = "${v}"`,
    (n, v) => `${snake(n)} = '${v}'`,
    (n, v) => `    "${snake(n)}": "${v}",`,
    (n, v) => `client = ApiClient(${snake(n)}="${v}", timeout=30)`,
    (n, v) => `os.environ.setdefault("${SCREAM(n)}", "${v}")`,
    (n, v) => `app.config["${SCREAM(n)}"] = "${v}"`,
    { b: true, t: (n, v) => `headers = {"Authorization": f"Bearer ${v}", "Accept": "application/json"}` },
    { b: true, t: (n, v) => `resp = requests.get(url, headers={"Authorization": "token ${v}"})` },
  ],
  js: [
    (n, v) => `const ${camel(n)} = '${v}';`,
    (n, v) => `  ${camel(n)}: "${v}",`,
    (n, v) => `const ${camel(n)} = process.env.${SCREAM(n)} || "${v}";`,
    (n, v) => `export const ${SCREAM(n)} = \`${v}\`;`,
    (n, v) => `const client = new ApiClient({ ${camel(n)}: '${v}' });`,
    { b: true, t: (n, v) => `    headers: { Authorization: 'Bearer ${v}', 'Content-Type': 'application/json' },` },
    { b: true, t: (n, v) => `axios.defaults.headers.common["Authorization"] = "Bearer ${v}";` },
  ],
  ts: [
    (n, v) => `const ${camel(n)}: string = "${v}";`,
    (n, v) => `  private readonly ${camel(n)} = '${v}';`,
    (n, v) => `  ${camel(n)}: '${v}',`,
    { b: true, t: (n, v) => `      Authorization: \`Bearer ${v}\`,` },
  ],
  go: [
    (n, v) => `\t${camel(n)} := "${v}"`,
    (n, v) => `const ${Pascal(n)} = "${v}"`,
    (n, v) => `\tos.Setenv("${SCREAM(n)}", "${v}")`,
    (n, v) => `\t\t${Pascal(n)}: "${v}",`,
    { b: true, t: (n, v) => `\treq.Header.Set("Authorization", "Bearer ${v}")` },
  ],
  java: [
    (n, v) => `    private static final String ${SCREAM(n)} = "${v}";`,
    (n, v) => `        props.setProperty("${dotted(n)}", "${v}");`,
    (n, v) => `        String ${camel(n)} = "${v}";`,
    { b: true, t: (n, v) => `            .header("Authorization", "Bearer ${v}")` },
  ],
  cs: [(n, v) => `        private const string ${Pascal(n)} = "${v}";`, (n, v) => `            ${Pascal(n)} = "${v}",`, { b: true, t: (n, v) => `        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "${v}");` }],
  rb: [(n, v) => `${SCREAM(n)} = '${v}'`, (n, v) => `  config.${snake(n)} = "${v}"`, (n, v) => `ENV['${SCREAM(n)}'] ||= '${v}'`, (n, v) => `  ${snake(n)}: "${v}",`],
  php: [(n, v) => `$${camel(n)} = '${v}';`, (n, v) => `define('${SCREAM(n)}', '${v}');`, (n, v) => `    '${snake(n)}' => '${v}',`, (n, v) => `    '${snake(n)}' => env('${SCREAM(n)}', '${v}'),`],
  tf: [(n, v) => `  ${snake(n)} = "${v}"`, (n, v) => `    ${snake(n)}   = "${v}"`],
  sh: [
    (n, v) => `export ${SCREAM(n)}="${v}"`,
    (n, v) => `${SCREAM(n)}=${v} ./scripts/deploy.sh`,
    (n, v) => `${SCREAM(n)}='${v}'`,
    { b: true, t: (n, v) => `curl -sS -H "Authorization: Bearer ${v}" https://api.example-service.com/v1/items` },
    { b: true, t: (n, v) => `  -H 'Authorization: token ${v}' \\` },
  ],
  properties: [(n, v) => `${dotted(n)}=${v}`, (n, v) => `${dotted(n)} = ${v}`, (n, v) => `${camel(n)}: ${v}`],
  ini: [(n, v) => `${snake(n)} = ${v}`, (n, v) => `${snake(n)}=${v}`],
  xml: [(n, v) => `    <add key="${Pascal(n)}" value="${v}" />`, (n, v) => `  <${camel(n)}>${v}</${camel(n)}>`, (n, v) => `    <property name="${dotted(n)}" value="${v}"/>`],
  docker: [(n, v) => `ENV ${SCREAM(n)}=${v}`, (n, v) => `ENV ${SCREAM(n)} ${v}`, (n, v) => `ARG ${SCREAM(n)}=${v}`],
  md: [(n, v) => `export ${SCREAM(n)}=${v}`, (n, v) => `Set \`${SCREAM(n)}\` to \`${v}\` in your environment.`, { b: true, t: (n, v) => `curl -H "Authorization: Bearer ${v}" https://api.example-service.com/v1/me` }],
  // REST Client / JetBrains HTTP files: headers, and file variables (`@name = value`)
  http: [{ b: true, t: (n, v) => `Authorization: Bearer ${v}` }, { b: true, t: (n, v) => `X-Api-Key: ${v}` }, (n, v) => `@${camel(n)} = ${v}`],
  // a notebook cell's source, JSON-escaped
  ipynb: [(n, v) => `    "${SCREAM(n)} = \\"${v}\\"\\n",`, (n, v) => `    "os.environ[\\"${SCREAM(n)}\\"] = \\"${v}\\"\\n",`, (n, v) => `    "client = Client(${snake(n)}='${v}')\\n",`],
  ps1: [(n, v) => `$env:${SCREAM(n)} = "${v}"`, (n, v) => `$${camel(n)} = '${v}'`, (n, v) => `[Environment]::SetEnvironmentVariable("${SCREAM(n)}", "${v}", "User")`],
};

/** Where each format's file lives and what wraps its lines. */
const FORMATS = {
  env: { paths: [".env", ".env.production", "config/.env.staging", "deploy/app.env", ".env.local"] },
  k8s: { paths: ["k8s/secret.yaml", "deploy/k8s/app-secrets.yml", "charts/app/templates/secret.yaml"], head: (name) => ["apiVersion: v1", "kind: Secret", "metadata:", `  name: ${name}`, "  namespace: production", "type: Opaque", "stringData:"] },
  compose: { paths: ["docker-compose.yml", "docker-compose.prod.yaml", "compose/dev.yml"], head: () => ["services:", "  api:", "    image: ghcr.io/acme/api:1.4.2", "    ports:", '      - "8080:8080"', "    environment:"] },
  gha: { paths: [".github/workflows/deploy.yml", ".github/workflows/release.yaml", ".github/workflows/nightly.yml"], head: () => ["name: deploy", "on:", "  push:", "    branches: [main]", "jobs:", "  deploy:", "    runs-on: ubuntu-latest", "    env:"] },
  yaml: { paths: ["config/settings.yml", "config/application.yaml", "src/main/resources/application.yml", "ansible/group_vars/all.yml"], head: () => ["production:"] },
  json: { paths: ["config/default.json", "appsettings.json", "config/production.json", "secrets.json", "src/config.json"], head: () => ["{", '  "name": "acme-api",'], tail: () => ['  "version": 3', "}"] },
  py: { paths: ["settings.py", "app/config.py", "scripts/sync_users.py", "src/acme/client.py", "manage_tasks.py"], head: () => ["import os", "import requests", ""] },
  js: { paths: ["src/config.js", "server/index.js", "scripts/upload.mjs", "lib/client.js"], head: () => ["'use strict';", "const axios = require('axios');", ""] },
  ts: { paths: ["src/config.ts", "src/services/api.ts", "src/lib/notify.ts"], head: () => ["import { ApiClient } from './api-client';", ""] },
  go: { paths: ["cmd/server/main.go", "internal/config/config.go", "pkg/notify/slack.go"], head: () => ["package main", "", "import (", '\t"fmt"', '\t"net/http"', '\t"os"', ")", ""] },
  java: { paths: ["src/main/java/com/acme/Config.java", "src/main/java/com/acme/ApiClient.java"], head: () => ["package com.acme;", "", "public class Config {"], tail: () => ["}"] },
  cs: { paths: ["src/Acme.Api/Settings.cs", "Services/Mailer.cs"], head: () => ["namespace Acme.Api", "{", "    public class Settings", "    {"], tail: () => ["    }", "}"] },
  rb: { paths: ["config/initializers/services.rb", "lib/tasks/sync.rake", "app/services/billing.rb"], head: () => ["# frozen_string_literal: true", ""] },
  php: { paths: ["config/services.php", "wp-config.php", "src/Config.php"], head: () => ["<?php", ""] },
  tf: { paths: ["main.tf", "infra/providers.tf", "modules/app/main.tf"], head: () => ['provider "aws" {', '  region = "eu-west-1"'], tail: () => ["}"] },
  sh: { paths: ["scripts/deploy.sh", "bin/release", "ci/publish.sh"], head: () => ["#!/usr/bin/env bash", "set -euo pipefail", ""] },
  properties: { paths: ["src/main/resources/application.properties", "gradle.properties", "config/app.properties"] },
  ini: { paths: ["config.ini", "setup.cfg", "conf/app.conf"], head: () => ["[default]"] },
  xml: { paths: ["web.config", "App.config", "src/main/resources/beans.xml", "pom.xml"], head: () => ['<?xml version="1.0" encoding="utf-8"?>', "<configuration>", "  <appSettings>"], tail: () => ["  </appSettings>", "</configuration>"] },
  docker: { paths: ["Dockerfile", "docker/api.Dockerfile", "Dockerfile.prod"], head: () => ["FROM node:20-alpine", "WORKDIR /app"] },
  md: { paths: ["README.md", "docs/setup.md", "CONTRIBUTING.md", "docs/deploy.md"], head: () => ["# Setup", "", "```sh"], tail: () => ["```"] },
  http: { paths: ["api.http", "requests/users.http"], head: () => ["GET https://api.example-service.com/v1/users", "Accept: application/json"] },
  ipynb: { paths: ["notebooks/explore.ipynb", "analysis/Untitled.ipynb"], head: () => ["{", ' "cells": [', "  {", '   "cell_type": "code",', '   "source": ['], tail: () => ["   ]", "  }", " ],", ' "nbformat": 4', "}"] },
  ps1: { paths: ["scripts/setup.ps1", "deploy.ps1"], head: () => ["param([string]$Environment = 'prod')", "$ErrorActionPreference = 'Stop'"] },
};

// ---------------------------------------------------------------- filler: source-like text without secrets

const NOUNS = ["user", "order", "invoice", "account", "session", "report", "item", "cart", "payment", "event", "queue", "cache", "request", "response", "record", "batch", "job", "handler", "config", "metric"];
const VERBS = ["load", "save", "fetch", "update", "render", "parse", "validate", "sync", "build", "flush", "retry", "resolve", "emit", "merge"];

function fillerLine(rng, fmt) {
  const n = rng.pick(NOUNS);
  const v = rng.pick(VERBS);
  const k = rng.range(1, 500);
  switch (fmt) {
    case "py":
      return rng.pick([`def ${v}_${n}(${n}_id, retries=${k % 5}):`, `    ${n} = repo.${v}(${n}_id)`, `    logger.info("${v} ${n} %s", ${n}_id)`, `    return ${n}`, "", `# ${v} the ${n} before the next batch`, `    if not ${n}:`, `        raise ValueError("no ${n}")`]);
    case "js":
    case "ts":
      return rng.pick([`function ${v}${n[0].toUpperCase() + n.slice(1)}(${n}) {`, `  const ${n}s = await db.${n}s.find({ limit: ${k} });`, `  logger.debug('${v} ${n}', { id: ${n}.id });`, "}", "", `// ${v} ${n}s in pages of ${k}`, `  if (!${n}) return null;`, `module.exports.${v} = ${v};`]);
    case "go":
      return rng.pick([`func ${v}${n[0].toUpperCase() + n.slice(1)}(ctx context.Context, id int) error {`, `\t${n}, err := store.Get${n[0].toUpperCase() + n.slice(1)}(ctx, id)`, "\tif err != nil {", '\t\treturn fmt.Errorf("' + v + ': %w", err)', "\t}", "}", "", `// ${v} ${n} with ${k} workers`]);
    case "java":
    case "cs":
      return rng.pick([`    public void ${v}${n[0].toUpperCase() + n.slice(1)}(long id) {`, `        var ${n} = repository.findById(id);`, `        log.info("${v} {}", ${n});`, "    }", "", `    // ${v} up to ${k} ${n}s`]);
    case "rb":
      return rng.pick([`  def ${v}_${n}(id)`, `    ${n} = ${n[0].toUpperCase() + n.slice(1)}.find(id)`, `    Rails.logger.info("${v} #{${n}.id}")`, "  end", "", `# ${v} ${k} at a time`]);
    case "php":
      return rng.pick([`function ${v}_${n}($id) {`, `    $${n} = $repo->find($id);`, `    return $${n};`, "}", "", `// ${v} ${n}`]);
    case "tf":
      return rng.pick([`resource "aws_s3_bucket" "${n}_${k}" {`, `  bucket = "acme-${n}-${k}"`, "  tags = {", `    Name = "${n}"`, "  }", "}", ""]);
    case "sh":
      return rng.pick([`echo "${v} ${n} ${k}"`, `${v}_${n}() {`, `  local ${n}="$1"`, "}", "", `# ${v} every ${n}`, `mkdir -p "build/${n}"`]);
    case "json":
      return rng.pick([`  "${n}Limit": ${k},`, `  "${v}${n[0].toUpperCase() + n.slice(1)}": true,`, `  "${n}Name": "${v}-${n}",`]);
    case "yaml":
    case "k8s":
    case "compose":
    case "gha":
      return rng.pick([`  ${n}_limit: ${k}`, `  # ${v} ${n}`, `  ${n}_mode: ${v}`, `  ${n}_enabled: true`]);
    case "env":
    case "properties":
    case "ini":
      return rng.pick([`${n.toUpperCase()}_LIMIT=${k}`, `# ${v} ${n}`, `${n.toUpperCase()}_MODE=${v}`, `LOG_LEVEL=${rng.pick(["info", "debug", "warn"])}`, ""]);
    case "xml":
      return rng.pick([`    <add key="${n}Limit" value="${k}" />`, `    <!-- ${v} ${n} -->`]);
    case "docker":
      return rng.pick([`RUN npm ci --omit=dev && npm run ${v}`, `COPY ${n}/ ./${n}/`, `EXPOSE ${8000 + (k % 100)}`, `# ${v} ${n}`]);
    case "md":
      return rng.pick([`The ${n} service can ${v} up to ${k} ${n}s per second.`, "", `- ${v} the ${n}`, `See [${n}](docs/${n}.md) for details.`]);
    case "ipynb":
      return rng.pick(['    "import pandas as pd\\n",', `    "df = pd.read_csv('${n}s.csv')\\n",`, `    "df.${v}(limit=${k})\\n",`, '    "\\n",']);
    case "ps1":
      return rng.pick([`Write-Host "${v} ${n}"`, `$${n}s = Get-${n[0].toUpperCase() + n.slice(1)} -Limit ${k}`, `# ${v} ${n}`]);
    case "http":
      return rng.pick([`### ${v} ${n}`, "", `GET https://api.example-service.com/v1/${n}s?limit=${k}`]);
    default:
      return `# ${v} ${n} ${k}`;
  }
}

function fillerBlock(rng, fmt, count) {
  const out = [];
  for (let i = 0; i < count; i++) out.push(fillerLine(rng, fmt));
  return out;
}

// ---------------------------------------------------------------- decoys: what a good scanner leaves alone

/** Placeholder and example values that sit where a secret would (rendered with the secret templates). */
function decoyValue(rng, fmt) {
  const name = rng.pick(["API_KEY", "password", "GITHUB_TOKEN", "secret", "STRIPE_SECRET_KEY", "AWS_SECRET_ACCESS_KEY", "auth_token", "DB_PASSWORD", "clientSecret", "SLACK_WEBHOOK_URL", "DATABASE_URL", "OPENAI_API_KEY"]);
  const S = SCREAM(name);
  const options = [
    ["aws-example", "AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE"],
    ["aws-example", "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"],
    ["placeholder", name, "your-api-key"],
    ["placeholder", name, "<token>"],
    ["placeholder", name, "<YOUR_API_KEY_HERE>"],
    ["placeholder", name, "x".repeat(rng.range(20, 40))],
    ["placeholder", name, "changeme"],
    ["placeholder", name, "********"],
    ["placeholder", name, "REPLACE_ME"],
    ["placeholder", name, "your_password_here"],
    ["placeholder", "GITHUB_TOKEN", `ghp_${"x".repeat(36)}`],
    ["placeholder", "STRIPE_SECRET_KEY", "sk_live_XXXXXXXXXXXXXXXXXXXXXXXX"],
    ["placeholder", "OPENAI_API_KEY", "sk-..."],
    ["placeholder", "OPENAI_API_KEY", "sk-your-key-here"],
    ["placeholder", "SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/XXXXXXXXX/XXXXXXXXX/XXXXXXXXXXXXXXXXXXXXXXXX"],
    ["placeholder", "DATABASE_URL", "postgres://user:password@localhost:5432/mydb"],
    ["placeholder", "DATABASE_URL", "mongodb+srv://<username>:<password>@cluster0.mongodb.net/test"],
    ["env-reference", "DATABASE_URL", "postgres://${DB_USER}:${DB_PASSWORD}@${DB_HOST}:5432/app"],
    ["env-reference", name, `\${${S}}`],
    ["env-reference", name, `$${S}`],
    ["template-reference", name, `{{ .Values.${camel(name)} }}`],
    ["template-reference", name, `{{ ${snake(name)} }}`],
    ["template-reference", name, `%(${snake(name)})s`],
    ["low-entropy", "password", rng.pick(["password123", "admin", "secret", "postgres", "test1234", "Passw0rd!"])],
    ["low-entropy", "DATABASE_URL", "postgres://postgres:postgres@localhost:5432/app_test"],
    ["not-a-secret-value", "token_type", "bearer"],
    ["not-a-secret-value", "secret_name", "app-secret"],
    ["not-a-secret-value", "password_field", "password"],
    ["not-a-secret-value", "auth_method", "token"],
    ["not-a-secret-value", "TOKEN_URL", "https://oauth2.googleapis.com/token"],
    // elided in docs and samples: the prefix and an ellipsis
    ["elided", "GITHUB_TOKEN", rng.pick(["ghp_...", `ghp_${rng.chars(B62, 4)}…`, "ghp_XXXX...XXXX"])],
    ["elided", "STRIPE_SECRET_KEY", rng.pick(["sk_live_...", "sk_live_****"])],
    ["elided", "OPENAI_API_KEY", rng.pick(["sk-proj-...", "sk-...abcd"])],
    ["elided", "AWS_ACCESS_KEY_ID", "AKIA................"],
    // look-alikes under a name that says nothing about secrets: only a format rule could fire
    ["truncated", rng.pick(["sample_ref", "build_label", "example_id"]), `ghp_${rng.chars(B62, 20)}`],
    ["truncated", rng.pick(["sample_ref", "build_label", "example_id"]), `AKIA${rng.chars(B32, 10)}`],
    ["truncated", rng.pick(["sample_ref", "build_label", "example_id"]), `sk_live_${rng.chars(ALNUM, 8)}`],
    ["truncated", rng.pick(["sample_ref", "build_label", "example_id"]), `AIzaSy${rng.chars(ALNUM, 12)}`],
    ["truncated", rng.pick(["sample_ref", "build_label", "example_id"]), `xoxb-${rng.chars(DIGITS, 6)}`],
    ["wrong-alphabet", rng.pick(["sample_ref", "build_label", "example_id"]), `AKIA${rng.chars(LOWER + "0189", 16)}`],
    ["wrong-alphabet", rng.pick(["sample_ref", "build_label", "example_id"]), `ghp_${rng.chars("-._~", 4)}${rng.chars(B62, 32)}`],
    ["bad-checksum", rng.pick(["sample_ref", "build_label", "example_id"]), `ghp_${rng.chars(B62, 36)}`],
    ["test-key", "STRIPE_SECRET_KEY", `sk_test_${rng.chars(ALNUM, 24)}`],
    ["publishable-key", "STRIPE_PUBLISHABLE_KEY", `pk_live_${rng.chars(ALNUM, 24)}`],
    ["sentry-dsn", "SENTRY_DSN", `https://${rng.chars(HEX, 32)}@o${rng.range(100000, 999999)}.ingest.sentry.io/${rng.range(1000000, 9999999)}`],
    ["uuid", rng.pick(["tenant_id", "client_id", "request_id", "subscription_id", "project_id"]), uuidOf(rng)],
    ["not-a-secret-value", "role_arn", `arn:aws:iam::${rng.chars(DIGITS, 12)}:role/${rng.pick(["deploy", "ci-runner", "readonly"])}`],
    ["url-without-password", "DATABASE_URL", rng.pick(["postgres://localhost:5432/app_dev", "redis://localhost:6379/0", "mongodb://mongo:27017/app", "https://deploy@git.acme.io/app.git", "amqp://rabbitmq:5672"])],
    ["placeholder", rng.pick(["AWS_ACCESS_KEY_ID", "GITHUB_TOKEN", "STRIPE_SECRET_KEY"]), rng.pick(["AKIAAAAAAAAAAAAAAAAA", "ghp_000000000000000000000000000000000000", "sk_live_000000000000000000000000", "AKIA0000000000000000"])],
    ["hash", rng.pick(["checksum", "sha256", "digest", "etag", "content_hash"]), rng.chars(HEX, 64)],
    ["hash", rng.pick(["commit", "revision", "git_sha", "base_sha"]), rng.chars(HEX, 40)],
  ];
  if (fmt === "gha") options.push(["env-reference", name, `\${{ secrets.${S} }}`], ["env-reference", "GITHUB_TOKEN", "${{ github.token }}"]);
  const [kind, n, v] = rng.pick(options);
  return { kind, name: n, value: v };
}

/** Code where a secret is read or named rather than written (language-specific). */
const CODE_DECOYS = {
  py: ['api_key = os.environ["API_KEY"]', 'AWS_KEY_RE = re.compile(r"(AKIA|ASIA)[A-Z2-7]{16}")', 'password = os.getenv("DB_PASSWORD")', "password = get_password()", 'token = request.headers.get("Authorization")', 'PASSWORD_RE = re.compile(r"^(?=.*[A-Z])(?=.*\\d)(?=.*[^\\w\\s]).{12,}$")', 'print("Enter your password:")', "secret = load_secret(name=secret_name)", "    password = forms.CharField(widget=forms.PasswordInput)", "hashed = bcrypt.hashpw(password.encode(), bcrypt.gensalt())"],
  js: ["const apiKey = process.env.API_KEY;", "const GITHUB_TOKEN_RE = /\\b(ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}\\b/;", "const STRIPE_KEY_RE = /sk_live_[0-9a-zA-Z]{24,99}/;", "const token = req.headers.authorization?.split(' ')[1];", "const password = await promptPassword('Enter your password');", "const PASSWORD_PATTERN = /^(?=.*[a-z])(?=.*[A-Z])(?=.*\\d)[a-zA-Z\\d]{8,}$/;", "if (!process.env.STRIPE_SECRET_KEY) throw new Error('STRIPE_SECRET_KEY is not set');", "const secret = await secretsManager.getSecretValue({ SecretId: 'prod/api' }).promise();", "  password: { type: String, required: true, minlength: 12 },"],
  ts: ["const apiKey: string = process.env.API_KEY ?? '';", "  token_type: 'bearer',", "export const TOKEN_HEADER = 'x-auth-token';", "const { password } = req.body as LoginForm;"],
  go: ['\tapiKey := os.Getenv("API_KEY")', '\tpassword, err := term.ReadPassword(int(syscall.Stdin))', '\ttoken := r.Header.Get("Authorization")', '\tconst tokenType = "bearer"'],
  java: ['        String apiKey = System.getenv("API_KEY");', '        @Value("${spring.datasource.password}")', '        private String password;', '        char[] password = console.readPassword("Enter your password: ");'],
  cs: ['        var apiKey = Environment.GetEnvironmentVariable("API_KEY");', '        var password = Configuration["Database:Password"];'],
  rb: ["  api_key = ENV['API_KEY']", "  password = Rails.application.credentials.dig(:db, :password)", '  validates :password, length: { minimum: 12 }'],
  php: ["$apiKey = getenv('API_KEY');", "$password = $_POST['password'];", "    'password' => env('DB_PASSWORD'),"],
  tf: ["  password = var.db_password", '  secret_string = jsonencode({ password = random_password.db.result })', "  api_key  = data.vault_generic_secret.app.data[\"api_key\"]"],
  sh: ['export API_KEY="${API_KEY:?set API_KEY}"', 'read -rsp "Enter your password: " PASSWORD', 'TOKEN=$(vault kv get -field=token secret/ci)', 'curl -H "Authorization: Bearer $GITHUB_TOKEN" https://api.github.com/user'],
  k8s: ["  password: {{ .Values.password | quote }}", "  api_key: {{ required \"apiKey\" .Values.apiKey }}"],
  compose: ["      - POSTGRES_PASSWORD=${POSTGRES_PASSWORD}", "      POSTGRES_PASSWORD_FILE: /run/secrets/db-password", "      API_KEY: ${API_KEY:-}"],
  gha: ["      GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}", "      NPM_TOKEN: ${{ secrets.NPM_TOKEN }}", "          token: ${{ secrets.CODECOV_TOKEN }}", "      - uses: actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11 # v4.1.1"],
  yaml: ["  password: !vault |", "  secret_name: app-secret", "  token_ttl: 3600", "  password_min_length: 12"],
  json: ['  "passwordPolicy": "^(?=.*[A-Z])(?=.*[0-9]).{10,}$",', '  "tokenType": "bearer",', '  "secretName": "app-secret",', '  "passwordLabel": "Enter your password",'],
  env: ["API_KEY=", "# API_KEY=your-api-key", "SECRET_NAME=app-secret", "TOKEN_EXPIRY=3600"],
  properties: ["spring.datasource.password=${DB_PASSWORD}", "login.password.label=Enter your password", "security.token.ttl=3600"],
  ini: ["password = %(DB_PASSWORD)s", "token_file = /run/secrets/token"],
  xml: ['    <add key="ApiKey" value="#{ApiKey}#" />', '    <add key="PasswordMinLength" value="12" />'],
  docker: ["ARG NPM_TOKEN", "RUN --mount=type=secret,id=npm_token NPM_TOKEN=$(cat /run/secrets/npm_token) npm ci", "ENV API_KEY=${API_KEY}"],
  md: ["Set `API_KEY` to the key from your dashboard (Settings → API keys).", "Never commit your `.env`: it holds your `DATABASE_URL` password.", "export GITHUB_TOKEN=<your token>"],
  http: ["Authorization: Bearer {{token}}", "Authorization: Bearer {{$dotenv API_TOKEN}}"],
  ipynb: ['    "openai.api_key = os.environ[\\"OPENAI_API_KEY\\"]\\n",', '    "password = getpass.getpass(\\"Enter your password: \\")\\n",'],
  ps1: ['$password = Read-Host -AsSecureString "Enter your password"', "$apiKey = $env:API_KEY", "$token = (Get-AzAccessToken).Token"],
};

/**
 * Decoy lines: a placeholder through a secret template (only templates that write the name: a
 * value under a bare `X-Api-Key:` header would be a fair find), or code that reads/names a secret.
 */
function decoyLine(rng, fmt) {
  const tpls = LINE_TEMPLATES[fmt].filter((t) => typeof t === "function" && t("Zq_name", "v").toLowerCase().includes("zq"));
  if (tpls.length && rng.chance(0.6)) {
    const d = decoyValue(rng, fmt);
    return { line: rng.pick(tpls)(d.name, d.value), kind: d.kind };
  }
  return { line: rng.pick(CODE_DECOYS[fmt]), kind: "code-reference" };
}

// ---------------------------------------------------------------- the document builder

class Doc {
  constructor(file) {
    this.file = file;
    this.lines = [];
    this.planted = [];
    this.decoys = [];
    this.eol = "\n";
    this.finalNewline = true;
  }
  add(...lines) {
    this.lines.push(...lines);
  }
  /** A secret on the next line (or at `at` within a multi-line block). */
  secret(lines, kind, variant, value, at = 0) {
    const line = this.lines.length + 1 + at;
    this.planted.push(defineValue({ file: this.file, line, kind, variant }, value));
    this.lines.push(...(Array.isArray(lines) ? lines : [lines]));
  }
  decoy(lines, kind, at = 0) {
    this.decoys.push({ file: this.file, line: this.lines.length + 1 + at, kind });
    this.lines.push(...(Array.isArray(lines) ? lines : [lines]));
  }
  text() {
    return this.lines.join(this.eol) + (this.finalNewline ? this.eol : "");
  }
}

/** The raw value rides along, not enumerable: printers never see it unless they ask (to mask it). */
function defineValue(p, value) {
  Object.defineProperty(p, "secret", { value, enumerable: false });
  return p;
}

// ---------------------------------------------------------------- files for line-shaped secrets

function templatesFor(fmt, bearer) {
  return LINE_TEMPLATES[fmt].filter((t) => typeof t === "function" || (t.b && bearer)).map((t) => (typeof t === "function" ? t : t.t));
}

/** A source/config file of one format holding a few secrets among filler and decoys. */
function mixedFile(rng, fmt, file, items) {
  const doc = new Doc(file);
  const F = FORMATS[fmt];
  const startWithSecret = items.length > 0 && !F.head && rng.chance(0.3);
  const endWithSecret = items.length > 0 && !F.tail && !startWithSecret && rng.chance(0.25);
  if (F.head) doc.add(...F.head(rng.pick(["app-secrets", "api-credentials", "backend"])));
  const queue = [...items];
  if (startWithSecret) placeSecret(rng, doc, fmt, queue.shift());
  const slots = queue.length + rng.range(2, 5);
  const secretAt = new Set(rng.shuffle([...Array(slots).keys()]).slice(0, endWithSecret ? queue.length - 1 : queue.length));
  for (let s = 0; s < slots; s++) {
    doc.add(...fillerBlock(rng, fmt, rng.range(15, 110)));
    if (secretAt.has(s)) placeSecret(rng, doc, fmt, queue.shift());
    else {
      const d = decoyLine(rng, fmt);
      doc.decoy(d.line, d.kind);
    }
  }
  if (endWithSecret) {
    placeSecret(rng, doc, fmt, queue.shift());
    doc.finalNewline = rng.chance(0.5);
  } else if (F.tail) doc.add(...F.tail());
  if (rng.chance(0.12)) doc.eol = "\r\n"; // files checked out on Windows
  const yamlish = ["k8s", "compose", "gha", "yaml"].includes(fmt);
  if (fmt === "go" || (!yamlish && rng.chance(0.1))) doc.lines = doc.lines.map((l) => l.replace(/^( {4})+/, (m) => "\t".repeat(m.length / 4)));
  return doc;
}

function placeSecret(rng, doc, fmt, item) {
  const spec = KINDS[item.kind];
  const names = item.names ?? spec.names;
  // only where the call fits the value: a Twilio API key SID is not an auth token, a Django key is not a URL token
  const fits = item.kind === "twilio" ? item.variant === "auth-token" : item.kind === "generic-secret" ? ["token", "api_key"].includes(item.variant) : true;
  const calls = fits ? CALL_SITES[item.kind] : undefined;
  if (calls && fmt !== "ipynb" && rng.chance(0.33)) {
    doc.secret(rng.pick(calls)(item.value), item.kind, `${item.variant} call-site`, item.value);
    return;
  }
  const name = rng.pick(names);
  const comment = COMMENT[fmt];
  if (comment && rng.chance(0.08)) {
    // a key "kept for reference" in a comment, as old keys linger
    doc.secret(`${comment} old ${SCREAM(name)}=${item.value}`, item.kind, `${item.variant} commented-out`, item.value);
    return;
  }
  if (YAML_FORMATS.includes(fmt) && rng.chance(0.1)) {
    // a block scalar: the value sits on the line after its key
    doc.secret([`  ${snake(name)}: |`, `    ${item.value}`], item.kind, `${item.variant} block-scalar`, item.value, 1);
    return;
  }
  const tpl = rng.pick(templatesFor(fmt, spec.bearer));
  // a trailing comment in another script: byte and character offsets part ways after it
  const tail = comment && rng.chance(0.15) ? `  ${comment} ${rng.pick(["clé de prod — ne pas partager", "本番用キー", "⚠️ rotate yearly", "Zugangsdaten für Ünterwegs"])}` : "";
  doc.secret(tpl(name, item.value) + tail, item.kind, tail ? `${item.variant} unicode-comment` : item.variant, item.value);
}

const YAML_FORMATS = ["k8s", "yaml"];
const COMMENT = { env: "#", yaml: "#", k8s: "#", compose: "#", gha: "#", py: "#", sh: "#", rb: "#", properties: "#", ini: "#", docker: "#", tf: "#", ps1: "#", js: "//", ts: "//", go: "//", java: "//", cs: "//", php: "//" };

// ---------------------------------------------------------------- files with a shape of their own

/** ~/.aws/credentials or a .env with the pair, the secret key on its own line. */
function awsCredentialsFile(rng, file, id, secret) {
  const doc = new Doc(file);
  doc.add("[default]");
  doc.secret(`aws_access_key_id = ${id.value}`, "aws-access-key-id", id.variant, id.value);
  doc.secret(`aws_secret_access_key = ${secret.value}`, "aws-secret-access-key", secret.variant, secret.value);
  doc.add("region = eu-west-1", "", "[example]");
  doc.decoy("aws_access_key_id = AKIAIOSFODNN7EXAMPLE", "aws-example");
  doc.decoy("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "aws-example");
  return doc;
}

/** boto3 / AWS SDK calls with both keys as arguments. */
function awsSdkFile(rng, file, id, secret) {
  const doc = new Doc(file);
  const py = file.endsWith(".py");
  doc.add(...(py ? ["import boto3", ""] : ["const { S3Client } = require('@aws-sdk/client-s3');", ""]));
  doc.add(...fillerBlock(rng, py ? "py" : "js", rng.range(5, 30)));
  if (py) {
    doc.add("s3 = boto3.client(", '    "s3",');
    doc.secret(`    aws_access_key_id="${id.value}",`, "aws-access-key-id", id.variant, id.value);
    doc.secret(`    aws_secret_access_key="${secret.value}",`, "aws-secret-access-key", secret.variant, secret.value);
    doc.add(")");
  } else {
    doc.add("const s3 = new S3Client({", "  region: 'us-east-1',", "  credentials: {");
    doc.secret(`    accessKeyId: '${id.value}',`, "aws-access-key-id", id.variant, id.value);
    doc.secret(`    secretAccessKey: '${secret.value}',`, "aws-secret-access-key", secret.variant, secret.value);
    doc.add("  },", "});");
  }
  doc.add(...fillerBlock(rng, py ? "py" : "js", rng.range(5, 30)));
  return doc;
}

/**
 * A Kubernetes Secret's `data:` holds base64 of the value (kubectl create secret … -o yaml): the
 * way credentials really sit in many manifests. Not in the issue's list of kinds by name; kept as
 * its own kind so the per-kind table shows it apart.
 */
function k8sBase64SecretFile(rng, file, inner) {
  const doc = new Doc(file);
  doc.add("apiVersion: v1", "kind: Secret", "metadata:", `  name: ${rng.pick(["db-credentials", "api-keys", "registry"])}`, "  namespace: default", "type: Opaque", "data:");
  doc.decoy(`  username: ${Buffer.from(rng.pick(["admin", "app", "deploy"])).toString("base64")}`, "k8s-reference");
  doc.secret(`  ${rng.pick(["password", "token", "api-key", "DATABASE_URL"])}: ${Buffer.from(inner.value).toString("base64")}`, "k8s-secret-base64", inner.kind, inner.value);
  return doc;
}

/** The credentials CSV the IAM console offers for download (both keys on one line). */
function iamCsvFile(rng, file) {
  const doc = new Doc(file);
  const id = awsKeyId(rng);
  const secret = awsSecret(rng);
  doc.add(rng.chance(0.5) ? "Access key ID,Secret access key" : "User name,Password,Access key ID,Secret access key,Console login link");
  const row = doc.lines[0].startsWith("User") ? `ci-deployer,,${id},${secret},https://acme.signin.aws.amazon.com/console` : `${id},${secret}`;
  doc.secret(row, "aws-secret-access-key", "iam-csv", secret);
  doc.eol = "\r\n";
  return doc;
}

/** .npmrc with the registry auth token line. */
function npmrcFile(rng, file, item) {
  const doc = new Doc(file);
  doc.add("registry=https://registry.npmjs.org/", "save-exact=true");
  doc.decoy("//npm.pkg.github.com/:_authToken=${NODE_AUTH_TOKEN}", "env-reference");
  // before 2021 npm tokens were bare UUIDs: only the _authToken key tells them from any UUID
  const legacy = rng.chance(0.34);
  const value = legacy ? uuidOf(rng) : item.value;
  doc.secret(`//registry.npmjs.org/:_authToken=${value}`, "npm-token", legacy ? "legacy-uuid" : item.variant, value);
  return doc;
}

/** .pypirc as twine documents it: username __token__, the token as password. */
function pypircFile(rng, file, item) {
  const doc = new Doc(file);
  doc.add("[distutils]", "index-servers =", "    pypi", "    testpypi", "", "[pypi]", "username = __token__");
  doc.secret(`password = ${item.value}`, "pypi-token", item.variant, item.value);
  doc.add("", "[testpypi]", "repository = https://test.pypi.org/legacy/", "username = __token__");
  doc.decoy("password = <your-testpypi-token>", "placeholder");
  return doc;
}

/** .git-credentials / a remote URL with a token as the password. */
function gitCredentialsFile(rng, file, item) {
  const doc = new Doc(file);
  doc.secret(`https://${rng.pick(["x-access-token", "oauth2", "ci-bot"])}:${item.value}@github.com`, item.kind, item.variant, item.value);
  doc.finalNewline = false;
  return doc;
}

/** A token alone in a file (token.txt, .vault-token), with or without a final newline. */
function bareTokenFile(rng, file, item) {
  const doc = new Doc(file);
  doc.secret(item.value, item.kind, item.variant, item.value);
  doc.finalNewline = rng.chance(0.5);
  return doc;
}

/** Minified JSON: the whole config on one long line. */
function minifiedJsonFile(rng, file, item) {
  const doc = new Doc(file);
  const obj = {};
  for (let i = 0; i < rng.range(40, 200); i++) obj[`${rng.pick(NOUNS)}${i}`] = rng.chance(0.5) ? rng.range(0, 9999) : `${rng.pick(VERBS)}-${rng.pick(NOUNS)}`;
  obj[camel(rng.pick(item.names ?? KINDS[item.kind].names))] = item.value;
  for (let i = 0; i < rng.range(40, 200); i++) obj[`z${rng.pick(NOUNS)}${i}`] = rng.range(0, 9999);
  doc.secret(JSON.stringify(obj), item.kind, item.variant, item.value);
  return doc;
}

/**
 * A production bundle: one minified line of hundreds of kilobytes with the client config inlined
 * somewhere in the middle (where Firebase/Maps keys and, wrongly, server keys end up).
 */
function minifiedBundleFile(rng, file, item) {
  const doc = new Doc(file);
  const chunk = () => `function ${rng.chars(LOWER, 2)}(${rng.chars(LOWER, 1)}){return ${rng.chars(LOWER, 1)}.${rng.pick(VERBS)}(${rng.range(0, 999)})}`;
  const parts = [];
  const size = rng.range(60, 400) * 1000;
  let n = 0;
  while (n < size / 2) {
    const c = chunk();
    parts.push(c);
    n += c.length + 1;
  }
  parts.push(`var cfg={${camel(rng.pick(item.names ?? KINDS[item.kind].names))}:"${item.value}",projectId:"acme-web",appId:"1:${rng.chars(DIGITS, 12)}:web:${rng.chars(HEX, 22)}"}`);
  while (n < size) {
    const c = chunk();
    parts.push(c);
    n += c.length + 1;
  }
  doc.add("/*! acme-web v2.3.1 | MIT */");
  doc.secret(parts.join(";"), item.kind, `${item.variant} minified-${Math.round(n / 1000)}kB`, item.value);
  return doc;
}

/** GCP service-account key file as the console downloads it (private_key with \n escapes). */
function gcpServiceAccountFile(rng, file) {
  const doc = new Doc(file);
  const pem = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" });
  const project = `${rng.pick(["acme", "data", "ml"])}-${rng.pick(["prod", "staging"])}-${rng.range(100000, 999999)}`;
  const email = `${rng.pick(["deployer", "ci", "bq-reader"])}@${project}.iam.gserviceaccount.com`;
  doc.add("{", '  "type": "service_account",', `  "project_id": "${project}",`);
  doc.decoy(`  "private_key_id": "${rng.chars(HEX, 40)}",`, "hash");
  doc.secret(`  "private_key": ${JSON.stringify(pem)},`, "gcp-service-account", "key-file", pem);
  doc.add(`  "client_email": "${email}",`, `  "client_id": "${rng.chars(DIGITS, 21)}",`, '  "auth_uri": "https://accounts.google.com/o/oauth2/auth",', '  "token_uri": "https://oauth2.googleapis.com/token",');
  doc.add('  "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",', `  "client_x509_cert_url": "https://www.googleapis.com/robot/v1/metadata/x509/${encodeURIComponent(email)}",`, '  "universe_domain": "googleapis.com"', "}");
  return doc;
}

/** The same service account pasted into other places: a Terraform variable, a k8s Secret. */
function gcpEmbeddedFile(rng, file) {
  const doc = new Doc(file);
  const pem = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" });
  const sa = { type: "service_account", project_id: `acme-${rng.range(1000, 9999)}`, private_key_id: rng.chars(HEX, 40), private_key: pem, client_email: `ci@acme-${rng.range(1000, 9999)}.iam.gserviceaccount.com` };
  if (file.endsWith(".yaml")) {
    doc.add("apiVersion: v1", "kind: Secret", "metadata:", "  name: gcp-sa", "stringData:");
    doc.secret(`  key.json: '${JSON.stringify(sa)}'`, "gcp-service-account", "k8s-inline", pem);
  } else {
    doc.add('variable "gcp_credentials" {', "  type      = string", "  sensitive = true");
    doc.secret(`  default   = ${JSON.stringify(JSON.stringify(sa))}`, "gcp-service-account", "tf-default", pem);
    doc.add("}");
  }
  return doc;
}

/** A private key block in one of the places keys end up. */
function privateKeyFile(rng, kind, file, ctx) {
  const doc = new Doc(file);
  const lines = privateKeyLines(rng, kind);
  const value = lines.join("\n");
  const variant = lines.variant ? `${ctx} ${lines.variant}` : ctx;
  switch (ctx) {
    case "file": // id_rsa, server.key, *.pem: the key is the first line
      doc.secret(lines, kind, variant, value);
      doc.finalNewline = rng.chance(0.8);
      if (rng.chance(0.3)) doc.eol = "\r\n";
      break;
    case "k8s-tls": // kubernetes.io/tls Secret with a block scalar
      doc.add("apiVersion: v1", "kind: Secret", "metadata:", "  name: ingress-tls", "type: kubernetes.io/tls", "stringData:", "  tls.key: |");
      doc.secret(lines.map((l) => `    ${l}`), kind, variant, value);
      break;
    case "python": // a triple-quoted constant
      doc.add("import jwt", "", ...fillerBlock(rng, "py", rng.range(3, 20)));
      doc.secret([`PRIVATE_KEY = """${lines[0]}`, ...lines.slice(1, -1), `${lines.at(-1)}"""`], kind, variant, value);
      doc.add("", 'token = jwt.encode(claims, PRIVATE_KEY, algorithm="RS256")');
      break;
    case "js-escaped": // one string with \n escapes
      doc.add("module.exports = {");
      doc.secret(`  privateKey: '${lines.join("\\n")}\\n',`, kind, variant, value);
      doc.add("};");
      break;
    case "env-multiline": // dotenv's quoted multi-line value
      doc.add("APP_ENV=production");
      doc.secret([`SIGNING_KEY="${lines[0]}`, ...lines.slice(1, -1), `${lines.at(-1)}"`], kind, variant, value);
      break;
    case "tf-heredoc":
      doc.add('resource "tls_locally_signed_cert" "app" {', '  ca_cert_pem = file("ca.pem")');
      doc.secret(["  ca_private_key_pem = <<-EOT", ...lines.map((l) => `    ${l}`), "  EOT"], kind, variant, value, 1);
      doc.add("}");
      break;
    case "shell-heredoc":
      doc.add("#!/bin/sh", "set -e", "mkdir -p ~/.ssh");
      doc.secret(["cat > ~/.ssh/deploy_key <<'EOF'", ...lines, "EOF"], kind, variant, value, 1);
      doc.add("chmod 600 ~/.ssh/deploy_key");
      break;
    case "markdown":
      doc.add("# Deploy key", "", "Paste this into the server's key file:", "", "```");
      doc.secret(lines, kind, variant, value);
      doc.add("```");
      break;
    default:
      throw new Error(ctx);
  }
  return doc;
}

const PEM_FILES = {
  file: ["keys/deploy.pem", "id_rsa", "certs/server.key", "config/jwt-private.pem", "secrets/key.pem"],
  "k8s-tls": ["k8s/tls-secret.yaml"],
  python: ["app/auth/keys.py"],
  "js-escaped": ["config/keys.js"],
  "env-multiline": [".env.keys"],
  "tf-heredoc": ["infra/certs.tf"],
  "shell-heredoc": ["ci/setup-ssh.sh"],
  markdown: ["docs/deploy-key.md"],
};

// ---------------------------------------------------------------- decoy-only files

/** Lockfiles, sums and digests: hex and base64 everywhere, none of it a secret. */
function lockfileDecoys(rng, file) {
  const doc = new Doc(file);
  if (file.endsWith("package-lock.json")) {
    doc.add("{", '  "name": "acme-web",', '  "lockfileVersion": 3,', '  "packages": {');
    for (let i = 0; i < rng.range(30, 80); i++) {
      const name = `${rng.pick(NOUNS)}-${rng.pick(VERBS)}${i}`;
      doc.add(`    "node_modules/${name}": {`, `      "version": "${rng.range(0, 9)}.${rng.range(0, 20)}.${rng.range(0, 30)}",`, `      "resolved": "https://registry.npmjs.org/${name}/-/${name}-1.0.0.tgz",`);
      doc.decoy(`      "integrity": "sha512-${rng.bytes(64).toString("base64")}",`, "lockfile-integrity");
      doc.add('      "dev": true', "    },");
    }
    doc.add("  }", "}");
  } else if (file.endsWith("go.sum")) {
    for (let i = 0; i < rng.range(30, 80); i++) {
      const mod = `github.com/${rng.pick(NOUNS)}/${rng.pick(VERBS)}${i} v1.${rng.range(0, 20)}.${rng.range(0, 9)}`;
      doc.decoy(`${mod} h1:${rng.bytes(32).toString("base64")}`, "lockfile-integrity");
      doc.decoy(`${mod}/go.mod h1:${rng.bytes(32).toString("base64")}`, "lockfile-integrity");
    }
  } else if (file.endsWith("poetry.lock")) {
    for (let i = 0; i < rng.range(20, 50); i++) {
      doc.add("[[package]]", `name = "${rng.pick(NOUNS)}${i}"`, 'version = "2.1.0"', "files = [");
      doc.decoy(`    {file = "pkg-2.1.0-py3-none-any.whl", hash = "sha256:${rng.chars(HEX, 64)}"},`, "lockfile-integrity");
      doc.add("]", "");
    }
  } else {
    // .pre-commit-config.yaml / workflow pins: full commit SHAs
    doc.add("repos:");
    for (let i = 0; i < rng.range(5, 15); i++) {
      doc.add(`  - repo: https://github.com/${rng.pick(NOUNS)}/${rng.pick(VERBS)}-hooks`);
      doc.decoy(`    rev: ${rng.chars(HEX, 40)}  # frozen: v${rng.range(1, 9)}.${rng.range(0, 9)}.0`, "hash");
      doc.add("    hooks:", `      - id: ${rng.pick(VERBS)}`);
    }
  }
  return doc;
}

/** Public material: public keys, certificates, authorized_keys, a public PGP block. */
function publicKeyDecoys(rng, file, certs) {
  const doc = new Doc(file);
  if (file.endsWith("authorized_keys")) {
    for (let i = 0; i < rng.range(3, 8); i++) doc.decoy(opensshEd25519(rng, `user${i}@host`).publicLine, "ssh-public-key");
    doc.decoy(sshRsaPublicLine("ops@bastion"), "ssh-public-key");
  } else if (file.endsWith(".crt")) {
    for (const cert of certs) doc.decoy(cert.trimEnd().split("\n"), "certificate");
  } else if (file.endsWith("public.asc")) {
    doc.decoy(pgpBlock(rng, "Release <release@acme.io>", { publicOnly: true }), "pgp-public-block");
  } else {
    const { publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
    doc.decoy(publicKey.export({ type: "spki", format: "pem" }).trimEnd().split("\n"), "public-key");
    const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey;
    doc.add("");
    doc.decoy(rsa.export({ type: "pkcs1", format: "pem" }).trimEnd().split("\n"), "public-key");
  }
  return doc;
}

/** UI strings, i18n catalogs and validators that talk about passwords and tokens. */
function uiDecoys(rng, file) {
  const doc = new Doc(file);
  if (file.endsWith(".json")) {
    doc.add("{");
    for (const [k, v] of [["login.password", "Enter your password"], ["login.token", "Paste your API token"], ["reset.secret", "Your secret question"], ["apiKey.hint", "Your API key starts with sk_live_"], ["password.rules", "At least 12 characters, one digit"]]) doc.decoy(`  "${k}": "${v}",`, "ui-string");
    doc.add('  "done": "Done"', "}");
  } else if (file.endsWith(".html")) {
    doc.add("<form method=\"post\">");
    doc.decoy('  <label for="password">Password</label><input type="password" id="password" name="password" placeholder="Enter your password">', "ui-string");
    doc.decoy('  <input type="text" name="api_key" placeholder="Your API key" autocomplete="off">', "ui-string");
    doc.decoy(`  <img alt="logo" src="data:image/png;base64,${rng.bytes(rng.range(300, 1500)).toString("base64")}">`, "base64-image");
    doc.decoy(`  <input type="hidden" name="csrf_token" value="{{ csrf_token }}">`, "template-reference");
    doc.add("</form>");
  } else {
    doc.add(".logo {");
    doc.decoy(`  background-image: url("data:image/svg+xml;base64,${Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${rng.range(10, 99)} 24"><path d="M${rng.range(0, 9)} 0h24v24H0z"/></svg>`).toString("base64")}");`, "base64-image");
    doc.decoy(`  background: url(data:image/png;base64,${rng.bytes(rng.range(200, 900)).toString("base64")});`, "base64-image");
    doc.add("}");
  }
  return doc;
}

/** Hashes in the open: SRI and CSP hashes, source maps, checksum lists, LFS pointers, known_hosts. */
function digestDecoys(rng, file) {
  const doc = new Doc(file);
  if (file.endsWith(".html")) {
    doc.add("<!doctype html>", "<html><head>");
    doc.decoy(`<meta http-equiv="Content-Security-Policy" content="script-src 'self' 'sha256-${rng.bytes(32).toString("base64")}' 'nonce-${rng.bytes(16).toString("base64")}'">`, "hash");
    doc.decoy(`<script src="https://cdn.jsdelivr.net/npm/bootstrap@5.3.2/dist/js/bootstrap.bundle.min.js" integrity="sha384-${rng.bytes(48).toString("base64")}" crossorigin="anonymous"></script>`, "lockfile-integrity");
    doc.decoy(`<link rel="stylesheet" href="/assets/main.${rng.chars(HEX, 20)}.css">`, "hash");
    doc.add("</head><body></body></html>");
  } else if (file.endsWith(".js")) {
    doc.add("(()=>{var e={};e.n=function(t){return t&&t.__esModule?t.default:t};})();");
    doc.decoy(`//# sourceMappingURL=data:application/json;charset=utf-8;base64,${Buffer.from(JSON.stringify({ version: 3, sources: ["src/app.ts"], mappings: rng.chars(ALNUM + ";,+/", 1200) })).toString("base64")}`, "base64-image");
  } else if (file.endsWith("SHA256SUMS")) {
    for (let i = 0; i < rng.range(5, 12); i++) doc.decoy(`${rng.chars(HEX, 64)}  acme-cli_${rng.range(1, 3)}.${i}.0_${rng.pick(["linux_amd64", "darwin_arm64", "windows_amd64"])}.tar.gz`, "hash");
  } else if (file.endsWith(".lock.hcl")) {
    doc.add('provider "registry.terraform.io/hashicorp/aws" {', '  version     = "5.31.0"', "  hashes = [");
    doc.decoy(`    "h1:${rng.bytes(32).toString("base64")}",`, "lockfile-integrity");
    for (let i = 0; i < 8; i++) doc.decoy(`    "zh:${rng.chars(HEX, 64)}",`, "lockfile-integrity");
    doc.add("  ]", "}");
  } else if (file.endsWith(".bin")) {
    // a Git LFS pointer file
    doc.add("version https://git-lfs.github.com/spec/v1");
    doc.decoy(`oid sha256:${rng.chars(HEX, 64)}`, "hash");
    doc.add(`size ${rng.range(10000, 9999999)}`);
  } else {
    // known_hosts and fingerprints: public host keys
    for (let i = 0; i < 3; i++) doc.decoy(opensshEd25519(rng, "").publicLine.replace(/^/, `${rng.pick(["github.com", "gitlab.com", "10.0.0.5", "bastion.acme.io"])} `).trim(), "ssh-public-key");
    doc.decoy(`# 256 SHA256:${rng.bytes(32).toString("base64").replace(/=+$/, "")} deploy@ci (ED25519)`, "hash");
    doc.decoy(`# gpg fingerprint: ${rng.chars(HEX.toUpperCase(), 40).replace(/(.{4})/g, "$1 ").trim()}`, "hash");
  }
  return doc;
}

/** Documentation and code that show or test for a key's armor without a key inside. */
function pemMentionDecoys(rng, file) {
  const doc = new Doc(file);
  if (file.endsWith(".md")) {
    const label = rng.pick(["RSA PRIVATE KEY", "PRIVATE KEY", "OPENSSH PRIVATE KEY", "EC PRIVATE KEY"]);
    doc.add("## Signing key", "", "Put your key in `SIGNING_KEY`; it looks like this:", "", "```");
    doc.decoy([`-----BEGIN ${label}-----`, "<your private key here>", `-----END ${label}-----`], "pem-placeholder");
    doc.add("```", "", "or, escaped on one line in JSON:", "");
    doc.decoy(`    "private_key": "-----BEGIN PRIVATE KEY-----\\n...\\n-----END PRIVATE KEY-----\\n",`, "pem-placeholder");
    doc.add("");
    doc.decoy("    SIGNING_KEY=\"-----BEGIN RSA PRIVATE KEY-----\\nMIIE...\\n-----END RSA PRIVATE KEY-----\"", "pem-placeholder");
  } else {
    doc.add("const PEM_HEADERS = [");
    for (const l of ["RSA PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY", "PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "PGP PRIVATE KEY BLOCK"]) doc.decoy(`  "-----BEGIN ${l}-----",`, "code-reference");
    doc.add("];", "");
    doc.decoy("  if (!pem.startsWith('-----BEGIN OPENSSH PRIVATE KEY-----')) throw new Error('not an OpenSSH key');", "code-reference");
    doc.decoy("const isKey = /-----BEGIN (RSA |EC |OPENSSH )?PRIVATE KEY-----/.test(text);", "code-reference");
  }
  return doc;
}

/** Documented emulator credentials and password hashes. */
function knownValueDecoys(rng, file) {
  const doc = new Doc(file);
  doc.add("{", '  "Storage": {');
  doc.decoy('    "Emulator": "UseDevelopmentStorage=true",', "placeholder");
  // Azurite's published well-known development key (the AWS EXAMPLE key of Azure)
  doc.decoy('    "Azurite": "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;"', "aws-example");
  doc.add("  },", '  "Db": {');
  doc.decoy('    "Connection": "Server=localhost;Database=app;User Id=sa;Password=${DB_PASSWORD};"', "env-reference");
  doc.add("  },", '  "Users": [');
  doc.decoy(`    { "name": "admin", "password_hash": "$2b$12$${rng.chars(ALNUM + "./", 53)}" },`, "password-hash");
  doc.decoy(`    { "name": "ops", "password_hash": "$argon2id$v=19$m=65536,t=3,p=4$${rng.bytes(16).toString("base64").replace(/=+$/, "")}$${rng.bytes(32).toString("base64").replace(/=+$/, "")}" }`, "password-hash");
  doc.add("  ]", "}");
  return doc;
}

/** Kubernetes manifests that name secrets without holding any. */
function k8sReferenceDecoys(rng, file) {
  const doc = new Doc(file);
  doc.add("apiVersion: apps/v1", "kind: Deployment", "metadata:", "  name: api", "spec:", "  template:", "    spec:", "      containers:", "        - name: api", `          image: ghcr.io/acme/api@sha256:${rng.chars(HEX, 64)}`, "          env:", "            - name: DB_PASSWORD", "              valueFrom:", "                secretKeyRef:");
  doc.decoy("                  name: db-password", "k8s-reference");
  doc.decoy("                  key: password", "k8s-reference");
  doc.add("            - name: API_TOKEN", "              valueFrom:", "                secretKeyRef:");
  doc.decoy("                  name: api-token-secret", "k8s-reference");
  doc.decoy("                  key: token", "k8s-reference");
  doc.add("      volumes:", "        - name: tls");
  doc.decoy("          secret:", "k8s-reference");
  doc.decoy("            secretName: app-secret", "k8s-reference");
  return doc;
}

/** The jwt.io documented example, computed (HS256 with its documented secret), in a test doc. */
function jwtExampleDecoy(rng, file) {
  const doc = new Doc(file);
  const h = b64url(Buffer.from('{"alg":"HS256","typ":"JWT"}'));
  const p = b64url(Buffer.from('{"sub":"1234567890","name":"John Doe","iat":1516239022}'));
  const sig = createHmac("sha256", "your-256-bit-secret").update(`${h}.${p}`).digest("base64url");
  doc.add("# Decoding tokens", "", "The example from jwt.io:", "");
  doc.decoy(`    ${h}.${p}.${sig}`, "jwt-documented-example");
  doc.add("", "decodes to the claims `sub`, `name` and `iat`.");
  return doc;
}

/** Self-signed certificates from openssl when present (public, a decoy); none when absent. */
function makeCertificates(n) {
  const certs = [];
  for (let i = 0; i < n; i++) {
    const r = spawnSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "/dev/null", "-subj", `/CN=test${i}.acme.io`, "-days", "30"], { encoding: "utf8" });
    if (r.status === 0 && r.stdout.includes("BEGIN CERTIFICATE")) certs.push(r.stdout);
  }
  return certs;
}

// ---------------------------------------------------------------- the corpus

const FORMAT_NAMES = Object.keys(FORMATS);

/**
 * Writes the corpus under `dir`. Returns the planted secrets ({ file, line, kind, variant }, the
 * raw value on a non-enumerable `secret` property for masking), the decoy count and decoy lines.
 */
export function writeIndependentCorpus(dir, { seed = 1 } = {}) {
  const rng = makeRng(seed);
  const docs = [];
  const used = new Set();
  const uniquePath = (p) => {
    let out = p;
    for (let i = 2; used.has(out); i++) {
      const ext = path.extname(p);
      const base = p.slice(0, p.length - ext.length);
      // dotfiles (.env, .npmrc) keep their name in a new folder, as in a monorepo
      out = ext && !path.basename(p).startsWith(".") ? `${base}-${i}${ext}` : `services/svc${i}/${p}`;
    }
    used.add(out);
    return out;
  };

  // every line-shaped secret, then the shaped files take what they need
  const items = [];
  for (const [kind, spec] of Object.entries(KINDS)) {
    for (let i = 0; i < spec.n; i++) {
      const made = spec.make(rng);
      items.push({ kind, value: made.value, variant: made.variant ?? kind, names: made.names });
    }
  }
  const take = (kind) => {
    const i = items.findIndex((it) => it.kind === kind);
    return i === -1 ? undefined : items.splice(i, 1)[0];
  };

  // AWS pairs in credentials files and SDK calls
  for (let i = 0; i < 4; i++) {
    const id = take("aws-access-key-id");
    const secret = take("aws-secret-access-key");
    if (i < 2) docs.push(awsCredentialsFile(rng, uniquePath(i === 0 ? ".aws/credentials" : "ops/aws-credentials"), id, secret));
    else docs.push(awsSdkFile(rng, uniquePath(i === 2 ? "scripts/backup_s3.py" : "src/storage.js"), id, secret));
  }
  for (let i = 0; i < 3; i++) docs.push(iamCsvFile(rng, uniquePath(rng.pick(["credentials.csv", "ops/accessKeys.csv"]))));
  for (let i = 0; i < 8; i++) {
    const inner = [databaseUrl, genericSecret, githubClassic, slackToken][i % 4](rng);
    docs.push(k8sBase64SecretFile(rng, uniquePath(rng.pick(["k8s/db-secret.yaml", "manifests/secret.yml", "helm/templates/credentials.yaml"])), { kind: ["database-url", "generic-secret", "github-token", "slack-token"][i % 4], value: inner.value }));
  }
  for (let i = 0; i < 3; i++) docs.push(npmrcFile(rng, uniquePath(".npmrc"), take("npm-token")));
  for (let i = 0; i < 3; i++) docs.push(pypircFile(rng, uniquePath(".pypirc"), take("pypi-token")));
  for (let i = 0; i < 2; i++) docs.push(gitCredentialsFile(rng, uniquePath(".git-credentials"), take("github-token")));
  for (const kind of ["github-fine-grained-pat", "gitlab-token", "slack-token", "openai"]) docs.push(bareTokenFile(rng, uniquePath(rng.pick(["token.txt", ".vault-token", "secrets/api-token", "ci/token"])), take(kind)));
  for (const kind of ["google-api-key", "google-api-key", "stripe-live-key"]) docs.push(minifiedBundleFile(rng, uniquePath(`dist/assets/index-${rng.chars(HEX, 8)}.js`), take(kind)));
  for (const kind of ["google-api-key", "stripe-live-key", "jwt", "anthropic", "sendgrid", "azure-connection-string"]) docs.push(minifiedJsonFile(rng, uniquePath(rng.pick(["dist/config.min.json", "public/env.json", "build/app-config.json"])), take(kind)));

  // GCP service accounts: key files and pasted copies
  for (let i = 0; i < 6; i++) docs.push(gcpServiceAccountFile(rng, uniquePath(rng.pick(["gcp-key.json", "credentials/service-account.json", "terraform/sa-key.json", "secrets/gcloud.json"]))));
  docs.push(gcpEmbeddedFile(rng, uniquePath("k8s/gcp-sa.yaml")), gcpEmbeddedFile(rng, uniquePath("infra/gcp.tf")));

  // private keys: each kind in rotating contexts
  const ctxs = Object.keys(PEM_FILES);
  let c = 0;
  for (const kind of PEM_KINDS) {
    for (let i = 0; i < 9; i++) {
      const ctx = i < 2 ? "file" : ctxs[c++ % ctxs.length];
      const own = kind === "private-key-pgp" ? ["release-signing.asc", "keys/private.gpg.asc"] : kind === "private-key-openssh" ? [".ssh/id_ed25519", "deploy_key"] : PEM_FILES.file;
      docs.push(privateKeyFile(rng, kind, uniquePath(rng.pick(ctx === "file" ? own : PEM_FILES[ctx])), ctx));
    }
  }

  // the rest: mixed files of every format, one to three secrets each
  rng.shuffle(items);
  while (items.length) {
    const fmt = rng.pick(FORMAT_NAMES);
    const batch = items.splice(0, rng.range(1, 3));
    docs.push(mixedFile(rng, fmt, uniquePath(rng.pick(FORMATS[fmt].paths)), batch));
  }
  // clean files of every format: filler and decoys only
  for (let i = 0; i < 140; i++) {
    const fmt = rng.pick(FORMAT_NAMES);
    docs.push(mixedFile(rng, fmt, uniquePath(rng.pick(FORMATS[fmt].paths)), []));
  }

  // decoy-only files
  const certs = makeCertificates(3);
  for (const f of ["package-lock.json", "go.sum", "poetry.lock", ".pre-commit-config.yaml"]) docs.push(lockfileDecoys(rng, uniquePath(f)));
  for (const f of ["deploy/authorized_keys", "certs/ca.crt", "keys/public.asc", "keys/jwt-public.pem"]) docs.push(publicKeyDecoys(rng, uniquePath(f), certs));
  for (const f of ["locales/en.json", "templates/login.html", "static/app.css"]) docs.push(uiDecoys(rng, uniquePath(f)));
  docs.push(k8sReferenceDecoys(rng, uniquePath("k8s/deployment.yaml")), jwtExampleDecoy(rng, uniquePath("docs/auth.md")));
  for (let i = 0; i < 2; i++) {
    for (const f of ["public/index.html", "dist/app.min.js", "release/SHA256SUMS", ".terraform.lock.hcl", "assets/model.bin", "ops/known_hosts"]) docs.push(digestDecoys(rng, uniquePath(f)));
    for (const f of ["docs/signing.md", "src/keys/detect.js"]) docs.push(pemMentionDecoys(rng, uniquePath(f)));
    docs.push(knownValueDecoys(rng, uniquePath("appsettings.Development.json")));
  }

  const planted = [];
  const decoyAt = [];
  for (const d of docs) {
    mkdirSync(path.join(dir, path.dirname(d.file)), { recursive: true });
    writeFileSync(path.join(dir, d.file), d.text());
    planted.push(...d.planted);
    decoyAt.push(...d.decoys);
  }
  return { planted, decoys: decoyAt.length, decoyAt };
}
