// The build step that gives the shortest property names to the most used (through terser's name cache).
import { expect } from 'chai';
import { propertyNamesByUse, shortNames } from '../../scripts/namesByUse';

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
});
