// A real OpenID Connect provider for the tests (npm oidc-provider, the certified reference
// implementation), started by tests/sso/provider.py in a second process.
//
// Environment: OP_PORT, OP_ISSUER (default http://127.0.0.1:OP_PORT), OP_CLIENT_ID,
// OP_CLIENT_SECRET, OP_REDIRECT_URIS (comma-separated), OP_ACCOUNTS (a JSON file read at every
// log-in, so a test can take a person out of a group between two log-ins):
//   {"anna": {"password": "…", "amr": ["pwd", "mfa"], "acr": "…", "claims": {"groups": […]}}}
//
// Log-in: GET /interaction/:uid shows a form; POST it with login and password. Consent is
// granted at once (the municipality's own application needs no consent screen).
//
// Only for the negative tests: POST /__test__/next-id-token with one of tampered, expired,
// wrong-audience, wrong-issuer makes the next token response carry an ID token changed that way
// (re-signed with the provider's own key, except "tampered", whose signature no longer fits).
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { generateKeyPair, exportJWK, SignJWT, decodeJwt, decodeProtectedHeader, importJWK } from 'jose';
import Provider from 'oidc-provider';

const port = Number(process.env.OP_PORT);
const issuer = process.env.OP_ISSUER || `http://127.0.0.1:${port}`;
const accounts = () => JSON.parse(readFileSync(process.env.OP_ACCOUNTS, 'utf8'));

const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const jwk = { ...(await exportJWK(privateKey)), kid: 'test-key-1', alg: 'RS256', use: 'sig' };
const signingKey = await importJWK(jwk, 'RS256');

const provider = new Provider(issuer, {
  clients: [{
    client_id: process.env.OP_CLIENT_ID,
    client_secret: process.env.OP_CLIENT_SECRET,
    redirect_uris: process.env.OP_REDIRECT_URIS.split(','),
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  jwks: { keys: [jwk] },
  cookies: { keys: ['test-only-cookie-key'] },
  pkce: { required: () => true },
  claims: {
    openid: ['sub', 'acr', 'amr', 'auth_time'],
    email: ['email', 'email_verified'],
    // role and roles stand for attributes a user can edit in their own profile: released, so
    // the tests can show that Herningmodel ignores them.
    profile: ['name', 'given_name', 'family_name', 'role', 'roles'],
    groups: ['groups'],
  },
  acrValues: ['urn:test:loa:substantial', 'urn:test:loa:low'],
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  findAccount: async (ctx, id) => {
    const account = accounts()[id];
    if (!account) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...account.claims }) };
  },
});
provider.proxy = false;

let nextIdToken = null;
const mutations = {
  'wrong-audience': (claims) => ({ ...claims, aud: 'another-service' }),
  'wrong-issuer': (claims) => ({ ...claims, iss: 'http://127.0.0.1:1/someone-else' }),
  expired: (claims) => ({ ...claims, iat: claims.iat - 7200, exp: claims.iat - 3600 }),
};

provider.use(async (ctx, next) => {
  await next();
  if (ctx.path !== '/token' || !nextIdToken || !ctx.body?.id_token) return;
  const mode = nextIdToken;
  nextIdToken = null;
  const token = ctx.body.id_token;
  if (mode === 'tampered') {
    const [head, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url'));
    claims.groups = [...(claims.groups || []), 'GG-Herning-Administratorer'];
    ctx.body.id_token = [head, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
    return;
  }
  const header = decodeProtectedHeader(token);
  ctx.body.id_token = await new SignJWT(mutations[mode](decodeJwt(token)))
    .setProtectedHeader(header).sign(signingKey);
});

const form = (uid, message) => `<!doctype html><html lang="en"><head><title>Test identity provider</title></head>
<body><main><h1>Test identity provider</h1>${message ? `<p role="alert">${message}</p>` : ''}
<form method="post" action="/interaction/${uid}">
<label for="login">User name</label><input id="login" name="login" autocomplete="username">
<label for="password">Password</label><input id="password" name="password" type="password">
<button type="submit">Sign in</button></form></main></body></html>`;

const readBody = (req) => new Promise((resolve) => {
  let data = '';
  req.on('data', (chunk) => { data += chunk; });
  req.on('end', () => resolve(new URLSearchParams(data)));
});

async function interaction(req, res, uid) {
  const details = await provider.interactionDetails(req, res);
  if (details.prompt.name === 'consent') {
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
    grant.addOIDCScope(details.params.scope);
    return provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } });
  }
  if (req.method === 'GET') {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    return res.end(form(uid));
  }
  const body = await readBody(req);
  const account = accounts()[body.get('login')];
  if (!account || account.password !== body.get('password')) {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    return res.end(form(uid, 'Wrong user name or password.'));
  }
  return provider.interactionFinished(req, res, {
    login: { accountId: body.get('login'), amr: account.amr || ['pwd'], acr: account.acr },
  });
}

const handle = provider.callback();
http.createServer(async (req, res) => {
  try {
    const match = req.url.match(/^\/interaction\/([\w-]+)$/);
    if (match) return await interaction(req, res, match[1]);
    if (req.url === '/__test__/next-id-token' && req.method === 'POST') {
      const mode = (await readBody(req)).get('mode');
      if (mode !== 'tampered' && !(mode in mutations)) { res.statusCode = 400; return res.end(); }
      nextIdToken = mode;
      return res.end('ok');
    }
    return handle(req, res);
  } catch (err) {
    res.statusCode = 500;
    res.end(String(err));
  }
}).listen(port, '127.0.0.1', () => console.log(`listening ${issuer}`));
