// Browser accessibility crawl of the opcc demo.
//
// Crawls every same-origin page reachable by plain GET links, first as the
// anonymous public and then signed in, runs axe-core on each page in headless
// Chromium, and exits non-zero on any axe violation, any 5xx response, any
// console error / CSP violation / failed request, or a crawl that found
// (almost) nothing.
//
// Environment:
//   OPCC_URL          base URL of a running server, e.g. http://127.0.0.1:8099
//   OPCC_EMAIL        email of an existing user that can sign in (and see /admin)
//   OPCC_PASSWORD     that user's password
//   OPCC_SKIP_LOGIN=1 skip the signed-in phase. ONLY for checking this script
//                     against a throwaway static site; CI never sets it.
//   OPCC_MAX_PAGES    per-crawl page cap (default 300)
//   CHROMIUM_PATH     browser binary (default /usr/bin/chromium)
//
// A JSON report is also written to test-results/axe-report.json.

import { createHmac } from 'node:crypto';
import { readFile, mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const NAV_TIMEOUT_MS = 15_000;
const DOWNLOAD_TIMEOUT_MS = 120_000;
const MAX_PAGES = Number(process.env.OPCC_MAX_PAGES || 300);
const MIN_PAGES_PER_PHASE = 3;
const NOT_FOUND_PATH = '/no-such-page-xyz';
const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

// ---------------------------------------------------------------------------
// configuration

function die(msg) {
  console.error(`crawl: ${msg}`);
  process.exit(1);
}

const rawBase = process.env.OPCC_URL;
if (!rawBase) die('OPCC_URL is not set (e.g. OPCC_URL=http://127.0.0.1:8099)');
let BASE;
try {
  BASE = new URL(rawBase);
} catch {
  die(`OPCC_URL is not a valid URL: ${rawBase}`);
}
const ORIGIN = BASE.origin;
const SKIP_LOGIN = process.env.OPCC_SKIP_LOGIN === '1';
const EMAIL = process.env.OPCC_EMAIL;
const PASSWORD = process.env.OPCC_PASSWORD;
if (!SKIP_LOGIN && (!EMAIL || !PASSWORD)) {
  die('OPCC_EMAIL and OPCC_PASSWORD must be set (OPCC_SKIP_LOGIN=1 is for local checks only)');
}

const abs = (path) => new URL(path, ORIGIN).href;

/** Path + query of a URL, for display. */
function show(url) {
  const u = new URL(url);
  return u.origin === ORIGIN ? u.pathname + u.search : u.href;
}

/** Strip the fragment; return null for anything the crawler must not follow. */
function normalise(href) {
  let u;
  try {
    u = new URL(href, ORIGIN);
  } catch {
    return null;
  }
  if (u.origin !== ORIGIN) return null;
  u.hash = '';
  return isSkipped(u) ? null : u.href;
}

function isSkipped(u) {
  const p = u.pathname;
  const under = (prefix) => p === prefix || p.startsWith(prefix + '/');
  return (
    under('/logout') ||
    under('/sign-out') ||
    under('/signout') ||
    under('/healthz') ||
    p.startsWith('/assets/') ||
    p.startsWith('/api/') ||
    isDeepPage(u)
  );
}

// A paged list renders every page from one template with different rows: its first pages
// stand for the rest, so the crawl (which would otherwise walk hundreds of spending pages)
// audits pages 1 to 3 of each list.
function isDeepPage(u) {
  const page = Number(u.searchParams.get('page'));
  return Number.isInteger(page) && page > 3;
}

// Pages of one shape (the same path with other record numbers, the same query with other
// values) render one template with other rows: the first few stand for the rest, as the first
// pages of a paged list do. Without this the crawl visits every audit entry and every record.
const PER_SHAPE = Number(process.env.OPCC_CRAWL_PER_SHAPE || 4);
function shapeOf(href) {
  const u = new URL(href);
  const path = u.pathname
    .split('/')
    .map((s) => (/^\d+$/.test(s) || /^[0-9a-f-]{16,}$/i.test(s) ? '{n}' : s))
    .join('/');
  const keys = [...new Set(u.searchParams.keys())].sort().join('&');
  return keys ? `${path}?${keys}` : path;
}

// OPCC_CRAWL_PREFIXES=/funding,/admin/commissioning audits only pages under those paths (and
// the starting pages): for checking one area while building it. CI never sets it.
const PREFIXES = (process.env.OPCC_CRAWL_PREFIXES || '').split(',').filter(Boolean);
function wanted(href) {
  if (!PREFIXES.length) return true;
  const p = new URL(href).pathname;
  return p === '/' || p === '/admin' || PREFIXES.some((x) => p === x || p.startsWith(x + '/') || p.startsWith(x + '?'));
}

function isHtml(contentType) {
  return /^\s*(text\/html|application\/xhtml\+xml)\b/i.test(contentType || '');
}

// ---------------------------------------------------------------------------
// results

const failures = []; // { phase, url, kind, message }
const warnings = [];
/** phase name -> Map(url -> { status, violations }) */
const phases = new Map();

function fail(phase, url, kind, message) {
  failures.push({ phase, url, kind, message });
}

// ---------------------------------------------------------------------------
// axe

const axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
const axeVersion = JSON.parse(
  await readFile(require.resolve('axe-core/package.json'), 'utf8'),
).version;

async function runAxe(page) {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async (tags) => {
    // eslint-disable-next-line no-undef
    const results = await axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodeCount: v.nodes.length,
      nodes: v.nodes.slice(0, 3).map((n) => ({
        target: n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : String(t))).join(', '),
        html: n.html,
      })),
    }));
  }, AXE_TAGS);
}

