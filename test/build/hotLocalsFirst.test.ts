// The build step that declares each function's loop locals first, most used first: the order it
// gives, where it leaves a function alone, and that the code still computes the same.
import { expect } from 'chai';
import * as vm from 'vm';
import { builtBundleOnce, PUCKJS2_BUNDLE } from '../../scripts/build';
import { hotLocalsFirst } from '../../scripts/hotLocalsFirst';
import { parseEs5 } from './espruinoForbidden';

/** a function in terser's shape: its loop index and temporaries declared after 20 other names */
const COLD_NAMES = Array.from({ length: 20 }, (_, i) => 'c' + i);
const LATE_LOOP_LOCALS = 'function f(st,n){var ' + COLD_NAMES.map((name, i) => name + '=st.v+' + i).join(',')
  + ',t,u,i=0;for(t=0;i<n;i++){u=i*c0;t+=u>>1;t+=u;}return t+c19}';

function leadingVar(source: string): string {
  const match = /^function f\(st,n\)\{var ([^;]*);/.exec(source);
  return match === null ? '' : match[1];
}

describe('hotLocalsFirst (build step)', () => {
  it('declares the loop locals first, by use in the loop: index and temporaries, then the cold name the loop reads', () => {
    // per pass: i 3 uses (test, update, i*c0), u 3 (i first on a tie: seen first), t 2, c0 1;
    // the other 19 cold names none
    expect(leadingVar(hotLocalsFirst(LATE_LOOP_LOCALS))).to.equal('i,u,t,c0');
  });

  it('drops from terser\'s var the names it now declares first, where they have no initialiser there', () => {
    const out = hotLocalsFirst(LATE_LOOP_LOCALS);
    // t and u were declared bare: only the leading var has them; c0 and i keep their initialisers, in place
    expect(out).to.contain('{var i,u,t,c0;var ' + COLD_NAMES.map((name, i) => name + '=st.v+' + i).join(',') + ',i=0;for(');
    const allBare = 'function f(st,n){var ' + COLD_NAMES.join(',') + ';var t,u,i;for(t=0,i=0;i<n;i++){u=i*c0;t+=u>>1;t+=u;}return t}';
    expect(hotLocalsFirst(allBare), 'a var left with nothing goes').to.contain('{var i,u,t,c0;var ' + COLD_NAMES.slice(1).join(',') + ';for(');
  });

  it('keeps the function computing the same (Node, same inputs)', () => {
    const run = (source: string): number => vm.runInNewContext(source + ';f({v:3},40)') as number;
    expect(run(hotLocalsFirst(LATE_LOOP_LOCALS))).to.equal(run(LATE_LOOP_LOCALS));
    // sum over i < 40 of 3i + floor(3i / 2), plus c19 = 3 + 19
    expect(run(LATE_LOOP_LOCALS)).to.equal(3522);
  });

  it('leaves alone a function whose loop locals are already near the front, and one with no loop', () => {
    const alreadyFirst = 'function f(st,n){var i,t=0,c=st.v;for(i=0;i<n;i++)t+=i*c;return t}';
    const noLoop = 'function f(st,n){var ' + COLD_NAMES.map((name) => name + '=st.v').join(',') + ';return c19*n}';
    expect(hotLocalsFirst(alreadyFirst)).to.equal(alreadyFirst);
    expect(hotLocalsFirst(noLoop)).to.equal(noLoop);
  });

  it('puts the declaration after a directive prologue, which must stay first', () => {
    const withDirective = LATE_LOOP_LOCALS.replace('{var', '{"use strict";var');
    expect(hotLocalsFirst(withDirective)).to.match(/^function f\(st,n\)\{"use strict";var i,u,t,c0;var /);
  });

  it('leaves nested functions to themselves: an inner loop orders the inner function only', () => {
    const nested = 'function g(a){var ' + COLD_NAMES.join(',') + ',k;k=function(n){var '
      + COLD_NAMES.map((name) => name + '=1').join(',') + ',j,s=0;for(j=0;j<n;j++)s+=j;return s};return k(a)}';
    const out = hotLocalsFirst(nested);
    expect(out.startsWith('function g(a){var c0,')).to.equal(true);
    expect(out).to.contain('k=function(n){var j,s;var ');
    expect(vm.runInNewContext(out + ';g(10)')).to.equal(45);
  });

  it('leaves alone the function a bundle is wrapped in: its loops run once, at load', () => {
    const wrapped = '!function(){var ' + COLD_NAMES.join(',') + ',t=[],i;for(i=0;i<9;i++)t[i]=i*i;' + LATE_LOOP_LOCALS + '}();';
    const out = hotLocalsFirst(wrapped);
    expect(out.startsWith('!function(){var c0,')).to.equal(true);
    // the function inside still gets its loop locals first
    expect(out).to.contain('function f(st,n){var i,u,t,c0;var ');
  });

  it('is applied to the uploaded bundle: the pod-frame loop finds its index among the first names', async () => {
    const { source } = await builtBundleOnce(PUCKJS2_BUNDLE);
    parseEs5(source);
    // the pod-frame loop is the one that shifts its gyro rates right by 10: the function holding it
    const rateShift = source.indexOf('>>10)-');
    const fnStart = source.lastIndexOf('function', rateShift);
    const fn = /^function [\w$]*\([\w$,]*\)\{var ([\w$,]+);var [^;]*;for\(([\w$]+)</.exec(source.slice(fnStart));
    expect(fn, 'the pod-frame function opens with a var of its loop locals').to.not.equal(null);
    const [, leading, loopIndex] = fn as RegExpExecArray;
    expect(leading.split(',').indexOf(loopIndex)).to.be.within(0, 2);
  });
});
