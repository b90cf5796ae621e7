// The GraphQL-over-HTTP audits of graphql-http (serverAudits) against a running desk.
//
//   node audit.mjs http://127.0.0.1:8000/graphql [--token SECRET] [--json]
//
// Runs every audit once anonymously and once with `Authorization: Bearer SECRET` when a
// token is given (DESK_AUDIT_TOKEN works too).  Prints one line per audit (or, with --json,
// one JSON object with every result) and exits 1 when a MUST or SHOULD audit fails.
import { serverAudits } from 'graphql-http';

const args = process.argv.slice(2);
const url = args.find((arg) => !arg.startsWith('--') && !arg.startsWith('-'));
const tokenAt = args.indexOf('--token');
const token = tokenAt >= 0 ? args[tokenAt + 1] : process.env.DESK_AUDIT_TOKEN;
const asJson = args.includes('--json');
if (!url) {
  console.error('usage: node audit.mjs URL [--token SECRET] [--json]');
  process.exit(2);
}

function fetchAs(secret) {
  if (!secret) return fetch;
  return (input, init = {}) => {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${secret}`);
    return fetch(input, { ...init, headers });
  };
}

async function run(caller, secret) {
  const results = [];
  for (const { fn } of serverAudits({ url, fetchFn: fetchAs(secret) })) {
    const result = await fn();
    let body;
    if (result.status !== 'ok') {
      body = await result.response.text().catch(() => '');
    }
    results.push({
      caller,
      id: result.id,
      name: result.name,
      status: result.status,
      reason: result.reason,
      responseStatus: result.response?.status,
      body: body?.slice(0, 300),
    });
  }
  return results;
}

const results = [
  ...(await run('anonymous')),
  ...(token ? await run('token', token) : []),
];
// MUST failures are "error", SHOULD failures "warn"; MAY failures ("notice") are optional.
const failed = results.filter((r) => r.status === 'error' || r.status === 'warn');

if (asJson) {
  console.log(JSON.stringify({ results, failed: failed.length }));
} else {
  for (const r of results) {
    const detail = r.status === 'ok' ? '' : ` -- ${r.reason} (HTTP ${r.responseStatus}) ${r.body}`;
    console.log(`${r.status.padEnd(6)} ${r.caller.padEnd(9)} ${r.id} ${r.name}${detail}`);
  }
  console.log(`${results.length} audits, ${failed.length} MUST/SHOULD failed`);
}
process.exit(failed.length ? 1 : 0);
