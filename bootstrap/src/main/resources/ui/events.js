// Reads a text/event-stream body (the native stream of POST /query) into its events. No DOM here: Node's test
// runner checks it against the protocol (browser-tests/test/events.test.mjs).

/**
 * The events of a text/event-stream body (a ReadableStream of bytes), as {type, data}, in order; comment lines
 * (heartbeats) are skipped, and an event cut off by the end of the body without its blank line still counts.
 */
export async function* events(body) {
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    try {
        for (;;) {
            const { value, done } = await reader.read();
            if (done) {
                break;
            }
            // Lines may end in CRLF; a CR left at a chunk's end is joined with its LF by the next chunk.
            buffer = (buffer + value).replace(/\r\n/g, '\n');
            let end;
            while ((end = buffer.indexOf('\n\n')) >= 0) {
                const event = parse(buffer.slice(0, end));
                buffer = buffer.slice(end + 2);
                if (event) {
                    yield event;
                }
            }
        }
        const last = parse(buffer);
        if (last) {
            yield last;
        }
    } finally {
        reader.releaseLock();
    }
}

/** One event's lines: 'event:' names it, 'data:' lines join with newlines, ':' lines are comments. */
function parse(block) {
    let type = 'message';
    const data = [];
    for (const line of block.split('\n')) {
        if (line === '' || line.startsWith(':')) {
            continue;
        }
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        let value = colon < 0 ? '' : line.slice(colon + 1);
        if (value.startsWith(' ')) {
            value = value.slice(1);
        }
        if (field === 'event') {
            type = value;
        } else if (field === 'data') {
            data.push(value);
        }
    }
    return data.length === 0 ? null : { type, data: data.join('\n') };
}
