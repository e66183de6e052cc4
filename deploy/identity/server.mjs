// The local OAuth 2.0 / OpenID authorization server of `make run` and the tests: oidc-provider, configured to issue
// the platform's access tokens (RFC 9068 JWTs) to department systems. Production replaces it with the province's
// IdP; the services only see the issuer URL, its JWKS and the token contract (README.md).
//
//   node server.mjs --config <file.json>
//
// Grants: client_credentials (a system as itself) and RFC 8693 token exchange (a department's system acting for one
// of its people). Clients: static ones from the config, and more by dynamic registration (RFC 7591) with the
// config's initial access token. Everything is in memory except the signing keys.

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { calculateJwkThumbprint, jwtVerify } from 'jose';
import Provider, { errors } from 'oidc-provider';

const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const JWT_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:jwt';
const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
const SUBJECT_TOKEN_MAX_LIFETIME_S = 300;
const CLOCK_TOLERANCE_S = 15;
const API_SCOPE = /^[a-z][a-z0-9-]*:[a-z][a-z0-9-]*$/; // "resource:action", e.g. cases:read

const configFile = resolve(parseArgs({ options: { config: { type: 'string' } } }).values.config ?? 'identity.json');
const config = {
  host: '127.0.0.1',
  port: 8090,
  audience: 'urn:enforcement-platform:api',
  access_token_ttl_s: 900,
  keys_file: resolve(dirname(configFile), 'keys.json'),
  strict_subjects: false,
  clients: [],
  users: {},
  ...JSON.parse(readFileSync(configFile, 'utf8')),
};
config.issuer ??= `http://${config.host}:${config.port}`;

// ---- signing keys: generated at first start, then reused, so tokens and cached JWKS survive a restart ----

async function signingKeys(file) {
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const generate = async (alg, type, options) => {
    const jwk = generateKeyPairSync(type, options).privateKey.export({ format: 'jwk' });
    return { ...jwk, kid: await calculateJwkThumbprint(jwk), alg, use: 'sig' }; // kid: RFC 7638 thumbprint
  };
  const keys = [
    await generate('RS256', 'rsa', { modulusLength: 2048 }), // signs the access tokens
    await generate('ES256', 'ec', { namedCurve: 'P-256' }),
  ];
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ keys }, null, 2), { mode: 0o600 }); // private keys: owner only
  return { keys };
}

const jwks = await signingKeys(config.keys_file);

// ---- the platform's client metadata: who a client acts for, and what its tokens say about that ----

const CLIENT_CLAIMS = ['agencies', 'region', 'data_scope', 'clearance'];
const CLIENT_DEFAULTS = { agencies: [], data_scope: 'agency', clearance: 'internal' }; // the narrowest view
const CLIENT_CHECKS = {
  agencies: (v) => Array.isArray(v) && v.every((code) => typeof code === 'string' && code.length > 0),
  region: (v) => typeof v === 'string' && /^(\d{2,12})?$/.test(v), // 行政区划 prefix; "" = nationwide
  data_scope: (v) => v === 'agency' || v === 'region',
  clearance: (v) => v === 'confidential' || v === 'internal',
  label: (v) => typeof v === 'string', // Chinese display name, for people reading logs and consoles
};

function validateClientMetadata(ctx, key, value, metadata) {
  if (value === undefined) {
    if (key in CLIENT_DEFAULTS) metadata[key] = structuredClone(CLIENT_DEFAULTS[key]);
    return;
  }
  if (!CLIENT_CHECKS[key](value)) throw new errors.InvalidClientMetadata(`invalid ${key} value`);
}

// oidc-provider accepts in a client's `scope` metadata only members of its `scopes` setting. The API's scopes are
// declared by the services, not here, so every well-formed "resource:action" is supported; which of them a client
// may get is its own `scope` metadata (allowedScopes below).
class ApiScopes extends Set {
  has(scope) {
    return super.has(scope) || API_SCOPE.test(scope);
  }
}
const knownScopes = config.clients.flatMap((c) => c.scope?.split(' ') ?? []); // for discovery's scopes_supported

