// The set-up page's flasher against a console that answers as a pod of another board: it carries
// the Puck.js v2's firmware, so it asks the pod which board it is before it changes anything.
import { expect } from 'chai';
import { flashAndConfigure, flashImage, SetupError } from '../../../host-tools/web/setupFlasher';

describe('set-up page flasher: the board', () => {
  it('refuses a pod that says it is another board than the Puck.js v2 (process.env.BOARD), before it reads, erases or writes anything', async () => {
    for (const [board, said] of [['MDBT42Q', /the pod is a MDBT42Q, and this page carries the firmware of a PUCKJS \(Puck\.js v2\)/], [undefined, /the pod is not answering/]] as [string | undefined, RegExp][]) {
      const asked: string[] = [];
      const pod = {
        evaluate: async (expression: string): Promise<unknown> => {
          asked.push(expression);
          if (expression === 'process.env.BOARD' && board !== undefined) return board;
          throw new Error('no answer');
        },
      };
      const image = flashImage(new TextEncoder().encode('var x = 1;'));
      let error: unknown;
      await flashAndConfigure(pod, image, { rateHz: 104, rawStream: 0, speedMms: 0, autoStart: 1 }, () => undefined).catch((e) => { error = e; });
      expect(error).to.be.instanceOf(SetupError);
      expect((error as Error).message).to.match(said).and.match(/nothing was changed$/);
      expect(asked).to.deep.equal(['process.env.BOARD']);
    }
  });
});
