/**
 * A deterministic corpus for the secrets benchmark: source-like files with planted credentials in
 * their real formats (generated from a seeded PRNG, never real) and look-alike decoys.
 * The generators follow the vendors' published formats, not our rules: prefixes, alphabets and
 * lengths as documented by AWS, GitHub, GitLab, Slack, Stripe, Google, Azure, npm, PyPI, Twilio,
 * SendGrid, Mailgun, OpenAI, Anthropic, RFC 7519 (JWT), RFC 7468 (PEM), OpenSSH and RFC 4880 (PGP).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

export function prng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const LOWER = "abcdefghijklmnopqrstuvwxyz";
const DIGITS = "0123456789";
const B62 = UPPER + LOWER + DIGITS;
const B64 = B62 + "+/";
const B64URL = B62 + "-_";
const HEX = "0123456789abcdef";
const B32 = UPPER + "234567";

function gen(rand) {
  const int = (n) => Math.floor(rand() * n);
  const pick = (a) => a[int(a.length)];
  const str = (n, alpha) => {
    let s = "";
    for (let i = 0; i < n; i++) s += alpha[int(alpha.length)];
    return s;
  };
  const b64 = (bytes) => {
    const b = Buffer.alloc(bytes);
    for (let i = 0; i < bytes; i++) b[i] = int(256);
    return b;
  };
  const wrap = (s, w) => s.match(new RegExp(`.{1,${w}}`, "g")).join("\n");
  const pem = (label, prefixB64, bytes, headers = "") => {
    const body = (prefixB64 + b64(bytes).toString("base64")).slice(0, Math.ceil((bytes * 4) / 3));
    return `-----BEGIN ${label}-----\n${headers}${wrap(body, 64)}\n-----END ${label}-----`;
  };
  const b64url = (obj) => Buffer.from(JSON.stringify(obj)).toString("base64url");
  const word = () => pick(WORDS);
  const ident = () => word() + pick(["", "_", ""]) + pick(["", word(), word().replace(/^./, (c) => c.toUpperCase())]);
  return { int, pick, str, b64, wrap, pem, b64url, word, ident };
}

const WORDS = ("user order item cache client server handler request response config value index count total buffer stream " +
  "parse render update create delete fetch load store queue event error result status header body payload session route " +
  "model view schema table column field record batch worker thread module package build test deploy release metric log").split(" ");

/** Kinds of planted secrets: each returns the lines to insert; the first line is where it is. */
function secretKinds(g) {
  const { str, int, pick, pem, b64url, b64 } = g;
  const assign = (name, v) =>
    pick([`${name} = "${v}"`, `${name}: ${v}`, `export ${name.toUpperCase()}=${v}`, `"${name}": "${v}",`, `const ${name} = '${v}';`, `${name.toUpperCase()}="${v}"`]);
  return {
    "aws-access-key-id": () => [assign(pick(["aws_access_key_id", "accessKeyId", "AWS_ACCESS_KEY"]), pick(["AKIA", "ASIA"]) + str(16, B32))],
    "aws-secret-access-key": () => [assign(pick(["aws_secret_access_key", "AWS_SECRET_ACCESS_KEY", "awsSecretKey", "secretAccessKey"]), str(40, B64))],
    "github-token": () => [assign(pick(["github_token", "GH_TOKEN", "token"]), pick(["ghp_", "gho_", "ghu_", "ghs_", "ghr_"]) + str(36, B62))],
    "github-fine-grained": () => [assign("github_pat", `github_pat_${str(22, B62)}_${str(59, B62)}`)],
    "gitlab-token": () => [assign(pick(["gitlab_token", "CI_TOKEN"]), pick(["glpat-", "gldt-", "glrt-"]) + str(20, B62 + "_-"))],
    "slack-bot-token": () => [assign("slack_token", `xoxb-${str(1, "123456789")}${str(int(3) + 10, DIGITS)}-${str(1, "123456789")}${str(12, DIGITS)}-${str(24, B62)}`)],
    "slack-user-token": () => [assign("slack_user_token", `xoxp-${str(11, DIGITS)}-${str(11, DIGITS)}-${str(13, DIGITS)}-${str(32, HEX)}`)],
    "slack-webhook": () => [assign("webhook_url", `https://hooks.slack.com/services/T${str(8, UPPER + DIGITS)}/B${str(10, UPPER + DIGITS)}/${str(24, B62)}`)],
    "stripe-live": () => [assign(pick(["stripe_key", "STRIPE_SECRET_KEY"]), pick(["sk_live_", "rk_live_"]) + str(pick([24, 99]), B62))],
    "google-api-key": () => [assign(pick(["google_api_key", "mapsKey"]), "AIza" + str(35, B62 + "-_"))],
    "gcp-service-account": () => {
      const key = pem("PRIVATE KEY", "MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQ", 1190).replace(/\n/g, "\\n");
      return [
        `  "private_key": "${key}\\n",`,
        `  "client_email": "svc-${str(6, LOWER)}@proj-${str(6, LOWER)}.iam.gserviceaccount.com",`,
      ];
    },
    "gcp-service-account-head": () => [`  "type": "service_account",`, `  "project_id": "proj-${str(6, LOWER)}",`, `  "private_key_id": "${str(40, HEX)}",`],
    "azure-storage": () => [
      `${pick(["AZURE_STORAGE_CONNECTION_STRING", "connectionString"])}="DefaultEndpointsProtocol=https;AccountName=${str(10, LOWER + DIGITS)};AccountKey=${b64(64).toString("base64")};EndpointSuffix=core.windows.net"`,
    ],
    "rsa-pkcs1": () => pem("RSA PRIVATE KEY", "MIIEpAIBAAKCAQEA", 1190).split("\n"),
    "rsa-pkcs8": () => pem("PRIVATE KEY", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", 1216).split("\n"),
    "ec-sec1": () => pem("EC PRIVATE KEY", "MHcCAQEEI", 121).split("\n"),
    "ed25519-pkcs8": () => pem("PRIVATE KEY", "MC4CAQAwBQYDK2VwBCIEI", 48).split("\n"),
    "openssh": () => {
      const body = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZWQyNTUxOQAAACA" + b64(300).toString("base64");
      return ["-----BEGIN OPENSSH PRIVATE KEY-----", ...g.wrap(body, 70).split("\n"), "-----END OPENSSH PRIVATE KEY-----"];
    },
    "pgp": () => {
      const body = "lQOYBF" + b64(900).toString("base64");
      return ["-----BEGIN PGP PRIVATE KEY BLOCK-----", "", ...g.wrap(body, 64).split("\n"), `=${str(4, B64)}`, "-----END PGP PRIVATE KEY BLOCK-----"];
    },
    "encrypted-pkcs8": () => pem("ENCRYPTED PRIVATE KEY", "MIIFHDBOBgkqhkiG9w0BBQ0wQTApBgkqhkiG9w0BBQwwHAQI", 1310).split("\n"),
    "encrypted-pkcs1": () =>
      pem("RSA PRIVATE KEY", "", 1200, `Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,${str(32, HEX).toUpperCase()}\n\n`).split("\n"),
    "npm-token": () => [assign(pick(["NPM_TOKEN", "npmToken"]), "npm_" + str(36, B62))],
    "npmrc": () => [`//registry.npmjs.org/:_authToken=${pick(["npm_" + str(36, B62), `${str(8, HEX)}-${str(4, HEX)}-${str(4, HEX)}-${str(4, HEX)}-${str(12, HEX)}`])}`],
    "pypi-token": () => [`password = pypi-AgEIcHlwaS5vcmc${str(int(60) + 100, B64URL)}`],
    "twilio-api-key": () => [assign("twilio_api_key", "SK" + str(32, HEX))],
    "twilio-auth-token": () => [assign(pick(["TWILIO_AUTH_TOKEN", "twilioAuthToken"]), str(32, HEX))],
    "sendgrid": () => [assign("SENDGRID_API_KEY", `SG.${str(22, B64URL)}.${str(43, B64URL)}`)],
    "mailgun": () => [assign("MAILGUN_API_KEY", "key-" + str(32, HEX))],
    "openai": () => [assign("OPENAI_API_KEY", pick([`sk-${str(20, B62)}T3BlbkFJ${str(20, B62)}`, `sk-proj-${str(74, B64URL)}T3BlbkFJ${str(74, B64URL)}`]))],
    "anthropic": () => [assign("ANTHROPIC_API_KEY", `sk-ant-api03-${str(93, B64URL)}AA`)],
    "jwt": () => {
      const header = b64url({ alg: pick(["HS256", "RS256", "ES256"]), typ: "JWT" });
      const payload = b64url({ sub: str(12, B62), iat: 1700000000 + int(1e7), exp: 1800000000 + int(1e7), scope: pick(["admin", "read write"]) });
      return [assign(pick(["access_token", "authorization", "jwt"]), `${header}.${payload}.${str(43, B64URL)}`)];
    },
    "database-url": () => {
      const pw = str(int(10) + 12, B62);
      const url = pick([
        `postgres://${g.word()}:${pw}@db-${str(4, LOWER)}.internal:5432/${g.word()}`,
        `mysql://${g.word()}:${pw}@10.${int(255)}.${int(255)}.${int(255)}:3306/app`,
        `mongodb+srv://${g.word()}:${pw}@cluster0.${str(5, LOWER)}.mongodb.net/prod`,
        `redis://:${pw}@cache.${str(5, LOWER)}.internal:6379/0`,
        `amqp://${g.word()}:${pw}@mq.internal:5672/`,
      ]);
      return [assign(pick(["DATABASE_URL", "dsn", "url"]), url)];
    },
    "generic": () => [
      assign(pick(["password", "db_password", "client_secret", "api_key", "secret", "apiKey", "auth_token", "SECRET_KEY"]), str(int(16) + 16, B62 + "!#%^&*-_")),
    ],
  };
}

/** Look-alikes that are not credentials: documented examples, references, public material, hashes. */
function decoyKinds(g) {
  const { str, int, pem, b64url } = g;
  return [
    () => [`aws_access_key_id = AKIAIOSFODNN7EXAMPLE`],
    () => [`aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`],
    () => [`token: ghp_${"x".repeat(36)}`],
    () => [`GITHUB_TOKEN: \${{ secrets.GITHUB_TOKEN }}`],
    () => [`password: \${{ secrets.DB_PASSWORD }}`],
    () => [`token = os.environ["GITHUB_TOKEN"]`],
    () => [`const apiKey = process.env.STRIPE_SECRET_KEY;`],
    () => [`api_key = config.get("${g.word()}_api_key")`],
    () => [`const token = await getToken(${g.word()});`],
    () => [`stripe_key = "sk_test_${str(24, B62)}"`],
    () => [`publishable_key = "pk_live_${str(24, B62)}"`],
    () => [`DATABASE_URL=postgres://user:password@localhost:5432/app`],
    () => [`DATABASE_URL=postgres://\${DB_USER}:\${DB_PASSWORD}@db:5432/app`],
    () => [`url = "mysql://root:root@127.0.0.1:3306/test"`],
    () => [`jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"`],
    () => pem("PUBLIC KEY", "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA", 270).split("\n"),
    () => pem("CERTIFICATE", "MIIDdzCCAl+gAwIBAgIE", 880).split("\n"),
    () => [`ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${str(43, B64)} ${g.word()}@host`],
    () => ["-----BEGIN RSA PRIVATE KEY-----", "...", "-----END RSA PRIVATE KEY-----"],
    () => ["# Your key file starts with -----BEGIN OPENSSH PRIVATE KEY----- and must stay private."],
    () => [`commit = "${str(40, HEX)}"`],
    () => [`"integrity": "sha512-${g.b64(64).toString("base64")}",`],
    () => [`sha256 = "${str(64, HEX)}"`],
    () => [`token_url: https://oauth2.${g.word()}.com/token`],
    () => [`password_min_length = ${int(20) + 8}`],
    () => [`secret_name: "prod/${g.word()}/db-password"`],
    () => [`tokenizer = AutoTokenizer.from_pretrained("bert-base-uncased")`],
    () => [`slack_token = "xoxb-your-bot-token-here"`],
    () => [`SENDGRID_API_KEY=SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`],
    () => [`google_api_key = "AIzaSyXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"`],
    () => [`api_key: "<your-api-key>"`],
    () => [`password = "changeme"`],
    () => [`request_id = "${str(8, HEX)}-${str(4, HEX)}-${str(4, HEX)}-${str(4, HEX)}-${str(12, HEX)}"`],
    () => [`      secretKeyRef:`, `        name: ${g.word()}-secret`, `        key: password`],
    () => [`const accessTokenProvider = new AccessTokenProvider(${g.word()});`],
    () => [`image = "data:image/png;base64,${g.b64(120).toString("base64")}"`],
    () => [`auth_header = "Bearer " + access_token`],
    () => [`npm_config_cache=/tmp/.npm`],
    () => [`session_token_ttl = 3600`],
    () => [`const header = "${b64url({ alg: "HS256", typ: "JWT" })}";`],
    () => [`key-value pairs: key-${g.word()} = ${g.word()}`],
    () => [`id = "SK${str(30, HEX)}" # too short for an API key`],
  ];
}

const FILLER = [
  (g) => `  const ${g.ident()} = ${g.ident()}(${g.ident()}, ${g.int(1000)});`,
  (g) => `  if (${g.ident()}.${g.word()} === "${g.word()}") return ${g.ident()};`,
  (g) => `  // ${g.word()} the ${g.word()} before ${g.word()}ing the ${g.word()} (see #${g.int(9999)})`,
  (g) => `def ${g.ident()}(self, ${g.word()}, ${g.word()}=None):`,
  (g) => `    ${g.word()}_${g.word()} = self.${g.ident()}.get("${g.word()}", ${g.int(100)})`,
  (g) => `func (s *${g.word()}) ${g.ident()}(ctx context.Context) error {`,
  (g) => `  ${g.word()}: ${g.word()}-${g.word()}`,
  (g) => `    "${g.ident()}": "${g.word()} ${g.word()}",`,
  (g) => `  id = "${g.str(8, HEX)}-${g.str(4, HEX)}-${g.str(4, HEX)}-${g.str(4, HEX)}-${g.str(12, HEX)}"`,
  (g) => `  checksum: ${g.str(64, HEX)}`,
  (g) => `  ${g.ident()}Token: ${g.word()}Token,`,
  (g) => `  log.info("${g.word()} ${g.word()} %s", ${g.ident()})`,
  (g) => `  assert ${g.ident()}(${g.int(100)}) == ${g.int(100)}`,
  (g) => `| ${g.word()} | ${g.word()} | ${g.int(1000)} |`,
  (g) => `  return fmt.Errorf("${g.word()}: %w", err)`,
  (g) => `  uses: actions/${g.word()}@${g.str(40, HEX)}`,
  (g) => `  password: ${g.word()}.${g.word()}Password`,
  (g) => `  secret = get_secret("${g.word()}")`,
  (g) => `  x${g.int(99)} := ${g.ident()}[${g.int(10)}:${g.int(100)}]`,
  () => ``,
  () => `}`,
];
const EXTS = [".js", ".ts", ".py", ".go", ".yml", ".json", ".md", ".env", ".rb", ".java", ".cfg", ".txt"];

/**
 * Write the corpus into `dir`. Returns the planted secrets ({ file, line, kind }) and counts.
 * Roughly `totalBytes` spread over `files` files.
 */
export function writeCorpus(dir, { seed, files = 300, totalBytes = 20e6, secrets = 320, decoys = 320 }) {
  const rand = prng(seed);
  const g = gen(rand);
  const kinds = secretKinds(g);
  const kindNames = Object.keys(kinds).filter((k) => k !== "gcp-service-account-head");
  const decoyGens = decoyKinds(g);
  // which file gets which inserts
  const inserts = Array.from({ length: files }, () => []);
  for (let i = 0; i < secrets; i++) inserts[g.int(files)].push({ type: "secret", kind: kindNames[i % kindNames.length] });
  for (let i = 0; i < decoys; i++) inserts[g.int(files)].push({ type: "decoy", gen: decoyGens[i % decoyGens.length] });
  const planted = [];
  let decoyCount = 0;
  const perFile = totalBytes / files;
  mkdirSync(dir, { recursive: true });
  for (let f = 0; f < files; f++) {
    const sub = `${g.word()}/${g.word()}`;
    const rel = `${sub}/${g.ident()}_${f}${g.pick(EXTS)}`;
    const lines = [];
    let bytes = 0;
    const target = perFile * (0.5 + rand());
    const todo = inserts[f];
    // spread the inserts over the file
    const every = Math.max(1, Math.floor(target / 60 / (todo.length + 1)));
    let k = 0;
    while (bytes < target) {
      if (k < todo.length && lines.length > 0 && lines.length % every === 0) {
        const ins = todo[k++];
        if (ins.type === "secret") {
          const head = ins.kind === "gcp-service-account" ? kinds["gcp-service-account-head"]() : [];
          const block = [...(head.length ? ["{", ...head] : []), ...kinds[ins.kind]()];
          planted.push({ file: rel, line: lines.length + 1 + head.length + (head.length ? 1 : 0), kind: ins.kind });
          lines.push(...block);
          if (head.length) lines.push("}");
        } else {
          lines.push(...ins.gen());
          decoyCount++;
        }
        continue;
      }
      const l = g.pick(FILLER)(g);
      lines.push(l);
      bytes += l.length + 1;
    }
    while (k < todo.length) {
      const ins = todo[k++];
      if (ins.type === "secret") {
        planted.push({ file: rel, line: lines.length + 1, kind: ins.kind });
        lines.push(...kinds[ins.kind]());
      } else {
        lines.push(...ins.gen());
        decoyCount++;
      }
    }
    mkdirSync(path.join(dir, sub), { recursive: true });
    writeFileSync(path.join(dir, rel), lines.join("\n") + "\n");
  }
  return { planted, decoys: decoyCount, kinds: kindNames };
}
