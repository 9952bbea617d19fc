// The JSON Schema (draft-07) of a fingerprint file, checked with ajv before any entry is compiled.

import { PROBE_NAMES as REGISTERED } from '../protocols/registry.js';
import type { ProbeName } from '../result.js';

/** Every probe name a fingerprint may read: derived from the protocol registry. */
export const PROBE_NAMES: readonly ProbeName[] = REGISTERED;

/** Keys a fingerprint's `set` (and an example's `expect`) may name. */
export const FIELD_KEY_PATTERN = '^(service|protocol|product|version|os|info\\.[a-z][a-z0-9_]*)$';

/** The JSON Schema of one fingerprint file (format 1). */
export const fingerprintFileSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://port220.invalid/schema/fingerprints-1.json',
  title: 'port220 fingerprint file',
  type: 'object',
  required: ['format', 'fingerprints'],
  additionalProperties: false,
  properties: {
    format: { const: 1 },
    family: { type: 'string', minLength: 1 },
    description: { type: 'string' },
    fingerprints: { type: 'array', items: { $ref: '#/definitions/fingerprint' } },
  },
  definitions: {
    banner: {
      type: 'object',
      additionalProperties: false,
      required: ['banner_b64'],
      properties: { banner_b64: { type: 'string', pattern: '^[A-Za-z0-9+/]*={0,2}$' } },
    },
    example: {
      type: 'object',
      additionalProperties: false,
      required: ['expect'],
      oneOf: [{ required: ['banner'] }, { required: ['banner_b64'] }],
      properties: {
        banner: { type: 'string', minLength: 1 },
        banner_b64: { type: 'string', minLength: 1, pattern: '^[A-Za-z0-9+/]*={0,2}$' },
        description: { type: 'string' },
        expect: {
          type: 'object',
          propertyNames: { pattern: '^(service|protocol|product|version|os|cpe|info\\.[a-z][a-z0-9_]*)$' },
          additionalProperties: { type: 'string' },
        },
      },
    },
    fingerprint: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'probe', 'pattern', 'confidence', 'set', 'examples'],
      properties: {
        id: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 100 },
        description: { type: 'string' },
        probe: { enum: PROBE_NAMES },
        ports: {
          type: 'array',
          items: { type: 'integer', minimum: 0, maximum: 65535 },
        },
        pattern: { type: 'string', minLength: 1 },
        flags: { type: 'string', pattern: '^(?!.*(.).*\\1)[ims]*$' },
        confidence: { type: 'number', minimum: 0, maximum: 1 },
        set: {
          type: 'object',
          propertyNames: { pattern: FIELD_KEY_PATTERN },
          additionalProperties: { type: 'string' },
        },
        cpe: { type: 'string', pattern: '^cpe:2\\.3:[aho*]:' },
        examples: { type: 'array', minItems: 1, items: { $ref: '#/definitions/example' } },
        counter_examples: {
          type: 'array',
          items: { oneOf: [{ type: 'string', minLength: 1 }, { $ref: '#/definitions/banner' }] },
        },
      },
    },
  },
} as const;
