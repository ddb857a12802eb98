import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { DEFINITIONS, PARAM_NAMES, defaultText, normalizeName, parseParams, valueText } from '../../shared/params/definitions';

test('every parameter has its default when nothing is stored', () => {
  const { params, rejected } = parseParams({});
  assert.deepEqual(rejected, []);
  assert.deepEqual(params, {
    previewLimit: 2000,
    log: { create_data: true, update_data: true, create_update_data: true, search_data: true, call_function: true },
    rollbackStateFailed: true,
    rollbackExcept: true,
    ignoreCheckCompanyModels: [],
    searchMaxLimit: 1000,
    logRetentionDays: 0,
    idempotencyHours: 24,
  });
});

test('booleans accept true/false/1/0 in any case, with spaces around', () => {
  for (const [raw, value] of [['TRUE', true], [' False ', false], ['1', true], ['0', false], ['tRuE', true]] as const) {
    assert.equal(parseParams({ rollback_except: raw }).params.rollbackExcept, value, raw);
  }
});

test('an invalid value falls back to its default and is listed as rejected; the others still apply', () => {
  const { params, rejected } = parseParams({
    preview_limit: '-1',
    search_max_limit: '0',
    create_data_log: 'yes',
    ignore_checkcompany_model: '["res.partner", 3]',
    log_retention_days: '30',
    idempotency_hours: '0',
  });
  assert.deepEqual([params.previewLimit, params.searchMaxLimit, params.log.create_data, params.ignoreCheckCompanyModels], [2000, 1000, true, []]);
  assert.equal(params.logRetentionDays, 30);
  assert.equal(params.idempotencyHours, 24, 'a key is kept at least an hour');
  assert.deepEqual(rejected.map((r) => r.name).sort(), ['create_data_log', 'idempotency_hours', 'ignore_checkcompany_model', 'preview_limit', 'search_max_limit']);
});

test('no stored text, however odd, makes reading the parameters throw', () => {
  fc.assert(
    fc.property(fc.dictionary(fc.constantFrom(...PARAM_NAMES), fc.string()), (raw) => {
      const { params, rejected } = parseParams(raw);
      return typeof params.previewLimit === 'number' && rejected.every((r) => raw[r.name] === r.value);
    }),
    { numRuns: 2000 },
  );
});

test('a value written back as SSM holds it reads the same (what `params set` stores)', () => {
  for (const name of PARAM_NAMES) {
    assert.equal(DEFINITIONS[name].parse(defaultText(name)) !== undefined, true, name);
    const parsed = DEFINITIONS[name].parse(defaultText(name));
    assert.equal(valueText(DEFINITIONS[name].parse(valueText(parsed))), valueText(parsed));
  }
  assert.equal(valueText(DEFINITIONS.ignore_checkcompany_model.parse(' ["a", "b"] ')), '["a","b"]');
});

test('webhook.<name> and <name> name the same parameter; other names none', () => {
  assert.equal(normalizeName('webhook.preview_limit'), 'preview_limit');
  assert.equal(normalizeName('preview_limit'), 'preview_limit');
  assert.equal(normalizeName('webhook.nothing'), undefined);
  assert.equal(normalizeName('previewlimit'), undefined);
});

test('1 and 0 are booleans; whole numbers may have spaces around but nothing else', () => {
  assert.deepEqual(parseParams({ rollback_except: '1', rollback_state_failed: '0' }).rejected, []);
  assert.equal(parseParams({ rollback_state_failed: '0' }).params.rollbackStateFailed, false);
  assert.deepEqual(parseParams({ log_retention_days: ' 30 ', preview_limit: '0' }), {
    params: { ...parseParams({}).params, logRetentionDays: 30, previewLimit: 0 },
    rejected: [],
  });
  for (const raw of ['1e3', '0x10', '+12', '12abc', 'abc12', '1.5', '']) {
    assert.deepEqual(parseParams({ log_retention_days: raw }).rejected, [{ name: 'log_retention_days', value: raw }], raw);
  }
});
