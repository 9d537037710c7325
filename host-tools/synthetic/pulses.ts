// Periodic motion built from sine pulses plus a constant acceleration, with closed-form velocity
// and position: the vertical motion of one step. Time in s from the step start, acceleration
// m/s^2, velocity m/s, position m.

/** a(t) = ampMps2 * sin(omega (t - start) + phase) for start <= t < start + duration, else 0 */
export interface SinePulse {
  ampMps2: number;
  startS: number;
  durationS: number;
  omegaRadPerS: number;
  phaseRad: number;
}

/** one positive half sine: amp * sin(pi (t - start) / duration) */
export function halfSinePulse(ampMps2: number, startS: number, durationS: number): SinePulse {
  return { ampMps2: ampMps2, startS: startS, durationS: durationS, omegaRadPerS: Math.PI / durationS, phaseRad: 0 };
}

export function sinePulseAccMps2(p: SinePulse, tS: number): number {
  const local = tS - p.startS;
  if (local < 0 || local >= p.durationS) return 0;
  return p.ampMps2 * Math.sin(p.omegaRadPerS * local + p.phaseRad);
}

/** integral of the pulse from its start to t (0 before, constant after) */
export function sinePulseVelocityMps(p: SinePulse, tS: number): number {
  const local = Math.min(Math.max(tS - p.startS, 0), p.durationS);
  return (p.ampMps2 / p.omegaRadPerS) * (Math.cos(p.phaseRad) - Math.cos(p.omegaRadPerS * local + p.phaseRad));
}

/** double integral of the pulse from its start to t (the velocity it leaves carries on after it) */
export function sinePulsePositionM(p: SinePulse, tS: number): number {
  const local = Math.max(tS - p.startS, 0);
  const inside = Math.min(local, p.durationS);
  const w = p.omegaRadPerS;
  const position =
    (p.ampMps2 / w) * (Math.cos(p.phaseRad) * inside - (Math.sin(w * inside + p.phaseRad) - Math.sin(p.phaseRad)) / w);
  return position + sinePulseVelocityMps(p, tS) * (local - inside);
}

/** the impulse a pulse gives: its velocity change, m/s */
export function sinePulseImpulseMps(p: SinePulse): number {
  return sinePulseVelocityMps(p, p.startS + p.durationS);
}

/**
 * Motion over one period: a(t) = offset + sum of pulses. The initial velocity is the one that
 * makes the mean velocity over the period zero (the periodic solution when the pulses and the
 * offset balance: offset * period + sum of impulses = 0); the position starts at 0.
 */
export interface PeriodicMotion {
  pulses: SinePulse[];
  offsetMps2: number;
  periodS: number;
  initialVelocityMps: number;
}

export function periodicMotion(pulses: SinePulse[], offsetMps2: number, periodS: number): PeriodicMotion {
  const motion: PeriodicMotion = { pulses: pulses, offsetMps2: offsetMps2, periodS: periodS, initialVelocityMps: 0 };
  // mean velocity = v0 + (position at the end with v0 = 0) / period
  motion.initialVelocityMps = -motionPositionM(motion, periodS) / periodS;
  return motion;
}

export function motionAccMps2(m: PeriodicMotion, tS: number): number {
  let acc = m.offsetMps2;
  for (const p of m.pulses) acc += sinePulseAccMps2(p, tS);
  return acc;
}

export function motionVelocityMps(m: PeriodicMotion, tS: number): number {
  let velocity = m.initialVelocityMps + m.offsetMps2 * tS;
  for (const p of m.pulses) velocity += sinePulseVelocityMps(p, tS);
  return velocity;
}

export function motionPositionM(m: PeriodicMotion, tS: number): number {
  let position = m.initialVelocityMps * tS + 0.5 * m.offsetMps2 * tS * tS;
  for (const p of m.pulses) position += sinePulsePositionM(p, tS);
  return position;
}

const GRID_POINTS = 1000;
const GOLDEN = (Math.sqrt(5) - 1) / 2;

/** arg max of sign * position in [a, b], golden-section search (the position is smooth there) */
function refineExtremum(m: PeriodicMotion, a: number, b: number, sign: number): number {
  let low = a;
  let high = b;
  for (let i = 0; i < 80 && high - low > 1e-12; i++) {
    const left = high - GOLDEN * (high - low);
    const right = low + GOLDEN * (high - low);
    if (sign * motionPositionM(m, left) < sign * motionPositionM(m, right)) low = left;
    else high = right;
  }
  return sign * motionPositionM(m, (low + high) / 2);
}

/** max - min of the position over one period, m: the vertical oscillation of a step */
export function motionExcursionM(m: PeriodicMotion): number {
  const stepS = m.periodS / GRID_POINTS;
  let maxIndex = 0;
  let minIndex = 0;
  let maxValue = -Infinity;
  let minValue = Infinity;
  for (let i = 0; i <= GRID_POINTS; i++) {
    const value = motionPositionM(m, i * stepS);
    if (value > maxValue) {
      maxValue = value;
      maxIndex = i;
    }
    if (value < minValue) {
      minValue = value;
      minIndex = i;
    }
  }
  const bracket = (index: number): [number, number] => [Math.max(0, index - 1) * stepS, Math.min(GRID_POINTS, index + 1) * stepS];
  const [maxLow, maxHigh] = bracket(maxIndex);
  const [minLow, minHigh] = bracket(minIndex);
  const top = Math.max(maxValue, refineExtremum(m, maxLow, maxHigh, 1));
  const bottom = Math.min(minValue, -refineExtremum(m, minLow, minHigh, -1));
  return top - bottom;
}
