// How Espruino lays its Storage files out in flash (src/jsflash.h and jsflash.c on nRF52): each
// file is a header and its bytes rounded up to the alignment, back to back, with no padding to
// page boundaries. Used by the flashers to know what fits, and by the simulator's Storage.

/** JsfFileName is 28 bytes */
export const STORAGE_MAX_NAME_CHARS = 28;
/** sizeof(JsfFileHeader): 4-byte size and flags + 28-byte name */
export const STORAGE_FILE_HEADER_BYTES = 32;
/** JSF_ALIGNMENT on nRF52 */
export const STORAGE_ALIGNMENT_BYTES = 4;

/** the flash a file of `size` bytes takes, its header included */
export function storedFileBytes(size: number): number {
  return STORAGE_FILE_HEADER_BYTES + Math.ceil(size / STORAGE_ALIGNMENT_BYTES) * STORAGE_ALIGNMENT_BYTES;
}
