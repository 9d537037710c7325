import { expect } from 'chai';
import { FIRST_TOKEN_BYTE, isPretokenised, pretokenise, untokenise } from '../../../host-tools/flash/espruinoPretokenise';

// Token numbers from Espruino's src/jslex.h: LEX_EQUAL = 138 and on through the operators
// (LEX_RSHIFTUNSIGNED, '>>>', is the tenth), LEX_R_IF = 163 and on through the reserved words
// (LEX_R_FUNCTION 170, LEX_R_RETURN 171, LEX_R_VAR 172).
const LEX_RSHIFTUNSIGNED = 147;
const LEX_TYPEEQUAL = 139;
const LEX_R_FUNCTION = 170;
const LEX_R_RETURN = 171;
const LEX_R_VAR = 172;

describe('espruinoPretokenise: firmware text as Espruino stores it pretokenised', () => {
  it('turns keywords and operators into the byte of their Espruino token, and leaves names, numbers and strings as text', () => {
    const code = 'function f(a){var b="x";return a>>>1===b}';
    const expected = String.fromCharCode(LEX_R_FUNCTION) + 'f(a){' + String.fromCharCode(LEX_R_VAR) + 'b="x";' +
      String.fromCharCode(LEX_R_RETURN) + 'a' + String.fromCharCode(LEX_RSHIFTUNSIGNED) + '1' + String.fromCharCode(LEX_TYPEEQUAL) + 'b}';
    expect(FIRST_TOKEN_BYTE).to.equal(138);
    expect(pretokenise(code)).to.equal(expected);
    expect(isPretokenised(expected)).to.equal(true);
    expect(isPretokenised(code)).to.equal(false);
  });

  it('keeps numbers of 8 and 16 bits as digits (raw integers need Espruino 2v26) and strings quoted (raw strings need 2v21)', () => {
    expect(pretokenise('x=0;y=-5;z=300;s="abc"')).to.equal('x=0;y=-5;z=300;s="abc"');
  });

  it('round trips: untokenised, the text runs as the original does', () => {
    const code = 'function g(n){var s=0,i;for(i=0;i<n;i++)if(i%3===0&&i>>1!==2)s+=i<<2;else s-=1;return typeof s+":"+s}';
    const back = untokenise(pretokenise(code));
    expect(back).not.to.equal(code); // spaces around the tokens that were bytes
    // eslint-disable-next-line no-new-func
    const run = (text: string): unknown => new Function(text + '\nreturn g(40);')();
    expect(run(back)).to.equal(run(code));
    expect(run(code)).to.equal('number:' + String([...Array(40).keys()].reduce((s, i) => (i % 3 === 0 && i >> 1 !== 2 ? s + (i << 2) : s - 1), 0)));
  });

  it('refuses text with characters from 0x80 up, which Espruino would read as tokens', () => {
    expect(() => pretokenise('var s="é"')).to.throw(/not ASCII/);
  });
});
