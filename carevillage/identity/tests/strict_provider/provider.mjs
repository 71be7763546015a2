// A strict OpenID Connect provider for the test suite, built on the certified
// `oidc-provider` (npm, pinned in package.json). It plays an e-ID broker that follows
// the specifications to the letter, unlike the lenient development mock:
//   - PKCE (S256) and a nonce are required; authorization requests must be pushed (PAR);
//   - profile claims and the national id come only from UserInfo, never in the ID token;
//   - subject identifiers are pairwise (the `sub` is not the person's account id);
//   - client secrets are form-decoded from HTTP Basic (RFC 6749 §2.3.1).
// Usage: node provider.mjs '<json config>'   config: {port, clients: [...], persons: [...]}
// It prints "ready <issuer>" once it listens.
import crypto from 'node:crypto';
import http from 'node:http';

import Provider from 'oidc-provider';

const config = JSON.parse(process.argv[2]);
const issuer = `http://127.0.0.1:${config.port}`;
const persons = new Map(config.persons.map((person) => [person.sub, person]));
const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'strict-1', use: 'sig', alg: 'RS256' };
const salt = crypto.randomBytes(16).toString('hex');

const provider = new Provider(issuer, {
  clients: config.clients,
  jwks: { keys: [signingKey] },
  cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
  pkce: { required: () => true },
  acrValues: config.acr_values,
  subjectTypes: ['public', 'pairwise'],
  pairwiseIdentifier: async (ctx, accountId, client) => crypto
    .createHash('sha256')
    .update(`${client.sectorIdentifier}|${accountId}|${salt}`)
    .digest('hex'),
  claims: {
    openid: ['sub'],
    profile: ['name', 'given_name', 'family_name', 'birthdate', config.national_id_claim],
  },
  features: {
    devInteractions: { enabled: false },
    pushedAuthorizationRequests: { enabled: true, requirePushedAuthorizationRequests: true },
    rpInitiatedLogout: { enabled: true },
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  findAccount: async (ctx, id) => {
    const person = persons.get(id);
    if (!person) return undefined;
    return {
      accountId: id,
      claims: async () => {
        const { acr, ...claims } = person;
        return claims;
      },
    };
  },
  // Every person consents to what the client asks for: the test is about the client.
  loadExistingGrant: async (ctx) => {
    const { client, session, params } = ctx.oidc;
    const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
    grant.addOIDCScope(params.scope);
    await grant.save();
    return grant;
  },
});
provider.proxy = false;

// OpenID Connect makes the nonce optional in the code flow; an e-ID broker may demand it.
// Requests arrive pushed (PAR is required), so the pushed form is where it is checked.
function refuseWithoutNonce(res) {
  res.statusCode = 400;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ error: 'invalid_request', error_description: 'nonce is required' }));
}

const escape = (text) => String(text).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

async function readForm(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString());
}

async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  const uid = details.uid;
  if (req.method === 'GET') {
    const buttons = [...persons.keys()]
      .map((sub) => `<button type="submit" name="sub" value="${escape(sub)}">${escape(sub)}</button>`)
      .join('\n');
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Strict test e-ID</title></head>
<body><main><h1>Strict test e-ID</h1>
<form method="post" action="/interaction/${uid}">${buttons}
<button type="submit" name="action" value="deny">Cancel</button></form></main></body></html>`);
    return;
  }
  const form = await readForm(req);
  if (form.get('action') === 'deny' || !persons.has(form.get('sub'))) {
    await provider.interactionFinished(req, res, {
      error: 'access_denied', error_description: 'the person cancelled',
    }, { mergeWithLastSubmission: false });
    return;
  }
  const sub = form.get('sub');
  await provider.interactionFinished(req, res, {
    login: { accountId: sub, acr: persons.get(sub).acr, amr: ['pwd'] },
  }, { mergeWithLastSubmission: false });
}

const callback = provider.callback();
http.createServer(async (req, res) => {
  const path = req.url.split('?')[0];
  if (path === '/auth' && !new URL(req.url, issuer).searchParams.has('request_uri')
      && !new URL(req.url, issuer).searchParams.get('nonce')) {
    refuseWithoutNonce(res);
    return;
  }
  if (path === '/request' && req.method === 'POST') {
    const form = await readForm(req);
    if (!form.get('nonce')) {
      refuseWithoutNonce(res);
      return;
    }
    req.body = form.toString(); // oidc-provider reads an already read body from here
  }
  if (req.url.startsWith('/interaction/')) {
    interaction(req, res).catch((error) => {
      res.statusCode = 400;
      res.end(String(error));
    });
    return;
  }
  callback(req, res);
}).listen(config.port, '127.0.0.1', () => {
  process.stdout.write(`ready ${issuer}\n`);
});