// ---------------------------------------------------------------------------
// audit one URL: navigate, classify the response, run axe, return discovered links

/**
 * @returns {Promise<{finalUrl: string|null, links: string[]}>}
 */
async function auditUrl(page, phase, url, audited, { expectStatus } = {}) {
  // A PDF is typeset on request, which a debug build on a busy machine can take longer over
  // than a page load is given: fetch it (and other downloads) with a longer wait, check its
  // status, and audit nothing (axe reads HTML only).
  if (/\/pdf$|\.(csv|xlsx|pdf|json|txt)$/.test(new URL(url).pathname)) {
    try {
      const res = await page.request.get(url, { timeout: DOWNLOAD_TIMEOUT_MS });
      if (res.status() >= 500) fail(phase, url, 'http', `HTTP ${res.status()}`);
    } catch (err) {
      fail(phase, url, 'download', String(err && err.message ? err.message : err).split('\n')[0]);
    }
    return { finalUrl: null, links: [] };
  }
  let response;
  try {
    response = await page.goto(url, { waitUntil: 'load' });
  } catch (err) {
    const msg = String(err && err.message ? err.message : err);
    if (/Download is starting/i.test(msg)) return { finalUrl: null, links: [] }; // not HTML
    fail(phase, url, 'navigation', msg.split('\n')[0]);
    return { finalUrl: null, links: [] };
  }
  if (!response) {
    fail(phase, url, 'navigation', 'no response');
    return { finalUrl: null, links: [] };
  }

  const status = response.status();
  const finalUrl = normalise(page.url());
  if (status >= 500) fail(phase, url, 'http', `HTTP ${status}`);
  if (expectStatus !== undefined && status !== expectStatus) {
    fail(phase, url, 'http', `expected HTTP ${expectStatus}, got ${status}`);
  }
  // Redirected off-site or onto a skipped path (e.g. /logout): nothing to audit.
  if (!finalUrl) return { finalUrl: null, links: [] };
  // Redirected onto a page we've already audited (e.g. /admin -> /login).
  if (finalUrl !== url && audited.has(finalUrl)) return { finalUrl: null, links: [] };
  if (!isHtml(response.headers()['content-type'])) return { finalUrl: null, links: [] };

  if (status >= 400 && status < 500 && expectStatus === undefined) {
    warnings.push(`[${phase}] ${show(url)} returned HTTP ${status} (a link points at it)`);
  }

  let violations;
  try {
    violations = await runAxe(page);
  } catch (err) {
    fail(phase, finalUrl, 'axe', `axe-core could not run: ${String(err.message || err).split('\n')[0]}`);
    violations = [];
  }
  audited.set(finalUrl, { status, violations });

  const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => a.href));
  const links = [];
  for (const href of hrefs) {
    const n = normalise(href);
    if (n) links.push(n);
  }
  return { finalUrl, links };
}

