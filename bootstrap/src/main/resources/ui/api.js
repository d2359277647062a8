// The service's HTTP API as the playground uses it: JSON calls, the native event stream of POST /query, and
// errors turned into sentences a person can act on. Same origin only, as the page's CSP demands: paths are
// relative to the folder above the page's (/ui/), so the page also works behind a proxy that adds a path prefix.

import { events } from './events.js';

const API_ROOT = new URL('../', document.baseURI);

/** An error answer of the API ({"error": {"code", "message"}}), or a failure to reach it (status 0). */
export class ApiError extends Error {
    constructor(status, code, message, headers) {
        super(message);
        this.name = 'ApiError';
        this.status = status;
        this.code = code;
        this.headers = headers ?? new Headers();
    }
}

function headersFor(key, json) {
    const headers = { Accept: json ? 'application/json' : 'text/event-stream, application/json' };
    if (key) {
        headers.Authorization = `Bearer ${key}`;
    }
    return headers;
}

async function send(method, path, { key, body, signal, stream = false }) {
    const headers = headersFor(key, !stream);
    if (body !== undefined) {
        headers['Content-Type'] = 'application/json';
    }
    let response;
    try {
        response = await fetch(new URL(path, API_ROOT), {
            method,
            headers,
            body: body === undefined ? undefined : JSON.stringify(body),
            signal,
            cache: 'no-store',
            credentials: 'omit',
        });
    } catch (e) {
        if (e.name === 'AbortError') {
            throw e;
        }
        throw new ApiError(0, 'unreachable', `the service could not be reached (${e.message})`);
    }
    if (!response.ok) {
        throw await errorOf(response);
    }
    return response;
}

async function errorOf(response) {
    let code = 'http_' + response.status;
    let message = response.statusText || 'the request failed';
    try {
        const body = await response.json();
        if (body && body.error) {
            code = String(body.error.code ?? code);
            message = String(body.error.message ?? message);
        }
    } catch {
        // Not JSON (a proxy's page, say): the status line says what is known.
    }
    return new ApiError(response.status, code, message, response.headers);
}

/** A JSON call: resolves to the parsed answer, rejects with an ApiError. */
export async function call(method, path, { key, body, signal } = {}) {
    const response = await send(method, path, { key, body, signal });
    return response.json();
}

/**
 * POST /query with "stream": true. Calls onSources(array) once, onDelta(text) for every piece of the answer and
 * onDone(meta) at the end. A service without native streaming answers plain JSON (200, application/json): that
 * arrives as sources, one delta with the whole answer, and done. Resolves to "stream" or "json" (how it came).
 */
export async function ask(body, { key, signal, onSources, onDelta, onDone }) {
    const response = await send('POST', 'query', { key, body: { ...body, stream: true }, signal, stream: true });
    const type = (response.headers.get('Content-Type') || '').toLowerCase();
    if (type.startsWith('application/json')) {
        const answer = await response.json();
        onSources(answer.sources ?? []);
        onDelta(answer.answer ?? '');
        onDone(answer);
        return 'json';
    }
    if (!type.startsWith('text/event-stream')) {
        throw new ApiError(response.status, 'unexpected_content_type',
            `the service answered ${type || 'without a content type'}, neither an event stream nor JSON`);
    }
    let finished = false;
    for await (const event of events(response.body)) {
        if (event.type === 'sources') {
            onSources(JSON.parse(event.data));
        } else if (event.type === 'delta') {
            onDelta(JSON.parse(event.data).text ?? '');
        } else if (event.type === 'done') {
            onDone(JSON.parse(event.data));
            finished = true;
        } else if (event.type === 'error') {
            const error = JSON.parse(event.data).error ?? {};
            throw new ApiError(-1, String(error.code ?? 'stream_error'),
                String(error.message ?? 'the answer failed while it was streaming'));
        }
    }
    if (!finished) {
        throw new ApiError(0, 'stream_cut', 'the answer stream ended before it was complete');
    }
    return 'stream';
}

/** Whole seconds a refused client should wait, from Retry-After or RateLimit-Reset; null when neither says. */
function waitSeconds(headers) {
    for (const name of ['Retry-After', 'RateLimit-Reset']) {
        const value = headers.get(name);
        if (value !== null && /^\d+$/.test(value.trim())) {
            return Number(value.trim());
        }
    }
    return null;
}

/** What went wrong, as a sentence: the status's meaning, the service's own message, and what to do. */
export function describe(error) {
    if (!(error instanceof ApiError)) {
        return `Something went wrong in the page: ${error.message}`;
    }
    const said = error.message;
    switch (error.status) {
        case -1:
            return `The answer failed while it was streaming (${error.code}): ${said}.`;
        case 0:
            return `No answer: ${said}.`;
        case 401:
            return `Not signed in (401): ${said}. Enter a valid API key above.`;
        case 403:
            return `Not allowed (403): ${said}. This key lacks the scope or the namespace for that.`;
        case 413:
            return `Too large (413): ${said}. Send less text or fewer documents at once.`;
        case 429: {
            const wait = waitSeconds(error.headers);
            if (wait === null) {
                return `Too many requests (429): ${said}.`;
            }
            const at = new Date(Date.now() + wait * 1000).toLocaleTimeString();
            return `Too many requests (429): ${said}. The limit resets in ${wait} s (at ${at}).`;
        }
        case 503: {
            const wait = waitSeconds(error.headers);
            const retry = wait === null ? 'Try again shortly.' : `Try again in ${wait} s.`;
            return `The service is unavailable (503): ${said}. ${retry}`;
        }
        default:
            return `The request failed (${error.status} ${error.code}): ${said}.`;
    }
}
