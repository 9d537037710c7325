// The build steps that give the shortest names to the most used: property names (through terser's
// name cache) and variable names (renamed in place), and that the code means the same after.
import { expect } from 'chai';
import * as vm from 'vm';
import { minify } from 'terser';
import { builtBundleOnce, MDBT42Q_BUNDLE, PUCKJS2_BUNDLE } from '../../scripts/build';
import { propertyNamesByUse, shortNames, variableNamesByUse } from '../../scripts/namesByUse';
import { parseEs5 } from './espruinoForbidden';

/** terser's own names for the same code: equal for two scripts only if every name refers to the same thing in both */
async function canonical(source: string): Promise<string> {
  const out = await minify(source, { compress: false, mangle: { toplevel: true }, format: { ecma: 5 } });
  return out.code as string;
}

describe('namesByUse (build step)', () => {
  it('hands out names of one character before two, never a keyword', () => {
    const names = shortNames();
    expect(names.slice(0, 3)).to.deep.equal(['a', 'b', 'c']);
    expect(names.findIndex((name) => name.length === 2)).to.equal(54);
    expect(names).to.not.include.members(['do', 'if', 'in']);
  });

  it('gives the most used property the shortest name, and no name the source keeps or writes as a string', () => {
    // terser named them in the order it met them: rare a, common bb
    const mangled = new Map([['rare', 'a'], ['common', 'bb'], ['middle', 'c']]);
    const source = 'o.a;o.bb;o.bb;o.bb;o.c;o.c;o.b;o.length;f("d")';
    const cache = propertyNamesByUse(mangled, source, ['e']);
    // b (a property left as it is), d (a string) and e (reserved) are not handed out
    expect(Array.from(cache)).to.deep.equal([['common', 'a'], ['middle', 'c'], ['rare', 'f']]);
  });

  it('gives the most used variable the shortest name and leaves globals and the script\'s own names alone', () => {
    const source = 'var G=1;function F(p){var rare=1,often=p;return often+often+often+rare+G+E}';
    const out = variableNamesByUse(source, ['E']);
    // often: declared and read three times; p: declared and read once
    expect(out).to.equal('var G=1;function F(b){var c=1,a=b;return a+a+a+c+G+E}');
  });

  it('never hides a name read below: a variable read in an inner function keeps its own', () => {
    const source = 'function f(x){var big=x;function g(y){var z=y;return z+z+z+z+big+x}return g(1)+g(2)}';
    const out = variableNamesByUse(source, []);
    expect(vm.runInNewContext(out + ';f(5)')).to.equal(vm.runInNewContext(source + ';f(5)'));
    return Promise.all([canonical(source), canonical(out)]).then(([a, b]) => expect(b).to.equal(a));
  });

  it('keeps a catch parameter apart from its function\'s names, and a global read inside from being hidden', () => {
    const source = 'function f(n){var e=n,r;try{r=g(e)}catch(t){r=t}return e+e+r+n}function g(x){if(x>1)throw x*2;return x}';
    const out = variableNamesByUse(source, []);
    parseEs5(out);
    expect(vm.runInNewContext(out + ';[f(1),f(3)]')).to.deep.equal([4, 15]);
    return Promise.all([canonical(source), canonical(out)]).then(([a, b]) => expect(b).to.equal(a));
  });

  for (const spec of [PUCKJS2_BUNDLE, MDBT42Q_BUNDLE]) {
    it(`leaves every name of the ${spec.name} bundle referring to the same thing (terser's own naming of both agrees)`, async () => {
      const { source } = await builtBundleOnce(spec);
      const again = variableNamesByUse(source, []);
      expect(await canonical(again)).to.equal(await canonical(source));
    });
  }
});
