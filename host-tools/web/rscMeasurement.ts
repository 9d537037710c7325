// Host side of the RSC Measurement characteristic (0x2A53): its bytes back into running flag,
// speed and cadence, per the field table in firmware/protocol/rscService.ts (flags u8, speed u16
// in 1/256 m/s, cadence u8 in steps/min, optional stride length u16 cm and total distance u32 dm).
import {
  RSC_FLAG_RUNNING, RSC_FLAG_STRIDE_LENGTH_PRESENT, RSC_FLAG_TOTAL_DISTANCE_PRESENT, RSC_MEASUREMENT_LENGTH,
} from '../../firmware/protocol/rscService';

export interface RscMeasurement {
  type: 'rscMeasurement';
  running: boolean;
  /** Instantaneous Speed in mm/s (0 = the pod knows no speed) */
  speedMms: number;
  /** Instantaneous Cadence: footfalls of either foot per minute */
  cadenceSpm: number;
  /** present only if flag bit 0 is set (the pod never sets it) */
  strideLengthCm?: number;
  /** present only if flag bit 1 is set (the pod never sets it) */
  totalDistanceDm?: number;
}

/** the measurement in bytes, or undefined when it is shorter than its flags say */
export function rscMeasurementDecode(bytes: Uint8Array): RscMeasurement | undefined {
  if (bytes.length < RSC_MEASUREMENT_LENGTH) return undefined;
  const flags = bytes[0];
  const strideAt = RSC_MEASUREMENT_LENGTH;
  const distanceAt = strideAt + (flags & RSC_FLAG_STRIDE_LENGTH_PRESENT ? 2 : 0);
  const needed = distanceAt + (flags & RSC_FLAG_TOTAL_DISTANCE_PRESENT ? 4 : 0);
  if (bytes.length < needed) return undefined;
  const speed256 = bytes[1] | (bytes[2] << 8);
  const out: RscMeasurement = {
    type: 'rscMeasurement',
    running: (flags & RSC_FLAG_RUNNING) !== 0,
    // 1/256 m/s -> mm/s, rounded: speed256 <= 65535, so speed256 * 1000 < 2^26
    speedMms: Math.round((speed256 * 1000) / 256),
    cadenceSpm: bytes[3],
  };
  if (flags & RSC_FLAG_STRIDE_LENGTH_PRESENT) out.strideLengthCm = bytes[strideAt] | (bytes[strideAt + 1] << 8);
  if (flags & RSC_FLAG_TOTAL_DISTANCE_PRESENT) {
    out.totalDistanceDm = (bytes[distanceAt] | (bytes[distanceAt + 1] << 8) | (bytes[distanceAt + 2] << 16) | (bytes[distanceAt + 3] << 24)) >>> 0;
  }
  return out;
}
