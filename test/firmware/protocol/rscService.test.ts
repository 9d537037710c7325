// Expected bytes are written by hand from the field tables cited in rscService.ts (GATT
// Specification Supplement rsc_measurement, SIG GATT XML rsc_feature / sensor_location /
// sc_control_point), never produced by the encoder under test.
import { expect } from 'chai';
import {
  RSC_CONTROL_POINT_UUID, RSC_FEATURE_CALIBRATION, RSC_FEATURE_LENGTH, RSC_FEATURE_MULTIPLE_SENSOR_LOCATIONS,
  RSC_FEATURE_TOTAL_DISTANCE, RSC_FEATURE_UUID, RSC_FEATURE_VALUE, RSC_MEASUREMENT_LENGTH, RSC_MEASUREMENT_UUID,
  RSC_SENSOR_LOCATION_HIP, RSC_SENSOR_LOCATION_UUID, RSC_SERVICE_UUID, RSC_SPEED_MAX_MMS, SC_CP_RESPONSE_LENGTH,
  rscControlPointRespond, rscFeatureEncode, rscMeasurementEncode, rscSensorLocationEncode, rscSpeedFromMms,
} from '../../../firmware/protocol/rscService';
import { createPrng } from '../../../host-tools/synthetic/prng';
import { randomBytes, randomInt } from './protocolSamples';

function measurement(speedMms: number, cadenceSpm: number, running: boolean | number): number[] {
  const buf = new Uint8Array(8).fill(0xee);
  const length = rscMeasurementEncode(buf, 2, speedMms, cadenceSpm, running);
  expect(length).to.equal(4);
  expect(buf[0]).to.equal(0xee);
  expect(buf[1]).to.equal(0xee);
  expect(buf[6]).to.equal(0xee);
  return Array.from(buf.subarray(2, 2 + length));
}

function respond(request: number[]): number[] {
  const out = new Uint8Array(5).fill(0xee);
  const length = rscControlPointRespond(Uint8Array.from(request), 0, request.length, out, 1);
  expect(length).to.equal(3);
  expect(out[0]).to.equal(0xee);
  expect(out[4]).to.equal(0xee);
  return Array.from(out.subarray(1, 4));
}

