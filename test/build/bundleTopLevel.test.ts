// The build step that runs a firmware bundle at the top level of the pod's interpreter: what it
// takes out of the wrapper, what it refuses, and that the code computes the same.
import { expect } from 'chai';
import * as vm from 'vm';
import { bundleTopLevel, topLevelNames } from '../../scripts/bundleTopLevel';

describe('bundleTopLevel (build step)', () => {
  const wrapped = '!function(){var n=2,r;function e(t){return t*n}r=e(21),out=r}();';

  it('gives the wrapper\'s statements as a script of their own: its vars and functions become globals', () => {
    const script = bundleTopLevel(wrapped);
    expect(script).to.equal('var n=2,r;function e(t){return t*n}r=e(21),out=r');
    expect(topLevelNames(script)).to.deep.equal(['n', 'r', 'e']);
    const context: { [name: string]: unknown } = {};
    vm.runInNewContext(script, context);
    expect(context.out).to.equal(42);
    expect(context.n).to.equal(2);
    expect(typeof context.e).to.equal('function');
  });

  it('computes the same as the wrapped bundle', () => {
    const run = (source: string): unknown => {
      const context: { [name: string]: unknown } = {};
      vm.runInNewContext(source, context);
      return context.out;
    };
    expect(run(bundleTopLevel(wrapped))).to.equal(run(wrapped));
  });

  it('refuses any other shape: exports assigned, a parameter, a second statement, this or arguments at the top level', () => {
    for (const bad of ['var X=function(){return 1}();', '!function(n){n()}(1);', '!function(){}();f();', '!function(){}(1);',
      '!function(){var a=this}();', '!function(){var a=arguments.length}();', 'f();']) {
      expect(() => bundleTopLevel(bad), bad).to.throw(/bundleTopLevel/);
    }
  });

  it('leaves this and arguments inside the functions it holds alone', () => {
    const script = bundleTopLevel('!function(){function f(){return arguments.length+this.x}}();');
    expect(script).to.equal('function f(){return arguments.length+this.x}');
  });
});
