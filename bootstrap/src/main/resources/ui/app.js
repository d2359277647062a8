// The playground page: ingest, ask with a streamed answer whose [n] markers point at their sources, and the
// service's status. Everything the service returns is put in the page as text (textContent, never innerHTML):
// documents are user content and must not become markup.
import { ask, call, describe } from './api.js';

const KEY_STORAGE = 'rag-playground.api-key';
const NAMESPACE_STORAGE = 'rag-playground.namespace';
const DOCUMENT_SEPARATOR = /^\s*---\s*$/m;

const $ = (id) => document.getElementById(id);

/** A new element with the given class and text (as text, never as markup). */
function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) {
        node.className = className;
    }
    if (text !== undefined) {
        node.textContent = text;
    }
    return node;
}

/** Shows an API error, or a sentence of the page's own (a form field that cannot be sent as it is). */
function showError(error) {
    const box = $('error');
    box.textContent = typeof error === 'string' ? error : describe(error);
    box.hidden = false;
}

function clearError() {
    const box = $('error');
    box.textContent = '';
    box.hidden = true;
}

function key() {
    return $('api-key').value.trim();
}

function namespace() {
    return $('namespace').value.trim();
}

function restoreConnection() {
    // Session storage only: the key lives as long as this tab, and no other tab or later visit sees it.
    $('api-key').value = sessionStorage.getItem(KEY_STORAGE) ?? '';
    $('namespace').value = sessionStorage.getItem(NAMESPACE_STORAGE) ?? '';
    $('api-key').addEventListener('input', () => sessionStorage.setItem(KEY_STORAGE, $('api-key').value));
    $('namespace').addEventListener('input', () => sessionStorage.setItem(NAMESPACE_STORAGE, $('namespace').value));
}

// ---- Ingest ----------------------------------------------------------------------------------------------

async function documentsToIngest() {
    const texts = [];
    const ids = [];
    const metadatas = [];
    for (const text of $('doc-text').value.split(DOCUMENT_SEPARATOR)) {
        if (text.trim() !== '') {
            texts.push(text.trim());
            ids.push(null);
            metadatas.push({ source: 'pasted' });
        }
    }
    for (const file of $('doc-files').files) {
        texts.push(await file.text());
        ids.push(file.name);
        metadatas.push({ source: 'file', file: file.name });
    }
    return { texts, ids, metadatas };
}

async function ingest(event) {
    event.preventDefault();
    clearError();
    const result = $('ingest-result');
    const { texts, ids, metadatas } = await documentsToIngest();
    if (texts.length === 0) {
        result.replaceChildren(element('p', 'help', 'Paste some text or choose a file first.'));
        return;
    }
    const body = { texts, ids, metadatas };
    if (namespace()) {
        body.namespace = namespace();
    }
    $('ingest').disabled = true;
    try {
        const answer = await call('POST', 'documents', { key: key(), body });
        const list = element('ul', 'ingested');
        for (const stored of answer.documents ?? []) {
            const item = element('li');
            const chunks = `${stored.chunks} chunk${stored.chunks === 1 ? '' : 's'}`;
            item.append(element('code', '', stored.id), ` \u2014 ${chunks}`);
            list.append(item);
        }
        result.replaceChildren(
            element('p', '', `Ingested ${answer.documents?.length ?? 0} document(s), ${answer.chunks} chunk(s),`
                + ` into namespace \u201c${answer.namespace}\u201d.`),
            list);
    } catch (error) {
        result.replaceChildren();
        showError(error);
    } finally {
        $('ingest').disabled = false;
    }
}

// ---- Ask -------------------------------------------------------------------------------------------------

let running = null;

/** The question's body, or throws an Error that says which field is wrong. */
function questionBody() {
    const body = { question: $('question').value, use_cache: $('use-cache').checked };
    const k = $('k').value.trim();
    if (k !== '') {
        body.k = Number(k);
    }
    if ($('mode').value) {
        body.mode = $('mode').value;
    }
    const filter = $('filter').value.trim();
    if (filter !== '') {
        try {
            body.filter = JSON.parse(filter);
        } catch (e) {
            throw new Error(`the metadata filter is not valid JSON (${e.message})`);
        }
    }
    if (namespace()) {
        body.namespace = namespace();
    }
    return body;
}

/** The answer's text with every [n] as a button that shows source n; other text stays text. */
function renderAnswer(text, sourceCount) {
    const parts = [];
    const marker = /\[(\d+)\]/g;
    let last = 0;
    for (let match; (match = marker.exec(text)) !== null;) {
        if (match.index > last) {
            parts.push(document.createTextNode(text.slice(last, match.index)));
        }
        const n = Number(match[1]);
        if (n >= 1 && n <= sourceCount) {
            const button = element('button', 'cite', `[${n}]`);
            button.type = 'button';
            button.dataset.source = String(n);
            button.setAttribute('aria-label', `Show source ${n}`);
            parts.push(button);
        } else {
            parts.push(document.createTextNode(match[0]));
        }
        last = match.index + match[0].length;
    }
    if (last < text.length) {
        parts.push(document.createTextNode(text.slice(last)));
    }
    $('answer').replaceChildren(...parts);
}

function sourceCard(source, index) {
    const card = element('li', 'source');
    card.id = `source-${index}`;
    card.tabIndex = -1;
    card.dataset.testid = 'source';
    card.dataset.index = String(index);
    const heading = element('p', 'source-head');
    heading.append(
        element('span', 'source-number', `[${index}]`),
        ' document ',
        element('code', 'source-document', String(source.document_id ?? '')),
        element('span', 'source-score', ` score ${Number(source.score ?? 0).toFixed(4)}`));
    card.append(heading, element('p', 'source-text', String(source.text ?? '')));
    const metadata = source.metadata ?? {};
    if (Object.keys(metadata).length > 0) {
        card.append(element('pre', 'source-metadata', JSON.stringify(metadata, null, 2)));
    }
    return card;
}