/** Breadth-first crawl from the starting paths. Returns the audited map. */
async function crawl(context, phase, starts, audited = new Map()) {
  const page = await context.newPage();
  const queue = [];
  const seen = new Set();
  const shapes = new Map();
  const enqueue = (u) => {
    if (u && !seen.has(u)) {
      seen.add(u);
      if (!wanted(u)) return;
      const shape = shapeOf(u);
      const n = shapes.get(shape) || 0;
      if (n >= PER_SHAPE) return;
      shapes.set(shape, n + 1);
      queue.push(u);
    }
  };
  for (const u of starts.map(normalise)) {
    if (u && !seen.has(u)) {
      seen.add(u);
      queue.push(u);
    }
  }
  for (const u of audited.keys()) seen.add(u);

  let capped = false;
  while (queue.length) {
    if (audited.size >= MAX_PAGES) {
      capped = true;
      break;
    }
    const url = queue.shift();
    const { finalUrl, links } = await auditUrl(page, phase, url, audited);
    if (finalUrl) seen.add(finalUrl);
    links.forEach(enqueue);
  }
  if (capped) {
    // Every reachable page must be audited: pages left unaudited fail the run.
    fail(phase, queue[0], 'page-cap', `page cap of ${MAX_PAGES} reached; ${queue.length} queued URLs not audited`);
  }
  await page.close();
  return audited;
}

// ---------------------------------------------------------------------------
// real-CSP pass: revisit every audited page WITHOUT bypassCSP and collect console
// errors (incl. CSP violations), uncaught exceptions and failed subresources.

async function cspPass(context, phase, urls) {
  for (const url of urls) {
    const page = await context.newPage();
    let active = true;
    let docStatus = 0;
    const problems = new Set();
    const note = (m) => active && problems.add(m);

    page.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      const text = msg.text();
      // The document itself being a 4xx (the 404 page, say) is not a subresource error.
      const loc = msg.location() && msg.location().url;
      if (
        docStatus >= 400 &&
        /^Failed to load resource: the server responded with a status of/.test(text) &&
        loc &&
        normalise(loc) === url
      ) {
        return;
      }
      const kind = /Content Security Policy/i.test(text) ? 'CSP violation' : 'console error';
      note(`${kind}: ${text}`);
    });
    page.on('pageerror', (err) => note(`uncaught exception: ${err.message}`));
    page.on('requestfailed', (req) => {
      if (req.isNavigationRequest() && req.frame() === page.mainFrame()) return;
      note(`request failed: ${req.method()} ${req.url()} (${req.failure()?.errorText})`);
    });
    page.on('response', (res) => {
      const req = res.request();
      if (req.isNavigationRequest() && req.frame() === page.mainFrame()) {
        docStatus = res.status(); // set before the document's own console messages arrive
        return;
      }
      let u;
      try {
        u = new URL(res.url());
      } catch {
        return;
      }
      if (u.origin === ORIGIN && res.status() >= 400) {
        note(`subresource HTTP ${res.status()}: ${show(res.url())}`);
      }
    });

    try {
      await page.goto(url, { waitUntil: 'load' });
    } catch (err) {
      note(`navigation: ${String(err.message || err).split('\n')[0]}`);
    }
    active = false;
    await page.close();
    for (const p of problems) fail(`${phase} (real CSP)`, url, 'browser', p);
  }
}

// ---------------------------------------------------------------------------
// login

