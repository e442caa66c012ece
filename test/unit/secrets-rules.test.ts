import { describe, expect, test } from "@jest/globals";
import RE2 from "re2";
import { withoutCaptures } from "../../src/secrets/compile.js";
import { scanText } from "../../src/secrets/engine.js";
import { RULES } from "../../src/secrets/rules.js";
import { ALPHA, fakes } from "../helpers/secrets.js";

const key = Buffer.alloc(32, 3);
const f = fakes(7);
const { str, pem } = f;
const B = "-----BEGIN";
const rulesOf = (text: string) => scanText("x.txt", text, { key }).findings.map((x) => x.ruleId);

// [rule id, text that must be found by exactly that rule]
const positives: [string, string][] = [
  ["aws-access-key-id", `aws_access_key_id = ${"AK" + "IA"}${str(16, ALPHA.b32)}`],
  ["aws-access-key-id", `"${"AS" + "IA"}${str(16, ALPHA.b32)}"`],
  ["aws-secret-access-key", `aws_secret_access_key = ${str(40, ALPHA.b64)}`],
  ["aws-secret-access-key", `AWS_SECRET_ACCESS_KEY: "${str(40, ALPHA.b64)}"`],
  ["github-token", `token: ${"gh" + "p_"}${str(36, ALPHA.b62)}`],
  ["github-token", `GH=${"gh" + "s_"}${str(36, ALPHA.b62)}`],
  ["github-token", `x ${"gh" + "o_"}${str(36, ALPHA.b62)} y`],
  ["github-fine-grained-token", `pat = "${"github" + "_pat_"}${str(22, ALPHA.b62)}_${str(59, ALPHA.b62)}"`],
  ["gitlab-token", `GITLAB_TOKEN=${"glp" + "at-"}${str(20, ALPHA.b62)}`],
  ["gitlab-token", `deploy: ${"gld" + "t-"}${str(20, ALPHA.b62)}`],
  ["gitlab-runner-registration-token", `token: ${"GR13" + "48941"}${str(20, ALPHA.b62)}`],
  ["slack-token", `SLACK=${"xo" + "xb-"}${str(1, "123456789")}${str(11, ALPHA.digits)}-${str(1, "123456789")}${str(12, ALPHA.digits)}-${str(24, ALPHA.b62)}`],
  ["slack-token", `t = "${"xo" + "xp-"}${str(11, ALPHA.digits)}-${str(11, ALPHA.digits)}-${str(13, ALPHA.digits)}-${str(32, ALPHA.hex)}"`],
  ["slack-webhook", `url: https://hooks.${"sla" + "ck"}.com/services/T${str(8, ALPHA.upper)}/B${str(10, ALPHA.upper)}/${str(24, ALPHA.b62)}`],
  ["stripe-live-key", `stripe = ${"sk_" + "live_"}${str(24, ALPHA.b62)}`],
  ["stripe-restricted-key", `stripe = ${"rk_" + "live_"}${str(99, ALPHA.b62)}`],
  ["google-api-key", `key=${"AI" + "za"}${str(35, ALPHA.url)}`],
  ["google-oauth-client-secret", `"client_secret": "${"GOC" + "SPX-"}${str(28, ALPHA.url)}"`],
  ["google-oauth-access-token", `Authorization: Bearer ${"ya" + "29."}${str(150, ALPHA.url)}`],
  ["azure-ad-client-secret", `AZURE_CLIENT_SECRET=${str(3, ALPHA.b62)}8${"Q" + "~"}${str(34, ALPHA.b62 + "_~.-")}`],
  ["azure-storage-connection-string", `DefaultEndpointsProtocol=https;AccountName=acct${str(4, ALPHA.lower)};AccountKey=${str(86, ALPHA.b64)}==;EndpointSuffix=core.windows.net`],
  ["azure-storage-key", `azure_storage_key = "${str(86, ALPHA.b64)}=="`],
  ["azure-shared-access-key", `Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=${str(43, ALPHA.b64)}=`],
  ["azure-sas-token", `https://acct.blob.core.windows.net/c?sv=2022-11-02&ss=b&srt=co&sp=rl&se=2030-01-01T00:00:00Z&spr=https&sig=${str(43, ALPHA.b62)}%3D`],
  ["npm-token", `NPM_TOKEN=${"np" + "m_"}${str(36, ALPHA.b62)}`],
  ["npmrc-auth-token", `//registry.npmjs.org/:_authToken=${str(8, ALPHA.hex)}-${str(4, ALPHA.hex)}-${str(4, ALPHA.hex)}-${str(4, ALPHA.hex)}-${str(12, ALPHA.hex)}`],
  ["pypi-token", `password = ${"pypi-AgEIcHl" + "waS5vcmc"}${str(120, ALPHA.url)}`],
  ["twilio-api-key", `twilio = "${"S" + "K"}${str(32, ALPHA.hex)}"`],
  ["twilio-auth-token", `TWILIO_AUTH_TOKEN=${str(32, ALPHA.hex)}`],
  ["sendgrid-api-key", `SENDGRID=${"S" + "G."}${str(22, ALPHA.url)}.${str(43, ALPHA.url)}`],
  ["mailgun-api-key", `MAILGUN_KEY="${"ke" + "y-"}${str(32, ALPHA.hex)}"`],
  ["mailgun-signing-key", `mailgun_signing_key: ${str(32, ALPHA.hex)}-${str(8, ALPHA.hex)}-${str(8, ALPHA.hex)}`],
  ["openai-api-key", `OPENAI_API_KEY=${"sk-" + "proj-"}${str(74, ALPHA.url)}${"T3Blbk" + "FJ"}${str(74, ALPHA.url)}`],
  ["openai-api-key", `k = "sk-${str(20, ALPHA.b62)}${"T3Blbk" + "FJ"}${str(20, ALPHA.b62)}"`],
  ["anthropic-api-key", `ANTHROPIC_API_KEY=${"sk-" + "ant-api03-"}${str(93, ALPHA.url)}AA`],
  ["huggingface-token", `HF_TOKEN=${"h" + "f_"}${str(34, ALPHA.upper + ALPHA.lower)}`],
  [
    "jwt",
    `auth = "${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString("base64url")}.${Buffer.from(`{"sub":"${str(10, ALPHA.b62)}","exp":1900000000}`).toString("base64url")}.${str(43, ALPHA.url)}"`,
  ],
  ["database-url-password", `DATABASE_URL=postgres://app:${str(18, ALPHA.b62)}@db.internal:5432/app`],
  ["database-url-password", `REDIS_URL=redis://:${str(20, ALPHA.b62)}@cache:6379/0`],
  ["database-url-password", `uri = "mongodb+srv://svc:${str(16, ALPHA.b62)}@cluster0.abcde.mongodb.net/prod"`],
  ["bearer-token", `curl -H "Authorization: Bearer ${str(40, ALPHA.b62)}" https://api.example.org`],
  ["database-url-password", `git clone https://ci-bot:${str(24, ALPHA.b62)}@git.internal.org/team/repo.git`],
  ["generic-secret", `password = "${str(20, ALPHA.b62)}"`],
  ["generic-secret", `  <password>${str(18, ALPHA.b62)}</password>`],
  ["generic-secret", `  <add key="PaymentApiKey" value="${str(32, ALPHA.b62)}" />`],
  ["generic-secret", `client.setApiKey("${str(32, ALPHA.b62)}");`],
  ["generic-secret", `client_secret: ${str(24, ALPHA.b62)}`],
  ["generic-secret", `"apiKey": "${str(32, ALPHA.b62)}",`],
  ["generic-secret", `export SECRET_KEY=${str(40, ALPHA.b62)}`],
  ["generic-secret", `"SecretKey": "${str(12, ALPHA.b62)}/${str(27, ALPHA.b62)}",`],
  // letters only, mixed case throughout: 16 characters are enough (the bench corpus's miss)
  ["generic-secret", `export DB_PASSWORD=${"pTyFIJCSFU" + "_BeMOe"}`],
  // a random key that holds a short placeholder word by chance ("HerE", "todo") is still a key
  ["azure-storage-connection-string", `conn="DefaultEndpointsProtocol=https;AccountName=hm1bruve7k;AccountKey=LQs7${str(20, ALPHA.b64)}HerE${str(58, ALPHA.b64)}==;EndpointSuffix=core.windows.net"`],
  ["github-token", `token: ${"gh" + "p_"}${str(10, ALPHA.b62)}xtodoQ${str(20, ALPHA.b62)}`],
  ["gcp-service-account", `{"type": "service_account", "private_key": "${pem("PRIVATE KEY", "MIIEvgIBADANBgkqhkiG9w0BAQEFAASC", 1600).replace(/\n/g, "\\n")}\\n"}`],
  // the forms of the independent corpus's misses (bench/secrets-independent.bench.mjs)
  ["generic-secret", `DB_PASS='${str(16, ALPHA.b62)}7'`],
  ["generic-secret", `export MAPBOX_KEY=${str(40, ALPHA.hex)}`],
  ["generic-secret", `          mysql_root_password: ${str(4, ALPHA.lower)}%${str(5, ALPHA.upper)}${str(3, ALPHA.lower)}%${str(2, ALPHA.upper)}`],
  ["azure-storage-key", `<property name="storage.account.key" value="${str(86, ALPHA.b64)}=="/>`],
  ["generic-secret", `"SessionToken": "${str(40, ALPHA.b64)}7",`],
  ["generic-secret", `config.set("api_key", "${str(24, ALPHA.b62)}9")`],
  ["npmrc-auth-token", `  _auth = ${str(30, ALPHA.b64)}`],
  ["generic-secret", `smtp-pass: ${str(16, ALPHA.b62)}7`],
  ["generic-secret", `fiber_passive_password: "${str(20, ALPHA.b62)}7"`],
  ["generic-secret", `ENV['API_TOKEN'] ||= '${str(30, ALPHA.b62)}4'`],
  ["generic-secret", `const apiKey = process.env.API_KEY || "${str(30, ALPHA.b62)}2";`],
  ["twilio-auth-token", `"os.environ[\\"TWILIO_AUTH_TOKEN\\"] = \\"${str(32, ALPHA.hex)}\\"\\n",`],
  ["twilio-auth-token-pair", `from twilio.rest import Client\nclient = Client("${"A" + "C"}${str(32, ALPHA.hex)}", "${str(32, ALPHA.hex)}")`],
  ["mailgun-private-key", `requests.post("https://api.mailgun.net/v3/mg.acme.io/messages",\n  auth=("api", "${str(32, ALPHA.hex)}-${str(8, ALPHA.hex)}-${str(8, ALPHA.hex)}"))`],
  ["twilio-auth-token-pair", `client = Client("${"A" + "C"}${str(32, ALPHA.hex)}", "${str(32, ALPHA.hex)}")`],
  ["mailgun-private-key", `auth=("api", "${str(32, ALPHA.hex)}-${str(8, ALPHA.hex)}-${str(8, ALPHA.hex)}"),`],
  ["mailgun-private-key", `curl -s --user 'api:${str(32, ALPHA.hex)}-${str(8, ALPHA.hex)}-${str(8, ALPHA.hex)}' https://api.mailgun.net/v3/x/messages`],
  ["django-secret-key", `SECRET_KEY = '${"django-" + "insecure-"}${str(50, ALPHA.lower + ALPHA.digits + "!@#$%^&*(-_=+)")}'`],
  ["azure-storage-key", `az storage blob upload --account-name acme --account-key ${str(86, ALPHA.b64)}== -c backups`],
  ["azure-storage-key", `var credential = new StorageSharedKeyCredential("acme", "${str(86, ALPHA.b64)}==");`],
  ["azure-storage-key", `<add key="AzureStorageKey" value="${str(86, ALPHA.b64)}==" />`],
  ["aws-secret-access-key", `aws configure set aws_secret_access_key ${str(40, ALPHA.b64)}`],
  ["database-url-password", `DATABASE_URL=postgresql+psycopg2://app:${str(18, ALPHA.b62)}@db.internal/app`],
  ["kubernetes-secret-data", `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ntype: Opaque\ndata:\n  DATABASE_URL: ${Buffer.from(`postgres://app:${str(16, ALPHA.b62)}@db/app`).toString("base64")}\n`],
  ["kubernetes-secret-data", `kind: Secret\ndata:\n  signing.key: ${str(43, ALPHA.b64)}=\n`],
  ["kubernetes-secret-data", `kind: "Secret"\ndata:\n  token: "${Buffer.from(str(32, ALPHA.b62)).toString("base64")}"\r\n`],
  ["basic-auth-credentials", `  "Authorization": "Basic ${Buffer.from(`deploy:${str(16, ALPHA.b62)}`).toString("base64")}"`],
  ["curl-user-password", `curl -u admin:${str(15, ALPHA.b62)}7 https://api.acme.io/v1/deploy`],
  ["curl-user-password", `curl -sS \\\n  --user "ci:${str(20, ALPHA.b62)}" \\\n  https://artifacts.acme.io/upload`],
  ["database-url-password", `database_url: https://svc_billing:${str(17, ALPHA.upper + ALPHA.lower)}@artifacts.acme.io/pypi/simple  # 本番用キー`],
  ["generic-secret", `      DB_PASSWORD: ${str(4, ALPHA.upper)}${str(9, ALPHA.lower)}!${str(3, ALPHA.upper)}`],
  ["putty-private-key", `PuTTY-User-Key-File-2: ssh-rsa\nEncryption: none\nComment: k\nPublic-Lines: 1\n${str(60, ALPHA.b64)}\nPrivate-Lines: 2\n${str(64, ALPHA.b64)}\n${str(40, ALPHA.b64)}\n`], // scorecard-bot:allow-secret the row names the rule, the value is generated
  // Jupyter notebooks hold source lines as JSON strings: the value ends at an escaped quote
  ["generic-secret", `    "DB_PASSWORD = \\"${str(24, ALPHA.b62)}!\\"\\n",`],
  ["generic-secret", `    "os.environ[\\"API_KEY\\"] = \\"${str(32, ALPHA.hex)}\\"\\n",`],
  // typed declarations (TypeScript, Python, Kotlin, Rust)
  ["generic-secret", `const adminPassword: string = "${str(20, ALPHA.b62)}!";`],
  ["generic-secret", `API_TOKEN: str = "${str(32, ALPHA.b62)}"`],
  ["generic-secret", `const API_SECRET: &str = "${str(24, ALPHA.b62)}9";`],
  ["pypi-token", `password = ${"pypi-AgEIcHl" + "waS5vcmc"}${str(30, ALPHA.url)}XXxX${str(90, ALPHA.url)}`],
  // six equal digits in a long digit string happen by chance; a mask of digits is longer
  ["slack-token", `t = "${"xo" + "xp-"}${str(11, ALPHA.digits)}-${str(5, ALPHA.digits)}333333-${str(13, ALPHA.digits)}-${str(32, ALPHA.hex)}"`],
  // a random key without a digit (1 in 900): its "/" or "+" still marks it
  ["aws-secret-access-key", `"awsSecretKey": "/${str(20, ALPHA.upper + ALPHA.lower)}+${str(18, ALPHA.upper + ALPHA.lower)}",`],
  // prose in a README
  ["generic-secret", `Set \`JWT_SECRET\` to \`${str(32, ALPHA.b62)}7\` in your environment.`],
  ["generic-secret", `- set \`api_key\` TO \`${str(20, ALPHA.b62)}!\``],
];

// private keys of every common type (RFC 7468 labels; real DER prefixes, random bodies)
const keys: [string, string][] = [
  ["RSA PKCS#1", pem("RSA PRIVATE KEY", "MIIEpAIBAAKCAQEA", 1600)],
  ["RSA PKCS#8", pem("PRIVATE KEY", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", 1620)],
  ["EC SEC1", pem("EC PRIVATE KEY", "MHcCAQEEI", 164)],
  ["Ed25519 PKCS#8", pem("PRIVATE KEY", "MC4CAQAwBQYDK2VwBCIEI", 64)],
  ["DSA", pem("DSA PRIVATE KEY", "MIIBuwIBAAKBgQ", 600)],
  ["OpenSSH", `${B} OPENSSH PRIVATE KEY-----\n${("b3BlbnNzaC1rZXktdjEAAAAABG5vbmU" + str(360, ALPHA.b64)).match(/.{1,70}/g)!.join("\n")}\n-----END OPENSSH PRIVATE KEY-----`],
  ["PGP", `${B} PGP PRIVATE KEY BLOCK-----\nVersion: GnuPG v2\n\n${f.pemBody("lQOYBF", 1200)}\n=${str(4, ALPHA.b64)}\n-----END PGP PRIVATE KEY BLOCK-----`],
  ["encrypted PKCS#8", pem("ENCRYPTED PRIVATE KEY", "MIIFHDBOBgkqhkiG9w0BBQ0w", 1740)],
  ["encrypted PKCS#1", pem("RSA PRIVATE KEY", "", 1600, `Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,${str(32, ALPHA.hex).toUpperCase()}\n\n`)],
  ["escaped in a JSON string", `{"key": "${pem("EC PRIVATE KEY", "MHcCAQEEI", 164).replace(/\n/g, "\\n")}"}`],
  ["escaped twice (JSON inside a string)", `x = "{\\"k\\": \\"${pem("PRIVATE KEY", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", 1620).replace(/\n/g, "\\\\n")}\\"}"`],
  ["string literals joined by +", `const k = "${pem("EC PRIVATE KEY", "MHcCAQEEI", 164).split("\n").join('\\n" +\n  "')}";`],
  ["CRLF line endings", pem("RSA PRIVATE KEY", "MIIEpAIBAAKCAQEA", 1600).replace(/\n/g, "\r\n")],
];

// [rule id that must NOT fire, look-alike text]
const negatives: [string, string][] = [
  ["aws-access-key-id", `aws_access_key_id = ${"AK" + "IA"}IOSFODNN7EXAMPLE`],
  ["aws-access-key-id", `x${"AK" + "IA"}${str(16, ALPHA.b32)}`],
  ["aws-access-key-id", `${"AK" + "IA"}${str(15, ALPHA.b32)}`],
  ["aws-secret-access-key", `aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCY${"EXAMPLE"}KEY`],
  ["aws-secret-access-key", `aws_instance_profile = ${str(20, ALPHA.upper)}${str(20, ALPHA.lower)}`],
  ["aws-secret-access-key", `aws_region = ${str(40, ALPHA.lower)}`],
  ["github-token", `token: ${"gh" + "p_"}${"x".repeat(36)}`],
  ["github-token", `token: ${"gh" + "p_"}${str(35, ALPHA.b62)}`],
  ["github-token", `GITHUB_TOKEN: \${{ secrets.GITHUB_TOKEN }}`],
  ["github-fine-grained-token", `${"github" + "_pat_"}${str(20, ALPHA.b62)}`],
  ["gitlab-token", `${"glp" + "at-"}xxxxxxxxxxxxxxxxxxxx`],
  ["slack-token", `SLACK_TOKEN="${"xo" + "xb-"}your-bot-token-here"`],
  ["github-token", `token: ${"gh" + "p_"}YourPersonalAccessTokenHere12345678`],
  ["generic-secret", `password = "Paste-Your-Key-Here-0000"`],
  ["generic-secret", `api_key = "${str(12, ALPHA.b62)}_HERE"`],
  ["generic-secret", `const apiKey: string = process.env.API_KEY_${str(8, ALPHA.upper)};`],
  ["generic-secret", `password: Optional[str] = None`],
  // letters only: identifiers in either case style are not passwords
  ["generic-secret", `token = ConnectionStringBuilderName`],
  ["generic-secret", `password = connection_string_builder`],
  ["slack-webhook", `https://hooks.${"sla" + "ck"}.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX`],
  ["stripe-live-key", `stripe = ${"sk_" + "test_"}${str(24, ALPHA.b62)}`],
  ["stripe-live-key", `publishable = ${"pk_" + "live_"}${str(24, ALPHA.b62)}`],
  ["google-api-key", `key=${"AI" + "za"}SyXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX`],
  ["azure-storage-connection-string", `AccountName=devstoreaccount1;AccountKey=<your-account-key>`],
  ["azure-storage-connection-string", `AccountName=devstoreaccount1;AccountKey=${"Eby8vdM0" + "2xNOcqFl"}${str(70, ALPHA.b64)}==`],
  ["generic-secret", `"password": "${"$2" + "b$12$"}${str(53, ALPHA.b62 + "./")}"`],
  ["npm-token", `npm_config_cache=/tmp/npm`],
  ["npmrc-auth-token", `//registry.npmjs.org/:_authToken=\${NPM_TOKEN}`],
  ["twilio-api-key", `id = "${"S" + "K"}${str(30, ALPHA.hex)}"`],
  ["sendgrid-api-key", `${"S" + "G."}xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`],
  ["mailgun-api-key", `key-value store: key-${str(8, ALPHA.lower)}`],
  ["openai-api-key", `OPENAI_API_KEY=sk-...`],
  ["jwt", `jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.${str(43, ALPHA.url)}"`],
  ["jwt", `x = "eyJ${str(20, ALPHA.b62)}.eyJ${str(20, ALPHA.b62)}.${str(30, ALPHA.b62)}"`],
  ["database-url-password", `DATABASE_URL=postgres://user:password@localhost:5432/app`],
  ["database-url-password", `DATABASE_URL=postgres://\${DB_USER}:\${DB_PASSWORD}@db:5432/app`],
  ["database-url-password", `mysql://root:root@127.0.0.1/test`],
  ["database-url-password", `postgres://app:${str(18, ALPHA.b62)}@db.example.com/app`],
  ["bearer-token", `Authorization: Bearer <token>`],
  ["bearer-token", `headers: { Authorization: "Bearer " + accessToken }`],
  ["bearer-token", `Authorization: Bearer \${{ secrets.API_TOKEN }}`],
  ["database-url-password", `https://user:password@example.com/repo.git`],
  ["database-url-password", `https://\${GITHUB_ACTOR}:\${GITHUB_TOKEN}@github.com/o/r.git`],
  ["database-url-password", `see http://localhost:8080/path and http://host:3000@x`],
  ["generic-secret", `password: \${{ secrets.DB_PASSWORD }}`],
  ["generic-secret", `token = os.environ["GITHUB_TOKEN"]`],
  ["generic-secret", `const token = await getToken(user1);`],
  ["generic-secret", `tokenizer = AutoTokenizer.from_pretrained("bert-base-uncased")`],
  ["generic-secret", `password_min_length = 12`],
  ["generic-secret", `<PasswordInput>{value}</PasswordInput>`],
  ["generic-secret", `const t = System.getenv("API_TOKEN");`],
  ["generic-secret", `user.setPassword(request.getParameter("password"));`],
  ["generic-secret", `token_url: https://oauth2.googleapis.com/token`],
  ["generic-secret", `secret_name: "prod/db/password1"`],
  ["generic-secret", `token_file = "/var/run/secrets/kubernetes.io/serviceaccount/tok3n"`],
  ["generic-secret", `secret: config/keys/deploy-2024.pem`],
  ["generic-secret", `password = "changeme"`],
  ["generic-secret", `api_key: "<your-api-key>"`],
  ["generic-secret", `password: user.accountPasswordField`],
  ["generic-secret", `const accessTokenProvider = new AccessTokenProvider(cfg);`],
  ["generic-secret", `password = "${"a".repeat(20)}1"`],
  ["generic-secret", `secret: my-app-secret-v2`],
  ["generic-secret", `DATABASE_URL=mongodb+srv://<username>:<password>@cluster0.mongodb.net/test`],
  ["kubernetes-secret-data", `kind: Secret\ndata:\n  password: ${Buffer.from("changeme-please").toString("base64")}\n`],
  ["kubernetes-secret-data", `kind: Secret\ndata:\n  tls.crt: ${Buffer.from("-----BEGIN CERTIFICATE-----\nMIIB" + str(40, ALPHA.b64)).toString("base64")}\n`],
  ["kubernetes-secret-data", `kind: Secret\nmetadata:\n  name: postgrespassword\n  namespace: productionbackend\n`],
  ["kubernetes-secret-data", `kind: ConfigMap\ndata:\n  blob: ${Buffer.from(str(32, ALPHA.b62)).toString("base64")}\n`],
  ["kubernetes-secret-data", `kind: Secret\nmetadata:\n  annotations:\n    digest: ${str(64, ALPHA.hex)}\n`],
  ["generic-secret", `        fiber_force_length_passive=FiberForceLengthPassiveDeGroote2016,`],
  ["generic-secret", `use_passthrough = "${str(20, ALPHA.b62)}7"`],
  ["generic-secret", `"NextToken": "${str(40, ALPHA.b64)}7",`],
  ["generic-secret", `      "ClientRequestToken": "${str(30, ALPHA.b62)}1"`],
  ["generic-secret", `    "AWS::AppSync::ApiKey": "${str(64, ALPHA.hex)}",`],
  ["npmrc-auth-token", `        netrc_auth = get_netrc_auth(original_url_with_credentials)`],
  ["npmrc-auth-token", `        self.master_user_password = master_user_password_from_request`],
  ["aws-secret-access-key", `  "EC2InstanceProfileForImageBuilder": "arn:aws:iam::aws:policy/EC2InstanceProfileForImageBuilder",`],
  ["generic-secret", `"ClientToken": "${str(30, ALPHA.b62)}1",`],
  ["generic-secret", `"PasswordLastUsed": "2016-09-24T16:18:07Z",`],
  ["generic-secret", `"token": "ACEGmnoq#1rstu2...BDFH3vxwy!4hlm!#5",`],
  ["generic-secret", `"token": "abcd1234defg5678${str(4, ALPHA.b62)}"`],
  ["generic-secret", `COCOA = {'NSTokenFieldCell', 'NSTrackingAreaOwnerViewController', 'NSView'}`],
  ["generic-secret", `"access_token":"2YotnFZFEjr1zCsicMWpAA",`],
  ["generic-secret", `>>> tokenizer = AutoTokenizer.from_pretrained("Qwen/Qwen3-0.6B")`],
  ["generic-secret", `    Next page token: ${str(24, ALPHA.b62)}7`],
  ["generic-secret", `self.setdefault("id_token_encrypted_response_enc", "A128CBC-HS256")`],
  ["generic-secret", `self.api_key = "${"sk_" + "live_"}abc123"`],
  ["generic-secret", `uri = "otpauth://totp/ACME:alice@acme.io?secret=JBSWY3DPEHPK3PXP"`],
  ["generic-secret", `"access_token":"mF_9.B5f-4.1JqM",`],
  ["database-url-password", `>>> db_connection_url = "postgresql://myusername:mypassword@myhost:5432/mydb"`],
  ["database-url-password", `return f"postgresql://{user}:{password}@{host}:{port}/{database}"`],
  ["generic-secret", `"result_key": "DBClusterSnapshots",`],
  ["generic-secret", `"result_key": "Ipv6CidrBlockAssociations",`],
  ["generic-secret", `"Sec-WebSocket-Key": "${str(22, ALPHA.b64)}==",`],
  ["generic-secret", `PUBLIC_KEY = "${str(40, ALPHA.b62)}12"`],
  ["generic-secret", `db.primary_key = "${str(20, ALPHA.b62)}34"`],
  ["generic-secret", `secret_hash: ${str(64, ALPHA.hex)}`],
  ["generic-secret", `token_sha256 = "${str(64, ALPHA.hex)}"`],
  ["generic-secret", `password_digest: ${str(40, ALPHA.hex)}`],
  ["generic-secret", `token: 123e4567-e89b-12d3-a456-426614174000`],
  ["basic-auth-credentials", `Authorization: Basic ${Buffer.from("user:password").toString("base64")}`],
  ["basic-auth-credentials", `Authorization: Basic ${Buffer.from("Aladdin:open sesame").toString("base64")}`],
  ["basic-auth-credentials", `Authorization: Basic ${Buffer.from("s6BhdRkqt3:gX1fBat3bV").toString("base64")}`],
  ["basic-auth-credentials", `We use basic authentication throughout the ${str(20, ALPHA.b62)} service`],
  ["curl-user-password", `curl --user "deploy:$DEPLOY_TOKEN" https://api.acme.io`],
  ["curl-user-password", `curl -u user:password https://example.org`],
  ["curl-user-password", `curl https://x.io && docker run -u 1000:1000 img`],
  ["generic-secret", `password: ThisIsMyPassword!`],
  ["generic-secret", `DbSecret: !Ref DatabaseSecretArn`],
  ["database-url-password", `https://user:${"cherry" + "durianfig"}@example.org/x`],
  ["generic-secret", `STRIPE_SECRET_KEY=${"sk_" + "test_"}${str(24, ALPHA.b62)}`],
  ["generic-secret", `stripe_publishable_key: ${"pk_" + "live_"}${str(24, ALPHA.b62)}`],
  ["mailgun-private-key", `id = "${str(32, ALPHA.hex)}-${str(8, ALPHA.hex)}-${str(7, ALPHA.hex)}"`],
  ["mailgun-private-key", `trace = "${str(32, ALPHA.hex)}-${str(8, ALPHA.hex)}-${str(8, ALPHA.hex)}-${str(4, ALPHA.hex)}"`],
  ["twilio-auth-token-pair", `pair("${"A" + "C"}${str(31, ALPHA.hex)}", "${str(32, ALPHA.hex)}")`],
  ["twilio-auth-token-pair", `sid = "${"A" + "C"}${str(32, ALPHA.hex)}"`],
  ["azure-storage-key", `azure_storage_key_version: 2 # "integrity": "sha512-${str(86, ALPHA.b64)}=="`],
  ["private-key", `${B} RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----`],
  ["private-key", `Your key file starts with ${B} OPENSSH PRIVATE KEY----- and must stay private.`],
  ["private-key", pem("PUBLIC KEY", "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA", 392)],
  ["private-key", pem("CERTIFICATE", "MIIDdzCCAl+gAwIBAgIE", 1200)],
  ["private-key", `${B} PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ${"A".repeat(40)}\n-----END PRIVATE KEY-----`],
  // prose that names a setting without a secret value
  ["generic-secret", "Set `DB_PASSWORD` to `changeme` in your environment."],
  ["generic-secret", "Set `API_TOKEN` to `<your-token>` before running."],
  ["generic-secret", "Set `token_ttl` to `3600` seconds, `auth_key` to `${AUTH_KEY}`."],
];

describe("secret rules", () => {
  test("every rule compiles under RE2 (they are compiled lazily at run time)", () => {
    for (const r of RULES) expect(() => new RE2(r.pattern, "gd")).not.toThrow();
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
  });

  test("every rule has at least one positive case", () => {
    const covered = new Set([...positives.map(([id]) => id), "private-key"]);
    expect(RULES.map((r) => r.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  test.each(positives)("%s finds %#", (id, text) => {
    expect([text, rulesOf(text)]).toEqual([text, [id]]);
  });

  test("every rule's regex without its groups (as the keyword pass runs the folded one) matches the same spans", () => {
    const spans = (pattern: string, text: string) => [...text.matchAll(new RE2(pattern, "g"))].map((m) => [m.index, m[0].length, m.length]);
    for (const rule of RULES) {
      const cases = [...positives, ...keys.map(([, text]): [string, string] => ["private-key", text])].filter(([id]) => id === rule.id);
      expect(cases.length).toBeGreaterThan(0);
      for (const [, text] of cases) {
        const plain = spans(withoutCaptures(rule.pattern), text);
        expect(plain.length).toBeGreaterThan(0);
        expect(plain.map(([at, len]) => [at, len])).toEqual(spans(rule.pattern, text).map(([at, len]) => [at, len]));
        expect(plain.every(([, , groups]) => groups === 1)).toBe(true);
      }
    }
  });

  test("a rule run only at its keywords (startsAtKeyword) has every match of its positive cases start at one", () => {
    const flagged = RULES.filter((r) => r.startsAtKeyword);
    expect(flagged.length).toBeGreaterThan(20);
    for (const rule of flagged) {
      expect([rule.id, rule.onKeywordLines]).toEqual([rule.id, true]);
      const kw = new RE2([...rule.keywords.map((k) => (rule.caseSensitive ? "" : "(?i)") + k.replace(/[\\^$.|?*+()[\]{}]/g, "\\$&")), ...(rule.keywordPatterns ?? [])].map((p) => `(?:${p})`).join("|"), "y");
      const cases = positives.filter(([id]) => id === rule.id);
      expect(cases.length).toBeGreaterThan(0);
      for (const [, text] of cases) {
        const starts = [...text.matchAll(new RE2(rule.pattern, "g"))].map((m) => m.index);
        expect(starts.length).toBeGreaterThan(0);
        for (const at of starts) {
          kw.lastIndex = at;
          expect([rule.id, text, at, kw.test(text)]).toEqual([rule.id, text, at, true]);
        }
      }
    }
  });

  test.each(keys)("private key: %s", (_kind, text) => {
    const found = scanText("k.pem", `before\n${text}\nafter\n`, { key }).findings;
    expect(found.map((x) => [x.ruleId, x.line])).toEqual([["private-key", 2]]);
  });

  test.each(negatives)("%s ignores look-alike %#", (id, text) => {
    expect(rulesOf(text)).not.toContain(id);
  });

  test("two tokens separated by one character are both found", () => {
    const a = "gh" + "p_" + str(36, ALPHA.b62);
    const b = "gh" + "p_" + str(36, ALPHA.b62);
    expect(rulesOf(`${a},${b}`)).toEqual(["github-token", "github-token"]);
  });

  test("a token inside a longer word is not one", () => {
    expect(rulesOf(`xx${"gh" + "p_"}${str(36, ALPHA.b62)}`)).toEqual([]);
  });

  test("the more specific rule wins over the generic one", () => {
    expect(rulesOf(`api_key = "${"sk_" + "live_"}${str(24, ALPHA.b62)}"`)).toEqual(["stripe-live-key"]);
    expect(rulesOf(`{"type": "service_account", "private_key": "${pem("PRIVATE KEY", "MIIEvQIBADANBgkq", 1600).replace(/\n/g, "\\n")}"}`)).toEqual([
      "gcp-service-account",
    ]);
  });
});