function renderSources(sources) {
    $('sources').replaceChildren(...sources.map((source, i) => sourceCard(source, i + 1)));
}

function showSource(n) {
    for (const card of $('sources').children) {
        const chosen = card.dataset.index === String(n);
        card.classList.toggle('highlighted', chosen);
        if (chosen) {
            card.setAttribute('aria-current', 'true');
            card.scrollIntoView({ block: 'nearest' });
            card.focus({ preventScroll: true });
        } else {
            card.removeAttribute('aria-current');
        }
    }
}

function renderMeta(meta) {
    const parts = [
        meta.cached ? 'cached' : 'not cached',
        meta.degraded ? 'degraded (the model was unavailable; the answer comes from retrieval only)' : 'not degraded',
    ];
    if (meta.latency_ms !== undefined) {
        parts.push(`${meta.latency_ms} ms`);
    }
    if (meta.model) {
        parts.push(`model ${meta.model}`);
    }
    if (meta.mode) {
        parts.push(`mode ${meta.mode}`);
    }
    if (meta.usage) {
        parts.push(`${meta.usage.prompt_tokens ?? 0} prompt + ${meta.usage.completion_tokens ?? 0} completion tokens`);
    }
    $('answer-meta').textContent = parts.join(' \u00b7 ');
}

async function askQuestion(event) {
    event.preventDefault();
    clearError();
    let body;
    try {
        body = questionBody();
    } catch (error) {
        showError(`Check the question's fields: ${error.message}.`);
        $('filter').focus();
        return;
    }
    running?.abort();
    const controller = new AbortController();
    running = controller;
    const answer = $('answer');
    let text = '';
    let sources = [];
    answer.replaceChildren();
    $('sources').replaceChildren();
    $('answer-meta').textContent = 'Waiting for the answer\u2026';
    answer.setAttribute('aria-busy', 'true');
    try {
        const transport = await ask(body, {
            key: key(),
            signal: controller.signal,
            onSources: (list) => {
                sources = list;
                renderSources(sources);
            },
            onDelta: (piece) => {
                text += piece;
                renderAnswer(text, sources.length);
            },
            onDone: (meta) => renderMeta(meta),
        });
        answer.dataset.transport = transport;
    } catch (error) {
        if (error.name === 'AbortError') {
            return;
        }
        $('answer-meta').textContent = '';
        showError(error);
    } finally {
        if (running === controller) {
            running = null;
            answer.setAttribute('aria-busy', 'false');
        }
    }
}

// ---- Status ----------------------------------------------------------------------------------------------

function table(caption, headings, rows) {
    const node = element('table', 'status-table');
    node.append(element('caption', '', caption));
    const head = element('tr');
    for (const heading of headings) {
        const cell = element('th', '', heading);
        cell.scope = 'col';
        head.append(cell);
    }
    node.append(element('thead'), element('tbody'));
    node.tHead.append(head);
    // By name: the service's maps come in no fixed order, and a table that reshuffles is hard to compare.
    for (const row of [...rows].sort((a, b) => String(a[0]).localeCompare(String(b[0])))) {
        const line = element('tr');
        for (const value of row) {
            line.append(element('td', '', String(value ?? '')));
        }
        node.tBodies[0].append(line);
    }
    return node;
}

async function showStatus() {
    clearError();
    const panel = $('status');
    const query = namespace() ? `?namespace=${encodeURIComponent(namespace())}` : '';
    try {
        const status = await call('GET', `status${query}`, { key: key() });
        // Null counts mean the store cannot tell (down or its breaker open), not an empty namespace.
        const holds = status.documents == null
            ? 'holds an unknown number of documents (the vector store cannot tell)'
            : `holds ${status.documents} document(s) in ${status.chunks} chunk(s)`;
        const summary = element('p', 'status-summary',
            `Status ${status.status}; namespace \u201c${status.namespace}\u201d ${holds};`
            + ` up ${status.uptime_seconds} s; access control ${status.auth}.`);
        panel.replaceChildren(
            summary,
            table('Adapters', ['Port', 'Adapter'], Object.entries(status.adapters ?? {})),
            table('Dependencies', ['Dependency', 'Available'],
                Object.entries(status.dependencies ?? {}).map(([name, d]) => [name, d.available ? 'yes' : 'no'])),
            table('Circuit breakers', ['Breaker', 'State', 'Failures', 'Rejected', 'Next attempt'],
                Object.entries(status.circuit_breakers ?? {}).map(([name, b]) =>
                    [name, b.state, b.failures, b.rejected, b.next_attempt_at ?? '\u2014'])));
    } catch (error) {
        panel.replaceChildren();
        showError(error);
    }
}

// ---- Wiring ----------------------------------------------------------------------------------------------

restoreConnection();
// Enter in the key or namespace field must not reload the page (and put the key in its URL).
$('connection-form').addEventListener('submit', (event) => event.preventDefault());
$('ingest-form').addEventListener('submit', ingest);
$('ask-form').addEventListener('submit', askQuestion);
$('status-refresh').addEventListener('click', showStatus);
$('answer').addEventListener('click', (event) => {
    const button = event.target.closest('button.cite');
    if (button) {
        showSource(Number(button.dataset.source));
    }
});