async function signIn(context) {
  const page = await context.newPage();
  const resp = await page.goto(abs('/login'), { waitUntil: 'load' });
  if (!resp || resp.status() >= 400) {
    throw new Error(`GET /login returned HTTP ${resp ? resp.status() : 'nothing'}`);
  }
  const email = page.locator('[name="email"]');
  const password = page.locator('[name="password"]');
  const button = page.getByRole('button', { name: 'Sign in', exact: true });
  for (const [what, loc] of [
    ['a field named "email"', email],
    ['a field named "password"', password],
    ['a button labelled "Sign in"', button],
  ]) {
    if ((await loc.count()) !== 1) {
      throw new Error(`/login must contain exactly one ${what}; found ${await loc.count()}`);
    }
  }
  await email.fill(EMAIL);
  await password.fill(PASSWORD);
  await button.click();

  const signOut = page
    .getByRole('button', { name: 'Sign out' })
    .or(page.getByRole('link', { name: 'Sign out' }));
  try {
    await signOut.first().waitFor({ state: 'visible', timeout: NAV_TIMEOUT_MS });
  } catch {
    const errorSummary = await page
      .locator('.govuk-error-summary')
      .innerText()
      .catch(() => '');
    throw new Error(
      `after submitting the login form the page (${show(page.url())}) has no "Sign out" ` +
        `button or link` +
        (errorSummary ? `; error summary says: ${errorSummary.replace(/\s+/g, ' ').trim()}` : ''),
    );
  }
  // An administrator must set up a second factor before anything else: do it as a person
  // would, reading the key from the page and computing the code (RFC 6238) from it.
  if (new URL(page.url()).pathname === '/account/two-factor' && (await page.locator('#totp-key').count()) === 1) {
    const key = (await page.locator('#totp-key').innerText()).replace(/\s+/g, '');
    await page.locator('#code').fill(totp(key));
    await page.getByRole('button', { name: 'Confirm', exact: true }).click();
    await page.locator('#recovery-codes').waitFor({ state: 'visible', timeout: NAV_TIMEOUT_MS });
  }
  const landing = page.url();
  await page.close();
  return landing;
}

/** The current 6-digit TOTP code for a base32 key (HMAC-SHA-1, 30-second steps). */
function totp(base32) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of base32.toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 1000 / 30)));
  const h = createHmac('sha1', Buffer.from(bytes)).update(counter).digest();
  const o = h[19] & 0x0f;
  const n = ((h[o] & 0x7f) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3];
  return String(n % 1000000).padStart(6, '0');
}

/** After the signed-in crawl: make sure nothing we followed signed us out. */
async function assertStillSignedIn(context) {
  const page = await context.newPage();
  await page.goto(abs('/admin'), { waitUntil: 'load' });
  const n = await page
    .getByRole('button', { name: 'Sign out' })
    .or(page.getByRole('link', { name: 'Sign out' }))
    .count();
  const where = show(page.url());
  await page.close();
  if (n === 0) {
    fail('signed in', abs('/admin'), 'session',
      `after the signed-in crawl /admin (ended at ${where}) shows no "Sign out": ` +
        'a followed GET link ended the session, or /admin is not reachable when signed in');
  }
}

// ---------------------------------------------------------------------------
// main

async function newContext(browser, opts = {}) {
  const ctx = await browser.newContext({ acceptDownloads: false, ...opts });
  ctx.setDefaultNavigationTimeout(NAV_TIMEOUT_MS);
  ctx.setDefaultTimeout(NAV_TIMEOUT_MS);
  return ctx;
}

const browser = await chromium.launch({
  executablePath: CHROMIUM_PATH,
  headless: true,
  args: CHROMIUM_ARGS,
});

let crashed = null;
try {
  console.log(`axe-core ${axeVersion}, ${CHROMIUM_PATH} (${browser.version()}), target ${ORIGIN}`);
  console.log(`tags: ${AXE_TAGS.join(', ')}\n`);

  // a. anonymous public, plus the 404 page (c.)
  {
    const phase = 'public';
    const ctx = await newContext(browser, { bypassCSP: true });
    const audited = await crawl(ctx, phase, ['/']);
    const crawled = audited.size;
    const page = await ctx.newPage();
    await auditUrl(page, phase, abs(NOT_FOUND_PATH), audited, { expectStatus: 404 });
    await page.close();
    phases.set(phase, audited);
    if (crawled < MIN_PAGES_PER_PHASE) {
      fail(phase, abs('/'), 'crawl', `only ${crawled} page(s) crawled; at least ${MIN_PAGES_PER_PHASE} expected`);
    }
    await ctx.close();

    const csp = await newContext(browser);
    await cspPass(csp, phase, [...audited.keys()]);
    await csp.close();
  }

  // b. signed in
  if (SKIP_LOGIN) {
    console.log('!!! OPCC_SKIP_LOGIN=1: signed-in phase SKIPPED (local check only; CI never sets this)\n');
    warnings.push('signed-in phase skipped (OPCC_SKIP_LOGIN=1)');
  } else {
    const phase = 'signed in';
    const ctx = await newContext(browser, { bypassCSP: true });
    let landing = null;
    try {
      landing = await signIn(ctx);
    } catch (err) {
      fail(phase, abs('/login'), 'login', `LOGIN FAILED: ${String(err.message || err).split('\n')[0]}`);
    }
    if (landing) {
      const audited = await crawl(ctx, phase, ['/', '/admin', landing]);
      phases.set(phase, audited);
      if (audited.size < MIN_PAGES_PER_PHASE) {
        fail(phase, abs('/'), 'crawl',
          `only ${audited.size} page(s) crawled; at least ${MIN_PAGES_PER_PHASE} expected`);
      }
      await assertStillSignedIn(ctx);

      const csp = await newContext(browser, { storageState: await ctx.storageState() });
      await cspPass(csp, phase, [...audited.keys()]);
      await csp.close();
    }
    await ctx.close();
  }
} catch (err) {
  crashed = err;
} finally {
  await browser.close();
}
if (crashed) {
  console.error('crawl: crashed:', crashed);
  process.exit(1);
}