// A client gets only the scopes of its `scope` metadata; asking for none means all of them. oidc-provider calls
// getResourceServerInfo before a grant reads the `scope` parameter, so this is the one place that decides.
function allowedScopes(ctx, client) {
  const allowed = new Set(client.scope?.split(' ') ?? []);
  const requested = ctx.oidc.params.scope?.split(' ').filter(Boolean) ?? [];
  const refused = requested.find((scope) => !allowed.has(scope));
  if (refused) throw new errors.InvalidScope('requested scope is not allowed for this client', refused);
  if (requested.length === 0) ctx.oidc.params.scope = client.scope;
  return client.scope ?? '';
}

async function getResourceServerInfo(ctx, resourceIndicator, client) {
  if (resourceIndicator !== config.audience) throw new errors.InvalidTarget(`the only resource is ${config.audience}`);
  return {
    audience: config.audience,
    scope: allowedScopes(ctx, client),
    accessTokenFormat: 'jwt', // RFC 9068: typ at+jwt, signed with the RS256 key of the JWKS
    accessTokenTTL: config.access_token_ttl_s,
    jwt: { sign: { alg: 'RS256' } },
  };
}

async function extraTokenClaims(ctx, token) {
  const client = token.client ?? (await provider.Client.find(token.clientId));
  const claims = Object.fromEntries(CLIENT_CLAIMS.map((name) => [name, client[name]]));
  // RFC 8693 §4.1: the exchanged token names the system that acts for the person
  if (token.gty === TOKEN_EXCHANGE) claims.act = { sub: token.clientId };
  return claims;
}

// ---- RFC 8693 token exchange: a department's system acting for one of its people ----

const usedSubjectTokens = new Map(); // "client jti" -> exp; a subject token is good for one exchange

function invalidGrant(description) {
  return new errors.CustomOIDCProviderError('invalid_grant', description);
}

// The subject token is the system's own statement "this is person X", HS256-signed with its client secret (the same
// key use as client_secret_jwt), short-lived and single-use.
async function verifySubjectToken(subjectToken, client) {
  if (!client.clientSecret) throw invalidGrant('the client has no secret to sign a subject_token with');
  let payload;
  try {
    ({ payload } = await jwtVerify(subjectToken, new TextEncoder().encode(client.clientSecret), {
      algorithms: ['HS256'],
      issuer: client.clientId,
      audience: config.issuer,
      requiredClaims: ['sub', 'iat', 'exp', 'jti'],
      maxTokenAge: SUBJECT_TOKEN_MAX_LIFETIME_S,
      clockTolerance: CLOCK_TOLERANCE_S,
    }));
  } catch (err) {
    throw invalidGrant(`invalid subject_token: ${err.message}`);
  }
  if (payload.exp - payload.iat > SUBJECT_TOKEN_MAX_LIFETIME_S) {
    throw invalidGrant(`subject_token must expire within ${SUBJECT_TOKEN_MAX_LIFETIME_S} s of iat`);
  }
  const now = Date.now() / 1000;
  for (const [key, exp] of usedSubjectTokens) if (exp + CLOCK_TOLERANCE_S < now) usedSubjectTokens.delete(key);
  const key = `${client.clientId} ${payload.jti}`;
  if (usedSubjectTokens.has(key)) throw invalidGrant('subject_token was already used');
  usedSubjectTokens.set(key, payload.exp);
  return payload.sub;
}

// With a users directory and strict_subjects, a system may act only for people of its own agencies.
function checkSubject(person, client) {
  if (!config.strict_subjects) return;
  const user = config.users[person];
  if (!user) throw invalidGrant(`unknown person ${person}`);
  if (!client.agencies.includes(user.agency)) throw invalidGrant(`person ${person} is not of this client's agencies`);
}

