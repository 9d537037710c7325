// Walking steps (no flight phase): detected per block while no running step is under way.
import { CoreState } from './coreState';

export function walkingBlock(st: CoreState, startIndex: number, endIndex: number): void {
  st.walkIndex = endIndex > startIndex ? endIndex : st.walkIndex;
}
