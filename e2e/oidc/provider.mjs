// A real OpenID provider for the tests and the demo: npm `oidc-provider`
// (the certified implementation), on 127.0.0.1, offline, with one
// confidential client and two test accounts.
//
// Start it:
//
//   . scripts/tools.sh; ensure_oidc_provider     # exports SDRS_OIDC_PROVIDER
//   OIDC_CLIENT_SECRET=s3cret \
//   OIDC_REDIRECT_URIS=http://127.0.0.1:8080/auth/oidc/callback \
//     node e2e/oidc/provider.mjs [--port N] [--exit-with-stdin]
//
// The first stdout line is the issuer URL (`http://127.0.0.1:PORT`, no
// trailing slash); pass it to the server as `--oidc-issuer`. Port 0 (the
// default) picks a free one. With `--exit-with-stdin` it stops when its
// standard input closes (a test's child process dies with the test).
// SIGINT/SIGTERM stop it too.
//
// Then the server, on the port of the redirect URI (fix it with --port, or
// bind the listener first and give its address to both):
//
//   SDRS_OIDC_CLIENT_SECRET=s3cret sdrs-console-server --port 8080 \
//     --oidc-issuer "$ISSUER" --oidc-client-id sdrs-console \
//     --public-url http://127.0.0.1:8080
//
// Environment:
//   SDRS_OIDC_PROVIDER   the installed package directory (…/node_modules/oidc-provider)
//   OIDC_CLIENT_ID       client id (default `sdrs-console`)
//   OIDC_CLIENT_SECRET   client secret (required; sent with client_secret_basic)
//   OIDC_REDIRECT_URIS   the client's redirect URIs, separated by spaces or commas (required)
//
// Accounts (the login form takes any password; the name decides):
//   alice  groups ["sdrs-operators"]
//   bob    groups ["sdrs-viewers"]
//   anyone else: an account without groups (a viewer, by default)
//
// Scopes `openid profile groups`; the ID token carries `name`,
// `preferred_username` and `groups`. Sign-in in a browser goes through the
// provider's built-in development pages: a login form (`login`,
// `password`), then a consent page ("Continue"). Authorization code with
// PKCE (S256) only.

import { createServer } from 'node:http';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const ACCOUNTS = {
  alice: { name: 'Alice Operator', groups: ['sdrs-operators'] },
  bob: { name: 'Bob Viewer', groups: ['sdrs-viewers'] },
};

function fail(message) {
  process.stderr.write(`provider.mjs: ${message}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const args = { port: 0, exitWithStdin: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--port') {
      const port = Number(argv[i + 1]);
      if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port wants 0..65535, got ${argv[i + 1]}`);
      args.port = port;
      i += 1;
    } else if (arg === '--exit-with-stdin') {
      args.exitWithStdin = true;
    } else {
      fail(`unknown argument ${arg}`);
    }
  }
  return args;
}

const args = parseArgs(process.argv.slice(2));
const packageDir = process.env.SDRS_OIDC_PROVIDER;
if (!packageDir) fail('SDRS_OIDC_PROVIDER must name the installed oidc-provider package directory (scripts/tools.sh ensure_oidc_provider)');
const clientId = process.env.OIDC_CLIENT_ID || 'sdrs-console';
const clientSecret = process.env.OIDC_CLIENT_SECRET;
if (!clientSecret) fail('OIDC_CLIENT_SECRET is required');
const redirectUris = (process.env.OIDC_REDIRECT_URIS || '').split(/[\s,]+/).filter(Boolean);
if (redirectUris.length === 0) fail('OIDC_REDIRECT_URIS is required');

const { default: Provider } = await import(pathToFileURL(join(packageDir, 'lib/index.js')).href);

// A fresh signing key per run: nothing of a test provider outlives it.
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'test-rs256', alg: 'RS256', use: 'sig' };

const httpServer = createServer();
await new Promise((resolve, reject) => {
  httpServer.once('error', reject);
  httpServer.listen(args.port, '127.0.0.1', resolve);
});
const issuer = `http://127.0.0.1:${httpServer.address().port}`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: clientId,
    client_secret: clientSecret,
    redirect_uris: redirectUris,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  jwks: { keys: [signingKey] },
  cookies: { keys: [randomBytes(32).toString('base64url')] },
  claims: {
    openid: ['sub'],
    profile: ['name', 'preferred_username'],
    groups: ['groups'],
  },
  // Scope claims in the ID token itself (the server reads the role from it).
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true } },
  async findAccount(ctx, sub) {
    const account = ACCOUNTS[sub] ?? { name: sub, groups: [] };
    return {
      accountId: sub,
      async claims() {
        return { sub, name: account.name, preferred_username: sub, groups: account.groups };
      },
    };
  },
});
provider.on('server_error', (ctx, err) => process.stderr.write(`provider.mjs: ${err.stack}\n`));
httpServer.on('request', provider.callback());

// The provider's own notices go to stdout too; a reader that stopped
// after the issuer line must not crash it.
process.stdout.on('error', () => {});
process.stdout.write(`${issuer}\n`);

const stop = () => httpServer.close(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
if (args.exitWithStdin) {
  process.stdin.on('end', () => process.exit(0));
  process.stdin.on('close', () => process.exit(0));
  process.stdin.resume();
}
