// The playground's reader of the native event stream (bootstrap/src/main/resources/ui/events.js) against the
// protocol of POST /query with "stream": true: sources, deltas, done (or error), heartbeat comments between them,
// however the bytes are split into chunks. Run by PlaygroundBrowserTest with `node --test test/`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { events } from '../../bootstrap/src/main/resources/ui/events.js';

// Characters of two, three and four UTF-8 bytes, which a chunk boundary can cut.
const SOURCES = [
    {
        id: 'lighthouse#0',
        document_id: 'lighthouse',
        text: 'Fresnel \u2014 \u00e9t\u00e9 \ud83d\udca1',
        score: 0.5,
        metadata: {},
    },
];
const STREAM = ': connected\n\n'
    + `event: sources\ndata: ${JSON.stringify(SOURCES)}\n\n`
    + 'event: delta\ndata: {"text":"The Fresnel lens "}\n\n'
    + ': heartbeat\n\n'
    + 'event: delta\ndata: {"text":"was invented in 1822 [1]."}\n\n'
    + 'event: done\ndata: {"cached":false,"degraded":false,"model":"extractive","usage":{},"latency_ms":12}\n\n';
const EXPECTED = [
    { type: 'sources', data: JSON.stringify(SOURCES) },
    { type: 'delta', data: '{"text":"The Fresnel lens "}' },
    { type: 'delta', data: '{"text":"was invented in 1822 [1]."}' },
    { type: 'done', data: '{"cached":false,"degraded":false,"model":"extractive","usage":{},"latency_ms":12}' },
];

/** A body that delivers the text's UTF-8 bytes in chunks of the given size. */
function body(text, chunkSize) {
    const bytes = new TextEncoder().encode(text);
    return new ReadableStream({
        start(controller) {
            for (let i = 0; i < bytes.length; i += chunkSize) {
                controller.enqueue(bytes.slice(i, i + chunkSize));
            }
            controller.close();
        },
    });
}

async function read(stream) {
    const seen = [];
    for await (const event of events(stream)) {
        seen.push(event);
    }
    return seen;
}

test('the events in order, heartbeats skipped, from one chunk', async () => {
    assert.deepEqual(await read(body(STREAM, 1 << 20)), EXPECTED);
});

test('the same events however the bytes are split, multi-byte characters and CRLF included', async () => {
    const crlf = STREAM.replace(/\n/g, '\r\n');
    for (const size of [1, 2, 3, 5, 7, 64]) {
        assert.deepEqual(await read(body(STREAM, size)), EXPECTED, `LF, chunks of ${size}`);
        assert.deepEqual(await read(body(crlf, size)), EXPECTED, `CRLF, chunks of ${size}`);
    }
});

test('an error event after the stream started, with its JSON error', async () => {
    const text = 'event: delta\ndata: {"text":"Par"}\n\n'
        + 'event: error\ndata: {"error":{"code":"dependency_unavailable","message":"llm is unavailable"}}\n\n';
    assert.deepEqual((await read(body(text, 4))).map((event) => event.type), ['delta', 'error']);
});

test('data over several lines joins with newlines; a last event without its blank line still counts', async () => {
    assert.deepEqual(await read(body('event: delta\ndata: one\ndata:two\n\nevent: done\ndata: {}', 3)), [
        { type: 'delta', data: 'one\ntwo' },
        { type: 'done', data: '{}' },
    ]);
});

test('a comment-only body has no events', async () => {
    assert.deepEqual(await read(body(': ping\n\n: ping\n\n', 2)), []);
});
