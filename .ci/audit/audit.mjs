// Runs the GraphQL-over-HTTP audit of `graphql-http` against a running server and fails on any
// MUST or SHOULD that does not pass (MAY audits are reported but do not fail).
// usage: node audit.mjs http://127.0.0.1:8080/graphql
import { auditServer } from 'graphql-http';

const url = process.argv[2] ?? 'http://127.0.0.1:8080/graphql';
const results = await auditServer({ url });
let failed = 0;
const counts = { ok: 0, warn: 0, error: 0 };
for (const r of results) {
  counts[r.status] = (counts[r.status] ?? 0) + 1;
  const required = r.name.startsWith('MUST') || r.name.startsWith('SHOULD');
  if (r.status !== 'ok') {
    console.log(`${r.status.toUpperCase()} ${r.id} ${r.name}: ${r.reason}`);
    if (required) failed += 1;
  }
}
console.log(`graphql-http audit: ${results.length} audits, ${counts.ok} ok, ${counts.warn} warn, ${counts.error} error; ${failed} MUST/SHOULD failures`);
process.exit(failed === 0 ? 0 : 1);
