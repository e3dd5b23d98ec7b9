// The element templates of bpmn-templates/ against Camunda's element-templates JSON schema, with the validator
// the Camunda Modeler itself runs when it loads templates (@bpmn-io/element-templates-validator, Camunda 7).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validate, validateAll } from '@bpmn-io/element-templates-validator';

const templatesDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bpmn-templates');
const files = readdirSync(templatesDir).filter(name => name.endsWith('.json')).sort();

test('bpmn-templates/ holds the pipeline, stage and action templates', () => {
  assert.ok(files.includes('pipeline.json'));
  assert.ok(files.includes('stage.json'));
  assert.ok(files.filter(name => name.startsWith('action-')).length >= 7, files.join(', '));
});

for (const file of files) {
  test(`${file} is a valid Camunda 7 element template`, () => {
    const template = JSON.parse(readFileSync(join(templatesDir, file), 'utf8'));
    const { valid, errors } = validate(template);
    assert.equal(valid, true, `${file}: ${JSON.stringify(errors?.map(e => `${e.dataPath} ${e.message}`))}`);
  });
}

test('the templates load together: no id and version is used twice', () => {
  const templates = files.map(file => JSON.parse(readFileSync(join(templatesDir, file), 'utf8')));
  const { valid, results } = validateAll(templates);
  assert.equal(valid, true, JSON.stringify(results.filter(r => !r.valid).map(r => r.errors)));
  const ids = templates.map(t => `${t.id}@${t.version}`);
  assert.equal(new Set(ids).size, ids.length);
});

test('the validator refuses a broken template (the check can fail)', () => {
  const broken = JSON.parse(readFileSync(join(templatesDir, 'stage.json'), 'utf8'));
  broken.properties[0].binding = { type: 'camunda:property' };
  broken.properties[0].type = 'NoSuchType';
  assert.equal(validate(broken).valid, false);
});