async function tokenExchange(ctx, next) {
  const { client, params } = ctx.oidc;
  if (!params.subject_token) throw new errors.InvalidRequest('missing required parameter subject_token');
  if (params.subject_token_type !== JWT_TOKEN_TYPE) {
    throw new errors.InvalidRequest(`subject_token_type must be ${JWT_TOKEN_TYPE}`);
  }
  if (params.requested_token_type && params.requested_token_type !== ACCESS_TOKEN_TYPE) {
    throw new errors.InvalidRequest(`requested_token_type must be ${ACCESS_TOKEN_TYPE}`);
  }
  if (params.actor_token) throw new errors.InvalidRequest('actor_token is not supported: the client is the actor');
  if (params.audience && params.audience !== config.audience) throw new errors.InvalidTarget();

  const person = await verifySubjectToken(params.subject_token, client);
  checkSubject(person, client);

  // the same resource server, scope policy and JWT format as client_credentials, through oidc-provider's AccessToken
  const resource = params.resource ?? config.audience;
  const resourceServer = new provider.ResourceServer(resource, await getResourceServerInfo(ctx, resource, client));
  const scope = (params.scope ?? '').split(' ').filter((s) => resourceServer.scopes.has(s)).join(' ') || undefined;
  const token = new provider.AccessToken({ client, accountId: person, gty: TOKEN_EXCHANGE, scope, resourceServer });
  ctx.oidc.entity('AccessToken', token);
  ctx.body = {
    access_token: await token.save(),
    issued_token_type: ACCESS_TOKEN_TYPE,
    token_type: 'Bearer',
    expires_in: token.expiration,
    scope: token.scope,
  };
  await next?.(); // oidc-provider 8 chains grant handlers; 9 does not pass `next`
}

// ---- the provider ----

const provider = new Provider(config.issuer, {
  clients: config.clients,
  jwks,
  cookies: { keys: [randomBytes(32).toString('base64url')] }, // unused without interactions; silences a warning
  clientAuthMethods: ['client_secret_basic', 'client_secret_post'],
  scopes: new ApiScopes(['openid', ...knownScopes]),
  clientDefaults: {
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    token_endpoint_auth_method: 'client_secret_basic',
  },
  extraClientMetadata: { properties: [...CLIENT_CLAIMS, 'label'], validator: validateClientMetadata },
  extraTokenClaims,
  ttl: { AccessToken: config.access_token_ttl_s, ClientCredentials: config.access_token_ttl_s },
  features: {
    devInteractions: { enabled: false }, // no user login here (no authorization code flow yet)
    clientCredentials: { enabled: true },
    registration: {
      enabled: Boolean(config.initial_access_token),
      initialAccessToken: config.initial_access_token,
      issueRegistrationAccessToken: false, // registration management is off: nothing to use it for
    },
    resourceIndicators: {
      enabled: true,
      defaultResource: async () => config.audience, // so `resource` is optional in token requests
      getResourceServerInfo,
    },
  },
});
const exchangeParameters = ['scope', 'resource', 'audience', 'subject_token', 'subject_token_type',
  'requested_token_type', 'actor_token', 'actor_token_type']; // actor_token is named only to refuse it clearly
provider.registerGrantType(TOKEN_EXCHANGE, tokenExchange, exchangeParameters);

// Static clients are validated lazily by oidc-provider; a bad config should fail the start, not the first request.
for (const { client_id: id } of config.clients) {
  try {
    await provider.Client.find(id);
  } catch (err) {
    console.error(`invalid client ${id} in ${configFile}: ${err.error_description ?? err.message}`);
    process.exit(1);
  }
}

// ---- one line per token issued or refused (never the token), the listener, a prompt exit ----

function log(fields) {
  process.stdout.write(`${JSON.stringify({ at: new Date().toISOString(), ...fields })}\n`);
}

provider.on('grant.success', (ctx) => {
  const token = ctx.oidc.entities.ClientCredentials ?? ctx.oidc.entities.AccessToken;
  log({
    event: 'token_issued',
    client_id: ctx.oidc.client.clientId,
    grant_type: ctx.oidc.params.grant_type,
    sub: token?.accountId ?? ctx.oidc.client.clientId,
    scope: token?.scope ?? '',
  });
});
provider.on('grant.error', (ctx, err) => {
  log({ event: 'token_refused', client_id: ctx.oidc.client?.clientId, grant_type: ctx.oidc.params?.grant_type,
    error: err.error, description: err.error_description });
});
provider.on('registration_create.success', (ctx, client) => {
  log({ event: 'client_registered', client_id: client.clientId, scope: client.scope ?? '' });
});
provider.on('server_error', (ctx, err) => {
  log({ event: 'server_error', path: ctx.path, error: String(err?.stack ?? err) });
});

const server = provider.listen(config.port, config.host, () => {
  log({ event: 'listening', issuer: config.issuer, audience: config.audience, clients: config.clients.length,
    users: Object.keys(config.users).length, strict_subjects: config.strict_subjects });
});
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.close();
    process.exit(0); // in-memory state only; keep-alive connections need not be waited for
  });
}
