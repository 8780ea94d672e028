// exceljs, with its XML reader fixed to decode UTF-8 across chunk boundaries and its stream
// buffer's pipe() returning its destination as Node streams do.
//
// exceljs 4.4 turns each inflated chunk into a string on its own (lib/utils/parse-sax.js), so a
// Chinese character split between two chunks becomes two replacement characters: in a
// 100,000-row roster a few names arrive as "李��秀". We load exceljs through this module, which
// first puts a corrected parse-sax into Node's module cache, decoding with a StringDecoder that
// carries incomplete characters over to the next chunk.
import { createRequire, Module } from 'node:module';
import { StringDecoder } from 'node:string_decoder';
import type ExcelJSModule from 'exceljs';

const require = createRequire(import.meta.url);
const parseSaxPath = require.resolve('exceljs/lib/utils/parse-sax.js');
const { SaxesParser } = createRequire(parseSaxPath)('saxes') as typeof import('saxes');

type SaxEvent = { eventType: 'opentag' | 'text' | 'closetag'; value: unknown };

async function* parseSax(iterable: AsyncIterable<Buffer | string> & { pipe?: unknown }): AsyncGenerator<SaxEvent[]> {
  const parser = new SaxesParser();
  const decoder = new StringDecoder('utf8');
  let error: Error | undefined;
  let events: SaxEvent[] = [];
  parser.on('error', (err) => {
    error = err;
  });
  parser.on('opentag', (value) => events.push({ eventType: 'opentag', value }));
  parser.on('text', (value) => events.push({ eventType: 'text', value }));
  parser.on('closetag', (value) => events.push({ eventType: 'closetag', value }));
  for await (const chunk of iterable) {
    parser.write(typeof chunk === 'string' ? chunk : decoder.write(chunk));
    if (error) throw error;
    yield events;
    events = [];
  }
  const rest = decoder.end();
  if (rest) {
    parser.write(rest);
    if (error) throw error;
    yield events;
  }
}

const fixed = new Module(parseSaxPath);
fixed.filename = parseSaxPath;
fixed.loaded = true;
fixed.exports = parseSax;
require.cache[parseSaxPath] = fixed;

// package.json overrides exceljs's archiver (5 → 7) and unzipper (0.10 → 0.12): the old ones pull
// in fstream, rimraf 2, glob 7 and inflight, all unmaintained. archiver 7 pipes each entry through
// a PassThrough and uses what pipe() returns, which exceljs's StreamBuf never returned
// (exceljs issue 1595, PR 2890 upstream, unreleased).
const StreamBuf = require('exceljs/lib/utils/stream-buf.js') as {
  prototype: { pipe(this: unknown, destination: unknown): unknown };
};
const pipeInto = StreamBuf.prototype.pipe;
StreamBuf.prototype.pipe = function pipe(destination) {
  pipeInto.call(this, destination);
  return destination;
};

const ExcelJS = require('exceljs') as typeof ExcelJSModule;
export default ExcelJS;
export type { Row, Worksheet } from 'exceljs';