describe('RSC service (0x1814)', () => {
  describe('RSC Measurement (0x2A53)', () => {
    it('encodes running at 3.5 m/s and 172 spm as flags 0x04, speed 896/256 m/s, cadence 172', () => {
      // 3.5 m/s * 256 = 896 = 0x0380, little-endian 80 03; 172 = 0xAC; running = flag bit 2
      expect(measurement(3500, 172, true)).to.deep.equal([0x04, 0x80, 0x03, 0xac]);
    });

    it('clears flag bit 2 when walking and never sets the stride length or total distance bits', () => {
      // 1.4 m/s * 256 = 358.4 -> 358 = 0x0166; 110 spm = 0x6E
      expect(measurement(1400, 110, false)).to.deep.equal([0x00, 0x66, 0x01, 0x6e]);
      expect(measurement(1400, 110, 0)).to.deep.equal([0x00, 0x66, 0x01, 0x6e]);
      expect(measurement(1400, 110, 1)).to.deep.equal([0x04, 0x66, 0x01, 0x6e]);
    });

    it('rounds mm/s to the nearest 1/256 m/s', () => {
      // mm/s * 0.256: 1 -> 0.256, 2 -> 0.512, 5 -> 1.28, 6 -> 1.536, 1000 -> 256, 3906 -> 999.936
      const cases: Array<[number, number]> = [[1, 0], [2, 1], [5, 1], [6, 2], [1000, 256], [3906, 1000], [15000, 3840]];
      for (const [speedMms, units] of cases) expect(rscSpeedFromMms(speedMms), `${speedMms} mm/s`).to.equal(units);
      expect(measurement(6, 0, false)).to.deep.equal([0x00, 0x02, 0x00, 0x00]);
    });

    it('sends speed 0 for an unknown, negative or NaN speed', () => {
      for (const speedMms of [0, -1, -100000, NaN]) expect(measurement(speedMms, 180, true)).to.deep.equal([0x04, 0x00, 0x00, 0xb4]);
    });

    it('clamps speed to 0xFFFF (255.996 m/s) instead of wrapping', () => {
      expect(rscSpeedFromMms(255994)).to.equal(65534); // 65534.46
      expect(rscSpeedFromMms(RSC_SPEED_MAX_MMS)).to.equal(65535);
      for (const speedMms of [255996, 256000, 300000, 1e9, Infinity]) {
        expect(measurement(speedMms, 180, true)).to.deep.equal([0x04, 0xff, 0xff, 0xb4]);
      }
    });

    it('clamps cadence to 0-255 and rounds a fractional one', () => {
      expect(measurement(3000, 255, true)[3]).to.equal(0xff);
      expect(measurement(3000, 256, true)[3]).to.equal(0xff);
      expect(measurement(3000, 100000, true)[3]).to.equal(0xff);
      expect(measurement(3000, -5, true)[3]).to.equal(0x00);
      expect(measurement(3000, NaN, true)[3]).to.equal(0x00);
      expect(measurement(3000, 171.4, true)[3]).to.equal(171);
      expect(measurement(3000, 171.5, true)[3]).to.equal(172);
      expect(measurement(3000, 254.9, true)[3]).to.equal(255);
    });

    it('writes nothing and returns 0 when the buffer has no room', () => {
      const buf = new Uint8Array(5).fill(0xee);
      expect(rscMeasurementEncode(buf, 2, 3500, 172, true)).to.equal(0);
      expect(rscMeasurementEncode(buf, -1, 3500, 172, true)).to.equal(0);
      expect(Array.from(buf)).to.deep.equal([0xee, 0xee, 0xee, 0xee, 0xee]);
      expect(rscMeasurementEncode(buf, 1, 3500, 172, true)).to.equal(RSC_MEASUREMENT_LENGTH);
    });
  });

  describe('RSC Feature (0x2A54) and Sensor Location (0x2A5D)', () => {
    it('reports walking or running status (bit 2) only: bytes 04 00', () => {
      const buf = new Uint8Array(3).fill(0xee);
      expect(rscFeatureEncode(buf, 1)).to.equal(RSC_FEATURE_LENGTH);
      expect(Array.from(buf)).to.deep.equal([0xee, 0x04, 0x00]);
      expect(RSC_FEATURE_VALUE).to.equal(0x0004);
      expect(rscFeatureEncode(buf, 2)).to.equal(0);
    });

    it('supports no control point procedure: no total distance, calibration or multiple locations', () => {
      // the responder answers "not supported" to everything; enabling one of these bits needs its procedure first
      expect(RSC_FEATURE_VALUE & (RSC_FEATURE_TOTAL_DISTANCE | RSC_FEATURE_CALIBRATION | RSC_FEATURE_MULTIPLE_SENSOR_LOCATIONS)).to.equal(0);
    });

    it('reports the hip (3) as its location', () => {
      const buf = new Uint8Array(2).fill(0xee);
      expect(rscSensorLocationEncode(buf, 1)).to.equal(1);
      expect(Array.from(buf)).to.deep.equal([0xee, 0x03]);
      expect(RSC_SENSOR_LOCATION_HIP).to.equal(3);
      expect(rscSensorLocationEncode(buf, 2)).to.equal(0);
    });
  });

  describe('SC Control Point (0x2A55)', () => {
    it('answers each request op code with Response Code 0x10, the op code and "op code not supported" (0x02)', () => {
      expect(respond([0x01, 0x00, 0x00, 0x00, 0x00])).to.deep.equal([0x10, 0x01, 0x02]); // Set Cumulative Value, u32 0
      expect(respond([0x01, 0x10, 0x27, 0x00, 0x00])).to.deep.equal([0x10, 0x01, 0x02]); // ... 1000.0 m
      expect(respond([0x02])).to.deep.equal([0x10, 0x02, 0x02]); // Start Sensor Calibration
      expect(respond([0x03, 0x03])).to.deep.equal([0x10, 0x03, 0x02]); // Update Sensor Location: hip
      expect(respond([0x04])).to.deep.equal([0x10, 0x04, 0x02]); // Request Supported Sensor Locations
    });

    it('answers reserved op codes, a written Response Code and wrong parameter lengths the same way', () => {
      expect(respond([0x00])).to.deep.equal([0x10, 0x00, 0x02]);
      expect(respond([0x05])).to.deep.equal([0x10, 0x05, 0x02]);
      expect(respond([0x10, 0x01, 0x01])).to.deep.equal([0x10, 0x10, 0x02]);
      expect(respond([0xff, 0x00])).to.deep.equal([0x10, 0xff, 0x02]);
      expect(respond([0x01, 0x00])).to.deep.equal([0x10, 0x01, 0x02]); // u32 parameter cut short
      expect(respond([0x03])).to.deep.equal([0x10, 0x03, 0x02]); // location missing
      expect(respond([0x02, 0x07, 0x07])).to.deep.equal([0x10, 0x02, 0x02]); // stray parameter
    });

    it('answers an empty write with request op code 0x00', () => {
      expect(respond([])).to.deep.equal([0x10, 0x00, 0x02]);
    });

    it('reads the op code at the offset and never outside the request', () => {
      const request = Uint8Array.from([0x55, 0x04, 0x66]);
      const out = new Uint8Array(3);
      expect(rscControlPointRespond(request, 1, 1, out, 0)).to.equal(3);
      expect(Array.from(out)).to.deep.equal([0x10, 0x04, 0x02]);
      for (const [offset, length] of [[-1, 1], [3, 1], [100, 5], [1, 0], [0, -3]]) {
        expect(rscControlPointRespond(request, offset, length, out, 0), `${offset}/${length}`).to.equal(3);
        expect(Array.from(out), `${offset}/${length}`).to.deep.equal([0x10, 0x00, 0x02]);
      }
    });

    it('returns 0 and writes nothing when the output has no room', () => {
      const out = new Uint8Array(4).fill(0xee);
      expect(rscControlPointRespond(Uint8Array.from([0x01]), 0, 1, out, 2)).to.equal(0);
      expect(rscControlPointRespond(Uint8Array.from([0x01]), 0, 1, out, -1)).to.equal(0);
      expect(Array.from(out)).to.deep.equal([0xee, 0xee, 0xee, 0xee]);
    });

    it('gives a 3-byte answer starting 0x10 to 10,000 random requests of 0-20 bytes, never throwing', () => {
      const prng = createPrng(0x1814);
      const out = new Uint8Array(SC_CP_RESPONSE_LENGTH);
      for (let i = 0; i < 10000; i++) {
        const request = randomBytes(prng, randomInt(prng, 0, 20));
        out.fill(0xee);
        const length = rscControlPointRespond(request, 0, request.length, out, 0);
        expect(length).to.equal(3);
        expect(out[0]).to.equal(0x10);
        expect(out[1]).to.equal(request.length > 0 ? request[0] : 0);
        expect(out[2]).to.equal(0x02);
      }
    });
  });

  it('names its UUIDs as the "0xABCD" strings Espruino reads as 16-bit UUIDs', () => {
    expect([RSC_SERVICE_UUID, RSC_MEASUREMENT_UUID, RSC_FEATURE_UUID, RSC_SENSOR_LOCATION_UUID, RSC_CONTROL_POINT_UUID])
      .to.deep.equal(['0x1814', '0x2A53', '0x2A54', '0x2A5D', '0x2A55']);
  });
});
