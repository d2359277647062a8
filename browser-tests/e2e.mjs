// The playground end to end in headless Debian Chromium, driven by playwright-core: ingest, ask (the answer
// streams in), follow a [1] marker to its source, the admin status, the messages of a wrong key (401), a
// namespace the key may not use (403), a body too large (413) and a key over its rate limit (429), the page at
// 360 px, and no request leaving the service's origin. Screenshots go to target/ for people to look at.
//
//   node e2e.mjs http://127.0.0.1:PORT/     with E2E_OWNER_KEY (query and ingest in namespace "demo"),
//                                           E2E_ADMIN_KEY (admin) and E2E_LIMITED_KEY (query in "demo", one
//                                           request a minute) in the environment; MAX_BODY_BYTES below 200 kB
//
// Exits 0 when every check passed, 1 with the failed check otherwise. PlaygroundBrowserTest runs it against the
// real service.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const base = new URL(process.argv[2] ?? '');
const ownerKey = required('E2E_OWNER_KEY');
const adminKey = required('E2E_ADMIN_KEY');
const limitedKey = required('E2E_LIMITED_KEY');
const output = process.env.E2E_OUTPUT_DIR ?? fileURLToPath(new URL('./target/', import.meta.url));
const NAMESPACE = 'demo';
const LIGHTHOUSE = 'The Fresnel lens was invented by Augustin-Jean Fresnel in 1822. Lighthouses used it to focus'
    + ' their light into a beam visible for twenty miles.';
const SOURDOUGH = 'Sourdough bread rises because of wild yeast and lactic acid bacteria in the starter.';
const TIDES = '# Tides\n\nTides are caused by the gravity of the Moon and the Sun pulling on the oceans.';

function required(name) {
    const value = process.env[name];
    if (!value) {
        throw new Error(`${name} is not set`);
    }
    return value;
}

function step(text) {
    console.log(`- ${text}`);
}

const testId = (id) => `[data-testid="${id}"]`;

/** The sources the service sent for one /query response: from its JSON, or from the stream's sources event. */
async function sourcesOf(response) {
    const body = await response.text();
    if (response.headers()['content-type'].startsWith('application/json')) {
        return JSON.parse(body).sources;
    }
    const event = body.split(/\r?\n\r?\n/).find((block) => /^event: ?sources$/m.test(block));
    assert.ok(event, 'the stream has a sources event');
    return JSON.parse(event.split(/\r?\n/).filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).replace(/^ /, '')).join('\n'));
}

