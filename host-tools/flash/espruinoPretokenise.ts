// Pretokenised firmware: what the pod's Storage holds as .bootcde. Espruino's lexer reads every
// byte from 0x80 up as a whole token (src/jslex.c: jslGetNextToken, JSLJT_SINGLE_CHAR), so a
// keyword or a two- or three-character operator can be stored as one byte. The pod then reads
// fewer bytes for every statement it runs, and the file is about 11 % smaller (more Storage left
// for the summary log). The espruino tools do this on upload when asked ("Pretokenise code before
// upload", plugins/pretokenise.js); the build does it with the same plugin, so the file measured,
// tested and flashed is the one the pod runs.
//
// Keywords and operators only. Their numbers are fixed by Espruino (src/jslex.h: "DO NOT MODIFY
// THE ORDERING OF THIS LIST", the Web IDE and app loader rely on it). Raw strings and raw integers
// are left as text: older firmware cannot read them (2v21 and 2v26 added them), and a raw integer
// allocates its value while it is lexed, even in code that is skipped.
import * as fs from 'fs';
import * as vm from 'vm';

/** lowest byte the plugin uses for a token (LEX_EQUAL, the first after the 10 lexer-internal ones) */
export const FIRST_TOKEN_BYTE = 138;

interface PretokenisePlugin {
  tokenise(code: string): string;
  untokenise(code: string): string;
}

let plugin: PretokenisePlugin | undefined;

/** the espruino tools' plugin, run in a sandbox of its own: loading the whole tools would patch this process's globals */
function pretokenisePlugin(): PretokenisePlugin {
  if (plugin !== undefined) return plugin;
  const source = fs.readFileSync(require.resolve('espruino/plugins/pretokenise.js'), 'utf8');
  const sandbox = {
    acorn: require('acorn') as unknown,
    console: { log: () => undefined, warn: () => undefined },
    Espruino: {
      Plugins: {} as Record<string, unknown>,
      addProcessor: () => undefined,
      // "Auto": strings and integers only for a board that reports a version new enough; none does here
      Config: { PRETOKENISE: 1 },
      Core: { Config: { add: () => undefined }, Env: { getBoardData: () => ({}) } },
    },
  };
  vm.runInNewContext(source, sandbox, { filename: 'espruino/plugins/pretokenise.js' });
  plugin = sandbox.Espruino.Plugins.Pretokenise as PretokenisePlugin;
  return plugin;
}

/** where the first character from 0x80 up is (Espruino reads each as a token), or -1 */
function firstTokenAt(code: string): number {
  for (let i = 0; i < code.length; i++) if (code.charCodeAt(i) >= 0x80) return i;
  return -1;
}

/** ES5 source (ASCII) to pretokenised text: each character one byte of the stored file, tokens from FIRST_TOKEN_BYTE up */
export function pretokenise(code: string): string {
  const at = firstTokenAt(code);
  if (at >= 0) throw new Error(`pretokenise: character ${code.charCodeAt(at)} at ${at} is not ASCII; it would be read as a token`);
  return pretokenisePlugin().tokenise(code);
}

/** pretokenised text back to source, with spaces where two words would run together */
export function untokenise(code: string): string {
  return pretokenisePlugin().untokenise(code);
}

/** whether the text holds tokens (a character from 0x80 up, which Espruino would read as one) */
export function isPretokenised(code: string): boolean {
  return firstTokenAt(code) >= 0;
}