// ---------------------------------------------------------------------------
// report

let totalPages = 0;
let totalViolations = 0;
let totalNodes = 0;
const failingPages = new Set();

for (const [phase, audited] of phases) {
  console.log(`== ${phase}: ${audited.size} page(s) ==`);
  for (const [url, { status, violations }] of audited) {
    totalPages++;
    totalViolations += violations.length;
    totalNodes += violations.reduce((n, v) => n + v.nodeCount, 0);
    const st = status === 200 ? '' : ` [HTTP ${status}]`;
    if (violations.length) {
      failingPages.add(`${phase} ${url}`);
      console.log(`FAIL ${show(url)}${st} (${violations.length} violations)`);
    } else {
      console.log(`ok  ${show(url)}${st}`);
    }
  }
  console.log('');
}

const anyViolations = totalViolations > 0;
if (anyViolations) {
  console.log('== axe-core violations ==');
  for (const [phase, audited] of phases) {
    for (const [url, { violations }] of audited) {
      if (!violations.length) continue;
      console.log(`\n[${phase}] ${show(url)}`);
      for (const v of violations) {
        console.log(`  - ${v.id} (${v.impact}): ${v.help}`);
        console.log(`    ${v.helpUrl}`);
        for (const n of v.nodes) {
          const html = n.html.length > 240 ? n.html.slice(0, 240) + '…' : n.html;
          console.log(`      at ${n.target}`);
          console.log(`         ${html.replace(/\s+/g, ' ')}`);
        }
        if (v.nodeCount > v.nodes.length) {
          console.log(`      … and ${v.nodeCount - v.nodes.length} more element(s)`);
        }
      }
    }
  }
  console.log('');
}

if (failures.length) {
  console.log('== other failures ==');
  for (const f of failures) console.log(`FAIL [${f.phase}] ${show(f.url)}: ${f.kind}: ${f.message}`);
  console.log('');
}
if (warnings.length) {
  console.log('== warnings ==');
  for (const w of warnings) console.log(`warn ${w}`);
  console.log('');
}

const ok = !anyViolations && failures.length === 0;
console.log(
  `== totals: ${totalPages} page(s) audited, ${failingPages.size} with violations, ` +
    `${totalViolations} violation(s) on ${totalNodes} element(s), ` +
    `${failures.length} other failure(s), ${warnings.length} warning(s) -> ${ok ? 'PASS' : 'FAIL'} ==`,
);

try {
  const dir = join(HERE, 'test-results');
  await mkdir(dir, { recursive: true });
  const report = {
    origin: ORIGIN,
    axeVersion,
    tags: AXE_TAGS,
    pass: ok,
    phases: Object.fromEntries(
      [...phases].map(([phase, audited]) => [
        phase,
        [...audited].map(([url, r]) => ({ url, ...r })),
      ]),
    ),
    failures,
    warnings,
  };
  await writeFile(join(dir, 'axe-report.json'), JSON.stringify(report, null, 2) + '\n');
} catch (err) {
  console.error(`crawl: could not write test-results/axe-report.json: ${err.message}`);
}

process.exit(ok ? 0 : 1);