mkdirSync(output, { recursive: true });
const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' });
const page = await context.newPage();
try {
    page.setDefaultTimeout(30_000);
    const requests = [];
    context.on('request', (request) => requests.push(request.url()));
    const problems = [];
    page.on('console', (message) => {
        if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) {
            problems.push(message.text());
        }
    });
    page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));

    step('open /ui/');
    await page.goto(new URL('ui/', base).href);
    await page.locator(testId('api-key')).fill(ownerKey);
    await page.locator(testId('namespace')).fill(NAMESPACE);
    assert.equal(await page.evaluate(() => sessionStorage.getItem('rag-playground.api-key')), ownerKey,
        'the key is in session storage');
    assert.equal(await page.evaluate(() => localStorage.length), 0, 'nothing in local storage');

    step('ingest two pasted texts');
    await page.locator(testId('doc-text')).fill(`${LIGHTHOUSE}\n---\n${SOURDOUGH}`);
    await page.locator(testId('ingest')).click();
    const ingested = page.locator(`${testId('ingest-result')} li`);
    await ingested.nth(1).waitFor();
    assert.equal(await ingested.count(), 2, 'two documents ingested');
    for (const item of await ingested.allTextContents()) {
        assert.match(item, /\S+ \u2014 \d+ chunks?$/, 'each document shows its id and chunk count');
    }
    const lighthouseId = await ingested.nth(0).locator('code').textContent();

    step('ingest a .md file');
    await page.locator(testId('doc-text')).fill('');
    await page.locator(testId('doc-files')).setInputFiles(
        { name: 'tides.md', mimeType: 'text/markdown', buffer: Buffer.from(TIDES) });
    await page.locator(testId('ingest')).click();
    await page.locator(`${testId('ingest-result')} li code`, { hasText: 'tides.md' }).waitFor();

    step('ask, submitting with the keyboard, and count the answer\'s updates');
    await page.evaluate(() => {
        const answer = document.querySelector('[data-testid="answer"]');
        window.answerUpdates = 0;
        new MutationObserver((records) => {
            window.answerUpdates += records.filter((record) => record.addedNodes.length > 0).length;
        }).observe(answer, { childList: true });
    });
    await page.locator(testId('question')).fill('Who invented the lens used in lighthouses?');
    await page.locator(testId('k')).fill('3');
    await page.locator(testId('mode')).selectOption('hybrid');
    const queried = page.waitForResponse((response) => new URL(response.url()).pathname === '/query');
    await page.locator(testId('question')).press('Enter');
    const response = await queried;
    assert.equal(response.status(), 200, 'the query succeeds');
    await page.locator(testId('answer-meta')).filter({ hasText: / ms/ }).waitFor();
    const streamed = response.headers()['content-type'].startsWith('text/event-stream');
    const updates = await page.evaluate(() => window.answerUpdates);
    console.log(`  the answer came as ${streamed ? 'an event stream' : 'JSON'}, in ${updates} update(s)`);
    // A service with native streaming must show the answer growing; one without it answers once, in JSON.
    assert.ok(streamed ? updates > 1 : updates >= 1, `answer updates: ${updates}`);
    assert.match(await page.locator(testId('answer')).textContent(), /Fresnel/);
    assert.match(await page.locator(testId('answer-meta')).textContent(), /not cached .*not degraded/);
    const sources = await sourcesOf(response);
    assert.equal(await page.locator(testId('source')).count(), sources.length, 'one card per source');

    step('follow [1] with the keyboard to its source');
    const marker = page.locator(`${testId('answer')} button.cite`, { hasText: '[1]' }).first();
    await marker.focus();
    await page.keyboard.press('Enter');
    const highlighted = page.locator(`${testId('source')}.highlighted`);
    await highlighted.waitFor();
    assert.equal(await highlighted.count(), 1, 'exactly one source highlighted');
    assert.equal(await highlighted.getAttribute('data-index'), '1');
    assert.equal(await highlighted.locator('.source-document').textContent(), sources[0].document_id);
    assert.equal(sources[0].document_id, lighthouseId, 'the lighthouse text is the first source');
    assert.equal(await highlighted.locator('.source-text').textContent(), sources[0].text);
    assert.match(await highlighted.textContent(), /score \d/);
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.index), '1', 'focus moved to it');

    step('status with an admin key');
    await page.locator(testId('api-key')).fill(adminKey);
    await page.locator('#status-refresh').click();
    await page.locator(`${testId('status')} table`).first().waitFor();
    const status = await page.locator(testId('status')).textContent();
    assert.match(status, /namespace \u201cdemo\u201d holds 3 document\(s\)/);
    assert.match(status, /Adapters/);
    assert.match(status, /Circuit breakers/);

    step('screenshots at desktop width and at 360 px');
    await page.screenshot({ path: join(output, 'playground-desktop.png'), fullPage: true });
    await page.setViewportSize({ width: 360, height: 780 });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `nothing wider than 360 px (the page is ${width} px wide)`);
    await page.screenshot({ path: join(output, 'playground-360.png'), fullPage: true });

    step('a wrong key shows the 401 message');
    await page.locator(testId('api-key')).fill('rag_not-a-key-of-this-service');
    await page.locator(testId('ask')).click();
    const error = page.locator(testId('error'));
    await error.filter({ hasText: '401' }).waitFor();
    assert.match(await error.textContent(), /Not signed in \(401\): the API key is not valid\. Enter a valid API key/);
    assert.equal(await error.getAttribute('role'), 'alert');
    await page.screenshot({ path: join(output, 'playground-360-401.png'), fullPage: true });

    step('a namespace the key may not use shows the 403 message');
    await page.locator(testId('api-key')).fill(ownerKey);
    await page.locator(testId('namespace')).fill('elsewhere');
    await page.locator(testId('ask')).click();
    await error.filter({ hasText: '403' }).waitFor();
    assert.match(await error.textContent(), /Not allowed \(403\): .*'elsewhere'/);
    await page.locator(testId('namespace')).fill(NAMESPACE);

    step('a body over MAX_BODY_BYTES shows the 413 message');
    await page.locator(testId('doc-files')).setInputFiles([]);
    await page.locator(testId('doc-text')).fill('lorem ipsum '.repeat(20_000));
    await page.locator(testId('ingest')).click();
    await error.filter({ hasText: '413' }).waitFor();
    assert.match(await error.textContent(), /Too large \(413\): .*MAX_BODY_BYTES/);

    step('a key over its rate limit shows the 429 message with the reset time');
    await page.locator(testId('api-key')).fill(limitedKey);
    await page.locator(testId('ask')).click();
    await page.locator(testId('answer-meta')).filter({ hasText: / ms/ }).waitFor();
    await page.locator(testId('ask')).click();
    await error.filter({ hasText: '429' }).waitFor();
    assert.match(await error.textContent(), /Too many requests \(429\): .*The limit resets in \d+ s \(at .+\)\./);

    step('no request left the origin, and the CSP refused nothing');
    const elsewhere = requests.filter((url) => new URL(url).origin !== base.origin);
    assert.deepEqual(elsewhere, [], 'requests to other origins');
    assert.ok(requests.length > 5, `requests recorded: ${requests.length}`);
    assert.deepEqual(problems, [], 'CSP refusals or page errors');
    console.log(`ok: ${requests.length} requests, all to ${base.origin}`);
} catch (error) {
    console.error(`FAILED: ${error.stack ?? error}`);
    process.exitCode = 1;
    // What the page showed when it failed: its error box, and a screenshot.
    console.error(`the page's error box: ${await page.locator(testId('error')).textContent().catch(() => '?')}`);
    await page.screenshot({ path: join(output, 'failure.png'), fullPage: true }).catch(() => {});
} finally {
    await browser.close();
}
