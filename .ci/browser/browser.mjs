// What a browser sees, in headless Chromium with every request outside this machine refused:
// GraphiQL loads from the server alone and runs a query; a page on an allowed origin calls the
// API and a page on another origin is refused by CORS.
//
//   node browser.mjs http://127.0.0.1:PORT ALLOWED_PAGE_PORT OTHER_PAGE_PORT
//
// The server must allow http://127.0.0.1:ALLOWED_PAGE_PORT (CORS_ALLOWED_ORIGINS) and nothing on
// OTHER_PAGE_PORT. CHROMIUM names the browser (default /usr/bin/chromium).
import http from "node:http";
import puppeteer from "puppeteer-core";

const [server, allowedPort, otherPort] = process.argv.slice(2);
if (!server || !allowedPort || !otherPort) {
  console.error("usage: node browser.mjs SERVER_URL ALLOWED_PAGE_PORT OTHER_PAGE_PORT");
  process.exit(2);
}
const failures = [];
const check = (ok, what) => {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) failures.push(what);
};

// The other origins' pages: empty documents from which the test calls the API.
const pages = [allowedPort, otherPort].map((port) =>
  http
    .createServer((_, res) => res.end("<!DOCTYPE html><title>portal</title>"))
    .listen(Number(port), "127.0.0.1"),
);

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    // No name resolves, so nothing could be fetched from the internet even if asked.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
  ],
});
try {
  const page = await browser.newPage();
  const outside = [];
  await page.setRequestInterception(true);
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.protocol === "data:" || url.hostname === "127.0.0.1") return request.continue();
    outside.push(request.url());
    request.abort();
  });
  const pageErrors = [];
  page.on("pageerror", (error) => pageErrors.push(String(error)));

  // GraphiQL: the page, its scripts and styles, then `{ __typename }` run from its button.
  const query = encodeURIComponent("{ __typename }");
  await page.goto(`${server}/?query=${query}`, { waitUntil: "load", timeout: 30000 });
  await page.waitForSelector(".graphiql-execute-button", { timeout: 30000 });
  await page.click(".graphiql-execute-button");
  const answered = await page
    .waitForFunction(
      () => document.body.innerText.replace(/\s+/g, " ").includes('"__typename": "Query"'),
      { timeout: 30000 },
    )
    .then(() => true, () => false);
  check(answered, "GraphiQL runs { __typename } and shows the answer");
  check(outside.length === 0, `GraphiQL asks nothing of another host (${outside.join(", ") || "none"})`);
  check(pageErrors.length === 0, `GraphiQL's page raises no error (${pageErrors.join("; ") || "none"})`);

  // CORS: the same request from the allowed origin's page and from another origin's.
  const call = (api) =>
    fetch(`${api}/graphql`, {
      method: "POST",
      // An Authorization header makes the request a preflighted one, as an app's would be.
      headers: { "content-type": "application/json", authorization: "Bearer not-a-token" },
      body: JSON.stringify({ query: "{ __typename }" }),
    }).then(
      async (response) => ({ status: response.status, body: await response.json() }),
      (error) => ({ refused: String(error) }),
    );
  await page.goto(`http://127.0.0.1:${allowedPort}/`);
  const allowed = await page.evaluate(call, server);
  check(
    allowed.status === 200 && allowed.body?.data?.__typename === "Query",
    `a page on http://127.0.0.1:${allowedPort} reads the API's answer (${JSON.stringify(allowed)})`,
  );
  await page.goto(`http://127.0.0.1:${otherPort}/`);
  const other = await page.evaluate(call, server);
  check(
    other.refused !== undefined,
    `a page on http://127.0.0.1:${otherPort} is refused by CORS (${JSON.stringify(other)})`,
  );
} finally {
  await browser.close();
  pages.forEach((p) => p.close());
}
if (failures.length > 0) {
  console.error(`\n${failures.length} browser check(s) failed`);
  process.exit(1);
}
console.log("browser checks passed");
